"""The OpenAPI 3.1 document, built from the route table and the request classes, and a
small self-contained docs page (no CDN: the service may run offline)."""

from __future__ import annotations

import enum
import html
import inspect
import re
import types
import typing
from datetime import date, datetime
from typing import Any, Literal

import attrs
from aiohttp import web

from entrypoints.http.v1.event_payloads import PAYLOADS
from entrypoints.http.v1.routes import ROUTES, Route
from entrypoints.http.v1.schemas import STRING_MAX

PRIMITIVES: dict[Any, dict[str, Any]] = {
    str: {"type": "string", "maxLength": STRING_MAX},  # the strict converter's bound
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    float: {"type": "number"},
    datetime: {"type": "string", "format": "date-time"},
    date: {"type": "string", "format": "date"},
    type(None): {"type": "null"},
}


def _obj(**props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": props}


S = {"type": "string"}
RESPONSES: dict[str, dict[str, Any]] = {
    "Problem": {
        **_obj(code=S, message=S, fields={"type": "array"}, request_id=S),
        "required": ["code", "message", "request_id"],
    },
}


NAMED: dict[str, type] = {}  # every schema class by its component name: one class a name


def _bounded(schema: dict[str, Any], bounds: Any) -> dict[str, Any]:
    """A field's bounds (maxLength, maxItems, minimum, ...; from its attrs metadata) on its
    schema: on the non-null branch of an optional, on the items of a list."""
    if not bounds:
        return schema
    if "anyOf" in schema:
        first, *rest = schema["anyOf"]
        return {**schema, "anyOf": [_bounded(first, bounds), *rest]}
    own = {k: v for k, v in bounds.items() if k != "items"}
    bounded = {**schema, **own}
    if "items" in bounds and "items" in schema:
        bounded["items"] = {**schema["items"], **bounds["items"]}
    return bounded


def schema_of(kind: Any, components: dict[str, Any]) -> dict[str, Any]:
    if kind in PRIMITIVES:
        return dict(PRIMITIVES[kind])
    origin = typing.get_origin(kind)
    if origin is Literal:
        values = typing.get_args(kind)
        return {"const": values[0]} if len(values) == 1 else {"enum": list(values)}
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(kind)
        options = [schema_of(a, components) for a in args if a is not type(None)]
        if type(None) in args:
            options.append({"type": "null"})
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin is dict or kind is Any:
        return {"type": "object"} if origin is dict else {}
    if origin is list:
        return {"type": "array", "items": schema_of(typing.get_args(kind)[0], components)}
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return {"type": "string", "enum": [m.value for m in kind]}
    if attrs.has(kind):
        name = kind.__name__
        if NAMED.setdefault(name, kind) is not kind:  # components are named by class
            raise TypeError(f"two schema classes named {name}: {NAMED[name]} and {kind}")
        if name not in components:
            components[name] = {}  # reserve first: recursive types
            hints = typing.get_type_hints(kind)
            fields = attrs.fields(kind)
            components[name] = {
                **({"description": inspect.cleandoc(kind.__doc__)} if kind.__doc__ else {}),
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    f.name: _bounded(schema_of(hints[f.name], components), f.metadata)
                    for f in fields
                },
                "required": [f.name for f in fields if f.default is attrs.NOTHING],
            }
        return {"$ref": f"#/components/schemas/{name}"}
    raise TypeError(f"no schema for {kind!r}")


def _response(route: Route) -> type:
    if route.response is None:
        raise TypeError(f"{route.method} {route.path} names no response class")
    return route.response


def _operation(route: Route, components: dict[str, Any]) -> dict[str, Any]:
    problem = {
        "description": "problem",
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
    op: dict[str, Any] = {
        "operationId": route.handler.__name__ + "_" + route.method.lower(),
        "summary": route.summary,
        "tags": [route.tag],
        "responses": {
            str(route.ok): {
                "description": "done",
                "content": {
                    "application/json": {"schema": schema_of(_response(route), components)}
                },
            },
            **{str(code): problem for code in (400, 401, 404, 409, 422, 502, 503)},
        },
    }
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in re.findall(r"{(\w+)}", route.path)
    ]
    for q in route.query:
        schema: dict[str, Any] = {"type": q.kind}
        if q.enum:
            schema["enum"] = list(q.enum)
        elif q.kind == "string":
            schema["maxLength"] = q.max_length
        if q.minimum is not None:
            schema["minimum"], schema["maximum"] = q.minimum, q.maximum
        params.append(
            {
                "name": q.name,
                "in": "query",
                "required": q.required,
                "schema": schema,
                "description": q.description,
            }
        )
    if route.idempotent:
        params.append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "minLength": 1, "maxLength": 200},
                "description": "a repeat with the same key returns the first answer",
            }
        )
    if params:
        op["parameters"] = params
    if route.body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": schema_of(route.body, components)}},
        }
    elif route.raw_body:
        op["requestBody"] = {
            "required": True,
            "content": {
                t: {"schema": {"type": "string", "format": "binary"}} for t in route.raw_body
            },
        }
        op["responses"]["415"] = problem
    return op


SIGNATURE_HEADERS = (
    ("webhook-id", "the event's id: the same on every retry; de-duplicate by it"),
    ("webhook-timestamp", "seconds since the epoch when this attempt was signed"),
    ("webhook-signature", "space-separated v1,<base64 HMAC-SHA256> signatures (Standard Webhooks)"),
)


def _webhooks(components: dict[str, Any]) -> dict[str, Any]:
    """Every outgoing event as an OpenAPI 3.1 webhook: the signed POST a receiver gets."""
    hooks: dict[str, Any] = {}
    for kind, payload in PAYLOADS.items():
        envelope = {
            "type": "object",
            "additionalProperties": False,
            "required": ["type", "timestamp", "data"],
            "properties": {
                "type": {"const": kind.value},
                "timestamp": {"type": "string", "format": "date-time"},
                "data": schema_of(payload, components),
            },
        }
        hooks[kind.value] = {
            "post": {
                "operationId": f"event_{kind.value.replace('.', '_')}",
                "summary": f"{kind.value}, signed by the Standard Webhooks scheme",
                "tags": ["events"],
                "parameters": [
                    {
                        "name": name,
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string"},
                        "description": text,
                    }
                    for name, text in SIGNATURE_HEADERS
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": envelope}},
                },
                "responses": {"2XX": {"description": "received; anything else is retried"}},
            }
        }
    return hooks


def build_spec() -> dict[str, Any]:
    components: dict[str, Any] = dict(RESPONSES)
    paths: dict[str, Any] = {}
    for route in ROUTES:
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(route, components)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "tiktok-channel",
            "version": "1",
            "description": "TikTok as a publishing channel. Every /v1 call carries an "
            "organisation's API key: `Authorization: Bearer tck_...`.",
        },
        "security": [{"apiKey": []}],
        "paths": paths,
        "webhooks": _webhooks(components),
        "components": {
            "schemas": components,
            "securitySchemes": {
                "apiKey": {"type": "http", "scheme": "bearer", "bearerFormat": "tck_<id>_<secret>"}
            },
        },
    }


async def openapi_json(request: web.Request) -> web.Response:
    return web.json_response(build_spec())


async def docs(request: web.Request) -> web.Response:
    rows = "".join(
        f"<tr><td><code>{r.method}</code></td><td><code>{html.escape(r.path)}</code></td>"
        f"<td>{html.escape(r.summary)}</td><td>{r.tag}</td></tr>"
        for r in ROUTES
    )
    return web.Response(
        content_type="text/html",
        text=(
            "<!doctype html><meta charset=utf-8><title>tiktok-channel API</title>"
            "<style>body{font-family:sans-serif;margin:2em}td{padding:.2em .8em}</style>"
            "<h1>tiktok-channel API</h1><p>Send <code>Authorization: Bearer tck_...</code> on "
            "every /v1 call. Errors are <code>application/problem+json</code> with a stable "
            "<code>code</code>. The full schema: <a href=/openapi.json>/openapi.json</a>.</p>"
            f"<table><tr><th>method</th><th>path</th><th>what</th><th>tag</th></tr>{rows}</table>"
        ),
    )
