"""ADR 0025: the vendored Chart.js is the file the record names, and no template holds an
inline script, an inline event handler or a javascript: URL (the CSP would block them)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

CONSOLE = Path(__file__).resolve().parents[3] / "entrypoints" / "console"
CHART_SHA256 = "87364cc2b2a76a6684929e7d6b80b18a897794db38400caff1fcf1791c6925d2"


def test_the_vendored_chart_js_is_the_recorded_release() -> None:
    data = (CONSOLE / "static" / "vendor" / "chart.umd.min.js").read_bytes()
    assert hashlib.sha256(data).hexdigest() == CHART_SHA256
    assert (CONSOLE / "static" / "vendor" / "chart.js-LICENSE.md").exists()


def test_no_template_holds_inline_script() -> None:
    templates = sorted((CONSOLE / "templates").rglob("*.html"))
    assert templates
    for template in templates:
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, (template.name, tag)
        assert not re.search(r"\son[a-z]+\s*=", text), template.name
        assert "javascript:" not in text, template.name
        assert not re.search(r"\sstyle\s*=", text), template.name
