"""The Business API for TikTok Accounts ("Accounts API"), emulated: ``tt_user`` OAuth, the
``{code, message, request_id, data}`` envelope (errors on HTTP 200), ``business/get``,
``business/video/list``, comments, ``comment.update`` webhooks, rate limits and faults.

Mounted on the sandbox by ``mount(app, now=...)``; it imports nothing from domain/ or
application/ (the sandbox stands for TikTok, not for us).
"""

from adapters.sandbox.business.app import mount
from adapters.sandbox.business.keys import BUSINESS
from adapters.sandbox.business.settings import AccountSeed, BusinessFaults, BusinessSettings

__all__ = ["BUSINESS", "AccountSeed", "BusinessFaults", "BusinessSettings", "mount"]
