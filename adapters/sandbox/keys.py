"""Typed keys for what the sandbox stores on its aiohttp application."""

from __future__ import annotations

from aiohttp import web

from adapters.sandbox.core import Sandbox
from adapters.sandbox.processing import Processor
from adapters.sandbox.webhooks import WebhookSender

SANDBOX = web.AppKey("sandbox", Sandbox)
WEBHOOKS = web.AppKey("webhooks", WebhookSender)
PROCESSOR = web.AppKey("processor", Processor)
