"""Example calls built from the spec's examples, by the same naming rules as the SDK —
used by the SDK README (and the docs target), so examples cannot drift from the code."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ...ir import Api, Operation
from ..text import py_literal
from .naming import group_attr, identifier, method_name


@dataclass(frozen=True)
class ExampleView:
    title: str
    code: str


def _value(example_json: str | None, fallback: str) -> str:
    if example_json is None:
        return fallback
    value = json.loads(example_json)
    return py_literal(value) if not isinstance(value, (dict, list)) else repr(value)


def call(op: Operation, client_var: str = "client") -> str:
    args = []
    for p in op.parameters:
        if p.location == "path":
            args.append(_value(p.example_json, py_literal(f"{p.name}_123")))
        elif p.required and p.location in ("query", "header"):
            args.append(f"{identifier(p.name)}={_value(p.example_json, py_literal('...'))}")
    if op.body is not None and op.body.variants:
        example = json.loads(op.body.example_json) if op.body.example_json else {}
        variant = op.body.variants[0]
        if isinstance(example, dict) and op.body.discriminator and example.get(op.body.discriminator) is not None:
            variant = next((v for v in op.body.variants if v.discriminator_value == example[op.body.discriminator]), variant)
        for prop in variant.properties:
            if prop.required or (isinstance(example, dict) and prop.name in example):
                value = example.get(prop.name) if isinstance(example, dict) and prop.name in example else None
                text = py_literal(value) if value is not None and not isinstance(value, (dict, list)) else (
                    repr(value) if value is not None else _value(prop.example_json, py_literal("...")))
                args.append(f"{identifier(prop.name)}={text}")
    target = f"{client_var}.{group_attr(op.group)}.{method_name(op.method)}"
    if len(args) <= 1 and len(target) + sum(len(a) for a in args) < 70:
        return f"{target}({', '.join(args)})"
    inner = "".join(f"    {a},\n" for a in args)
    return f"{target}(\n{inner})"


def examples(api: Api, client_name: str, package: str) -> list[ExampleView]:
    out = []
    for i, group in enumerate(api.groups):
        op = api.operation(group.operations[0])
        lines = []
        if i == 0:
            lines += [f"from {package} import {client_name}", "", f"client = {client_name}()", ""]
        result = call(op)
        if op.pagination is not None:
            lines += [f"for item in {result}:", "    print(item)"]
        else:
            lines += [f"result = {result}", "print(result)"]
        out.append(ExampleView(f"{group.title}: {op.summary or method_name(op.method)}", "\n".join(lines)))
    return out
