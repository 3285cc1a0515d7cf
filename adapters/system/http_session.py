"""The process's one aiohttp session, opened on its first request.

aiohttp is the slowest import of a worker's start (about ten bare interpreter starts), and a
worker needs it only once it calls TikTok or an endpoint. So the container's ``http_session``
resource hands out this holder, which imports aiohttp and opens the real session on the
first ``request``/``get``/``post``/``put`` (inside the event loop, where aiohttp wants it),
and closes it with the resource. Explicit methods, no proxying of the rest of the session.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    import aiohttp
    from aiohttp.client import _RequestContextManager
    from yarl import URL

CONNECT_TIMEOUT_S = 10
READ_TIMEOUT_S = 60


class LazyClientSession:
    def __init__(self, *, headers: Mapping[str, str]) -> None:
        self._headers = dict(headers)
        self._session: aiohttp.ClientSession | None = None
        self._closed = False

    @property
    def opened(self) -> bool:
        """Whether a request has opened the real session (and so imported aiohttp)."""
        return self._session is not None

    def session(self) -> aiohttp.ClientSession:
        """The real session, opened now if this is the first use."""
        if self._closed:
            raise RuntimeError("the HTTP session is closed")
        if self._session is None:
            import aiohttp

            self._session = aiohttp.ClientSession(
                headers=self._headers,
                timeout=aiohttp.ClientTimeout(
                    total=None, connect=CONNECT_TIMEOUT_S, sock_read=READ_TIMEOUT_S
                ),
            )
        return self._session

    def request(self, method: str, url: str | URL, **kwargs: Any) -> _RequestContextManager:
        return self.session().request(method, url, **kwargs)

    def get(self, url: str | URL, **kwargs: Any) -> _RequestContextManager:
        return self.session().get(url, **kwargs)

    def post(self, url: str | URL, **kwargs: Any) -> _RequestContextManager:
        return self.session().post(url, **kwargs)

    def put(self, url: str | URL, **kwargs: Any) -> _RequestContextManager:
        return self.session().put(url, **kwargs)

    async def close(self) -> None:
        self._closed = True
        if self._session is not None:
            await self._session.close()


# What the HTTP adapters take: the process's lazy session, or a plain one (tests, the demo).
HttpSession: TypeAlias = "aiohttp.ClientSession | LazyClientSession"
