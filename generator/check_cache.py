"""Cache for ``sdkgen check``: an unchanged spec with an unchanged generator skips rendering.

The key is everything that decides the output: sdkgen's own code and templates (hashed, so an
edited template invalidates it even without a version bump), the target, its package option
and the root spec path. The entry records the hash of every spec file the run read ($refs
included) and the hash of every file it generated. A hit needs every spec file unchanged;
then comparing the disk with the recorded hashes is all ``check`` has to do.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from . import __version__
from .cachedir import cache_dir, write_atomically
from .emit.compare import digest, file_digest

GENERATOR_ROOT = Path(__file__).resolve().parent
TEMPLATES = GENERATOR_ROOT / "templates"  # the same folder generator.targets.render reads


@lru_cache(maxsize=None)
def generator_fingerprint() -> str:
    h = hashlib.sha256(__version__.encode())
    for root, pattern in ((GENERATOR_ROOT, "*.py"), (TEMPLATES.resolve(), "*")):
        for path in sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _entry_path(spec: Path, lang: str, package: str | None) -> Path:
    key = hashlib.sha256(f"{generator_fingerprint()}\0{lang}\0{package}\0{spec.resolve()}".encode()).hexdigest()
    return cache_dir() / "check" / f"{key}.json"


def lookup(spec: Path, lang: str, package: str | None) -> dict[str, str] | None:
    """The generated files' hashes from a previous run, if every spec file is unchanged."""
    try:
        entry = json.loads(_entry_path(spec, lang, package).read_text(encoding="utf-8"))
        sources, files = entry["sources"], entry["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(sources, dict) or not isinstance(files, dict):
        return None
    if any(file_digest(Path(p)) != h for p, h in sources.items()):
        return None
    return files


def store(spec: Path, lang: str, package: str | None, sources: tuple[Path, ...], files: dict[str, str]) -> None:
    entry = {
        "sources": {str(p.resolve()): file_digest(p) for p in sources},
        "files": {rel: digest(text) for rel, text in files.items()},
    }
    write_atomically(_entry_path(spec, lang, package), json.dumps(entry, sort_keys=True))
