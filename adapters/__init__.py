"""Adapters: the ports implemented for real services, and in memory for tests."""
