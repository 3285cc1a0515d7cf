"""The TikTok error taxonomy: every documented code, what it means, when to retry.

One table, keyed by where the code comes from (an API ``error.code``, a status
``fail_reason``, an OAuth ``error``, an upload HTTP status, or our own client)
and the code. ``classify`` never fails: an unknown code becomes a safe,
non-retryable entry that keeps the code and TikTok's log_id.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import attrs


class ErrorSource(enum.StrEnum):
    API = "api"  # error.code in the v2 envelope
    FAIL_REASON = "fail_reason"  # status fetch / post.publish.failed webhook
    OAUTH = "oauth"  # flat OAuth error object
    UPLOAD = "upload"  # HTTP status of a chunk PUT
    CLIENT = "client"  # what our own client observed (timeouts, lost connections)
    MARKETING = "marketing"  # Marketing API v1.3 ``code`` on HTTP 200 (0 is success)
    BUSINESS = "business"  # Accounts API v1.3 ``code`` on HTTP 200 (0 is success)


class Category(enum.StrEnum):
    AUTH_REFRESHABLE = "auth-refreshable"
    RECONNECT_NEEDED = "reconnect-needed"
    SCOPE_MISSING = "scope-missing"
    CONTENT_INVALID = "content-invalid"
    POLICY = "policy"
    QUOTA_DAILY = "quota-daily"
    QUOTA_PENDING_SHARE = "quota-pending-share"
    RATE_LIMITED = "rate-limited"
    TRANSIENT = "transient"
    AMBIGUOUS = "ambiguous"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"


class RetryWhen(enum.StrEnum):
    IMMEDIATELY_WITH_BACKOFF = "immediately-with-backoff"
    AFTER_RATE_WINDOW = "after-rate-window"
    AFTER_DAILY_WINDOW = "after-daily-window"
    AFTER_TOKEN_REFRESH = "after-token-refresh"
    NEVER = "never"


RATE_WINDOW = timedelta(minutes=1)
DAILY_WINDOW = timedelta(hours=24)
BACKOFF_BASE = timedelta(seconds=5)
BACKOFF_CAP = timedelta(minutes=10)


@attrs.frozen
class ErrorSpec:
    """One row of the taxonomy."""

    source: ErrorSource
    code: str
    category: Category
    retry: RetryWhen
    message: str
    remedy: str
    http_status: int | None = None
    manual_fallback: bool = False  # posting by hand in the TikTok app is the way out

    @property
    def retryable(self) -> bool:
        return self.retry is not RetryWhen.NEVER


@attrs.frozen
class TikTokError:
    """A classified error as it happened: the taxonomy row plus TikTok's own words."""

    spec: ErrorSpec
    log_id: str | None = None
    detail: str = ""  # TikTok's message, as sent
    retry_after_s: float | None = None  # known exactly (our own rate windows)

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def category(self) -> Category:
        return self.spec.category

    @property
    def retryable(self) -> bool:
        return self.spec.retryable

    def describe(self) -> str:
        text = f"{self.spec.code}: {self.spec.message} {self.spec.remedy}"
        if self.log_id:
            text += f" (TikTok log_id {self.log_id})"
        return text


def _row(
    source: ErrorSource,
    code: str,
    category: Category,
    retry: RetryWhen,
    message: str,
    remedy: str,
    http_status: int | None = None,
    *,
    manual_fallback: bool = False,
) -> ErrorSpec:
    return ErrorSpec(source, code, category, retry, message, remedy, http_status, manual_fallback)


A, F, OA, U, C, M, B = (
    ErrorSource.API,
    ErrorSource.FAIL_REASON,
    ErrorSource.OAUTH,
    ErrorSource.UPLOAD,
    ErrorSource.CLIENT,
    ErrorSource.MARKETING,
    ErrorSource.BUSINESS,
)
K = Category
R = RetryWhen

_RECONNECT = "Reconnect the TikTok account from the channel page."
_FIX_FILE = "Fix the file and upload it again; retrying the same file will fail the same way."
_WAIT = "We retry automatically."
_RECONNECT_ADS = "Connect the ad account again (Marketing API tokens have no refresh)."

TAXONOMY: tuple[ErrorSpec, ...] = (
    # --- API error.code: init matrix, status, cancel, creator_info, generic list ---
    _row(
        A,
        "invalid_param",
        K.CONTENT_INVALID,
        R.NEVER,
        "TikTok rejected a field of the post request.",
        "Check the field named in TikTok's message and edit the post.",
        400,
    ),
    _row(
        A,
        "invalid_params",
        K.CONTENT_INVALID,
        R.NEVER,
        "TikTok rejected one or more request fields.",
        "Check the fields named in TikTok's message.",
        400,
    ),
    _row(
        A,
        "app_version_check_failed",
        K.POLICY,
        R.NEVER,
        "The creator's TikTok app is older than 31.8, which inbox photo uploads need.",
        "Ask the creator to update the TikTok app, then retry the post.",
        400,
        manual_fallback=True,
    ),
    _row(
        A,
        "spam_risk_too_many_posts",
        K.QUOTA_DAILY,
        R.AFTER_DAILY_WINDOW,
        "This creator reached TikTok's daily cap for posts made through apps.",
        "We retry after the 24-hour window; to post sooner, post from the TikTok app.",
        403,
        manual_fallback=True,
    ),
    _row(
        A,
        "spam_risk_user_banned_from_posting",
        K.POLICY,
        R.NEVER,
        "TikTok has banned this account from posting.",
        "Check the account's standing in the TikTok app or contact TikTok support.",
        403,
    ),
    _row(
        A,
        "spam_risk_too_many_pending_share",
        K.QUOTA_PENDING_SHARE,
        R.AFTER_DAILY_WINDOW,
        "This creator has 5 unposted inbox drafts from apps in the last 24 hours.",
        "Open the TikTok inbox and post or discard the pending drafts; we retry later.",
        403,
    ),
    _row(
        A,
        "reached_active_user_cap",
        K.QUOTA_DAILY,
        R.AFTER_DAILY_WINDOW,
        "Our TikTok app reached its daily quota of creators posting through it.",
        "We retry after the 24-hour window; an administrator can ask TikTok for a higher quota.",
        403,
    ),
    _row(
        A,
        "unaudited_client_can_only_post_to_private_accounts",
        K.POLICY,
        R.NEVER,
        "This TikTok app is not audited yet, so TikTok only accepts posts to private accounts.",
        "Make the TikTok account private (Settings > Privacy > Private account) and retry, "
        "or post this one by hand.",
        403,
        manual_fallback=True,
    ),
    _row(
        A,
        "url_ownership_unverified",
        K.POLICY,
        R.NEVER,
        "The media URL is not under a domain or URL prefix verified for our TikTok app.",
        "An administrator must verify the storage domain or prefix in the TikTok developer "
        "portal, or switch the post to file upload.",
        403,
    ),
    _row(
        A,
        "privacy_level_option_mismatch",
        K.CONTENT_INVALID,
        R.NEVER,
        "The privacy level is missing or not one this creator offers.",
        "Pick a privacy level from the creator's current options and retry.",
        403,
    ),
    _row(
        A,
        "access_token_invalid",
        K.AUTH_REFRESHABLE,
        R.AFTER_TOKEN_REFRESH,
        "The access token is invalid or expired.",
        "We refresh the token and retry; if refreshing fails, reconnect the account.",
        401,
    ),
    _row(
        A,
        "scope_not_authorized",
        K.SCOPE_MISSING,
        R.NEVER,
        "The creator did not grant the permission this action needs.",
        "Reconnect the account and grant every requested permission.",
        401,
    ),
    _row(
        A,
        "scope_permission_missed",
        K.SCOPE_MISSING,
        R.NEVER,
        "Some requested fields need a permission the creator did not grant.",
        "Reconnect the account and grant every requested permission.",
        400,
    ),
    _row(
        A,
        "rate_limit_exceeded",
        K.RATE_LIMITED,
        R.AFTER_RATE_WINDOW,
        "TikTok's per-minute rate limit for this account and endpoint was exceeded.",
        _WAIT,
        429,
    ),
    _row(
        A,
        "internal_error",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "TikTok had an internal error.",
        _WAIT,
        500,
    ),
    _row(
        A,
        "invalid_file_upload",
        K.CONTENT_INVALID,
        R.NEVER,
        "The uploaded file does not meet TikTok's specification.",
        _FIX_FILE,
        400,
    ),
    _row(
        A,
        "invalid_publish_id",
        K.CONTENT_INVALID,
        R.NEVER,
        "TikTok does not know this publish id.",
        "The post's TikTok id is stale; retry the post to start a new upload.",
        400,
    ),
    _row(
        A,
        "token_not_authorized_for_specified_publish_id",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "This publish id belongs to another TikTok account or app.",
        "Check that the post's channel is the account that started the upload.",
        400,
    ),
    _row(
        A,
        "publish_not_cancellable",
        K.POLICY,
        R.NEVER,
        "The upload is already being processed or finished, so it cannot be cancelled.",
        "Wait for the final status; delete the video in the TikTok app if needed.",
        400,
    ),
    # --- fail_reason values (status fetch and post.publish.failed) ---
    _row(
        F,
        "file_format_check_failed",
        K.CONTENT_INVALID,
        R.NEVER,
        "TikTok does not support this video or photo format.",
        "Export as MP4 (H.264 video, AAC audio) or JPEG/WebP for photos. " + _FIX_FILE,
    ),
    _row(
        F,
        "duration_check_failed",
        K.CONTENT_INVALID,
        R.NEVER,
        "The video's duration is outside TikTok's limits for this creator.",
        "Trim the video to the creator's maximum duration. " + _FIX_FILE,
    ),
    _row(
        F,
        "frame_rate_check_failed",
        K.CONTENT_INVALID,
        R.NEVER,
        "The video's frame rate is outside 23-60 FPS.",
        "Re-export at 24, 25, 30 or 60 FPS. " + _FIX_FILE,
    ),
    _row(
        F,
        "picture_size_check_failed",
        K.CONTENT_INVALID,
        R.NEVER,
        "The picture size is outside TikTok's limits.",
        "Videos: each side 360-4096 px (1080x1920 is best). Photos: at most 1080p. " + _FIX_FILE,
    ),
    _row(
        F,
        "internal",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "Part of TikTok was unavailable while processing the post.",
        _WAIT,
    ),
    _row(
        F,
        "video_pull_failed",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "TikTok could not download the video from its URL (connection error or 1-hour timeout).",
        "We retry with a fresh link; if it keeps failing, check that storage is reachable.",
    ),
    _row(
        F,
        "photo_pull_failed",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "TikTok could not download a photo from its URL (connection error or 1-hour timeout).",
        "We retry with fresh links; if it keeps failing, check that storage is reachable.",
    ),
    _row(
        F,
        "publish_cancelled",
        K.CANCELLED,
        R.NEVER,
        "The upload was cancelled.",
        "Retry the post to send it again.",
    ),
    _row(
        F,
        "auth_removed",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "The creator removed our app's access while the post was processing.",
        _RECONNECT,
    ),
    _row(
        F,
        "spam_risk_too_many_posts",
        K.QUOTA_DAILY,
        R.AFTER_DAILY_WINDOW,
        "This creator made too many posts through apps in the last 24 hours.",
        "We retry after the 24-hour window; to post sooner, post from the TikTok app.",
        manual_fallback=True,
    ),
    _row(
        F,
        "spam_risk_user_banned_from_posting",
        K.POLICY,
        R.NEVER,
        "TikTok's Trust & Safety team has banned this account from posting.",
        "Check the account's standing in the TikTok app or contact TikTok support.",
    ),
    _row(
        F,
        "spam_risk_text",
        K.POLICY,
        R.NEVER,
        "TikTok judged the caption risky or spammy.",
        "Rewrite the caption (fewer repeated hashtags, links or mentions) and retry.",
    ),
    _row(
        F,
        "spam_risk",
        K.POLICY,
        R.NEVER,
        "TikTok judged the request risky.",
        "Vary the content and the posting pattern, or post from the TikTok app.",
        manual_fallback=True,
    ),
    # --- OAuth error categories (flat error object) ---
    _row(
        OA,
        "access_denied",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "The TikTok user refused, or is not eligible for, the authorization.",
        "Ask the account owner to connect again and approve the request.",
    ),
    _row(
        OA,
        "invalid_client",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "TikTok did not accept our app's client key or secret.",
        "An administrator must check TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET.",
    ),
    _row(
        OA,
        "invalid_grant",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "The authorization code or refresh token is invalid, expired or revoked.",
        _RECONNECT,
    ),
    _row(
        OA,
        "invalid_request",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "TikTok found the authorization request malformed (for example a redirect URI mismatch).",
        "An administrator must check the redirect URI registered for the app; then reconnect.",
    ),
    _row(
        OA,
        "invalid_scope",
        K.SCOPE_MISSING,
        R.NEVER,
        "A requested scope is unknown or not enabled for our app.",
        "An administrator must enable the scope for the app in the TikTok developer portal.",
    ),
    _row(
        OA,
        "unauthorized_client",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "Our app may not use this authorization method.",
        "An administrator must check the app's Login Kit settings.",
    ),
    _row(
        OA,
        "unsupported_grant_type",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "TikTok does not support the grant type we sent.",
        "Report this as a bug.",
    ),
    _row(
        OA,
        "unsupported_response_type",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "TikTok does not support the response type we sent.",
        "Report this as a bug.",
    ),
    _row(
        OA,
        "server_error",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "TikTok's authorization server had an internal error.",
        _WAIT,
    ),
    _row(
        OA,
        "temporarily_unavailable",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "TikTok's authorization server is temporarily unavailable.",
        _WAIT,
    ),
    # --- upload PUT HTTP statuses ---
    _row(
        U,
        "400",
        K.CONTENT_INVALID,
        R.NEVER,
        "TikTok rejected a chunk's headers (Content-Range or Content-Length).",
        "Report this as a bug; the post can be retried.",
        400,
    ),
    _row(
        U,
        "403",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "The upload URL expired (it is valid for one hour).",
        "We start a new upload with a fresh URL.",
        403,
    ),
    _row(
        U,
        "404",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "TikTok has no upload task for this URL.",
        "We start a new upload.",
        404,
    ),
    _row(
        U,
        "416",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "A chunk's range did not match TikTok's upload progress.",
        "We resume from the range TikTok reports.",
        416,
    ),
    _row(
        U,
        "5xx",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "TikTok's upload gateway had an error.",
        "We resend the same chunk.",
        500,
    ),
    # --- what our client observes itself ---
    _row(
        C,
        "init_outcome_unknown",
        K.AMBIGUOUS,
        R.NEVER,
        "The post request was sent but no answer came back; the post may exist on TikTok.",
        "We check TikTok's status and video list before doing anything else; "
        "it is never sent twice blindly.",
    ),
    _row(
        C,
        "ads_create_outcome_unknown",
        K.AMBIGUOUS,
        R.NEVER,
        "The ads create request was sent but no answer came back; the object may exist.",
        "Campaigns and ad groups are re-sent with the same request_id (TikTok returns the "
        "first); ads are looked up by listing the ad group before anything is re-sent.",
    ),
    _row(
        C,
        "upload_outcome_unknown",
        K.AMBIGUOUS,
        R.NEVER,
        "The last part of the video was sent but no answer came back; TikTok may be posting it.",
        "We follow TikTok's status for this publish id; the video is not sent again.",
    ),
    _row(
        C,
        "rate_window_full",
        K.RATE_LIMITED,
        R.AFTER_RATE_WINDOW,
        "This account's TikTok rate window for this call is full for the moment (posts: 6 a "
        "minute; creator info: 20 a minute).",
        "Nothing was sent. A post goes out by itself when the window opens; a request can be "
        "repeated after Retry-After.",
        manual_fallback=False,
    ),
    _row(
        C,
        "media_fetch_failed",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "The post's media could not be read for now (storage or network unavailable).",
        "We retry with backoff; nothing is wrong with the file.",
    ),
    _row(
        C,
        "worker_interrupted",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "The worker publishing this post stopped before TikTok could have received it.",
        "Another worker picks it up at once; this does not count against the attempts.",
    ),
    _row(
        C,
        "upload_interrupted",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "The upload stopped before its last part: TikTok cannot post an incomplete video.",
        "We start a fresh upload automatically.",
    ),
    _row(
        C,
        "network_error",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "TikTok could not be reached.",
        _WAIT,
    ),
    _row(
        C,
        "timeout",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "TikTok did not answer in time.",
        _WAIT,
    ),
    _row(
        C,
        "unexpected_answer",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "TikTok answered in a shape we do not understand (a body that is not JSON, a missing "
        "field, a status value we do not know); nothing was changed on our side.",
        _WAIT,
    ),
    _row(
        C,
        "status_check_failed",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "Checking the post's status failed unexpectedly; it is checked again, and past its "
        "deadline a person is asked to look.",
        _WAIT,
    ),
    _row(
        C,
        "inbox_share_lapsed",
        K.CANCELLED,
        R.NEVER,
        "The creator did not post the inbox draft before it lapsed.",
        "Retry the post to send a new draft to the creator's inbox.",
    ),
    _row(
        C,
        "channel_not_connected",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "The post's TikTok channel is expired or disconnected.",
        _RECONNECT,
    ),
    _row(
        C,
        "too_many_attempts",
        K.TRANSIENT,
        R.NEVER,
        "The post kept failing with temporary errors and was given up.",
        "Check TikTok's status and retry the post.",
    ),
    _row(
        C,
        "creator_gate_failed",
        K.CONTENT_INVALID,
        R.NEVER,
        "The post breaks what the creator currently allows on TikTok.",
        "Edit the post's settings to match the creator's options and retry.",
    ),
    _row(
        C,
        "media_preflight_failed",
        K.CONTENT_INVALID,
        R.NEVER,
        "The media breaks TikTok's rules, so it was not sent.",
        _FIX_FILE,
    ),
    _row(
        C,
        "publish_unconfirmed",
        K.AMBIGUOUS,
        R.NEVER,
        "TikTok did not confirm the post before the tracking deadline.",
        "Check the TikTok profile; mark the post published by hand, or retry it.",
    ),
    # --- Marketing API v1.3: ``code`` on HTTP 200 (facts section 8, business facts 2.5-2.7) ---
    _row(
        M,
        "20001",
        K.AMBIGUOUS,
        R.NEVER,
        "TikTok applied only part of the request.",
        "Read the objects back to see which changes took effect.",
        200,
    ),
    _row(
        M,
        "40000",
        K.CONTENT_INVALID,
        R.NEVER,
        "TikTok rejected a parameter of the ads request.",
        "Check the field named in TikTok's message.",
        200,
    ),
    _row(
        M,
        "40001",
        K.SCOPE_MISSING,
        R.NEVER,
        "The ad account has not granted this permission.",
        "Authorise the app again with the permission the call needs.",
        200,
    ),
    _row(
        M,
        "40002",
        K.CONTENT_INVALID,
        R.NEVER,
        "TikTok rejected a parameter of the ads request.",
        "Check the field named in TikTok's message.",
        200,
    ),
    _row(
        M,
        "40007",
        K.CONTENT_INVALID,
        R.NEVER,
        "The ads object does not exist on TikTok.",
        "Sync the ad account; the object may have been deleted in Ads Manager.",
        200,
    ),
    _row(
        M,
        "40008",
        K.CONTENT_INVALID,
        R.NEVER,
        "The endpoint is not available in TikTok's sandbox.",
        "Use a production ad account for this feature.",
        200,
    ),
    _row(
        M,
        "40009",
        K.CONTENT_INVALID,
        R.NEVER,
        "A parameter or method is not available in TikTok's sandbox.",
        "Use a production ad account for this feature.",
        200,
    ),
    _row(
        M,
        "40013",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "The sandbox ad account does not exist.",
        _RECONNECT_ADS,
        200,
    ),
    _row(
        M,
        "40014",
        K.CONTENT_INVALID,
        R.NEVER,
        "The feature is not available in TikTok's sandbox.",
        "Use a production ad account for this feature.",
        200,
    ),
    _row(
        M,
        "40016",
        K.RATE_LIMITED,
        R.AFTER_RATE_WINDOW,
        "The app's request limit was reached.",
        _WAIT,
        200,
    ),
    _row(
        M,
        "40050",
        K.AMBIGUOUS,
        R.NEVER,
        "TikTok saw this create request already.",
        "The first request's object exists; it is looked up instead of created again.",
        200,
    ),
    _row(
        M,
        "40100",
        K.RATE_LIMITED,
        R.AFTER_RATE_WINDOW,
        "The app's limit for this endpoint was reached.",
        _WAIT,
        200,
    ),
    _row(
        M,
        "40102",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "The ad account's access token expired.",
        _RECONNECT_ADS,
        200,
    ),
    _row(
        M,
        "40104",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "No access token was sent for the ad account.",
        _RECONNECT_ADS,
        200,
    ),
    _row(
        M,
        "40105",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "The ad account's access token is invalid or revoked.",
        _RECONNECT_ADS,
        200,
    ),
    _row(
        M,
        "40106",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "The access token does not cover this advertiser.",
        _RECONNECT_ADS,
        200,
    ),
    _row(
        M,
        "40132",
        K.RATE_LIMITED,
        R.AFTER_RATE_WINDOW,
        "A per-value limit of the endpoint was reached.",
        _WAIT,
        200,
    ),
    _row(
        M,
        "40133",
        K.RATE_LIMITED,
        R.AFTER_RATE_WINDOW,
        "The advertiser's QPS limit for this endpoint was reached.",
        _WAIT,
        200,
    ),
    _row(
        M,
        "40502",
        K.CONTENT_INVALID,
        R.NEVER,
        "The ad group holds the most ads TikTok allows.",
        "Put the ad in another ad group.",
        200,
    ),
    _row(
        M,
        "5xxxx",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "TikTok's ads service failed.",
        _WAIT,
        200,
    ),
    # --- Accounts API (business-api.tiktok.com): numeric codes, all on HTTP 200 ---
    _row(
        B,
        "40001",
        K.SCOPE_MISSING,
        R.NEVER,
        "The TikTok account did not grant the permission this call needs.",
        "Reconnect the account through the Accounts API and grant every permission asked.",
    ),
    _row(
        B,
        "40002",
        K.CONTENT_INVALID,
        R.NEVER,
        "TikTok rejected a parameter of the request.",
        "Check the field named in TikTok's message.",
    ),
    _row(
        B,
        "40006",
        K.CONTENT_INVALID,
        R.NEVER,
        "TikTok says this API version is not compatible with the call.",
        "Report it with the request id: the client needs updating.",
    ),
    _row(
        B,
        "40007",
        K.CONTENT_INVALID,
        R.NEVER,
        "The video or comment does not exist at TikTok (any more).",
        "Refresh the conversation; the item may have been deleted in the TikTok app.",
    ),
    _row(
        B,
        "40008",
        K.CONTENT_INVALID,
        R.NEVER,
        "TikTok does not offer this endpoint (wrong path or version).",
        "Report it with the request id: the client needs updating.",
    ),
    _row(
        B,
        "40011",
        K.CONTENT_INVALID,
        R.NEVER,
        "Too many ids were sent in one request.",
        "Report it: the client should have split the request.",
    ),
    _row(
        B,
        "40050",
        K.CONTENT_INVALID,
        R.NEVER,
        "TikTok saw this request already (duplicated request).",
        "Nothing to do: the first request is the one that counts.",
    ),
    _row(
        B,
        "40100",
        K.RATE_LIMITED,
        R.AFTER_RATE_WINDOW,
        "TikTok says requests come too frequently (40 a minute per account and endpoint, "
        "600 a minute per app).",
        "We wait for the window and retry; nothing needs doing.",
    ),
    _row(
        B,
        "40101",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "TikTok refused the app's credentials for this authorization.",
        "Check TIKTOK_BUSINESS_APP_ID and TIKTOK_BUSINESS_SECRET, then reconnect the account.",
    ),
    _row(
        B,
        "40102",
        K.AUTH_REFRESHABLE,
        R.AFTER_TOKEN_REFRESH,
        "The Accounts API access token expired.",
        "We refresh it and retry.",
    ),
    _row(
        B,
        "40103",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "The Accounts API refresh token expired (it lasts a year).",
        _RECONNECT,
    ),
    _row(
        B,
        "40104",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "No Accounts API access token was sent.",
        _RECONNECT,
    ),
    _row(
        B,
        "40105",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "TikTok does not accept the Accounts API access token (revoked or invalid).",
        _RECONNECT,
    ),
    _row(
        B,
        "40107",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "TikTok does not accept the Accounts API refresh token.",
        _RECONNECT,
    ),
    _row(
        B,
        "40108",
        K.CONTENT_INVALID,
        R.NEVER,
        "TikTok refused the grant type of a token request.",
        "Report it: the client sent a wrong grant_type.",
    ),
    _row(
        B,
        "40110",
        K.RECONNECT_NEEDED,
        R.NEVER,
        "The authorization code is invalid, used or expired (it lasts 10 minutes).",
        "Start connecting the account again.",
    ),
    _row(
        B,
        "40113",
        K.POLICY,
        R.NEVER,
        "TikTok blocked or does not know our Accounts API app.",
        "An administrator should check the app in TikTok's developer portal.",
    ),
    _row(
        B,
        "41001",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "TikTok took this interface offline for a while.",
        _WAIT,
    ),
    _row(
        B,
        "5xxxx",
        K.TRANSIENT,
        R.IMMEDIATELY_WITH_BACKOFF,
        "TikTok's service had an internal error.",
        _WAIT,
    ),
    _row(
        C,
        "reply_outcome_unknown",
        K.AMBIGUOUS,
        R.NEVER,
        "The reply was sent but TikTok's answer was lost: it may be posted.",
        "Retrying is safe: we look for the reply at TikTok before sending it again.",
    ),
)

_BY_KEY: dict[tuple[ErrorSource, str], ErrorSpec] = {(s.source, s.code): s for s in TAXONOMY}
if len(_BY_KEY) != len(TAXONOMY):  # pragma: no cover - guards the table itself
    raise RuntimeError("duplicate entry in the TikTok error taxonomy")


def spec_for(source: ErrorSource, code: str) -> ErrorSpec:
    """The taxonomy row for a code, or the safe unknown default."""
    key = (source, _KEYERS[source](code) if source in _KEYERS else code)
    found = _BY_KEY.get(key)
    if found is not None:
        return found
    return ErrorSpec(
        source,
        code,
        Category.UNKNOWN,
        RetryWhen.NEVER,
        f"TikTok answered with a code we do not know: {code!r}.",
        "Not retried automatically. Report it with the log_id so it can be classified.",
    )


def classify(
    source: ErrorSource,
    code: str,
    *,
    log_id: str | None = None,
    detail: str = "",
    retry_after_s: float | None = None,
) -> TikTokError:
    """Turn a code TikTok sent (or our client saw) into a classified error."""
    return TikTokError(spec_for(source, code), log_id, detail, retry_after_s)


def _upload_key(code: str) -> str:
    return "5xx" if code.isdigit() and 500 <= int(code) <= 599 else code


def _marketing_key(code: str) -> str:
    return "5xxxx" if code.isdigit() and 50000 <= int(code) <= 59999 else code


_KEYERS = {
    ErrorSource.UPLOAD: _upload_key,
    ErrorSource.MARKETING: _marketing_key,
    ErrorSource.BUSINESS: _marketing_key,  # the same v1.3 code space
}


def next_attempt_at(error: TikTokError, *, now: datetime, attempt: int) -> datetime | None:
    """When to try again after ``error`` on the given attempt (1-based); None: never.

    Backoff is exponential from 5 s, capped at 10 minutes. Jitter is the
    caller's business (it needs randomness, which the domain does not read).
    """
    retry = error.spec.retry
    if retry is RetryWhen.NEVER:
        return None
    if error.retry_after_s is not None:
        return now + timedelta(seconds=error.retry_after_s)
    if retry is RetryWhen.AFTER_RATE_WINDOW:
        return now + RATE_WINDOW
    if retry is RetryWhen.AFTER_DAILY_WINDOW:
        return now + DAILY_WINDOW
    if retry is RetryWhen.AFTER_TOKEN_REFRESH:
        return now
    exponent = max(0, attempt - 1)
    delay: timedelta = BACKOFF_BASE * (1 << min(exponent, 16))
    return now + min(delay, BACKOFF_CAP)
