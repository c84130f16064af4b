"""black, the reference style of generated Python, with a content-hash cache.

The Python target emits black's style by construction and declares no formatter, so
generation never runs black; ``tests/test_python_black_stable.py`` formats its output here
and expects no change. A target may still opt in with ``FORMATTER = "black"``: a cold black
pass over thousands of files takes minutes, so each result is cached under its input's hash
(and black's version). A file black cannot parse is a generator bug: its raw text is kept
beside the cache for inspection.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily: only tests and opted-in targets need black
    import black


class FormatError(Exception):
    def __init__(self, path: str, message: str, dump: Path) -> None:
        super().__init__(f"{path}: black could not format the generated code ({message}); raw output kept at {dump}")
        self.path = path
        self.dump = dump


def cache_dir() -> Path:
    root = os.environ.get("SDKGEN_CACHE_DIR") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "sdkgen")
    return Path(root)


def black_mode() -> black.Mode:
    """The reference style: black's defaults (88 columns) for Python 3.10."""
    import black

    return black.Mode(target_versions={black.TargetVersion.PY310})


def format_files(files: dict[str, str], *, use_cache: bool = True) -> dict[str, str]:
    import black

    mode = black_mode()
    salt = f"black {black.__version__} {mode!r}".encode()
    cache = cache_dir() / "black"
    out = dict(files)
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        key = hashlib.sha256(salt + text.encode("utf-8", "surrogatepass")).hexdigest()
        hit = cache / key[:2] / key
        if use_cache and hit.is_file():
            out[path] = hit.read_text(encoding="utf-8")
            continue
        try:
            formatted = black.format_str(text, mode=mode)
        except Exception as exc:  # noqa: BLE001 - black raises several types for invalid input
            dump = Path(tempfile.mkdtemp(prefix="sdkgen-unformatted-")) / path.replace("/", "__")
            dump.write_text(text, encoding="utf-8")
            raise FormatError(path, str(exc).splitlines()[0][:200], dump) from None
        out[path] = formatted
        if use_cache:
            try:
                hit.parent.mkdir(parents=True, exist_ok=True)
                tmp = hit.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_text(formatted, encoding="utf-8")
                os.replace(tmp, hit)
            except OSError:
                pass  # a read-only cache only costs speed
    return out
