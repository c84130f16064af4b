#!/usr/bin/env python3
"""Count the spec constructs the Python SDK types as untyped values (``Any``), per corpus spec.

    python3 bench/untyped.py            # writes bench/untyped.md

Two views. Per construct: every schema written in each spec (components and inline, each counted
where it is written, ``$ref``s not followed) is classified by the rule that makes the normaliser
type it as any value (``AnyValue`` in the IR), which the Python target prints as ``Any``,
``List[Any]`` or ``Dict[str, Any]``. In total: the places of the Python SDK whose annotation holds ``Any``
(counted on the IR the SDK is rendered from), which is what a user meets.
Reads ../shared/corpus (test data, outside the repository); exits 2 when it is absent.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.pipeline import build_ir, load_and_fix  # noqa: E402
from generator.ir import AliasSchema, AnyValue, ObjectSchema, TypeRef, UnionSchema  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
OUT = ROOT / "bench" / "untyped.md"
PRIMITIVES = {"string", "integer", "number", "boolean"}
COMPOSITION = ("allOf", "oneOf", "anyOf")

# Construct → (how it reads in the SDK, an example as written in a spec).
CONSTRUCTS = {
    "free-form object": ("`Dict[str, Any]` (an empty model when it is a named component)",
                         "`{type: object}`, `{type: object, additionalProperties: true}`"),
    "array without items": ("`List[Any]`", "`{type: array}`"),
    "schema without a type": ("`Any`", "`{}`, `{description: ...}`, `{nullable: true}`"),
    "boolean schema": ("`Any`", "`additionalProperties`-style `true` used as a schema (3.1)"),
    "null-only or unknown type": ("`Any`", "`{type: 'null'}`, `{type: file}`"),
    "object or array in a type array": ("`Any` variant of the union", "`{type: [object, string]}` (3.1)"),
    "const or enum of objects/arrays": ("`Any`", "`{const: {a: 1}}`, `{enum: [[1, 2]]}`"),
    "media type without a schema": ("`Any` body or response", "`content: {application/json: {}}`"),
}


def corpus_specs() -> list[str]:
    rows = (CORPUS / "README.md").read_text(encoding="utf-8").splitlines()
    return [cells[1].strip() for cells in (r.split("|") for r in rows) if len(cells) > 2 and re.search(r"/.+\.(ya?ml|json)$", cells[1].strip())]


def classify(node: Any) -> str | None:
    """The construct that makes this schema an untyped value, or None when it is typed."""
    if isinstance(node, bool):
        return "boolean schema"
    if not isinstance(node, dict) or "$ref" in node:
        return None
    types = node.get("type")
    if isinstance(types, list):
        types = [t for t in types if t != "null"]
        if len(types) > 1:
            return "object or array in a type array" if {"object", "array"} & set(types) else None
        types = types[0] if types else None
    if "const" in node:
        return "const or enum of objects/arrays" if isinstance(node["const"], (dict, list)) else None
    if isinstance(node.get("enum"), list):
        scalar = [v for v in node["enum"] if v is not None and not isinstance(v, (dict, list))]
        return None if scalar else "const or enum of objects/arrays"
    if any(isinstance(node.get(k), list) for k in COMPOSITION):
        return None
    if types == "array" or "items" in node:
        return "array without items" if node.get("items") is None else None
    if types == "object" or "properties" in node or "additionalProperties" in node:
        props, extra = node.get("properties"), node.get("additionalProperties")
        if isinstance(props, dict) and props:
            return None
        return None if isinstance(extra, dict) and extra else "free-form object"
    if types in PRIMITIVES:
        return None
    return "null-only or unknown type" if types is not None else "schema without a type"


def schema_nodes(node: Any, merged: bool = False) -> Iterator[Any]:
    """This schema and every schema written inside it. An ``allOf`` member is merged into its
    parent (not a value of its own), and a ``{type: 'null'}`` member of a union means nullable."""
    if not merged:
        yield node
    if not isinstance(node, dict):
        return
    for key in ("items", "additionalProperties", "not"):
        if isinstance(node.get(key), dict):
            yield from schema_nodes(node[key])
    for key in COMPOSITION + ("prefixItems",):
        for sub in node[key] if isinstance(node.get(key), list) else []:
            if key != "allOf" and _null_marker(sub):
                continue
            yield from schema_nodes(sub, merged=key == "allOf")
    if isinstance(node.get("properties"), dict):
        for sub in node["properties"].values():
            yield from schema_nodes(sub)


def _null_marker(node: Any) -> bool:
    return isinstance(node, dict) and (
        node.get("type") == "null" or node.get("enum") == [None] or (node.get("nullable") is True and len(node) == 1)
    )


def spec_schemas(data: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    """(where, schema) for every schema position of a document; examples are data, not schemas."""
    if isinstance(data, dict):
        if key == "content":
            for media in data.values():
                if isinstance(media, dict) and "schema" not in media:
                    yield "media", None
        for k, v in data.items():
            if k in ("example", "examples", "x-examples"):
                continue
            if k == "schema" or (key == "schemas" and isinstance(v, (dict, bool))):
                yield from (("schema", s) for s in schema_nodes(v))
            elif k != "schemas" or key == "components":
                yield from spec_schemas(v, k)
    elif isinstance(data, list):
        for v in data:
            yield from spec_schemas(v, key)


def count_constructs(spec: Path) -> Counter[str]:
    doc = load_and_fix(spec).document
    counts: Counter[str] = Counter()
    for f in doc.files.values():
        for where, node in spec_schemas(f.data):
            kind = "media type without a schema" if where == "media" else classify(node)
            if kind:
                counts[kind] += 1
    return counts


def holds_any(t: TypeRef | None) -> bool:
    if isinstance(t, AnyValue):
        return True
    inner = getattr(t, "items", None) or getattr(t, "values", None) or getattr(t, "inner", None)
    return inner is not None and holds_any(inner)


def any_places(spec: Path) -> int:
    """Typed places of the SDK whose annotation holds ``Any``: model fields, alias targets, union
    members, method parameters and bodies, return types."""
    api, _ = build_ir(spec, validate=False)
    types: list[TypeRef | None] = []
    for schema in api.schemas:
        if isinstance(schema, ObjectSchema):
            types += [p.type for p in schema.properties]
        elif isinstance(schema, UnionSchema):
            types += list(schema.variants)
        elif isinstance(schema, AliasSchema):
            types.append(schema.target)
    for op in api.operations:
        types += [p.type for p in op.parameters]
        if op.body is not None:
            types += [p.type for v in op.body.variants for p in v.properties] if op.body.variants else [op.body.type]
        types.append(op.success.type if op.success is not None else None)
    return sum(holds_any(t) for t in types)


def main() -> int:
    if not CORPUS.is_dir():
        print(f"{CORPUS} is absent", file=sys.stderr)
        return 2
    specs = corpus_specs()
    per_spec = {s: count_constructs(CORPUS / s) for s in specs}
    anys = {s: any_places(CORPUS / s) for s in specs}
    totals: Counter[str] = Counter()
    for c in per_spec.values():
        totals.update(c)
    short = [s.split("/")[0] for s in specs]
    lines = [
        "# Constructs the Python SDK types as untyped values",
        "",
        "Written by `python3 bench/untyped.py` from `../shared/corpus` (each schema counted where it is",
        "written; `$ref`s not followed). The last row counts the places of each Python SDK whose",
        "annotation holds `Any` (model fields, alias targets, union members, method parameters and",
        "bodies, return types; a shared schema counts once).",
        "",
        "| construct | in the SDK | example | total | " + " | ".join(short) + " |",
        "|---|---|---|---:|" + "---:|" * len(short),
    ]
    for kind, (reads, example) in CONSTRUCTS.items():
        cells = " | ".join(str(per_spec[s][kind]) for s in specs)
        lines.append(f"| {kind} | {reads} | {example} | {totals[kind]} | {cells} |")
    lines.append(f"| places typed `Any` | | | {sum(anys.values())} | " + " | ".join(str(anys[s]) for s in specs) + " |")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
