"""The aiohttp entrypoint: HTTP API, webhook receiver, media links."""
