"""A signed, expiring link a client opens to approve one draft without signing in."""

from __future__ import annotations

import attrs

from application.ports import Clock, UnitOfWorkFactory
from application.tenancy import post_in_org
from domain.approval_link import ApprovalGrant
from domain.post_state import Operation


@attrs.frozen
class ApprovalLink:
    grant: ApprovalGrant
    token: str = attrs.field(repr=False)


@attrs.frozen
class SharePostForApproval:
    uow: UnitOfWorkFactory
    clock: Clock
    key: bytes = attrs.field(repr=False)

    async def __call__(self, *, organisation_id: str, post_id: str) -> ApprovalLink:
        async with self.uow() as uow:
            post = await post_in_org(uow, post_id, organisation_id)
        post.ensure_can(Operation.APPROVE)  # only a draft waits for a client's word
        grant = ApprovalGrant.issue(
            post_id=post.id, organisation_id=organisation_id, now=self.clock.now()
        )
        return ApprovalLink(grant, grant.token(self.key))
