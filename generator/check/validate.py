"""Schema validation of the whole document with openapi-spec-validator.

The validator reports JSON-schema errors with a path into the document; we turn each into a
located diagnostic. It sees the document after fixups, so a deviation we already normalised
(and warned about) is not reported twice. The validator itself must never crash a run: an
internal failure becomes one diagnostic.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostics
from ..load import Document, join

MAX_VALIDATION_ERRORS = 50


def _pointer(path: Any) -> str:
    return join("", *list(path)) if path else ""


def validate_spec(doc: Document, diagnostics: Diagnostics, version: str) -> None:
    try:
        from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    except ImportError:  # pragma: no cover - declared dependency
        diagnostics.warning("validator-missing", "openapi-spec-validator is not installed; schema validation skipped", doc.root.name)
        return
    cls = OpenAPIV31SpecValidator if version == "3.1" else OpenAPIV30SpecValidator
    base_uri = doc.root.path.as_uri()
    count = 0
    try:
        for error in cls(doc.data, base_uri=base_uri).iter_errors():
            count += 1
            if count > MAX_VALIDATION_ERRORS:
                diagnostics.error("spec-invalid", f"more than {MAX_VALIDATION_ERRORS} validation errors; stopped", doc.root.name)
                break
            message = str(getattr(error, "message", error)).splitlines()[0]
            if len(message) > 300:
                message = message[:297] + "..."
            path = getattr(error, "absolute_path", None) or getattr(error, "path", None)
            diagnostics.error("spec-invalid", message, doc.root.name, _pointer(path))
    except RecursionError:
        diagnostics.error("spec-too-deep", "document is nested too deeply to validate", doc.root.name)
    except Exception as exc:  # noqa: BLE001 - the validator must not take the run down
        diagnostics.warning(
            "validator-failed",
            f"openapi-spec-validator stopped with {type(exc).__name__}: {str(exc)[:200]}; validation incomplete",
            doc.root.name,
        )
