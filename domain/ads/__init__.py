"""The ads model: TikTok Marketing API objects, their states and the rules checked first."""
