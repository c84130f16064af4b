"""Naming helpers every target shares (each target keeps its own case and reserved words)."""

from __future__ import annotations


def unique_names(names: list[str], separator: str) -> list[str]:
    """Make names unique, deterministically and in order, also case-insensitively (they may
    become file names): a repeat gets ``<separator>2``, ``<separator>3``, ..."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, n = name, 1
        while candidate.lower() in seen:
            n += 1
            candidate = f"{name}{separator}{n}"
        seen.add(candidate.lower())
        out.append(candidate)
    return out
