"""Remember openapi-spec-validator's verdict on a spec, keyed by the spec's exact bytes.

The validator is the slowest stage on big specs (seconds on Stripe) and its verdict depends
only on the documents it reads, the validator's version and our fixups; a regeneration after a
template change or a `sdkgen check` after an edit elsewhere can reuse it.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version as package_version
from pathlib import Path

from ..cachedir import cache_dir, write_atomically
from ..diagnostics import Diagnostic, Location
from ..load import Document


def _validator_version() -> str:
    found = []
    for package in ("openapi-spec-validator", "jsonschema-rs"):
        try:
            found.append(f"{package}=={package_version(package)}")
        except PackageNotFoundError:  # pragma: no cover - declared dependencies
            found.append(f"{package}==none")
    return ",".join(found)


@lru_cache(maxsize=None)
def _own_code() -> str:
    """The loader's and checker's source: a fix there must not reuse an old verdict."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for folder in (here, here.parent / "load"):
        for path in sorted(folder.glob("*.py")):
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def verdict_key(doc: Document, version: str) -> str:
    h = hashlib.sha256(f"{_validator_version()}\0{_own_code()}\0{version}\0{os.getcwd()}".encode())
    for name in sorted(doc.files):
        h.update(name.encode() + b"\0" + doc.files[name].text.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


def _path(key: str) -> Path:
    return cache_dir() / "validation" / f"{key}.json"


def lookup(key: str) -> list[Diagnostic] | None:
    try:
        items = json.loads(_path(key).read_text(encoding="utf-8"))
        return [Diagnostic(d["level"], d["code"], d["message"], Location(d["file"], 0, 0, d["pointer"])) for d in items]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(key: str, items: list[Diagnostic]) -> None:
    data = [{"level": d.level, "code": d.code, "message": d.message, "file": d.location.file, "pointer": d.location.pointer} for d in items]
    write_atomically(_path(key), json.dumps(data))
