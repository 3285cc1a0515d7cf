"""Every operation from every state: the real table (domain.post_state.MOVES) says which
moves are allowed; each operation follows it, and forbidden ones say why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import attrs
import pytest

from domain.errors import DomainError, InvalidTransition
from domain.post_content import PostContent, PostSettings, PrivacyLevel, PublishMethod
from domain.post_state import (
    MOVES,
    TRANSITIONS,
    ManualReason,
    Operation,
    PostStatus,
    allows,
    can_move,
    target_of,
)
from domain.social_post import SocialPost
from domain.tiktok_errors import ErrorSource, classify
from tests.builders import LATER, T0, post_in, video_post

S = PostStatus
Op = Operation
ERR = classify(ErrorSource.API, "internal_error")
CAP = classify(ErrorSource.API, "spam_risk_too_many_pending_share")
INBOX = PostSettings(privacy_level=PrivacyLevel.SELF_ONLY, publish_method=PublishMethod.INBOX)

OPERATIONS: dict[Operation, Callable[[SocialPost], SocialPost]] = {
    Op.EDIT: lambda p: p.edit(content=PostContent(caption="new #x"), now=LATER),
    Op.APPROVE: lambda p: p.approve(approved_by="client", now=LATER),
    Op.SCHEDULE: lambda p: p.schedule(at=LATER + timedelta(days=1), now=LATER),
    Op.PUBLISH_NOW: lambda p: p.publish_now(now=LATER),
    Op.UNSCHEDULE: lambda p: p.unschedule(now=LATER),
    Op.WAIT_FOR_RATE_WINDOW: lambda p: p.wait_for_rate_window(until=LATER),
    Op.START_PUBLISHING: lambda p: p.start_publishing(attempt=p.attempts + 1, now=LATER),
    Op.RECORD_PUBLISH_ID: lambda p: p.record_publish_id(publish_id="pub-9", now=LATER),
    Op.BEGIN_UPLOAD: lambda p: p.begin_upload(now=LATER),
    Op.ABANDON_PUBLISH_ID: lambda p: p.abandon_publish_id(reason="gone", now=LATER),
    Op.MARK_SENT_TO_INBOX: lambda p: p.mark_sent_to_inbox(now=LATER),
    Op.DEFER_ATTEMPT: lambda p: p.defer_attempt(error=ERR, retry_at=LATER, now=LATER),
    Op.CHECK_STATUS_AT: lambda p: p.check_status_at(LATER),
    Op.FLAG_UNCONFIRMED: lambda p: p.flag_unconfirmed(now=LATER),
    Op.START_RECONCILING: lambda p: p.start_reconciling(reason="lost", check_at=LATER, now=LATER),
    Op.FOUND_ON_PROFILE: lambda p: p.found_on_profile(
        tiktok_post_id="1", share_url=None, now=LATER
    ),
    Op.MARK_PUBLISHED: lambda p: p.mark_published(tiktok_post_ids=("1",), now=LATER),
    Op.RECORD_PUBLIC_POST: lambda p: p.record_public_post(
        tiktok_post_id="7009", share_url=None, now=LATER
    ),
    Op.MARK_FAILED: lambda p: p.mark_failed(error=ERR, now=LATER),
    Op.RETRY: lambda p: p.retry(now=LATER),
    Op.MOVE_TO_MANUAL: lambda p: p.move_to_manual(reason=ManualReason.NO_VIDEO, now=LATER),
    Op.MARK_MANUALLY_PUBLISHED: lambda p: p.mark_manually_published(
        url="https://www.tiktok.com/@b/video/1", account_username="b", marked_by="me", now=LATER
    ),
    Op.SEND_BACK: lambda p: p.send_back(sent_back_by="Cleo", comment="Shorter", now=LATER),
}


def _with_publish_id(p: SocialPost) -> SocialPost:
    return p.record_publish_id(publish_id="pub-1", now=T0) if p.status is S.PUBLISHING else p


def _deferred(p: SocialPost) -> SocialPost:
    """A scheduled post waiting after a cap (start, then defer)."""
    if p.status is not S.SCHEDULED:
        return p
    started = p.start_publishing(attempt=1, now=T0)
    return started.defer_attempt(error=CAP, retry_at=LATER + timedelta(days=1), now=T0)


# What an operation needs besides its state (a publish id, an inbox post, a deferral).
PREPARE: dict[Operation, Callable[[S], SocialPost]] = {
    Op.BEGIN_UPLOAD: lambda s: _with_publish_id(post_in(s)),
    Op.ABANDON_PUBLISH_ID: lambda s: _with_publish_id(post_in(s)),
    Op.MARK_SENT_TO_INBOX: lambda s: _with_publish_id(post_in(s, post=video_post(settings=INBOX))),
    Op.RETRY: lambda s: _deferred(post_in(s)),
}


def test_every_operation_of_the_table_is_exercised() -> None:
    assert set(OPERATIONS) == set(MOVES) == set(Operation)


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("operation", list(Operation))
def test_operation_from_state_follows_the_table(status: PostStatus, operation: Operation) -> None:
    post = PREPARE.get(operation, post_in)(status)
    assert post.status is status
    if not allows(operation, status):
        with pytest.raises(InvalidTransition) as caught:
            OPERATIONS[operation](post)
        message = str(caught.value)
        assert f"'{status}'" in message and caught.value.from_state == status
        assert caught.value.to_state == target_of(operation)
        assert f"'{caught.value.to_state}'" in message and operation.value in message
    else:
        moved = OPERATIONS[operation](post)
        assert moved.status is target_of(operation)
        assert can_move(status, moved.status)
        assert all(e.occurred_at == LATER for e in moved.events[len(post.events) :])


def test_the_state_view_is_derived_from_the_operations() -> None:
    assert set(TRANSITIONS) == set(S)
    for state, targets in TRANSITIONS.items():
        assert targets == {to for sources, to in MOVES.values() if state in sources}


def test_published_is_terminal_except_for_the_public_id() -> None:
    assert TRANSITIONS[S.PUBLISHED] == {S.PUBLISHED}
    post = post_in(S.PUBLISHED)
    public = post.record_public_post(tiktok_post_id="7002", share_url=None, now=LATER)
    assert public.status is S.PUBLISHED
    assert public.tiktok_post_ids == ("7001", "7002")
    assert public.record_public_post(tiktok_post_id="7002", share_url=None, now=LATER) == public


def test_approving_is_only_from_draft() -> None:
    assert MOVES[Op.APPROVE][0] == {S.DRAFT}


def test_retry_of_a_plain_scheduled_post_is_refused() -> None:
    with pytest.raises(InvalidTransition, match="not waiting after an error"):
        post_in(S.SCHEDULED).retry(now=LATER)


def test_retry_brings_a_capped_post_forward() -> None:
    deferred = _deferred(post_in(S.SCHEDULED))
    retried = deferred.retry(now=LATER)
    assert retried.status is S.SCHEDULED and retried.next_attempt_at == LATER
    assert retried.failure is None and retried.is_due(LATER)


def test_start_publishing_refuses_out_of_order_attempts() -> None:
    post = post_in(S.SCHEDULED)
    with pytest.raises(DomainError, match="attempt 3 out of order"):
        post.start_publishing(attempt=3, now=LATER)


def test_new_events_are_those_since_the_post_was_stored() -> None:
    post = post_in(S.CLIENT_APPROVED)
    assert post.new_events == post.events  # nothing stored yet
    stored = post.stored(version=1)
    assert stored.new_events == ()
    scheduled = stored.publish_now(now=LATER)
    assert [e.name for e in scheduled.new_events] == ["PublishRequested"]
    assert attrs.evolve(scheduled, loaded_events=0) == scheduled  # not part of equality


def test_a_draft_sent_back_stays_a_draft_with_the_comment() -> None:
    post = post_in(S.DRAFT).send_back(sent_back_by=" Cleo ", comment="Shorter, please", now=LATER)
    assert post.status is S.DRAFT and post.approved_by is None
    assert (post.events[-1].name, post.events[-1].comment) == ("PostSentBack", "Shorter, please")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "comment", "code"),
    [
        ("", "x", "name_missing"),
        ("C", " ", "comment_missing"),
        ("C", "x" * 2001, "comment_too_long"),
    ],
)
def test_sending_back_needs_a_name_and_a_comment(name: str, comment: str, code: str) -> None:
    from domain.errors import RulesViolated

    with pytest.raises(RulesViolated) as caught:
        post_in(S.DRAFT).send_back(sent_back_by=name, comment=comment, now=LATER)
    assert [v.code for v in caught.value.violations] == [code]


def test_what_a_page_may_offer_follows_the_table() -> None:
    for status in S:
        post = post_in(status)
        for operation in (Op.APPROVE, Op.SCHEDULE, Op.UNSCHEDULE, Op.MOVE_TO_MANUAL):
            assert post.can(operation) == allows(operation, status)
    assert not post_in(S.SCHEDULED).can(Op.RETRY)  # only after an error
    assert _deferred(post_in(S.SCHEDULED)).can(Op.RETRY) and post_in(S.FAILED).can(Op.RETRY)
