"""dependency-injector without the integrations it probes for on import.

On import, dependency-injector tries yaml, pydantic-settings, FastAPI, fast-depends,
Starlette and Werkzeug, to offer ``from_yaml``, ``from_pydantic`` and framework wiring.
We use none of them; a production install has none of them either, but a development
one does (test tools bring them), and importing them doubles the container's import
time. They are hidden while dependency-injector imports, and only then: a later
``import yaml`` anywhere in the process works as usual.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

OPTIONAL_INTEGRATIONS = (
    "yaml",
    "pydantic_settings",  # not pydantic: its fallback reads pydantic.VERSION
    "fastapi",
    "fast_depends",
    "starlette",
    "werkzeug",
)


@contextlib.contextmanager
def optional_integrations_hidden() -> Iterator[None]:
    """Inside the block, importing one of ``OPTIONAL_INTEGRATIONS`` not imported yet
    raises ImportError (what a library probing for it expects when it is absent)."""
    hidden = [name for name in OPTIONAL_INTEGRATIONS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # the import system's "absent"
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]
