"""Every way TikTok (or the road to it) can answer, mapped to the domain's taxonomy."""

from __future__ import annotations

from typing import Any

from application.errors import TikTokApiError
from domain.tiktok_errors import ErrorSource, classify


def api_error(payload: dict[str, Any], http_status: int) -> TikTokApiError:
    error = payload.get("error") or {}
    return TikTokApiError(
        classify(
            ErrorSource.API,
            str(error.get("code", "unknown")),
            log_id=error.get("log_id") or None,
            detail=str(error.get("message") or ""),
        ),
        http_status=http_status,
    )


def oauth_error(payload: dict[str, Any], http_status: int) -> TikTokApiError:
    return TikTokApiError(
        classify(
            ErrorSource.OAUTH,
            str(payload.get("error")),
            log_id=payload.get("log_id") or None,
            detail=str(payload.get("error_description") or ""),
        ),
        http_status=http_status,
    )


def client_error(
    code: str,
    detail: str,
    http_status: int | None = None,
    log_id: str | None = None,
    retry_after_s: float | None = None,
) -> TikTokApiError:
    """What we saw ourselves: timeouts, resets, gateways, an init with no answer."""
    return TikTokApiError(
        classify(
            ErrorSource.CLIENT, code, log_id=log_id, detail=detail, retry_after_s=retry_after_s
        ),
        http_status=http_status,
    )


def upload_error(http_status: int, detail: str) -> TikTokApiError:
    return TikTokApiError(
        classify(ErrorSource.UPLOAD, str(http_status), detail=detail), http_status=http_status
    )


def gateway_error(http_status: int, body: str) -> TikTokApiError:
    """A non-JSON answer (a proxy's error page): transient if 5xx, otherwise unknown."""
    snippet = body[:200].strip()
    if http_status >= 500:
        return TikTokApiError(
            classify(
                ErrorSource.API,
                "internal_error",
                detail=f"HTTP {http_status} without a TikTok body: {snippet}",
            ),
            http_status=http_status,
        )
    return TikTokApiError(
        classify(ErrorSource.API, f"http_{http_status}", detail=snippet), http_status=http_status
    )


def unexpected_answer(path: str, problem: object, http_status: int | None = None) -> TikTokApiError:
    """An answer we cannot read (not JSON, a missing field, a status value we do not know):
    transient, so the caller asks again later, and described for the log."""
    return client_error("unexpected_answer", f"{path}: {problem}", http_status=http_status)
