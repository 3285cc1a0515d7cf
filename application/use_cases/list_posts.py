"""An organisation's posts, filtered and paged (keyset: pass the last id back as after)."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from application.ports import PostFilter, UnitOfWorkFactory
from domain.social_post import SocialPost

MAX_PAGE = 200


@attrs.frozen
class ListPosts:
    uow: UnitOfWorkFactory

    async def __call__(self, query: PostFilter) -> Sequence[SocialPost]:
        query = attrs.evolve(query, limit=max(1, min(query.limit, MAX_PAGE)))
        async with self.uow() as uow:
            return await uow.posts.list(query)
