"""Per-stage timing for long runs: one stderr line per stage as it ends, or silence."""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Callable, Iterator


class Stages:
    """Times named stages; ``echo`` (e.g. a stderr printer) hears each one as it ends."""

    def __init__(self, echo: Callable[[str], None] | None = None, prefix: str = "") -> None:
        self.echo = echo
        self.prefix = prefix
        self.timings: list[tuple[str, float]] = []
        self.started = time.perf_counter()

    @contextmanager
    def stage(self, name: str, detail: str = "") -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.add(name, time.perf_counter() - start, detail)

    def add(self, name: str, elapsed: float, detail: str = "") -> None:
        self.timings.append((name, elapsed))
        if self.echo is not None:
            self.echo(f"{self.prefix}{name:<10} {elapsed:6.2f} s{'  ' + detail if detail else ''}")

    def note(self, message: str) -> None:
        if self.echo is not None:
            self.echo(f"{self.prefix}{message}")

    @property
    def elapsed(self) -> float:
        """Wall time since creation (stages may overlap: validation runs beside the others)."""
        return time.perf_counter() - self.started


QUIET = Stages()
