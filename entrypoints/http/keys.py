"""Typed keys for what the HTTP app keeps."""

from __future__ import annotations

from typing import Any

from aiohttp import web

CONTAINER: web.AppKey[Any] = web.AppKey("container")
