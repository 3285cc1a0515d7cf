"""The CLI's Accounts API commands are listed where people look for them."""

from __future__ import annotations

from click.testing import CliRunner

from entrypoints.cli.main import cli


def test_comments_and_accounts_api_insights_are_listed() -> None:
    comments = CliRunner().invoke(cli, ["comments", "--help"])
    assert comments.exit_code == 0
    for command in ("list", "show", "sync", "reply", "hide", "unhide", "delete"):
        assert f"  {command} " in comments.output
    insights = CliRunner().invoke(cli, ["insights", "--help"]).output
    assert "accounts-api-sync" in insights and "time-zone" in insights
    connect = CliRunner().invoke(cli, ["channels", "connect", "--help"]).output
    assert "accounts_api" in connect


def test_a_bad_connection_kind_is_refused_before_anything_runs() -> None:
    result = CliRunner().invoke(cli, ["channels", "connect", "--org", "o", "--kind", "fax"])
    assert result.exit_code == 2 and "fax" in result.output
