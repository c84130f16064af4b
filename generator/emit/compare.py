"""Compare what would be generated with what is on disk: the heart of ``sdkgen check``.

Works on content hashes so a cached render (hashes only) can be compared as cheaply as a
fresh one. Files in the output folder that sdkgen did not write (not in its manifest) are
the user's and never count as extra.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .write import MANIFEST, read_manifest


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


@dataclass(frozen=True)
class TreeDiff:
    out: Path
    changed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def current(self) -> bool:
        return not (self.changed or self.missing or self.extra)

    def lines(self) -> list[str]:
        return (
            [f"stale:   {self.out / p}" for p in self.changed]
            + [f"missing: {self.out / p}" for p in self.missing]
            + [f"extra:   {self.out / p} (generated before, no longer)" for p in self.extra]
        )


def compare_hashes(out: Path, expected: dict[str, str]) -> TreeDiff:
    """``expected`` maps relative paths (manifest included) to content hashes."""
    changed, missing = [], []
    for rel in sorted(expected):
        actual = file_digest(out / rel)
        if actual is None:
            missing.append(rel)
        elif actual != expected[rel]:
            changed.append(rel)
    try:
        previous = read_manifest(out) or set()
    except Exception:  # noqa: BLE001 - an unreadable manifest is reported as a stale manifest
        previous = set()
    extra = sorted(p for p in previous - set(expected) if p != MANIFEST and (out / p).is_file())
    return TreeDiff(out, tuple(changed), tuple(missing), tuple(extra))


def unified_diffs(diff: TreeDiff, files: dict[str, str], max_lines: int = 60) -> list[str]:
    """A short unified diff (disk → generated) of the stale and missing files, at most ``max_lines``."""
    out: list[str] = []
    for rel in (*diff.changed, *diff.missing):
        path = diff.out / rel
        try:
            before = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            before = []
        after = files.get(rel, "").splitlines()
        out.extend(difflib.unified_diff(before, after, f"{path} (on disk)", f"{path} (generated)", lineterm="", n=2))
        if len(out) >= max_lines:
            return out[:max_lines] + ["... (diff truncated; run `sdkgen generate` to update)"]
    return out
