"""The admin CLI: `tiktok-channel`."""
