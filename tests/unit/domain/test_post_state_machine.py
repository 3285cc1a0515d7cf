"""Every operation from every state: allowed moves follow the table, forbidden ones say why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from domain.errors import DomainError, InvalidTransition
from domain.post_content import PostContent
from domain.post_state import TRANSITIONS, ManualReason, PostStatus, can_move
from domain.social_post import SocialPost
from domain.tiktok_errors import ErrorSource, classify
from tests.builders import LATER, post_in

S = PostStatus
ERR = classify(ErrorSource.API, "internal_error")

OPERATIONS: dict[str, Callable[[SocialPost], SocialPost]] = {
    "edit": lambda p: p.edit(content=PostContent(caption="new #x"), now=LATER),
    "approve": lambda p: p.approve(approved_by="client", now=LATER),
    "schedule": lambda p: p.schedule(at=LATER + timedelta(days=1), now=LATER),
    "publish_now": lambda p: p.publish_now(now=LATER),
    "unschedule": lambda p: p.unschedule(now=LATER),
    "start_publishing": lambda p: p.start_publishing(attempt=p.attempts + 1, now=LATER),
    "record_publish_id": lambda p: p.record_publish_id(publish_id="pub-9", now=LATER),
    "defer_attempt": lambda p: p.defer_attempt(error=ERR, retry_at=LATER, now=LATER),
    "mark_published": lambda p: p.mark_published(tiktok_post_ids=("1",), now=LATER),
    "mark_failed": lambda p: p.mark_failed(error=ERR, now=LATER),
    "retry": lambda p: p.retry(now=LATER),
    "move_to_manual": lambda p: p.move_to_manual(reason=ManualReason.NO_VIDEO, now=LATER),
    "mark_manually_published": lambda p: p.mark_manually_published(
        url="https://www.tiktok.com/@b/video/1", marked_by="me", now=LATER
    ),
}

# Which operation is allowed from which state, and where it leads.
EXPECTED: dict[PostStatus, dict[str, PostStatus]] = {
    S.DRAFT: {"edit": S.DRAFT, "approve": S.CLIENT_APPROVED, "move_to_manual": S.MANUAL_PENDING},
    S.CLIENT_APPROVED: {
        "edit": S.DRAFT,
        "schedule": S.SCHEDULED,
        "publish_now": S.SCHEDULED,
        "move_to_manual": S.MANUAL_PENDING,
    },
    S.SCHEDULED: {
        "edit": S.DRAFT,
        "schedule": S.SCHEDULED,
        "publish_now": S.SCHEDULED,
        "unschedule": S.CLIENT_APPROVED,
        "start_publishing": S.PUBLISHING,
        "move_to_manual": S.MANUAL_PENDING,
    },
    S.PUBLISHING: {
        "record_publish_id": S.PUBLISHING,
        "defer_attempt": S.SCHEDULED,
        "mark_published": S.PUBLISHED,
        "mark_failed": S.FAILED,
        "move_to_manual": S.MANUAL_PENDING,
    },
    S.PUBLISHED: {},
    S.FAILED: {"edit": S.DRAFT, "retry": S.SCHEDULED, "move_to_manual": S.MANUAL_PENDING},
    S.MANUAL_PENDING: {"edit": S.DRAFT, "mark_manually_published": S.PUBLISHED},
}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_operation_from_state(status: PostStatus, operation: str) -> None:
    post = post_in(status)
    expected = EXPECTED[status].get(operation)
    if expected is None:
        with pytest.raises(InvalidTransition) as caught:
            OPERATIONS[operation](post)
        message = str(caught.value)
        assert f"'{status}'" in message and caught.value.from_state == status
        assert f"'{caught.value.to_state}'" in message
        assert caught.value.to_state in set(S)
    else:
        moved = OPERATIONS[operation](post)
        assert moved.status is expected
        assert can_move(status, moved.status)
        assert len(moved.events) > len(post.events) or moved == post
        assert all(e.occurred_at == LATER for e in moved.events[len(post.events) :])


def test_every_state_is_in_the_table() -> None:
    assert set(TRANSITIONS) == set(S)
    assert all(targets <= set(S) for targets in TRANSITIONS.values())


def test_every_allowed_move_is_reachable_by_some_operation() -> None:
    reached = {(s, to) for s, ops in EXPECTED.items() for to in ops.values()}
    allowed = {(s, to) for s, targets in TRANSITIONS.items() for to in targets}
    # Self-moves of publishing/published are bookkeeping (upload progress, public id).
    bookkeeping = {(S.PUBLISHED, S.PUBLISHED), (S.SCHEDULED, S.CLIENT_APPROVED)}
    assert reached - allowed == set()
    assert allowed - reached <= bookkeeping
    assert (S.SCHEDULED, S.CLIENT_APPROVED) in reached


def test_published_is_terminal_except_for_the_public_id() -> None:
    post = post_in(S.PUBLISHED)
    public = post.record_public_post(tiktok_post_id="7002", share_url=None, now=LATER)
    assert public.status is S.PUBLISHED
    assert public.tiktok_post_ids == ("7001", "7002")
    assert public.record_public_post(tiktok_post_id="7002", share_url=None, now=LATER) == public


def test_start_publishing_refuses_out_of_order_attempts() -> None:
    post = post_in(S.SCHEDULED)
    with pytest.raises(DomainError, match="attempt 3 out of order"):
        post.start_publishing(attempt=3, now=LATER)
