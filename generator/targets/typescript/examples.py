"""Example calls built from the spec's examples by the same naming rules as the SDK — used
by the SDK README and the end-to-end test, so examples cannot drift from the code."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ...ir import Api, Operation
from .escape import ts_literal, ts_str
from .naming import CLIENT_MEMBERS, member, property_key
from .resources import resource_names


@dataclass(frozen=True)
class ExampleView:
    title: str
    code: str


def _value(example_json: str | None, fallback: object) -> str:
    return ts_literal(json.loads(example_json) if example_json is not None else fallback)


def method_path(op: Operation, api: Api) -> str:
    """``fundingSources.connect``: the same names the resources get (collisions included)."""
    group = next(g for g in api.groups if op.id in g.operations)
    return f"{member(group.name, 'default', CLIENT_MEMBERS)}.{resource_names(api, group)[op.id]}"


def call(op: Operation, api: Api, client_var: str = "client") -> str:
    args = []
    for p in op.parameters:
        if p.location == "path":
            args.append(_value(p.example_json, f"{p.name}_123"))
    fields = []
    for p in op.parameters:
        if p.required and p.location in ("query", "header"):
            fields.append(f"{property_key(p.name)}: {_value(p.example_json, '...')}")
    if op.body is not None and op.body.variants:
        example = json.loads(op.body.example_json) if op.body.example_json else {}
        example = example if isinstance(example, dict) else {}
        variant = op.body.variants[0]
        if op.body.discriminator and example.get(op.body.discriminator) is not None:
            variant = next((v for v in op.body.variants if v.discriminator_value == example[op.body.discriminator]), variant)
        for prop in variant.properties:
            if prop.name in example:
                fields.append(f"{property_key(prop.name)}: {ts_literal(example[prop.name])}")
            elif prop.required:
                fields.append(f"{property_key(prop.name)}: {_value(prop.example_json, '...')}")
    if fields:
        args.append("{ " + ", ".join(fields) + " }")
    target = f"{client_var}.{method_path(op, api)}"
    if len(target) + sum(len(a) + 2 for a in args) < 90:
        return f"{target}({', '.join(args)})"
    inner = "".join(f"  {a},\n" for a in args)
    return f"{target}(\n{inner})"


def examples(api: Api, client_name: str, package: str) -> list[ExampleView]:
    out = []
    for i, group in enumerate(api.groups):
        op = api.operation(group.operations[0])
        lines = []
        if i == 0:
            lines += [f"import {{ {client_name} }} from {ts_str(package)};", "", f"const client = new {client_name}();", ""]
        result = call(op, api)
        if op.pagination is not None:
            lines += [f"for await (const item of {result}) {{", "  console.log(item);", "}"]
        else:
            lines += [f"const result = await {result};", "console.log(result);"]
        out.append(ExampleView(f"{group.title}: {op.summary or op.operation_id}", "\n".join(lines)))
    return out
