"""The README's main command end to end, then the CLI's resource commands on what it left."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from entrypoints.cli.main import cli

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_demo_publishes_end_to_end(server_tmp: Path) -> None:
    """Embedded Postgres, local store, sandbox, real media, all through the HTTP API (in a
    temporary data dir: never the user's ./.data)."""
    result = CliRunner().invoke(cli, ["demo", "--data-dir", str(server_tmp / "data")])
    assert result.exit_code == 0, result.output
    assert "status=published" in result.output
    assert "36,000,000 bytes in 3 chunks" in result.output
    assert "completion   by TikTok webhook (" in result.output  # no status poller runs
    assert "bad.mp4: fps is outside TikTok's frame-rate range" in result.output
    assert "(sent_to_inbox)" in result.output
    assert "share url    https://www.tiktok.com/@sandbox_brand/video/" in result.output
    assert "PostPublished" in result.output
    assert "business     @sandbox_business via the Accounts API: " in result.output
    assert "completion   rising (" in result.output  # from TikTok's real completion rates
    assert "watch time   " in result.output
    assert 'reply        "In our shop, link in bio!" posted' in result.output
    # the ad flow: the published post as a Spark Ad that passes review, a report, an audience
    assert "review=approved (by TikTok review event)" in result.output
    assert "ad report    " in result.output and "spend " in result.output
    assert (
        "ad audience  Demo newsletter: 2,000 hashed emails, 1000 matched on TikTok" in result.output
    )
    # The platform's receiver (standardwebhooks alone) verified every event written.
    assert "to the platform, verified by standardwebhooks" in result.output
    assert "post.published 1" in result.output and "channel.connected" in result.output


def _cli(*args: str, env: dict[str, str], ok: bool = True) -> str:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert (result.exit_code == 0) is ok, (args, result.exit_code, result.output)
    return result.output


def test_cli_commands_after_the_demo(server_tmp: Path) -> None:
    """Every resource command group, with --json for scripts and tables for people, and
    clear messages with exit 1 on errors (the sandbox is gone: TikTok calls fail)."""
    data = server_tmp / "e2e-cli"
    try:
        demo = CliRunner().invoke(cli, ["demo", "--data-dir", str(data)])
        assert demo.exit_code == 0, demo.output
        env = {"TIKTOK_CHANNEL_DATA_DIR": str(data), "TIKTOK_CHANNEL_ORG": "demo-org"}
        channels = json.loads(_cli("channels", "list", "--json", env=env))["items"]
        cid = channels[0]["id"]
        assert channels[0]["status"] == "connected"
        assert "sandbox_brand" in _cli("channels", "list", env=env)  # a table for people
        shown = json.loads(_cli("channels", "show", cid, "--json", env=env))
        assert shown["account"]["follower_count"] is not None
        business = next(c for c in channels if c["username"] == "sandbox_business")
        inbox = json.loads(_cli("comments", "list", business["id"], "--json", env=env))
        (conversation,) = inbox["items"]
        thread = json.loads(
            _cli("comments", "show", business["id"], conversation["video_id"], "--json", env=env)
        )
        assert [m["owner"] for m in thread["items"]] == [False, True]
        days = json.loads(_cli("insights", "accounts-api", business["id"], "--json", env=env))
        assert len(days["items"]) >= 28 and days["audience"]["available"]
        refused = _cli(
            "comments", "reply", business["id"], "nope", "hi", env=env, ok=False
        )  # an unknown comment: a message, exit 1
        assert "not found" in refused and "Traceback" not in refused
        posts = json.loads(_cli("posts", "list", "--json", env=env))["items"]
        published = next(p for p in posts if p["status"] == "published")
        trail = json.loads(_cli("posts", "show", published["id"], "--json", env=env))
        assert "PostPublished" in [e["name"] for e in trail["events"]]
        assert json.loads(_cli("posts", "list", "--status", "published", "--json", env=env))[
            "items"
        ] == [published]

        created = json.loads(
            _cli(
                "posts",
                "create",
                "--channel",
                cid,
                "--caption",
                "By hand #diy",
                "--privacy",
                "SELF_ONLY",
                "--method",
                "manual",
                "--json",
                env=env,
            )
        )
        pid = created["post"]["id"]
        _cli("posts", "approve", pid, "--by", "client", "--json", env=env)
        manual = json.loads(_cli("posts", "publish-now", pid, "--json", env=env))
        assert manual["manual"] is True and manual["post"]["status"] == "manual_pending"
        kit = json.loads(_cli("posts", "manual-kit", pid, "--json", env=env))
        assert kit["caption"] == "By hand #diy"
        done = json.loads(
            _cli(
                "posts",
                "mark-published",
                pid,
                "--url",
                "https://www.tiktok.com/@sandbox_brand/video/1",
                "--json",
                env=env,
            )
        )
        assert done["status"] == "published"

        key = json.loads(_cli("api-keys", "create", "--name", "ci", "--json", env=env))
        assert key["key"].startswith("tck_")
        listed = _cli("api-keys", "list", "--json", env=env)
        assert key["id"] in listed and key["key"] not in listed
        _cli("api-keys", "revoke", key["id"], env=env)

        # Outgoing events: what the demo's platform received, and sync on demand.
        (endpoint,) = json.loads(_cli("webhooks", "list", "--json", env=env))["items"]
        detail = json.loads(_cli("webhooks", "show", endpoint["id"], "--json", env=env))
        statuses = [d["status"] for d in detail["deliveries"]]  # newest first
        assert statuses.count("delivered") >= 5  # the demo's; later ones wait for a worker
        assert all(d["attempt_log"] for d in detail["deliveries"] if d["status"] == "delivered")
        events = json.loads(_cli("events", "list", "--type", "post.published", "--json", env=env))
        assert events["items"][0]["data"]["post_id"] == published["id"]
        resent = json.loads(_cli("events", "resend", events["items"][0]["id"], "--json", env=env))
        assert len(resent["deliveries"]) == 1
        job = json.loads(_cli("sync", "start", "--scope", "metrics", "--json", env=env))
        assert (
            json.loads(_cli("sync", "status", job["id"], "--json", env=env))["status"] == "queued"
        )
        bad_url = _cli("webhooks", "create", "http://10.0.0.1/x", env=env, ok=False)
        assert "url" in bad_url and "Traceback" not in bad_url
        bad_type = _cli("events", "list", "--type", "nope", env=env, ok=False)
        assert "--type must be one of" in bad_type

        latest = json.loads(_cli("insights", "latest", cid, "--json", env=env))
        assert latest["channel_id"] == cid
        assert json.loads(_cli("insights", "account", cid, "--json", env=env))["items"]

        # Errors: a clear message and exit 1, never a traceback.
        missing = _cli("posts", "approve", "nope", "--by", "x", env=env, ok=False)
        assert "post 'nope' not found" in missing and "Traceback" not in missing
        naive = _cli("posts", "schedule", pid, "--at", "2030-01-01T10:00:00", env=env, ok=False)
        assert "invalid input" in naive
        gone = _cli("channels", "verify", cid, env=env, ok=False)  # the sandbox has stopped
        assert "Error:" in gone and "Traceback" not in gone
        other = _cli(
            "posts", "show", pid, "--json", env={**env, "TIKTOK_CHANNEL_ORG": "x"}, ok=False
        )
        assert "not found" in other

        # Ads: what the demo's ad flow left, read from our own store.
        accounts = json.loads(_cli("ads", "accounts", "--json", env=env))["items"]
        assert len(accounts) == 2 and all(a["status"] == "connected" for a in accounts)
        account = accounts[0]["id"]
        [ad] = json.loads(_cli("ads", "list", account, "--kind", "ad", "--json", env=env))["items"]
        assert ad["review"] == "approved" and ad["tiktok_id"]
        day = json.loads(_cli("ads", "report", account, "--start", "2000-01-01", "--end",
                              "2000-12-31", "--json", env=env))  # fmt: skip
        assert day["items"] == []
        assert "Sandbox" in _cli("ads", "accounts", env=env)  # a table for people
        fame = _cli(
            "ads", "campaign", account, "--name", "x", "--objective", "FAME", env=env, ok=False
        )
        assert "objective must be one of" in fame and "Traceback" not in fame
        low = _cli("ads", "campaign", account, "--name", "x", "--objective", "REACH",
                   "--daily-budget", "5", env=env, ok=False)  # fmt: skip
        assert "minimum" in low
        unconfigured = _cli("ads", "pause", ad["id"], env=env, ok=False)  # no Marketing app set
        assert "TIKTOK_ADS_APP_ID" in unconfigured
    finally:
        shutil.rmtree(data, ignore_errors=True)
