"""Stage 4 — targets: each turns the IR into files (path → text), owning its own naming,
type mapping and templates. Targets never see the raw spec.

A target is a subpackage ``generator.targets.<name>`` exposing::

    def render_files(api: Api, package: str | None) -> dict[str, str]   # path -> file text

optionally also ``iter_files(api, package)``, the same files as (path, text) pairs one at a
time, which `sdkgen generate` writes while the next ones render (the Python target has it: its
thousands of model modules on big specs); and an entry in ``TARGETS`` below; only targets whose module exists are offered. Output is
formatted by construction (black's style for Python): no formatter runs at generation time.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

Files = dict[str, str]

# name → subpackage of generator.targets
TARGETS: dict[str, str] = {
    "python": "python",
    "typescript": "typescript",
    "docs": "docs",
}


def available_targets() -> tuple[str, ...]:
    return tuple(name for name, mod in TARGETS.items() if importlib.util.find_spec(f"{__name__}.{mod}") is not None)


def get_target(lang: str) -> ModuleType:
    if lang not in TARGETS:
        raise KeyError(lang)
    return importlib.import_module(f"{__name__}.{TARGETS[lang]}")
