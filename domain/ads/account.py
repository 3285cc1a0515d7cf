"""An ad account: one TikTok advertiser an organisation authorised us to manage.

Marketing API tokens are long-term and come without a refresh token; one token may
cover several advertisers, and an organisation may connect several. Revoking (ours or
TikTok's, seen as 40102/40105) leaves the account ``revoked``: its objects stay readable
but no call goes out until it is connected again.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from domain.errors import InvalidTransition
from domain.secret import Secret


class AccountStatus(enum.StrEnum):
    CONNECTED = "connected"
    REVOKED = "revoked"


@attrs.frozen
class AdAccount:
    id: str
    organisation_id: str
    advertiser_id: str
    name: str
    access_token: Secret
    connected_at: datetime
    currency: str = "USD"
    timezone: str = "UTC"
    status: AccountStatus = AccountStatus.CONNECTED
    revoked_at: datetime | None = None
    revoke_reason: str | None = None
    version: int = 0

    @property
    def usable(self) -> bool:
        return self.status is AccountStatus.CONNECTED

    def revoked(self, *, reason: str, now: datetime) -> AdAccount:
        if self.status is AccountStatus.REVOKED:
            raise InvalidTransition("ad account", "revoked", "revoked", "revoke")
        return attrs.evolve(
            self, status=AccountStatus.REVOKED, revoked_at=now, revoke_reason=reason
        )

    def reconnected(self, *, access_token: Secret, name: str, now: datetime) -> AdAccount:
        return attrs.evolve(
            self,
            access_token=access_token,
            name=name,
            status=AccountStatus.CONNECTED,
            connected_at=now,
            revoked_at=None,
            revoke_reason=None,
        )
