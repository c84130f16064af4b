"""Example calls built from the spec's examples by the same naming rules as the SDK — used
by the SDK README and the end-to-end test, so examples cannot drift from the code."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ...ir import Api, ArrayOf, BodyVariant, MapOf, Named, Nullable, ObjectSchema, Operation, Primitive, Property, TypeRef
from .escape import ts_literal, ts_str
from .naming import property_key
from .resources import param_keys, resource_attrs, resource_names
from .values import example_or_placeholder, fits, placeholder


@dataclass(frozen=True)
class ExampleView:
    title: str
    code: str


def _value(example_json: str | None, t: TypeRef, api: Api) -> str:
    if example_json is None:
        return placeholder(t, api)
    return example_or_placeholder(json.loads(example_json), t, api)


def method_path(op: Operation, api: Api) -> str:
    """``fundingSources.connect``: the same names the resources get (collisions included)."""
    index = next(i for i, g in enumerate(api.groups) if op.id in g.operations)
    return f"{resource_attrs(api)[index]}.{resource_names(api, api.groups[index])[op.id]}"


def call(op: Operation, api: Api, client_var: str = "client") -> str:
    """One call of ``op`` as the SDK spells it, with every required argument: the spec's
    example values where they fit the declared types, placeholders of those types otherwise."""
    args = []
    for p in op.parameters:
        if p.location == "path":
            numeric = isinstance(p.type, Primitive) and p.type.type in ("integer", "number")
            path_type = p.type if numeric else Primitive("string")  # as the SDK types path params
            args.append(_value(p.example_json, path_type, api) if p.example_json or numeric
                        else ts_literal(f"{p.name}_123"))
    fields = []
    body = op.body
    others = [p for p in op.parameters if p.location in ("query", "header")]
    for p, key in zip(others, param_keys(others, body)):
        if p.required:
            fields.append(f"{property_key(key)}: {_value(p.example_json, p.type, api)}")
    if body is not None and not body.variants:
        whole = Primitive("string", "binary") if body.encoding == "binary" else body.type
        if body.encoding == "text":
            whole = Primitive("string")
        if body.required:  # a body passed whole comes before params
            args.append(_value(body.example_json, whole, api))
        elif any(p.required for p in others):
            args.append("undefined")  # an optional body before required params is `X | undefined`
    if body is not None and body.variants:
        example = json.loads(body.example_json) if body.example_json else {}
        example = example if isinstance(example, dict) else {}
        variant = body.variants[0]
        if body.discriminator and example.get(body.discriminator) is not None:
            variant = next((v for v in body.variants if v.discriminator_value == example[body.discriminator]), variant)
        props = _body_properties(variant, body.type, api)
        for prop in props:
            if prop.name in example and fits(example[prop.name], prop.type, api):
                fields.append(f"{property_key(prop.name)}: {ts_literal(example[prop.name])}")
            elif prop.required:
                fields.append(f"{property_key(prop.name)}: {_value(prop.example_json, prop.type, api)}")
        d, value = body.discriminator, variant.discriminator_value
        if d is not None and value is not None and d not in example and any(p.name == d for p in props):
            # The union narrows on this literal: a placeholder string would match no variant.
            fields = [f for f in fields if not f.startswith(property_key(d) + ":")]
            fields.append(f"{property_key(d)}: {ts_literal(value)}")
    required = any(p.required for p in others) or (body is not None and bool(body.variants) and body.required)
    if fields or required:
        args.append("{ " + ", ".join(fields) + " }" if fields else "{}")
    target = f"{client_var}.{method_path(op, api)}"
    if len(target) + sum(len(a) + 2 for a in args) < 90:
        return f"{target}({', '.join(args)})"
    inner = "".join(f"  {a},\n" for a in args)
    return f"{target}(\n{inner})"


def _body_properties(variant: BodyVariant, body_type: TypeRef, api: Api) -> tuple[Property, ...]:
    """The fields the params type asks for: the spec's own type's (read-only ones included)
    when the SDK uses that type as is, else the variant's flattened fields."""
    if isinstance(body_type, Named) and variant.schema is not None:
        schema = api.schema(variant.schema)
        if isinstance(schema, ObjectSchema) and not any(_binary(p.type) for p in variant.properties):
            return schema.all_properties
    return variant.properties


def _binary(t: TypeRef) -> bool:
    if isinstance(t, Primitive):
        return t.format == "binary"
    if isinstance(t, ArrayOf):
        return _binary(t.items)
    if isinstance(t, MapOf):
        return _binary(t.values)
    return isinstance(t, Nullable) and _binary(t.inner)


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
