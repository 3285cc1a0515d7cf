"""Subscribe the Accounts API app's ``comment.update`` webhook to our receiver (one
subscription covers every authorised account; run once per deployment)."""

from __future__ import annotations

import attrs

from application.ports.business import BusinessApi
from domain.errors import RulesViolated, RuleViolation


@attrs.frozen
class SubscribeCommentWebhook:
    business: BusinessApi

    async def __call__(self, *, callback_url: str) -> str:
        if not callback_url.startswith("https://"):
            raise RulesViolated(
                [
                    RuleViolation(
                        "callback_not_https",
                        "callback_url",
                        "TikTok calls https only",
                        callback_url,
                    )
                ]
            )
        return await self.business.subscribe_comments(callback_url=callback_url)
