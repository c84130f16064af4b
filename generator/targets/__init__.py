"""Stage 4 — targets: each turns the IR into files (path → text), owning its own naming,
type mapping and templates. Targets never see the raw spec."""

from __future__ import annotations

from typing import Callable

from ..ir import Api

Files = dict[str, str]
TARGETS = ("python",)


def get_target(lang: str) -> Callable[..., Files]:
    if lang == "python":
        from .python import render

        return render
    raise KeyError(lang)
