"""Naming helpers every target shares (each target keeps its own case and reserved words)."""

from __future__ import annotations

from typing import Collection


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


def suffixed_if_reserved(name: str, reserved: Collection[str], suffix: str) -> str:
    """``name`` + ``suffix`` when ``name`` is reserved — and also when it is a reserved name
    plus ``suffix``es (``BlobModel`` when ``Blob`` is reserved): ``X`` and ``X + suffix`` are
    then renamed alike, so two names can never end up as one."""
    stem = name
    while True:
        if stem in reserved:
            return name + suffix
        if not stem.endswith(suffix) or stem == suffix:
            return name
        stem = stem[: -len(suffix)]
