"""The README's main command, end to end."""

from __future__ import annotations

from click.testing import CliRunner

from entrypoints.cli.main import cli


def test_demo_publishes_end_to_end() -> None:
    """The README's main command: embedded Postgres, local store, sandbox, real media."""
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    assert "status=published" in result.output
    assert "36,000,000 bytes in 3 chunks" in result.output
    assert "refused: demo/bad.mp4: fps" in result.output
    assert "(sent_to_inbox)" in result.output
    assert "share url    https://www.tiktok.com/@sandbox_brand/video/" in result.output
    assert "PostPublished" in result.output
