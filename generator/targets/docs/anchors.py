"""Page file names and heading anchors. Anchors follow GitHub's slug rule (lower case,
punctuation dropped, spaces → hyphens, ``-1``, ``-2`` … for repeats), computed here so
every link is known to resolve before a template runs."""

from __future__ import annotations

import re

from ...normalise.words import words
from ..text import one_line

_NOT_SLUG = re.compile(r"[^\w\- ]", re.UNICODE)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading's text (as rendered, i.e. unescaped)."""
    return _NOT_SLUG.sub("", one_line(heading).lower()).replace(" ", "-")


class Slugger:
    """Anchors of one page, in heading order: a repeated heading gets GitHub's suffix."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def add(self, heading: str) -> str:
        base = slug(heading)
        candidate, n = base, 0
        while candidate in self._seen:
            n += 1
            candidate = f"{base}-{n}"
        self._seen.add(candidate)
        return candidate


def file_names(names: list[str], fallback: str) -> dict[str, str]:
    """A distinct kebab-case ``.md`` file name per name (case-insensitively distinct, for
    file systems that fold case), in the order given."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        stem = "-".join(words(name)) or fallback
        candidate, n = stem, 1
        while candidate.lower() in taken or candidate.lower() == "readme":
            n += 1
            candidate = f"{stem}-{n}"
        taken.add(candidate.lower())
        out[name] = candidate + ".md"
    return out
