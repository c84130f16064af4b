"""IR type references → Python annotations, collecting the imports each one needs."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...ir import AnyValue, Api, ArrayOf, Const, MapOf, Named, Nullable, Primitive, TypeRef
from ..text import py_literal
from .naming import class_name

_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


@dataclass
class Imports:
    typing: set[str] = field(default_factory=set)
    datetime: set[str] = field(default_factory=set)
    schemas: set[str] = field(default_factory=set)  # IR schema names
    runtime: set[str] = field(default_factory=set)  # names from the runtime core (module, name)


class TypeMapper:
    def __init__(self, api: Api) -> None:
        self.api = api

    def annotation(self, t: TypeRef, imports: Imports, *, request: bool = False) -> str:
        if isinstance(t, Primitive):
            if t.type == "string" and t.format == "binary":
                if request:
                    imports.runtime.add("FileTypes")
                    return "FileTypes"
                return "str"
            if t.type == "string" and t.format in ("date-time", "date"):
                # Module-qualified: a field may well be called ``date``.
                imports.datetime.add("datetime")
                return "_dt.datetime" if t.format == "date-time" else "_dt.date"
            return _PRIMITIVES[t.type]
        if isinstance(t, Const):
            if t.value is None:
                return "None"
            if isinstance(t.value, float):  # Literal cannot hold a float
                return "float"
            imports.typing.add("Literal")
            return f"Literal[{py_literal(t.value)}]"
        if isinstance(t, ArrayOf):
            imports.typing.add("List")
            return f"List[{self.annotation(t.items, imports, request=request)}]"
        if isinstance(t, MapOf):
            imports.typing.add("Dict")
            return f"Dict[str, {self.annotation(t.values, imports, request=request)}]"
        if isinstance(t, Named):
            imports.schemas.add(t.name)
            return class_name(t.name)
        if isinstance(t, Nullable):
            imports.typing.add("Optional")
            return f"Optional[{self.annotation(t.inner, imports, request=request)}]"
        if isinstance(t, AnyValue):
            imports.typing.add("Any")
            return "Any"
        raise TypeError(f"unknown type reference {t!r}")  # pragma: no cover


def references(t: TypeRef | None) -> set[str]:
    """Schema names a type reference mentions."""
    if t is None:
        return set()
    if isinstance(t, Named):
        return {t.name}
    if isinstance(t, ArrayOf):
        return references(t.items)
    if isinstance(t, MapOf):
        return references(t.values)
    if isinstance(t, Nullable):
        return references(t.inner)
    return set()
