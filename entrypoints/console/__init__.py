"""The console: server-rendered pages for the people who run a TikTok channel (ADR 0024).

Pages call the same use-cases as the HTTP API, through the one container. A session
comes from an organisation's API key; every form carries a CSRF token; every answer
carries a Content-Security-Policy with no inline script.
"""
