"""load → check → normalise, as one call for the CLI and the targets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .check import apply_fixups, check_version
from .check.parallel import PendingValidation
from .diagnostics import Diagnostics
from .ir import Api
from .load import Document, load_document
from .normalise import normalise


@dataclass
class Loaded:
    document: Document
    version: str
    diagnostics: Diagnostics


def load_and_fix(spec: str | Path) -> Loaded:
    """Raises SpecError when the input cannot be read as OpenAPI 3 at all."""
    diagnostics = Diagnostics()
    doc = load_document(spec, diagnostics)
    version = check_version(doc)
    apply_fixups(doc, diagnostics, version)
    return Loaded(doc, version, diagnostics)


def build_ir(spec: str | Path, *, validate: bool = True) -> tuple[Api, Diagnostics]:
    """load → check → normalise. Validation of big specs overlaps normalisation."""
    loaded = load_and_fix(spec)
    pending = PendingValidation(loaded.document, loaded.diagnostics, loaded.version) if validate else None
    api = normalise(loaded.document, loaded.diagnostics, loaded.version)
    if pending is not None:
        pending.join()
    return api, loaded.diagnostics
