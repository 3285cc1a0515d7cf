"""Secrets never reach the log: sensitive keys are masked, token-shaped text scrubbed."""

from __future__ import annotations

from entrypoints.log_config import REDACTED, redact_secrets


def test_sensitive_keys_are_masked() -> None:
    event = redact_secrets(
        None,
        "info",
        {
            "event": "refreshed",
            "access_token": "act.abcdef123",
            "refresh_token": "rft.x",
            "client_secret": "s3cr3t",
            "Authorization": "Bearer abc",
            "channel_id": "c1",
        },
    )
    assert event["access_token"] == event["refresh_token"] == REDACTED
    assert event["client_secret"] == event["Authorization"] == REDACTED
    assert event["channel_id"] == "c1"


def test_tokens_inside_text_and_nested_values_are_scrubbed() -> None:
    event = redact_secrets(
        None,
        "info",
        {
            "event": "call failed",
            "detail": "header Bearer act.1234567890abc was refused, refresh rft.9876543210zz",
            "request": {"headers": {"authorization": "Bearer x"}, "url": "https://x/y"},
            "items": ["act.aaaaaaaaaa", "plain"],
        },
    )
    assert "act.1234567890abc" not in event["detail"] and "rft.9876543210zz" not in event["detail"]
    assert event["detail"].startswith("header Bearer ***")
    assert event["request"] == {"headers": {"authorization": REDACTED}, "url": "https://x/y"}
    assert event["items"] == [REDACTED, "plain"]
