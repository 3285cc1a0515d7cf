"""dependency-injector without the integrations it probes for on import; structlog
without rich off a terminal.

On import, dependency-injector tries yaml, pydantic-settings, FastAPI, fast-depends,
Starlette and Werkzeug, to offer ``from_yaml``, ``from_pydantic`` and framework wiring.
We use none of them; a production install has none of them either, but a development
one does (test tools bring them), and importing them doubles the container's import
time. They are hidden while dependency-injector imports, and only then: a later
``import yaml`` anywhere in the process works as usual.

structlog imports rich (if installed) for its console renderer's tracebacks. Off a
terminal the log is JSON, which never uses rich, so ``entrypoints/log_config.py`` imports
structlog with ``CONSOLE_EXTRAS`` hidden there (``console_extras_unused``); on a terminal
the console renderer gets rich as before.
"""

from __future__ import annotations

import contextlib
import sys
import types
from collections.abc import Iterator, Sequence

OPTIONAL_INTEGRATIONS = (
    "yaml",
    "pydantic_settings",
    "pydantic",  # its fallback, for pydantic v1's settings: a stand-in of no v1 (below)
    "fastapi",
    "fast_depends",
    "starlette",
    "werkzeug",
)
CONSOLE_EXTRAS = ("rich",)
# dependency-injector's compiled ``import pydantic`` returns a None it finds in sys.modules
# (no ImportError) and then reads ``pydantic.VERSION``: it gets a stand-in saying "not v1".
_STAND_INS = {"pydantic": {"VERSION": "0 (not imported: entrypoints/lean_imports.py)"}}


def console_extras_unused() -> tuple[str, ...]:
    """``CONSOLE_EXTRAS`` when the log will be JSON (stderr is not a terminal), else none."""
    return () if sys.stderr.isatty() else CONSOLE_EXTRAS


@contextlib.contextmanager
def optional_integrations_hidden(
    names: Sequence[str] = OPTIONAL_INTEGRATIONS,
) -> Iterator[None]:
    """Inside the block, importing one of ``names`` not imported yet raises ImportError
    (what a library probing for it expects when it is absent)."""
    hidden: dict[str, types.ModuleType | None] = {}
    for name in names:
        if name not in sys.modules:
            stand_in = None  # the import system's "absent"
            if name in _STAND_INS:
                stand_in = types.ModuleType(name)
                vars(stand_in).update(_STAND_INS[name])
            hidden[name] = sys.modules[name] = stand_in  # type: ignore[assignment]
    try:
        yield
    finally:
        for name, stand_in in hidden.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
