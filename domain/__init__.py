"""The pure core: SocialPost, channels, TikTok rules, error taxonomy, insights.

Standard library and attrs only. No I/O, no logging, no clock reads: every
operation that needs the time takes ``now`` as an argument.
"""
