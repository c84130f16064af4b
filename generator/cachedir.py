"""Where sdkgen keeps its caches: ``$SDKGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/sdkgen``,
else ``~/.cache/sdkgen``. Every cache is an optimisation: a missing or read-only folder only
costs speed."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    root = os.environ.get("SDKGEN_CACHE_DIR") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "sdkgen")
    return Path(root)


def write_atomically(path: Path, text: str) -> None:
    """Write a cache file so readers never see half of it; failures are ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
