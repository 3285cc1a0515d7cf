"""One post with its audit trail."""

from __future__ import annotations

import attrs

from application.ports import UnitOfWorkFactory
from application.tenancy import post_in_org
from domain.social_post import SocialPost


@attrs.frozen
class ShowPost:
    uow: UnitOfWorkFactory

    async def __call__(self, *, organisation_id: str, post_id: str) -> SocialPost:
        async with self.uow() as uow:
            return await post_in_org(uow, post_id, organisation_id)
