"""A person's browser over the console, for tests without Chromium: the real app, its
cookies, and the CSRF token read off each page as a browser's form would send it."""

from __future__ import annotations

import re
from typing import Any

import attrs
from aiohttp import ClientResponse

from tests.e2e.api_world import Api

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@attrs.define
class Browser:
    api: Api
    csrf: str = ""
    last: str = ""

    async def get(self, path: str, *, expect: int | None = 200) -> str:
        async with self.api.client.get(path, allow_redirects=True) as page:
            self.last = await page.text()
            if expect is not None:
                assert page.status == expect, (page.status, self.last[:2000])
        found = CSRF.search(self.last)
        if found:
            self.csrf = found.group(1)
        return self.last

    async def post(
        self, path: str, form: dict[str, Any] | None = None, *, csrf: bool = True
    ) -> ClientResponse:
        data = {**(form or {}), **({"csrf_token": self.csrf} if csrf else {})}
        answer = await self.api.client.post(path, data=data, allow_redirects=False)
        await answer.read()
        return answer

    async def sign_in(self, key: str | None = None) -> None:
        await self.get("/console/sign-in")
        answer = await self.post("/console/sign-in", {"api_key": key or self.api.token})
        assert answer.status == 303, await answer.text()
        await self.get(answer.headers["Location"])


def alerts(page: str) -> list[str]:
    return re.findall(r'role="alert"[^>]*>([^<]*)', page)
