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



def test_insights_compute_after_the_demo(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    data = Path(__file__).resolve().parents[2] / ".data" / "e2e-insights"
    try:
        demo = CliRunner().invoke(cli, ["demo", "--data-dir", str(data)])
        assert demo.exit_code == 0, demo.output
        env = {"TIKTOK_CHANNEL_DATA_DIR": str(data)}
        shown = CliRunner().invoke(cli, ["insights", "compute"], env=env)
        assert shown.exit_code == 0, shown.output
        assert "average views, 30 days:" in shown.output and "top hashtags: #" in shown.output
        as_json = CliRunner().invoke(cli, ["insights", "compute", "--json"], env=env)
        assert as_json.exit_code == 0 and '"top_hashtags"' in as_json.output
    finally:
        import shutil

        shutil.rmtree(data, ignore_errors=True)
