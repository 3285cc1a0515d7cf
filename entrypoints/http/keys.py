"""Typed keys for what the HTTP app keeps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from entrypoints.container import Container

CONTAINER: web.AppKey[Container] = web.AppKey("container")
