"""Diagnostics are data: level, code, message and a location (file, line, column, pointer).

Every stage reports problems by adding to a :class:`Diagnostics` sink; the CLI prints them
once, sorted by location. Locations are attached where a problem is found, as a JSON pointer
into a named file; line and column are looked up lazily (see ``load.locator``) because most
runs never need them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Iterator, Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    file: str
    line: int = 0
    column: int = 0
    pointer: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        if self.pointer:
            where += f" ({self.pointer or '#'})"
        return where


@dataclass(frozen=True)
class Diagnostic:
    level: Level
    code: str
    message: str
    location: Location

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code, self.message)

    def format(self) -> str:
        return f"{self.location}: {self.level}[{self.code}]: {self.message}"

    def as_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "level": self.level,
            "code": self.code,
            "message": self.message,
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
            "pointer": loc.pointer,
        }


class SpecError(Exception):
    """Input that cannot be processed at all (unreadable, not OpenAPI 3, ...).

    Carries the diagnostics that explain why; the CLI prints them and exits 2.
    """

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics


Resolver = Callable[[str, str], tuple[int, int]]


@dataclass
class Diagnostics:
    """Collects diagnostics; resolves line/column lazily through ``resolver``."""

    resolver: Resolver | None = None
    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[tuple[str, str, str, str]] = field(default_factory=set)

    def add(self, level: Level, code: str, message: str, file: str, pointer: str = "") -> None:
        key = (level, code, file, pointer + "\0" + message)
        if key in self._seen:
            return
        self._seen.add(key)
        self.items.append(Diagnostic(level, code, message, Location(file, 0, 0, pointer)))

    def error(self, code: str, message: str, file: str, pointer: str = "") -> None:
        self.add("error", code, message, file, pointer)

    def warning(self, code: str, message: str, file: str, pointer: str = "") -> None:
        self.add("warning", code, message, file, pointer)

    def extend(self, items: list[Diagnostic]) -> None:
        for d in items:
            self.add(d.level, d.code, d.message, d.location.file, d.location.pointer)

    @property
    def has_errors(self) -> bool:
        return any(d.level == "error" for d in self.items)

    def located(self, strict: bool = False) -> list[Diagnostic]:
        """All diagnostics with line/column filled in, sorted; ``strict`` promotes warnings."""
        out = []
        for d in self.items:
            loc = d.location
            if self.resolver is not None and not loc.line:
                line, col = self.resolver(loc.file, loc.pointer)
                loc = replace(loc, line=line, column=col)
            level: Level = "error" if strict else d.level
            out.append(Diagnostic(level, d.code, d.message, loc))
        return sorted(out, key=Diagnostic.sort_key)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)
