"""The TikTok API port over HTTP (aiohttp): OAuth, posting, uploads, display."""
