"""What a client sees through an approval link: the link checked (ADR 0030), then the
post's preview. A link altered, expired, or for a post gone is refused."""

from __future__ import annotations

import attrs

from application.ports import Clock
from application.use_cases.preview_post import PostPreview, PreviewPost
from domain.approval_link import ApprovalGrant


@attrs.frozen
class ApprovalView:
    grant: ApprovalGrant
    preview: PostPreview


@attrs.frozen
class OpenApprovalLink:
    preview: PreviewPost
    clock: Clock
    key: bytes = attrs.field(repr=False)

    async def __call__(self, *, token: str) -> ApprovalView:
        grant = ApprovalGrant.from_token(token, key=self.key, now=self.clock.now())
        shown = await self.preview(organisation_id=grant.organisation_id, post_id=grant.post_id)
        return ApprovalView(grant, shown)
