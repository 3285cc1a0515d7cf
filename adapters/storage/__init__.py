"""Object storage adapters: a local directory, and S3-compatible services."""
