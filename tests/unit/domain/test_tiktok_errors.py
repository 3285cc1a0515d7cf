"""The error taxonomy: every documented code is classified, unknown codes are safe."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.tiktok_errors import (
    BACKOFF_CAP,
    TAXONOMY,
    Category,
    ErrorSource,
    RetryWhen,
    classify,
    next_attempt_at,
    spec_for,
)
from tests.builders import T0

A, F, OA, U, C = (
    ErrorSource.API,
    ErrorSource.FAIL_REASON,
    ErrorSource.OAUTH,
    ErrorSource.UPLOAD,
    ErrorSource.CLIENT,
)
K = Category

# Transcribed from shared/tiktok-api-facts.md: the init error matrix, the API-wide codes,
# fail_reason values, OAuth error values and upload HTTP statuses, with their category.
DOCUMENTED: dict[tuple[ErrorSource, str], Category] = {
    (A, "invalid_param"): K.CONTENT_INVALID,
    (A, "invalid_params"): K.CONTENT_INVALID,
    (A, "app_version_check_failed"): K.POLICY,
    (A, "spam_risk_too_many_posts"): K.QUOTA_DAILY,
    (A, "spam_risk_user_banned_from_posting"): K.POLICY,
    (A, "spam_risk_too_many_pending_share"): K.QUOTA_PENDING_SHARE,
    (A, "reached_active_user_cap"): K.QUOTA_DAILY,
    (A, "unaudited_client_can_only_post_to_private_accounts"): K.POLICY,
    (A, "url_ownership_unverified"): K.POLICY,
    (A, "privacy_level_option_mismatch"): K.CONTENT_INVALID,
    (A, "access_token_invalid"): K.AUTH_REFRESHABLE,
    (A, "scope_not_authorized"): K.SCOPE_MISSING,
    (A, "scope_permission_missed"): K.SCOPE_MISSING,
    (A, "rate_limit_exceeded"): K.RATE_LIMITED,
    (A, "internal_error"): K.TRANSIENT,
    (A, "invalid_file_upload"): K.CONTENT_INVALID,
    (A, "invalid_publish_id"): K.CONTENT_INVALID,
    (A, "token_not_authorized_for_specified_publish_id"): K.RECONNECT_NEEDED,
    (A, "publish_not_cancellable"): K.POLICY,
    (F, "file_format_check_failed"): K.CONTENT_INVALID,
    (F, "duration_check_failed"): K.CONTENT_INVALID,
    (F, "frame_rate_check_failed"): K.CONTENT_INVALID,
    (F, "picture_size_check_failed"): K.CONTENT_INVALID,
    (F, "internal"): K.TRANSIENT,
    (F, "video_pull_failed"): K.TRANSIENT,
    (F, "photo_pull_failed"): K.TRANSIENT,
    (F, "publish_cancelled"): K.CANCELLED,
    (F, "auth_removed"): K.RECONNECT_NEEDED,
    (F, "spam_risk_too_many_posts"): K.QUOTA_DAILY,
    (F, "spam_risk_user_banned_from_posting"): K.POLICY,
    (F, "spam_risk_text"): K.POLICY,
    (F, "spam_risk"): K.POLICY,
    (OA, "access_denied"): K.RECONNECT_NEEDED,
    (OA, "invalid_client"): K.RECONNECT_NEEDED,
    (OA, "invalid_grant"): K.RECONNECT_NEEDED,
    (OA, "invalid_request"): K.RECONNECT_NEEDED,
    (OA, "invalid_scope"): K.SCOPE_MISSING,
    (OA, "unauthorized_client"): K.RECONNECT_NEEDED,
    (OA, "unsupported_grant_type"): K.RECONNECT_NEEDED,
    (OA, "unsupported_response_type"): K.RECONNECT_NEEDED,
    (OA, "server_error"): K.TRANSIENT,
    (OA, "temporarily_unavailable"): K.TRANSIENT,
    (U, "400"): K.CONTENT_INVALID,
    (U, "403"): K.TRANSIENT,
    (U, "404"): K.TRANSIENT,
    (U, "416"): K.TRANSIENT,
    (U, "500"): K.TRANSIENT,
    (U, "503"): K.TRANSIENT,
}


@pytest.mark.parametrize(
    ("key", "category"), list(DOCUMENTED.items()), ids=[f"{s}:{c}" for s, c in DOCUMENTED]
)
def test_every_documented_code_is_classified(
    key: tuple[ErrorSource, str], category: Category
) -> None:
    spec = spec_for(*key)
    assert spec.category is category
    assert spec.message.strip() and spec.remedy.strip()
    assert spec.retryable == (spec.retry is not RetryWhen.NEVER)


@pytest.mark.parametrize("spec", TAXONOMY, ids=[f"{s.source}:{s.code}" for s in TAXONOMY])
def test_every_row_is_complete_and_consistent(spec: object) -> None:
    from domain.tiktok_errors import ErrorSpec

    assert isinstance(spec, ErrorSpec)
    assert spec.category is not Category.UNKNOWN
    assert spec.message.endswith(".") and spec.remedy.endswith(".")
    if spec.category in {
        K.CONTENT_INVALID,
        K.POLICY,
        K.SCOPE_MISSING,
        K.RECONNECT_NEEDED,
        K.CANCELLED,
        K.AMBIGUOUS,
    }:
        assert spec.retry is RetryWhen.NEVER
    if spec.category is K.RATE_LIMITED:
        assert spec.retry is RetryWhen.AFTER_RATE_WINDOW


def test_unaudited_client_tells_the_user_to_make_the_account_private() -> None:
    spec = spec_for(A, "unaudited_client_can_only_post_to_private_accounts")
    assert "private" in spec.remedy.lower() and "account" in spec.remedy.lower()
    assert spec.manual_fallback


def test_unknown_codes_are_safe_and_keep_code_and_log_id() -> None:
    error = classify(A, "brand_new_code", log_id="202601011200000123456789ABCDEF0123")
    assert error.category is Category.UNKNOWN and not error.retryable
    assert error.code == "brand_new_code"
    assert "202601011200000123456789ABCDEF0123" in error.describe()


def test_every_upload_5xx_is_transient() -> None:
    assert all(spec_for(U, str(s)).category is K.TRANSIENT for s in range(500, 600))
    assert spec_for(U, "418").category is K.UNKNOWN


def test_backoff_doubles_from_five_seconds_and_caps_at_ten_minutes() -> None:
    error = classify(A, "internal_error")
    delays = [next_attempt_at(error, now=T0, attempt=n) - T0 for n in (1, 2, 3, 4)]  # type: ignore[operator]
    assert delays == [timedelta(seconds=s) for s in (5, 10, 20, 40)]
    assert next_attempt_at(error, now=T0, attempt=30) == T0 + BACKOFF_CAP


def test_windows_for_rate_and_daily_limits() -> None:
    assert next_attempt_at(classify(A, "rate_limit_exceeded"), now=T0, attempt=1) == T0 + timedelta(
        minutes=1
    )
    assert next_attempt_at(
        classify(A, "spam_risk_too_many_posts"), now=T0, attempt=1
    ) == T0 + timedelta(hours=24)
    assert next_attempt_at(classify(A, "access_token_invalid"), now=T0, attempt=1) == T0
    assert next_attempt_at(classify(A, "invalid_params"), now=T0, attempt=1) is None
