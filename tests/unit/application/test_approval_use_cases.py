"""Client approval on the in-memory adapters: a link for a draft only, opened into the
post's preview of its own organisation; sending back keeps the post a draft."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from dependency_injector import providers

from application.errors import NotFound
from domain.approval_link import APPROVAL_LINK_LIFETIME, ApprovalLinkRefused
from domain.errors import InvalidTransition
from domain.post_state import PostStatus
from tests.unit.application.world import ORG, World


@pytest.fixture(autouse=True)
def session_key(world: World) -> None:
    """The approval key derives from the console session key: a random one, not ./.data."""
    world.c.console_session_key.override(providers.Object(os.urandom(32)))


async def test_a_shared_draft_opens_into_its_preview(world: World) -> None:
    channel = await world.connect()
    post = await world.draft(channel, media=world.video())
    link = await world.c.share_post_for_approval()(organisation_id=ORG, post_id=post.id)
    assert link.grant.expires_at == world.clock.now() + APPROVAL_LINK_LIFETIME
    assert link.token not in repr(link)
    opened = await world.c.open_approval_link()(token=link.token)
    assert opened.preview.post.id == post.id and opened.preview.channel.id == channel.id
    assert len(opened.preview.media_links) == 1
    world.clock.advance(APPROVAL_LINK_LIFETIME + timedelta(seconds=1))
    with pytest.raises(ApprovalLinkRefused):
        await world.c.open_approval_link()(token=link.token)


async def test_only_drafts_of_ones_own_organisation_are_shared(world: World) -> None:
    channel = await world.connect()
    approved = await world.approved(channel, media=world.video())
    with pytest.raises(InvalidTransition):
        await world.c.share_post_for_approval()(organisation_id=ORG, post_id=approved.id)
    with pytest.raises(NotFound):
        await world.c.share_post_for_approval()(organisation_id="org-other", post_id=approved.id)


async def test_sending_back_keeps_a_draft_with_the_comment(world: World) -> None:
    channel = await world.connect()
    post = await world.draft(channel, media=world.video())
    sent = await world.c.send_post_back()(
        organisation_id=ORG, post_id=post.id, sent_back_by="Cleo", comment="Shorter"
    )
    assert sent.status is PostStatus.DRAFT and sent.events[-1].name == "PostSentBack"
    assert (await world.post(post.id)).events[-1] == sent.events[-1]
    with pytest.raises(NotFound):
        await world.c.send_post_back()(
            organisation_id="org-other", post_id=post.id, sent_back_by="X", comment="y"
        )
