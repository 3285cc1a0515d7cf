"""Storing a review outcome of an ads object, with its outgoing event (ADR 0020)."""

from __future__ import annotations

from datetime import datetime

from application.ports.ads import AdsUnitOfWork
from domain.ads.model import AdObject
from domain.outgoing_events import for_ad_review


async def save_reviewed(uow: AdsUnitOfWork, reviewed: AdObject, *, now: datetime) -> AdObject:
    """Save the object whose review changed; the platform hears of it in the same
    transaction."""
    saved = await uow.ad_objects.save(reviewed)
    await uow.outbox.add(for_ad_review(reviewed, now=now))
    return saved
