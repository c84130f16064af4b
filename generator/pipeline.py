"""load → check → normalise, as one call for the CLI and the targets."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable
from pathlib import Path

from .check import apply_fixups, check_version
from .check import verdicts
from .check.parallel import PendingValidation
from .diagnostics import Diagnostics
from .ir import Api
from .load import Document, load_document
from .normalise import normalise
from .timing import QUIET, Stages


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


@dataclass
class Built:
    api: Api
    diagnostics: Diagnostics
    sources: tuple[Path, ...]  # every file the spec was read from (root first), for caches
    _finish: Callable[[Stages], None] | None = None

    def finish(self, stages: Stages = QUIET) -> None:
        """Wait for a validation still running (see ``build(defer_validation=True)``)."""
        if self._finish is not None:
            finish, self._finish = self._finish, None
            finish(stages)


def build(spec: str | Path, *, validate: bool = True, stages: Stages = QUIET, defer_validation: bool = False) -> Built:
    """load → check → normalise. Validation of big specs runs in a forked process beside the
    rest; with ``defer_validation`` the caller may go on (render) and call ``finish()`` later."""
    with stages.stage("load"):
        loaded = load_and_fix(spec)
    start = time.perf_counter()
    key = verdicts.verdict_key(loaded.document, loaded.version) if validate else ""
    known = verdicts.lookup(key) if validate else None
    if known is not None:
        loaded.diagnostics.extend(known)
        stages.add("validate", time.perf_counter() - start, "(cached verdict: the spec files are unchanged)")
    pending = PendingValidation(loaded.document, loaded.diagnostics, loaded.version) if validate and known is None else None
    validating = time.perf_counter() - start  # in-process for small specs; forked for big ones
    with stages.stage("normalise"):
        api = normalise(loaded.document, loaded.diagnostics, loaded.version)
    sources = tuple(f.path for f in loaded.document.files.values())
    built = Built(api, loaded.diagnostics, sources)
    if pending is not None:

        def finish(stages: Stages) -> None:
            start = time.perf_counter()
            forked = pending.forked  # (join forgets the process)
            pending.join()
            detail = "(waited for; it ran beside the other stages)" if forked else ""
            stages.add("validate", validating + time.perf_counter() - start, detail)
            verdicts.store(key, pending.added)

        built._finish = finish
        if not defer_validation:
            built.finish(stages)
    return built


def build_ir(spec: str | Path, *, validate: bool = True) -> tuple[Api, Diagnostics]:
    built = build(spec, validate=validate)
    return built.api, built.diagnostics
