"""The Accounts API while no app id and secret are configured: every call says so (a 409
problem at the HTTP API: the deployment, not TikTok, is the matter), nothing is sent
anywhere. Explicit methods, one per ``BusinessApi`` call (mypy checks it satisfies it)."""

from __future__ import annotations

from datetime import date

from application.errors import Conflict
from application.ports import TokenGrant
from application.ports.business import (
    BusinessAccount,
    BusinessApi,
    BusinessVideoPage,
    CommentPage,
    RemoteComment,
    TokenInfo,
)
from domain.secret import Secret

MESSAGE = (
    "the Accounts API is not configured: set TIKTOK_BUSINESS_APP_ID and "
    "TIKTOK_BUSINESS_SECRET (and TIKTOK_BUSINESS_API_BASE for the sandbox)"
)


class UnconfiguredBusinessApi:
    """Stands in for the Accounts API while it is not configured: every call refuses."""

    def _refuse(self) -> Conflict:
        return Conflict(MESSAGE)

    def authorize_url(self, *, state: str, redirect_uri: str) -> str:
        raise self._refuse()

    async def exchange_code(self, *, code: str, redirect_uri: str) -> TokenGrant:
        raise self._refuse()

    async def refresh(self, refresh_token: Secret) -> TokenGrant:
        raise self._refuse()

    async def revoke(self, access_token: Secret) -> None:
        raise self._refuse()

    async def token_info(self, access_token: Secret) -> TokenInfo:
        raise self._refuse()

    async def account(
        self, access_token: Secret, *, business_id: str, start: date, end: date
    ) -> BusinessAccount:
        raise self._refuse()

    async def list_videos(
        self, access_token: Secret, *, business_id: str, cursor: int | None = None
    ) -> BusinessVideoPage:
        raise self._refuse()

    async def list_comments(
        self, access_token: Secret, *, business_id: str, video_id: str, cursor: int = 0
    ) -> CommentPage:
        raise self._refuse()

    async def list_replies(
        self,
        access_token: Secret,
        *,
        business_id: str,
        video_id: str,
        comment_id: str,
        cursor: int = 0,
    ) -> CommentPage:
        raise self._refuse()

    async def reply(
        self, access_token: Secret, *, business_id: str, video_id: str, comment_id: str, text: str
    ) -> RemoteComment:
        raise self._refuse()

    async def hide(
        self,
        access_token: Secret,
        *,
        business_id: str,
        video_id: str,
        comment_id: str,
        hidden: bool,
    ) -> None:
        raise self._refuse()

    async def delete_comment(
        self, access_token: Secret, *, business_id: str, comment_id: str
    ) -> None:
        raise self._refuse()

    async def subscribe_comments(self, *, callback_url: str) -> str:
        raise self._refuse()


_: type[BusinessApi] = UnconfiguredBusinessApi  # mypy: it satisfies the port
