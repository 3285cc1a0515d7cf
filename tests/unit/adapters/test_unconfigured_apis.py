"""The stand-ins for an unconfigured Accounts API and Marketing API: one explicit method per
port call (no ``__getattr__`` proxy), each refusing with the message that says how to
configure it; nothing is sent anywhere."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from adapters.tiktok.business_unconfigured import UnconfiguredBusinessApi
from adapters.tiktok.marketing_unconfigured import AdsNotConfigured, UnconfiguredMarketing
from application.errors import Conflict
from application.ports.ads import MarketingApi
from application.ports.business import BusinessApi


def _port_methods(port: type) -> list[str]:
    return [name for name, _ in inspect.getmembers(port, inspect.isfunction) if name[0] != "_"]


def _dummy_args(method: Any) -> tuple[list[None], dict[str, None]]:
    params = list(inspect.signature(method).parameters.values())[1:]  # past self
    positional = [None for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
    keywords = {p.name: None for p in params if p.kind is p.KEYWORD_ONLY}
    return positional, keywords


@pytest.mark.parametrize(
    ("stand_in", "port", "refusal", "says"),
    [
        (UnconfiguredBusinessApi, BusinessApi, Conflict, "TIKTOK_BUSINESS_APP_ID"),
        (UnconfiguredMarketing, MarketingApi, AdsNotConfigured, "TIKTOK_ADS_APP_ID"),
    ],
)
async def test_every_call_of_the_port_is_an_explicit_refusal(
    stand_in: type, port: type, refusal: type[Exception], says: str
) -> None:
    assert "__getattr__" not in vars(stand_in)
    api = stand_in()
    for name in _port_methods(port):
        assert name in vars(stand_in), f"{stand_in.__name__} lacks {name}"
        method = getattr(api, name)
        positional, keywords = _dummy_args(getattr(port, name))
        with pytest.raises(refusal, match=says):
            result = method(*positional, **keywords)
            if inspect.iscoroutine(result):
                await result
