"""Entrypoints: the HTTP API, the admin CLI and the workers, assembled by one container."""
