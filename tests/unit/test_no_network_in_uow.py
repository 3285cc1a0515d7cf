"""No network call while a unit of work (a database transaction) is open.

An AST check over the application layer: inside ``async with ...uow() as work`` every
``await`` is on the unit of work or its repositories (``work.posts.get(...)``,
``work.commit()``), or on a helper given the unit of work (``post_in_org(work, ...)``),
and such helpers (functions taking a ``UnitOfWork``) keep the same rule. TikTok, storage,
the probe and the notifier are called before or after, never inside.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "application"
# Deliberate exceptions, each with its reason.
ALLOWED = {
    # TikTok rotates the refresh token: two refreshes must not race, so the refresh is
    # made holding the channel's row lock (ADR 0010).
    ("use_cases/refresh_channel_token.py", "self.tiktok.refresh"),
}


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_uow_call(node: ast.expr) -> bool:
    """``self.uow()``, ``uow()``, ``self.uow_factory()``: opening a unit of work."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return "uow" in name


def _awaits_outside(body: list[ast.stmt], work: str) -> Iterator[ast.Await]:
    for stmt in body:
        for node in ast.walk(stmt):
            if not isinstance(node, ast.Await):
                continue
            value = node.value
            if _root_name(value) == work:
                continue  # work.posts.get(...), work.commit()
            if isinstance(value, ast.Call) and any(
                isinstance(a, ast.Name) and a.id == work for a in value.args
            ):
                continue  # a helper given the unit of work (checked below)
            yield node


def violations(path: Path) -> Iterator[str]:
    rel = path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        blocks: list[tuple[list[ast.stmt], str]] = []
        if isinstance(node, ast.AsyncWith):
            for item in node.items:
                if _is_uow_call(item.context_expr) and isinstance(item.optional_vars, ast.Name):
                    blocks.append((node.body, item.optional_vars.id))
        elif isinstance(node, ast.AsyncFunctionDef):
            for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
                annotation = ast.unparse(arg.annotation) if arg.annotation else ""
                if annotation == "UnitOfWork":
                    blocks.append((node.body, arg.arg))
        for body, work in blocks:
            for bad in _awaits_outside(body, work):
                call = ast.unparse(bad.value)
                callee = call.split("(", 1)[0]
                if (rel, callee) not in ALLOWED:
                    yield f"{rel}:{bad.lineno}: await {call[:80]}"


def test_no_await_but_on_the_unit_of_work_inside_one() -> None:
    found = [v for path in sorted(ROOT.rglob("*.py")) for v in violations(path)]
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "async def f(self):\n    async with self.uow() as uow:\n"
        "        c = await uow.channels.get('c')\n        await self.tiktok.creator_info(c)\n",
        "async def f(uow: UnitOfWork, tiktok):\n    await tiktok.creator_info(None)\n",
    ],
)
def test_the_check_finds_a_call_inside(source: str, tmp_path: Path) -> None:
    global ROOT
    path = tmp_path / "x.py"
    path.write_text(source)
    saved, ROOT = ROOT, tmp_path
    try:
        assert list(violations(path)) != []
    finally:
        ROOT = saved
