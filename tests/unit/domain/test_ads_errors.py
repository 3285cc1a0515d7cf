from __future__ import annotations

from datetime import timedelta

import pytest

from domain.tiktok_errors import Category, ErrorSource, RetryWhen, classify, next_attempt_at
from tests.builders import T0

M = ErrorSource.MARKETING


@pytest.mark.parametrize(
    ("code", "category", "retry"),
    [
        ("40100", Category.RATE_LIMITED, RetryWhen.AFTER_RATE_WINDOW),
        ("40133", Category.RATE_LIMITED, RetryWhen.AFTER_RATE_WINDOW),
        ("40016", Category.RATE_LIMITED, RetryWhen.AFTER_RATE_WINDOW),
        ("40102", Category.RECONNECT_NEEDED, RetryWhen.NEVER),
        ("40104", Category.RECONNECT_NEEDED, RetryWhen.NEVER),
        ("40105", Category.RECONNECT_NEEDED, RetryWhen.NEVER),
        ("40002", Category.CONTENT_INVALID, RetryWhen.NEVER),
        ("40001", Category.SCOPE_MISSING, RetryWhen.NEVER),
        ("51234", Category.TRANSIENT, RetryWhen.IMMEDIATELY_WITH_BACKOFF),
    ],
)
def test_marketing_codes_have_a_category_a_retry_policy_and_a_remedy(
    code: str, category: Category, retry: RetryWhen
) -> None:
    error = classify(M, code, log_id="req-1", detail="as TikTok said")
    assert (error.category, error.spec.retry) == (category, retry)
    assert error.spec.remedy and "req-1" in error.describe()


def test_token_errors_say_to_connect_again_because_there_is_no_refresh() -> None:
    assert "again" in classify(M, "40105").spec.remedy


def test_a_rate_limit_is_retried_after_the_window() -> None:
    assert next_attempt_at(classify(M, "40100"), now=T0, attempt=1) == T0 + timedelta(minutes=1)


def test_an_unknown_marketing_code_is_not_retried_and_keeps_the_code() -> None:
    error = classify(M, "49999")
    assert error.category is Category.UNKNOWN and error.code == "49999" and not error.retryable
