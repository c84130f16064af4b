"""Schema validation of the whole document with openapi-spec-validator.

The validator reports JSON-schema errors with a path into the document; we turn each into a
located diagnostic. It sees the document after fixups, so a deviation we already normalised
(and warned about) is not reported twice. The validator itself must never crash a run: an
internal failure becomes one diagnostic.
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import Any, Iterator

from ..diagnostics import Diagnostics
from ..load import Document, join
from ..load.document import REPORTED_AT_LOAD, RefError

MAX_VALIDATION_ERRORS = 50


# Fix (tests/test_diagnostics.py): openapi-spec-validator reports most errors from its keyword
# validators (a schema's own meta-schema check, a `default` that does not match its schema,
# duplicate operationIds, unresolved path parameters, ...) with a path relative to the node it
# was checking, or with no path at all; they were all reported at the top of the root file,
# some with a pointer that does not exist there. Each keyword validator is wrapped so an error
# records the document path of the node being checked (plus its own relative path), and that
# logical path (which may run through $refs) is then walked to the real file and pointer.
_TAG = "_sdkgen_parts"


def _tagging(call: Any, suffix: tuple[str, ...]) -> Any:
    def __call__(self: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        from jsonschema_path import SchemaPath
        from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

        base = next((tuple(a.parts) for a in args if isinstance(a, SchemaPath)), None)
        for err in call(self, *args, **kwargs):
            if base is not None and not hasattr(err, _TAG):
                if not isinstance(err, OpenAPIValidationError):  # the library re-wraps others, losing the tag
                    err = OpenAPIValidationError.create_from(err)
                setattr(err, _TAG, base + suffix + tuple(err.absolute_path))
            yield err

    return __call__


def _refuse_remote(uri: str) -> Any:
    raise OSError(f"remote reference {uri!r} not fetched: sdkgen works offline")


@lru_cache(maxsize=None)
def _located_validator(version: str) -> Any:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    cls = OpenAPIV31SpecValidator if version == "3.1" else OpenAPIV30SpecValidator
    wrapped = {}
    for keyword, kcls in cls.keyword_validators.items():
        if keyword == "__root__":
            wrapped[keyword] = kcls
            continue
        suffix = ("default",) if keyword == "default" else ()
        members = {"__call__": _tagging(kcls.__call__, suffix)}
        if keyword == "schema":
            members.update(_schema_keyword_speedups(kcls, version))
        wrapped[keyword] = type(kcls.__name__, (kcls,), members)
    # Fix: never fetch over the network (sdkgen works offline; the loader reports remote refs).
    # A scheme without a handler falls back to requests/urlopen, so http(s) get one that refuses.
    from jsonschema_path.handlers import default_handlers

    offline = {**default_handlers, "http": _refuse_remote, "https": _refuse_remote}
    members = {"keyword_validators": wrapped, "resolver_handlers": offline, "schema_validator": _document_checker(version)}
    return type(cls.__name__, (cls,), members)


class _IdRegistry(list):  # type: ignore[type-arg]
    """The schema keyword validator remembers the schemas it has visited in lists, looked up once
    per schema: quadratic, about 0.5 s on Stripe's 4,700 schemas. Same interface, set lookups."""

    def __init__(self) -> None:
        super().__init__()
        self._ids: set[int] = set()

    def append(self, item: int) -> None:
        self._ids.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._ids


def _schema_keyword_speedups(kcls: Any, version: str) -> dict[str, Any]:
    def __init__(self: Any, registry: Any) -> None:
        kcls.__init__(self, registry)
        self.visited_schema_ids = _IdRegistry()
        self.meta_checked_schema_ids = _IdRegistry()

    members: dict[str, Any] = {"__init__": __init__}
    if version == "3.0":  # 3.1 schemas name their own dialect: left to the library
        fast = _fast_validator(kcls.schema_validator_cls.META_SCHEMA)

        def _get_schema_checker(self: Any, schema: Any, schema_value: Any) -> Any:
            slow = kcls._get_schema_checker(self, schema, schema_value)
            return slow if fast is None else partial(_schema_verdict_first, fast, slow)

        members["_get_schema_checker"] = _get_schema_checker
    return members


def _schema_verdict_first(fast: Any, slow: Any, schema: Any) -> None:
    """Check one schema against its meta-schema (JSON Schema draft 4 for OpenAPI 3.0) as
    VerdictFirst does the document. The one format that meta-schema asserts is `pattern`'s
    "regex", which the Python check tests with Python's `re`: a schema with a `pattern`
    anywhere goes to the Python check, so its verdict stays Python's."""
    try:
        if fast.is_valid(schema) and not _mentions_pattern(schema):
            return
    except (ValueError, TypeError, OverflowError):  # a value Rust cannot hold (e.g. a huge int)
        pass
    slow(schema)


def _mentions_pattern(node: Any) -> bool:
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "pattern" in node:
                return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


class VerdictFirst:
    """Check the whole document against the OpenAPI meta-schema: jsonschema-rs gives the verdict
    (milliseconds on Stripe, where the Python jsonschema walk takes seconds), and only a document
    it rejects is walked again by jsonschema, whose messages and paths the diagnostics use. The
    messages are then the same whether or not jsonschema-rs is installed, and whatever backend
    openapi-spec-validator would pick on its own (it switches on an environment variable)."""

    def __init__(self, schema: Any) -> None:
        from jsonschema.validators import validator_for

        self.schema = schema
        self._explain = validator_for(schema)(schema)
        self._verdict = _fast_validator(schema)

    def iter_errors(self, instance: Any) -> Iterator[Any]:
        if self._verdict is not None:
            try:
                if self._verdict.is_valid(instance):
                    return
            except (ValueError, TypeError, OverflowError):  # a value Rust cannot hold (e.g. a huge int)
                pass
        yield from self._explain.iter_errors(instance)


def _fast_validator(schema: Any) -> Any:
    """A jsonschema-rs validator equivalent to the Python one (None when it is not installed).
    Formats are not asserted, as the Python validator built without a format checker does not."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - declared dependency; the Python walk still works
        return None
    return jsonschema_rs.validator_cls_for(schema)(schema, validate_formats=False)


def _document_checker(version: str) -> VerdictFirst:
    import json

    from openapi_spec_validator.schemas.utils import get_schema_content

    # The library's own copy of the OpenAPI meta-schema, as plain data both validators accept.
    return VerdictFirst(json.loads(json.dumps(dict(get_schema_content(version)))))


def _real_location(doc: Document, parts: Any) -> tuple[str, str]:
    """A validator path (which follows $refs) → the (file, pointer) where that node is written."""
    file, ptr, node = doc.root.name, "", doc.data
    tokens = [str(t) for t in parts]
    for i, token in enumerate(tokens):
        if token != "$ref":
            try:
                node, file, ptr = doc.deref(node, file, ptr)
            except RefError:
                return file, join(ptr, *tokens[i:])
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:  # not in the document (e.g. a missing required key): keep the rest as written
            return file, join(ptr, *tokens[i:])
        ptr = join(ptr, token)
    return file, ptr


def validate_spec(doc: Document, diagnostics: Diagnostics, version: str) -> None:
    try:
        cls = _located_validator("3.1" if version == "3.1" else "3.0")
    except ImportError:  # pragma: no cover - declared dependency
        diagnostics.warning("validator-missing", "openapi-spec-validator is not installed; schema validation skipped", doc.root.name)
        return
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
            parts = getattr(error, _TAG, None)
            if parts is None:
                parts = getattr(error, "absolute_path", None) or getattr(error, "path", None) or ()
            file, pointer = _real_location(doc, parts)
            diagnostics.error("spec-invalid", message, file, pointer)
    except RecursionError:
        if any(d.code == "ref-cycle" for d in diagnostics):
            return  # Fix: the validator recursed into a looping $ref chain, already reported where it is
        diagnostics.error("spec-too-deep", "document is nested too deeply to validate", doc.root.name)
    except Exception as exc:  # noqa: BLE001 - the validator must not take the run down
        if any(d.code in REPORTED_AT_LOAD for d in diagnostics):
            # Fix: it cannot resolve the broken $refs the loader already reported (with their
            # locations); a second, unlocated "validator stopped" line adds nothing.
            return
        diagnostics.warning(
            "validator-failed",
            f"openapi-spec-validator stopped with {type(exc).__name__}: {str(exc)[:200]}; validation incomplete",
            doc.root.name,
        )
