"""TypeScript names from IR names and wire names: camelCase members, PascalCase types,
kebab-case files. Wire names are never changed, only quoted where they are not identifiers."""

from __future__ import annotations

import re

from ...normalise.words import pascal, words
from ..names import suffixed_if_reserved, unique_names

# Reserved words (strict mode, ES2022) plus names a variable or parameter must not take.
RESERVED = {
    "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
    "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null",
    "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
    "let", "static", "implements", "interface", "package", "private", "protected", "public", "await", "arguments",
    "eval", "undefined", "NaN", "Infinity", "params", "options", "body", "pathParam",
}
# Global and runtime names a generated type must not shadow.
GLOBAL_TYPES = {
    "Array", "Record", "Promise", "Partial", "Required", "Readonly", "Omit", "Pick", "Exclude", "Extract", "Error",
    "Object", "String", "Number", "Boolean", "Symbol", "Date", "Blob", "File", "FormData", "Response", "Request",
    "Headers", "Function", "Map", "Set", "JSON", "Math", "URL", "AbortSignal", "Uploadable", "APIPromise",
    "PagePromise", "Page", "RequestOptions", "APIResource", "APIClient", "Endpoint", "Fetch", "Logger",
}
# Members of a resource class (APIResource) and the client that an API name must not replace.
RESOURCE_MEMBERS = {"constructor", "_client", "toString", "valueOf"}
CLIENT_MEMBERS = {"constructor", "request", "requestPage", "baseURL", "maxRetries", "timeout", "toString", "valueOf"}
_IDENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def camel(parts: tuple[str, ...] | list[str]) -> str:
    return "".join(p if i == 0 else p[:1].upper() + p[1:] for i, p in enumerate(parts))


def is_identifier(name: str) -> bool:
    return bool(_IDENT.match(name))


def variable(wire: str) -> str:
    """A variable or parameter name for a wire name: ``investor_id`` → ``investorId``."""
    name = camel(words(wire)) or "value"
    if name[0].isdigit():
        name = "_" + name
    return name + "_" if name in RESERVED else name


def property_key(wire: str) -> str:
    """A property key in an interface or object literal: the wire name, quoted when needed."""
    if is_identifier(wire):
        return wire
    from .escape import ts_str

    return ts_str(wire)


def type_name(schema_name: str) -> str:
    name = schema_name if is_identifier(schema_name) and schema_name.isascii() else pascal(words(schema_name))
    if not name or name[0].isdigit():
        name = "T" + name
    return suffixed_if_reserved(name, GLOBAL_TYPES, "Model")


def file_name(schema_name: str) -> str:
    """``FundingSourceList`` → ``funding-source-list``."""
    return "-".join(words(schema_name)) or "schema"


def member(parts: tuple[str, ...], fallback: str, taken: set[str]) -> str:
    """A method or resource property name (keywords are fine as property names)."""
    name = camel(parts) or fallback
    if name[0].isdigit():
        name = "_" + name
    return name + "_" if name in taken else name


def unique(names: list[str]) -> list[str]:
    """Unique TypeScript names: a repeat gets `2`, `3`, ... (see unique_names)."""
    return unique_names(names, "")
