"""IR type references → TypeScript type expressions, collecting the schemas each one names."""

from __future__ import annotations

from ...ir import AnyValue, Api, ArrayOf, Const, MapOf, Named, Nullable, Primitive, TypeRef
from .escape import ts_literal
from .naming import type_name

_PRIMITIVES = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean"}


def map_of(values: str, ref: TypeRef | None) -> str:
    """A dictionary type. Values that name a schema get an index signature: TypeScript
    resolves it lazily, whereas ``Record<string, X>`` inside X's own alias is a cycle error."""
    return f"{{ [key: string]: {values} }}" if ref is not None and _names_a_schema(ref) else f"Record<string, {values}>"


def _names_a_schema(t: TypeRef) -> bool:
    if isinstance(t, Named):
        return True
    if isinstance(t, (ArrayOf, MapOf)):
        return _names_a_schema(t.items if isinstance(t, ArrayOf) else t.values)
    if isinstance(t, Nullable):
        return _names_a_schema(t.inner)
    return False


class TypeMapper:
    def __init__(self, api: Api) -> None:
        self.api = api

    def expression(self, t: TypeRef, refs: set[str], *, request: bool = False) -> str:
        """The type of a value; ``refs`` collects the IR schema names it mentions."""
        if isinstance(t, Primitive):
            if t.type == "string" and t.format == "binary" and request:
                refs.add("!Uploadable")  # a runtime name, not a schema
                return "Uploadable"
            return _PRIMITIVES[t.type]
        if isinstance(t, Const):
            return ts_literal(t.value)
        if isinstance(t, ArrayOf):
            return f"Array<{self.expression(t.items, refs, request=request)}>"
        if isinstance(t, MapOf):
            return map_of(self.expression(t.values, refs, request=request), t.values)
        if isinstance(t, Named):
            refs.add(t.name)
            return type_name(t.name)
        if isinstance(t, Nullable):
            inner = self.expression(t.inner, refs, request=request)
            return inner if inner.endswith("| null") else f"{inner} | null"
        if isinstance(t, AnyValue):
            return "unknown"
        raise TypeError(f"unknown type reference {t!r}")  # pragma: no cover
