"""The Accounts API's numeric codes in the taxonomy: category, retry, remedy."""

from __future__ import annotations

import pytest

from domain.tiktok_errors import Category, ErrorSource, RetryWhen, classify, next_attempt_at
from tests.builders import T0

B = ErrorSource.BUSINESS


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("40001", Category.SCOPE_MISSING),
        ("40002", Category.CONTENT_INVALID),
        ("40007", Category.CONTENT_INVALID),
        ("40100", Category.RATE_LIMITED),
        ("40102", Category.AUTH_REFRESHABLE),
        ("40103", Category.RECONNECT_NEEDED),
        ("40105", Category.RECONNECT_NEEDED),
        ("40107", Category.RECONNECT_NEEDED),
        ("40110", Category.RECONNECT_NEEDED),
        ("41001", Category.TRANSIENT),
    ],
)
def test_documented_codes_are_classified(code: str, category: Category) -> None:
    error = classify(B, code, log_id="20260101120000ABCDEF")
    assert error.category is category
    assert error.spec.remedy and "20260101120000ABCDEF" in error.describe()


def test_every_5xxxx_service_error_is_transient() -> None:
    assert all(classify(B, str(c)).category is Category.TRANSIENT for c in (50000, 51000, 59999))
    assert classify(B, "60000").category is Category.UNKNOWN


def test_40100_waits_for_the_rate_window() -> None:
    error = classify(B, "40100")
    assert error.spec.retry is RetryWhen.AFTER_RATE_WINDOW
    assert next_attempt_at(error, now=T0, attempt=1) is not None


def test_a_lost_reply_answer_is_ambiguous_and_never_blindly_retried() -> None:
    error = classify(ErrorSource.CLIENT, "reply_outcome_unknown")
    assert error.category is Category.AMBIGUOUS and not error.retryable
