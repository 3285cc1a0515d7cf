"""The ads use-cases (TikTok Marketing API), one per module."""
