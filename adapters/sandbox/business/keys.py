"""Typed keys for what the Accounts API emulation stores on the sandbox's application."""

from __future__ import annotations

from aiohttp import web

from adapters.sandbox.business.core import BusinessSandbox
from adapters.sandbox.business.webhooks import CommentWebhooks

BUSINESS = web.AppKey("business_sandbox", BusinessSandbox)
BUSINESS_WEBHOOKS = web.AppKey("business_webhooks", CommentWebhooks)
