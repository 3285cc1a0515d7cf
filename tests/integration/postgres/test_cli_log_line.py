"""A CLI command that runs a use-case logs its canonical ``use_case`` line when a log was
asked for (``--log-level``), with its outcome; by default its output is only its own."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from entrypoints.cli.main import cli
from tests.log_lines import LogLines


def _env(pg_url: str, tmp_path: Path) -> dict[str, str]:
    return {"DATABASE_URL": pg_url, "TIKTOK_CHANNEL_DATA_DIR": str(tmp_path)}


def test_a_command_logs_one_use_case_line_when_asked(
    pg_url: str, tmp_path: Path, lines: LogLines
) -> None:
    done = CliRunner().invoke(
        cli,
        ["--log-level", "INFO", "api-keys", "list", "--org", "org-cli"],
        env=_env(pg_url, tmp_path),
    )
    assert done.exit_code == 0, done.output
    runs = [line for line in lines if line["event"] == "use_case"]
    assert [(r["use_case"], r["outcome"]) for r in runs] == [("cli api-keys list", "ok")]
    assert runs[0]["tiktok_calls"] == 0 and runs[0]["duration_ms"] >= 0


def test_a_refused_command_logs_its_error(pg_url: str, tmp_path: Path, lines: LogLines) -> None:
    done = CliRunner().invoke(
        cli,
        ["--log-level", "INFO", "api-keys", "revoke", "--org", "org-cli", "nosuchkey"],
        env=_env(pg_url, tmp_path),
    )
    assert done.exit_code == 1 and "Traceback" not in done.output
    [run] = [line for line in lines if line["event"] == "use_case"]
    assert run["use_case"] == "cli api-keys revoke" and run["outcome"] == "error:NotFound"


def test_no_line_unless_asked(pg_url: str, tmp_path: Path, lines: LogLines) -> None:
    done = CliRunner().invoke(
        cli, ["api-keys", "list", "--org", "org-cli", "--json"], env=_env(pg_url, tmp_path)
    )
    assert done.exit_code == 0, done.output
    assert [line for line in lines if line["event"] == "use_case"] == []
    assert done.stdout.strip().startswith("[") or done.stdout.strip().startswith("{")
