"""The sandbox: a local emulator of TikTok's API, built from the facts file, with faults.

``create_app(settings)`` returns the aiohttp application; ``tiktok-channel sandbox``
serves it. Every integration test, benchmark and the demo run against it.
"""
