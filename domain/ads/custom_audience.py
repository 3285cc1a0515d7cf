"""A custom audience built from a customer file we hashed, or a lookalike of one."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from domain.ads.audience import IdentifierKind
from domain.ads.rules import AUDIENCE_NAME_MAX
from domain.errors import InvalidTransition, RuleViolation, raise_if_any


class AudienceStatus(enum.StrEnum):
    ACTIVE = "active"
    DELETED = "deleted"


@attrs.frozen
class CustomAudience:
    """What we keep of an audience: counts and file signatures, never an identifier."""

    id: str
    organisation_id: str
    account_id: str
    name: str
    created_at: datetime
    kind: IdentifierKind | None = None  # None for a lookalike
    tiktok_id: str | None = None
    file_paths: tuple[str, ...] = ()  # TikTok's paths of the hashed files uploaded
    signatures: tuple[str, ...] = ()  # MD5 of each hashed file, as sent
    identifiers: int = 0  # hashed identifiers sent so far
    rejected: int = 0  # lines that could not be normalised
    lookalike_of: str | None = None  # our id of the source audience
    status: AudienceStatus = AudienceStatus.ACTIVE
    version: int = 0

    @staticmethod
    def check_name(name: str) -> None:
        raise_if_any(
            []
            if name.strip() and len(name) <= AUDIENCE_NAME_MAX
            else [
                RuleViolation(
                    "audience_name", "name", "1 to 128 characters", len(name), AUDIENCE_NAME_MAX
                )
            ]
        )

    def appended(
        self, *, file_path: str, signature: str, identifiers: int, rejected: int
    ) -> CustomAudience:
        if self.status is AudienceStatus.DELETED:
            raise InvalidTransition("audience", "deleted", "active", "append")
        return attrs.evolve(
            self,
            file_paths=(*self.file_paths, file_path),
            signatures=(*self.signatures, signature),
            identifiers=self.identifiers + identifiers,
            rejected=self.rejected + rejected,
        )

    def deleted(self) -> CustomAudience:
        return attrs.evolve(self, status=AudienceStatus.DELETED)
