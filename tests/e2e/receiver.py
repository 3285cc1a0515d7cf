"""A platform's receiver of our events, written with the standardwebhooks package alone
(no code of ours): it verifies every delivery and de-duplicates by webhook-id."""

from __future__ import annotations

import json
import sys
from typing import Any

from aiohttp import web
from standardwebhooks.webhooks import Webhook, WebhookVerificationError


class Receiver:
    def __init__(self, secret: str = "") -> None:
        self.secret = secret
        self.verified: list[dict[str, Any]] = []  # every accepted delivery, with its id
        self.refused = 0
        self.down = False

    def unique(self) -> list[dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}
        for item in self.verified:
            seen.setdefault(item["webhook_id"], item)
        return list(seen.values())

    async def handle(self, request: web.Request) -> web.Response:
        if self.down:
            return web.Response(status=503)
        body = await request.read()
        try:
            payload = Webhook(self.secret).verify(body, dict(request.headers))
        except WebhookVerificationError:
            self.refused += 1
            return web.Response(status=401)
        self.verified.append({"webhook_id": request.headers["webhook-id"], **payload})
        return web.Response(status=204)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/hooks", self.handle)
        return app


if __name__ == "__main__":  # python -m tests.e2e.receiver PORT SECRET OUT.jsonl [DELAY_S]
    import asyncio

    port, secret, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    delay = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
    receiver = Receiver(secret)

    async def record(request: web.Request) -> web.Response:
        await asyncio.sleep(delay)  # a slow receiver: a killed sender is caught mid-send
        answer = await receiver.handle(request)
        with open(out, "a") as handle:
            if answer.status == 204:
                handle.write(json.dumps(receiver.verified[-1]) + "\n")
        return answer

    app = web.Application()
    app.router.add_post("/hooks", record)
    web.run_app(app, host="127.0.0.1", port=port, print=None)
