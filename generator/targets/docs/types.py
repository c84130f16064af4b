"""A language-neutral rendering of IR types as Markdown: ``string (date-time)``,
``array of [Order](…)``, ``map of string``, ``Order | null``, constants as code."""

from __future__ import annotations

import json
from typing import Callable

from ...ir import AnyValue, ArrayOf, Const, Constraints, MapOf, Named, Nullable, Primitive, TypeRef
from ..text import md_cell, md_code, md_plain

Link = Callable[[str], str]  # schema name → relative link target


def type_md(t: TypeRef, link: Link) -> str:
    """Markdown for a type, safe inside a table cell."""
    if isinstance(t, Primitive):
        return t.type if not t.format else f"{t.type} ({md_cell(t.format)})"
    if isinstance(t, Const):
        return md_code(json.dumps(t.value, ensure_ascii=False))
    if isinstance(t, ArrayOf):
        return "array of " + type_md(t.items, link)
    if isinstance(t, MapOf):
        return "map of " + type_md(t.values, link)
    if isinstance(t, Named):
        return f"[{md_plain(t.name)}]({link(t.name)})"
    if isinstance(t, Nullable):
        inner = type_md(t.inner, link)
        return f"({inner}) \\| null" if isinstance(t.inner, (ArrayOf, MapOf)) else f"{inner} \\| null"
    if isinstance(t, AnyValue):
        return "any"
    raise TypeError(f"unknown type reference {t!r}")


def named_in(t: TypeRef | None) -> list[str]:
    """Schema names a type refers to, in order."""
    if t is None:
        return []
    if isinstance(t, Named):
        return [t.name]
    if isinstance(t, ArrayOf):
        return named_in(t.items)
    if isinstance(t, MapOf):
        return named_in(t.values)
    if isinstance(t, Nullable):
        return named_in(t.inner)
    return []


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def constraints_md(c: Constraints) -> str:
    """Constraints as a short cell: ``min 1``, ``max 100``, ``length 3..3``, ``pattern …``."""
    parts = []
    if c.minimum is not None:
        parts.append(("> " if c.exclusive_minimum else "≥ ") + _num(c.minimum))
    if c.maximum is not None:
        parts.append(("< " if c.exclusive_maximum else "≤ ") + _num(c.maximum))
    if c.multiple_of is not None:
        parts.append("multiple of " + _num(c.multiple_of))
    if c.min_length is not None:
        parts.append(f"min length {c.min_length}")
    if c.max_length is not None:
        parts.append(f"max length {c.max_length}")
    if c.min_items is not None:
        parts.append(f"min items {c.min_items}")
    if c.max_items is not None:
        parts.append(f"max items {c.max_items}")
    out = [md_cell(p) for p in parts]
    if c.pattern is not None:
        out.append("pattern " + md_code(c.pattern))
    return ", ".join(out)


def json_md(json_text: str | None) -> str:
    """A default or example value (JSON text) as code in a cell; empty when absent."""
    return "" if json_text is None else md_code(json_text)
