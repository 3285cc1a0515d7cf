"""Runtime settings from the environment, with embedded defaults for everything."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path
from typing import Any

from adapters.system.cipher import AesGcmCipher

ENV = {
    "database_url": "DATABASE_URL",
    "data_dir": "TIKTOK_CHANNEL_DATA_DIR",
    "token_keys": "TIKTOK_CHANNEL_TOKEN_KEYS",
    "tiktok_api_base": "TIKTOK_API_BASE",
    "tiktok_auth_base": "TIKTOK_AUTH_BASE",
    "tiktok_client_key": "TIKTOK_CLIENT_KEY",
    "tiktok_client_secret": "TIKTOK_CLIENT_SECRET",
    "redirect_uri": "TIKTOK_REDIRECT_URI",
    "business_app_id": "TIKTOK_BUSINESS_APP_ID",
    "business_secret": "TIKTOK_BUSINESS_SECRET",
    "business_api_base": "TIKTOK_BUSINESS_API_BASE",
    "business_authorize_url": "TIKTOK_BUSINESS_AUTHORIZE_URL",
    "business_redirect_uri": "TIKTOK_BUSINESS_REDIRECT_URI",
    "log_level": "TIKTOK_CHANNEL_LOG_LEVEL",
    "storage": "TIKTOK_CHANNEL_STORAGE",  # local (default) or s3
    "media_base_url": "TIKTOK_CHANNEL_MEDIA_BASE_URL",
    "media_signing_key": "TIKTOK_CHANNEL_MEDIA_SIGNING_KEY",
    "worker_id": "TIKTOK_CHANNEL_WORKER_ID",
    "lease_seconds": "TIKTOK_CHANNEL_LEASE_SECONDS",
    "publish_batch": "TIKTOK_CHANNEL_PUBLISH_BATCH",
    "alert_webhook_url": "TIKTOK_CHANNEL_ALERT_WEBHOOK_URL",
    "tiktok_request_timeout_s": "TIKTOK_REQUEST_TIMEOUT_S",
    "retention_days": "TIKTOK_CHANNEL_RETENTION_DAYS",
    "status_deadline_s": "TIKTOK_CHANNEL_STATUS_DEADLINE_S",
    "creator_info_cache_s": "TIKTOK_CHANNEL_CREATOR_INFO_CACHE_S",
    "events_allow_private": "TIKTOK_CHANNEL_EVENTS_ALLOW_PRIVATE",
    "event_retention_days": "TIKTOK_CHANNEL_EVENT_RETENTION_DAYS",
    "event_lease_seconds": "TIKTOK_CHANNEL_EVENT_LEASE_S",
    "return_origins": "TIKTOK_CHANNEL_RETURN_ORIGINS",
    "metrics_token": "TIKTOK_CHANNEL_METRICS_TOKEN",
    "console_session_key": "TIKTOK_CHANNEL_CONSOLE_SESSION_KEY",
    "console_session_hours": "TIKTOK_CHANNEL_CONSOLE_SESSION_HOURS",
    "console_idle_minutes": "TIKTOK_CHANNEL_CONSOLE_IDLE_MINUTES",
    "s3_bucket": "TIKTOK_CHANNEL_S3_BUCKET",
    "s3_endpoint_url": "TIKTOK_CHANNEL_S3_ENDPOINT",
    "s3_region": "TIKTOK_CHANNEL_S3_REGION",
    "s3_access_key_id": "TIKTOK_CHANNEL_S3_ACCESS_KEY_ID",
    "s3_secret_access_key": "TIKTOK_CHANNEL_S3_SECRET_ACCESS_KEY",
    "marketing_app_id": "TIKTOK_ADS_APP_ID",
    "marketing_secret": "TIKTOK_ADS_SECRET",
    "marketing_api_base": "TIKTOK_ADS_API_BASE",
    "ads_review_callback_url": "TIKTOK_ADS_REVIEW_CALLBACK_URL",
    "ads_phone_edition": "TIKTOK_ADS_PHONE_EDITION",
    "ads_country_code": "TIKTOK_ADS_COUNTRY_CODE",
}
KEY_FILE = "token-keys"
MEDIA_KEY_FILE = "media-signing-key"
CONSOLE_KEY_FILE = "console-session-key"
# Signing keys that were ever defaults in public code: a link signed with one is forgeable.
KNOWN_MEDIA_KEYS = frozenset({"local-media-links", "local-media"})
MEDIA_KEY_MIN = 16
METRICS_TOKEN_FILE = "metrics-token"


def from_env(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Container overrides for every setting the environment gives."""
    env = os.environ if environ is None else environ
    return {name: env[var] for name, var in ENV.items() if env.get(var)}


def data_dir(configured: str | None) -> Path:
    return Path(configured) if configured else Path.cwd() / ".data"


def _owner_only_file(path: Path, content: str) -> None:
    """Create ``path`` readable by its owner only; an existing file is left as it is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    except FileExistsError:
        return  # another process made it first: use theirs
    with os.fdopen(fd, "w") as handle:
        handle.write(content)


def load_media_signing_key(configured: str | None, data_dir_path: str | None) -> bytes:
    """The key signing local media links: TIKTOK_CHANNEL_MEDIA_SIGNING_KEY, or a random key
    in the data directory made on first use. A known public constant is refused."""
    if configured:
        if configured in KNOWN_MEDIA_KEYS or len(configured) < MEDIA_KEY_MIN:
            raise ValueError(
                "TIKTOK_CHANNEL_MEDIA_SIGNING_KEY is a known or short value (anyone could "
                f"forge media links): use {MEDIA_KEY_MIN}+ random characters, or unset it to "
                "use a random key kept in the data directory"
            )
        return configured.encode()
    path = data_dir(data_dir_path) / MEDIA_KEY_FILE
    if not path.exists():
        _owner_only_file(path, secrets.token_urlsafe(32) + "\n")
    return path.read_text().strip().encode()


def load_cipher(token_keys: str | None, data_dir_path: str | None) -> AesGcmCipher:
    """Keys come from configuration: TIKTOK_CHANNEL_TOKEN_KEYS, or a key file in the data
    directory created (owner-only) on first use. Never from the database."""
    if token_keys:
        return AesGcmCipher.from_config(token_keys)
    path = data_dir(data_dir_path) / KEY_FILE
    if not path.exists():
        _owner_only_file(path, f"k1:{AesGcmCipher.generate_key()}\n")
    return AesGcmCipher.from_config(path.read_text().strip())


def return_origins(configured: str | None) -> tuple[str, ...]:
    """TIKTOK_CHANNEL_RETURN_ORIGINS: comma-separated origins every organisation may use
    as OAuth return URLs (``https://admin.example,https://app.example``)."""
    from domain.return_url import normalise_origins

    entries = [e.strip() for e in (configured or "").split(",") if e.strip()]
    return normalise_origins(entries)


def load_metrics_token(configured: str | None, data_dir_path: str | None) -> str:
    """The bearer token /metrics asks for: TIKTOK_CHANNEL_METRICS_TOKEN, or a random one
    kept in the data directory (``metrics-token``, owner-only) made on first use."""
    if configured:
        if len(configured) < MEDIA_KEY_MIN:
            raise ValueError(f"TIKTOK_CHANNEL_METRICS_TOKEN must be {MEDIA_KEY_MIN}+ characters")
        return configured
    path = data_dir(data_dir_path) / METRICS_TOKEN_FILE
    if not path.exists():
        _owner_only_file(path, secrets.token_urlsafe(32) + "\n")
    return path.read_text().strip()


def load_console_session_key(configured: str | None, data_dir_path: str | None) -> bytes:
    """The key encrypting the console's session cookies (Fernet: AES-128-CBC + HMAC):
    TIKTOK_CHANNEL_CONSOLE_SESSION_KEY (32 bytes, url-safe base64, as
    ``Fernet.generate_key()`` makes), or a random key kept in the data directory
    (``console-session-key``, owner-only) made on first use. A new key signs everyone out."""
    import base64
    import binascii

    if configured:
        try:
            decoded = base64.urlsafe_b64decode(configured.encode())
        except (binascii.Error, ValueError):
            decoded = b""
        if len(decoded) != 32:
            raise ValueError(
                "TIKTOK_CHANNEL_CONSOLE_SESSION_KEY must be 32 bytes in url-safe base64 "
                "(python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())')"
            )
        return decoded
    path = data_dir(data_dir_path) / CONSOLE_KEY_FILE
    if not path.exists():
        _owner_only_file(path, base64.urlsafe_b64encode(secrets.token_bytes(32)).decode() + "\n")
    return base64.urlsafe_b64decode(path.read_text().strip().encode())


def approval_link_key(console_session_key: bytes) -> bytes:
    """The key signing client approval links (ADR 0030): derived from the console session
    key (HMAC-SHA256 with its own label), so the two never sign each other's data and a
    new session key also voids every approval link."""
    import hashlib
    import hmac

    return hmac.digest(console_session_key, b"tiktok-channel approval links", hashlib.sha256)
