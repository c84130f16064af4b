"""Run openapi-spec-validator in a forked process while the parent normalises.

On a Stripe-sized spec the validator alone takes several seconds, longer than everything
else; forking after load lets it use the second core without re-reading the document.
Small specs (and platforms without fork) validate in-process: forking costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
from typing import Any

from ..diagnostics import Diagnostics
from ..forking import can_fork
from ..load import Document
from .validate import validate_spec

PARALLEL_MIN_BYTES = 512 * 1024


class PendingValidation:
    def __init__(self, doc: Document, diagnostics: Diagnostics, version: str) -> None:
        self._diagnostics = diagnostics
        self.added: list[Any] = []  # what the validator reported, once done (for the verdict cache)
        self._proc: Any = None
        self._conn: Any = None
        size = sum(len(f.text) for f in doc.files.values())
        if size < PARALLEL_MIN_BYTES or not can_fork():
            before = len(diagnostics.items)
            validate_spec(doc, diagnostics, version)
            self.added = diagnostics.items[before:]
            return
        ctx = multiprocessing.get_context("fork")
        parent, child = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_child, args=(doc, version, child, list(diagnostics.items)), daemon=True)
        self._proc.start()
        child.close()
        self._conn = parent
        self._doc, self._version = doc, version

    @property
    def forked(self) -> bool:
        return self._proc is not None

    def join(self) -> None:
        if self._proc is None:
            return
        try:
            items = self._conn.recv()
        except EOFError:  # the child died: validate here instead
            self._proc.join()
            self._proc = None
            before = len(self._diagnostics.items)
            validate_spec(self._doc, self._diagnostics, self._version)
            self.added = self._diagnostics.items[before:]
            return
        self._proc.join()
        self._proc = None
        self._diagnostics.extend(items)
        self.added = list(items)


def _child(doc: Document, version: str, conn: Any, known: list[Any]) -> None:
    # Fix: the validator looks at what the loader already reported (see validate_spec); give the
    # child the same view as the in-process path, and send back only what it adds.
    diagnostics = Diagnostics(items=list(known))
    validate_spec(doc, diagnostics, version)
    conn.send(diagnostics.items[len(known):])
    conn.close()
