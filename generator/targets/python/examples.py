"""Example calls built from the spec's examples, by the same naming rules as the SDK —
used by the SDK README (and the docs target), so examples cannot drift from the code."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ...ir import AliasSchema, Api, ArrayOf, BodyVariant, MapOf, Named, Nullable, ObjectSchema, Operation, Primitive, TypeRef, UnionSchema
from ..text import py_literal, py_str
from ...normalise.words import pascal, words
from . import layout
from .naming import MODEL_RESERVED, class_name, group_attr, identifier, method_name


@dataclass(frozen=True)
class ExampleView:
    title: str
    code: str


def examples(api: Api, client_name: str, package: str) -> list[ExampleView]:
    out = []
    for i, group in enumerate(api.groups):
        op = api.operation(group.operations[0])
        lines = []
        if i == 0:
            lines += [f"from {package} import {client_name}", "", f"client = {client_name}()", ""]
        lines.append(snippet(op, typed_call(api, op, package)))
        out.append(ExampleView(f"{group.title}: {op.summary or method_name(op.method)}", "\n".join(lines)))
    return out


def snippet(op: Operation, typed: TypedCall) -> str:
    """The call as a user writes it — its imports, then a loop over the pages or the result
    printed — in black's layout (the SDK README and the docs show the same code)."""
    if op.pagination is not None:
        body = layout.statement(f"for item in {typed.code}:", 0) + "\n    print(item)"
    elif op.success is not None and op.success.type is not None:
        body = layout.assignment("result", typed.code, 0) + "\nprint(result)"
    else:
        body = layout.statement(typed.code, 0)
    return "\n".join(typed.imports) + "\n\n" + body if typed.imports else body


@dataclass(frozen=True)
class RequestExample:
    """The request an operation's example sends, as wire values — what a curl example shows and
    what ``typed_call`` writes in SDK terms, so the two examples carry the same values."""

    path_params: tuple[tuple[str, object], ...]
    query: tuple[tuple[str, object], ...]
    headers: tuple[tuple[str, object], ...]
    body: dict[str, object] | None  # the body fields sent; None: no object body
    body_variant: BodyVariant | None = None  # the variant those fields come from


def _wire(example_json: str | None, fallback: object) -> object:
    return fallback if example_json is None else json.loads(example_json)


def request_example(op: Operation) -> RequestExample:
    """Path parameters, required query/header parameters and the body fields of the spec's
    example (the variant its discriminator names), with ``…`` placeholders where none is given."""
    path, query, headers = [], [], []
    for p in op.parameters:
        if p.location == "path":
            path.append((p.name, _wire(p.example_json, f"{p.name}_123")))
        elif p.required and p.location == "query":
            query.append((p.name, _wire(p.example_json, "...")))
        elif p.required and p.location == "header":
            headers.append((p.name, _wire(p.example_json, "...")))
    if op.body is None or not op.body.variants:
        return RequestExample(tuple(path), tuple(query), tuple(headers), None)
    example = json.loads(op.body.example_json) if op.body.example_json else {}
    variant = op.body.variants[0]
    if isinstance(example, dict) and op.body.discriminator and example.get(op.body.discriminator) is not None:
        variant = next((v for v in op.body.variants if v.discriminator_value == example[op.body.discriminator]), variant)
    body: dict[str, object] = {}
    for prop in variant.properties:
        if prop.required or (isinstance(example, dict) and prop.name in example):
            value = example.get(prop.name) if isinstance(example, dict) else None
            body[prop.name] = value if value is not None else _wire(prop.example_json, "...")
    return RequestExample(tuple(path), tuple(query), tuple(headers), body, variant)


@dataclass(frozen=True)
class TypedCall:
    """An SDK call whose arguments have the SDK's types (models, datetimes, files), with the
    import lines it needs — the form a user can paste and type-check."""

    imports: tuple[str, ...]
    code: str


class _Literals:
    """Wire values → Python source for a given IR type, collecting the imports used."""

    def __init__(self, api: Api, package: str) -> None:
        self.api, self.package = api, package
        self.stdlib: set[str] = set()
        self.models: set[str] = set()

    def render(self, value: object, t: TypeRef) -> str:
        if isinstance(t, Nullable):
            return "None" if value is None else self.render(value, t.inner)
        if isinstance(t, Primitive) and isinstance(value, str):
            if t.format == "binary":
                self.stdlib.add("import pathlib")
                return "pathlib.Path(\"path/to/file\")"
            if t.format in ("date-time", "date"):
                self.stdlib.add("import datetime")
                kind = "datetime" if t.format == "date-time" else "date"
                text = value[:-1] + "+00:00" if value.endswith("Z") else value
                return f"datetime.{kind}.fromisoformat({py_str(text)})"
        if isinstance(t, ArrayOf) and isinstance(value, list):
            return "[" + ", ".join(self.render(v, t.items) for v in value) + "]"
        if isinstance(t, MapOf) and isinstance(value, dict):
            return "{" + ", ".join(f"{py_str(k)}: {self.render(v, t.values)}" for k, v in value.items()) + "}"
        if isinstance(t, Named):
            return self._named(value, self.api.schema(t.name))
        return _plain(value)

    def _named(self, value: object, s: object) -> str:
        if isinstance(s, AliasSchema):
            return self.render(value, s.target)
        if isinstance(s, UnionSchema) and isinstance(value, dict):
            d = s.discriminator
            chosen = dict(d.mapping).get(str(value.get(d.property)), d.default) if d is not None else None
            named = [v for v in s.variants if isinstance(v, Named)]
            target = chosen or (named[0].name if named else None)
            return self._named(value, self.api.schema(target)) if target else _plain(value)
        if isinstance(s, ObjectSchema) and isinstance(value, dict):
            cls = class_name(s.name)
            self.models.add(cls)
            props = {p.name: p for p in s.all_properties}
            plain_names = all(k in props and identifier(k, MODEL_RESERVED) == k for k in value)
            complete = all(p.name in value for p in s.all_properties if p.required)
            if plain_names and complete:
                args = ", ".join(f"{k}={self.render(v, props[k].type)}" for k, v in value.items())
                return f"{cls}({args})"
            return f"{cls}.model_validate({_plain(value)})"
        return _plain(value)

    def imports(self) -> tuple[str, ...]:
        out = sorted(self.stdlib)
        if self.models:
            out.append(layout.import_from(f"{self.package}.types", sorted(self.models)))
        return tuple(out)


def _plain(value: object) -> str:
    return py_literal(value) if not isinstance(value, (dict, list)) else repr(value)


def typed_call(api: Api, op: Operation, package: str, client_var: str = "client") -> TypedCall:
    """``request_example(op)`` as an SDK call, with the method's own argument names and types."""
    from .resources import build_method  # the method the SDK generates for ``op``
    from .types import Imports, TypeMapper

    example = request_example(op)
    method = build_method(op, api, TypeMapper(api), Imports())
    names = {(a.location, a.wire): a.name for a in method.path_args + method.kw_args}
    types: dict[tuple[str, str], TypeRef] = {(p.location, p.name): p.type for p in op.parameters}
    lit = _Literals(api, package)
    args = [lit.render(v, types[("path", w)]) for w, v in example.path_params]
    for location, pairs in (("query", example.query), ("header", example.headers)):
        args += [f"{names[(location, w)]}={lit.render(v, types[(location, w)])}" for w, v in pairs]
    if example.body is not None and example.body_variant is not None:
        props = {p.name: p for p in example.body_variant.properties}
        args += [f"{names[('body', w)]}={lit.render(v, props[w].type)}" for w, v in example.body.items()]
    target = f"{client_var}.{group_attr(op.group)}.{method_name(op.method)}"
    return TypedCall(lit.imports(), f"{target}({', '.join(args)})")  # one line: callers lay it out


def client_class_name(package: str) -> str:
    """The client class the SDK package exports (``bluum`` → ``Bluum``), as the target names it."""
    return class_name(pascal(words(package)) or "Client")
