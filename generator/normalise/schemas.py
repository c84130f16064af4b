"""Schemas → IR types. One small method per schema kind; all meaning decided here.

Named schemas (components, and inline objects/enums/unions hoisted under readable names
like ``FundingSourceStatus``) land in ``self.schemas``; everything else is a TypeRef.
Components are built on first use and memoised by (file, pointer), so ``$ref`` cycles end
in a ``Named`` reference instead of recursing forever.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from ..diagnostics import Diagnostics
from ..ir import (
    AliasSchema, AnyValue, ArrayOf, Const, Constraints, Discriminator, EnumSchema, EnumValue,
    MapOf, Named, Nullable, ObjectSchema, Primitive, Property, Schema, Source, TypeRef, UnionSchema, strip_nullable,
)
from ..load import Document, join
from ..load.document import RefError, report_ref_error
from ..load.shapes import as_dict, as_list
from .words import pascal, pascal_name, words

MAX_DEPTH = 120
PRIMITIVES = ("string", "integer", "number", "boolean")
_IN_PROGRESS = object()


def to_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def describe(node: dict[str, Any]) -> str:
    text = node.get("description")
    if not isinstance(text, str):
        text = node.get("title") if isinstance(node.get("title"), str) else ""
    return text.strip()


def constraints_of(node: dict[str, Any]) -> Constraints:
    def num(key: str) -> Any:
        v = node.get(key)
        return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None

    exc_min, exc_max = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
    minimum, maximum = num("minimum"), num("maximum")
    if isinstance(exc_min, (int, float)) and not isinstance(exc_min, bool):  # 3.1 numeric form
        minimum, exc_min = exc_min, True
    if isinstance(exc_max, (int, float)) and not isinstance(exc_max, bool):
        maximum, exc_max = exc_max, True
    pattern = node.get("pattern")
    return Constraints(
        min_length=num("minLength"), max_length=num("maxLength"),
        pattern=pattern if isinstance(pattern, str) else None,
        minimum=minimum, maximum=maximum,
        exclusive_minimum=exc_min is True, exclusive_maximum=exc_max is True,
        multiple_of=num("multipleOf"), min_items=num("minItems"), max_items=num("maxItems"),
    )


class SchemaBuilder:
    def __init__(self, doc: Document, diagnostics: Diagnostics, version: str) -> None:
        self.doc = doc
        self.diag = diagnostics
        self.version = version
        self.schemas: dict[str, Schema | object] = {}
        self._taken: dict[str, tuple[str, str]] = {}  # lower-case name → owner key
        self._component_names: dict[tuple[str, str], str] = {}
        self._memo: dict[tuple[str, str], TypeRef] = {}
        self._building: set[tuple[str, str]] = set()
        self._cyclic: set[tuple[str, str]] = set()
        self._raw_names: dict[str, str] = {}  # IR name → the name as written in the spec

    # -- names -----------------------------------------------------------------------
    def _claim(self, base: str, key: tuple[str, str]) -> str:
        """A unique type name (case-insensitively, for file systems) for the node at key."""
        name, n = base, 1
        while name.lower() in self._taken and self._taken[name.lower()] != key:
            n += 1
            name = f"{base}{n}"
        self._taken[name.lower()] = key
        return name

    def component_name(self, file: str, pointer: str) -> str | None:
        key = (file, pointer)
        if key in self._component_names:
            return self._component_names[key]
        parts = pointer.split("/")
        if len(parts) == 4 and parts[1] == "components" and parts[2] == "schemas":
            raw = parts[3].replace("~1", "/").replace("~0", "~")
        elif file != self.doc.root.name and len(parts) <= 2:
            # Fix: a schema that is a whole file (`$ref: common/money.yaml`) or a top-level
            # entry of a file of schemas (`$ref: schemas.yaml#/Money`) is a named schema too:
            # name it after the file / key, not after whichever property happened to use it
            # first (was `ThingPrice` for common/money.yaml), and let it recurse by name.
            raw = parts[1].replace("~1", "/").replace("~0", "~") if len(parts) == 2 else PurePath(file).stem
        else:
            return None
        if raw:
            name = self._claim(pascal_name(raw), key)
            self._component_names[key] = name
            self._raw_names[name] = raw
            return name
        return None

    def raw_name(self, name: str) -> str:
        return self._raw_names.get(name, name)

    def reserve_components(self, file: str) -> None:
        comps = as_dict(as_dict(as_dict(self.doc.files[file].data).get("components")).get("schemas"))
        if comps:
            for raw in comps:
                self.component_name(file, join("/components/schemas", raw))

    def finished(self) -> dict[str, Schema]:
        return {k: v for k, v in self.schemas.items() if v is not _IN_PROGRESS}  # type: ignore[misc]

    # -- entry points -------------------------------------------------------------------
    def build_components(self, file: str) -> None:
        comps = as_dict(as_dict(as_dict(self.doc.files[file].data).get("components")).get("schemas"))
        for raw in comps:
            self.ref_type(file, join("/components/schemas", raw), depth=0)

    def type_of(self, node: Any, file: str, ptr: str, hint: str, depth: int = 0) -> TypeRef:
        if depth > MAX_DEPTH:
            self.diag.error("schema-too-deep", f"schema nesting deeper than {MAX_DEPTH} levels; typed as any value", file, ptr)
            return AnyValue()
        if isinstance(node, bool) or node is None:
            return AnyValue()
        if not isinstance(node, dict):
            self.diag.warning("schema-invalid", f"schema must be an object, found {type(node).__name__}; typed as any value", file, ptr)
            return AnyValue()
        if "$ref" in node:
            try:
                tfile, tptr = self.doc.target(node["$ref"], file)
                self.doc.get(tfile, tptr)
            except RefError:
                return AnyValue()  # already reported by the loader
            t = self.ref_type(tfile, tptr, depth + 1, hint)
            return Nullable(t) if node.get("nullable") is True and not isinstance(t, Nullable) else t
        return self._build(node, file, ptr, hint, depth, key=None)

    def ref_type(self, file: str, ptr: str, depth: int, hint: str = "") -> TypeRef:
        key = (file, ptr)
        if key in self._memo:
            return self._memo[key]
        name = self.component_name(file, ptr)
        if key in self._building:
            if name is None:  # a cycle through a non-component schema: break it
                return AnyValue()
            self._cyclic.add(key)
            return Named(name)
        node = self.doc.get(file, ptr)
        try:
            node, file2, ptr2 = self.doc.deref(node, file, ptr)
        except RefError as exc:
            report_ref_error(self.diag, exc, file, ptr)
            return AnyValue()
        if (file2, ptr2) != key:  # a component that is itself a $ref
            return self._memo.setdefault(key, self.ref_type(file2, ptr2, depth + 1, hint))
        if not isinstance(node, dict):  # Fix: `Weird: 42` (or true/false) as a component crashed _build
            return self._memo.setdefault(key, self.type_of(node, file, ptr, name or hint or "Schema", depth))
        self._building.add(key)
        try:
            t = self._build(node, file, ptr, name or hint or "Schema", depth, key=key)
        finally:
            self._building.discard(key)
        if name is not None and not isinstance(strip_nullable(t), Named) and key in self._cyclic:
            # Referenced by name while being built: keep the name as an alias.
            self.schemas[name] = AliasSchema(name, Source(file, ptr), t, describe(node) if isinstance(node, dict) else "")
            t = Named(name)
        self._memo[key] = t
        return t

    # -- dispatch ------------------------------------------------------------------------
    def _build(self, node: dict[str, Any], file: str, ptr: str, hint: str, depth: int, key: tuple[str, str] | None) -> TypeRef:
        nullable = node.get("nullable") is True
        types = node.get("type")
        if isinstance(types, list):  # 3.1: type: [string, "null"]
            nullable = nullable or "null" in types
            types = [t for t in types if t != "null"]
            if len(types) == 1:
                types = types[0]
            elif not types:
                types = None
        if "const" in node:
            t: TypeRef = Const(node["const"]) if not isinstance(node["const"], (dict, list)) else AnyValue()
        elif isinstance(node.get("enum"), list):
            t = self._enum(node, file, ptr, hint, key, types)
            if None in node["enum"]:
                nullable = True
        elif isinstance(node.get("allOf"), list):
            t = self._all_of(node, file, ptr, hint, depth, key)
        elif isinstance(node.get("oneOf"), list) or isinstance(node.get("anyOf"), list):
            t = self._union(node, file, ptr, hint, depth, key)
        elif isinstance(types, list):
            variants = tuple(Primitive(x) if x in PRIMITIVES else AnyValue() for x in types)
            t = self._register_union(node, file, ptr, hint, key, variants, None, "anyOf")
        elif types == "array" or "items" in node:
            items = node.get("items")
            t = ArrayOf(self.type_of(items, file, join(ptr, "items"), hint + "Item", depth + 1) if items is not None else AnyValue())
        elif types == "object" or "properties" in node or "additionalProperties" in node:
            t = self._object_or_map(node, file, ptr, hint, depth, key)
        elif types in PRIMITIVES:
            fmt = node.get("format")
            t = Primitive(types, fmt if isinstance(fmt, str) else None)
        else:
            t = AnyValue()
        if nullable and not isinstance(t, (Nullable, AnyValue)):
            t = Nullable(t)
        return t

    def _hoist_name(self, hint: str, key: tuple[str, str] | None, file: str, ptr: str) -> str:
        if key is not None:
            name = self.component_name(*key)
            if name is not None:
                return name
        return self._claim(hint, key or (file, ptr))

    # -- enums -------------------------------------------------------------------------
    def _enum(self, node: dict[str, Any], file: str, ptr: str, hint: str, key: tuple[str, str] | None, types: Any) -> TypeRef:
        values = []
        for v in node["enum"]:
            if v is not None and not isinstance(v, (dict, list)) and v not in values:
                values.append(v)
        if not values:
            return AnyValue()
        if len(values) == 1:
            return Const(values[0])
        if types not in PRIMITIVES:
            first = values[0]
            types = "boolean" if isinstance(first, bool) else "integer" if isinstance(first, int) else "number" if isinstance(first, float) else "string"
        name = self._hoist_name(hint, key, file, ptr)
        names = node.get("x-enum-descriptions") or node.get("x-enumDescriptions")
        descs = names if isinstance(names, list) else []
        self.schemas[name] = EnumSchema(
            name=name, source=Source(file, ptr), value_type=types,
            values=tuple(EnumValue(v, str(descs[i]) if i < len(descs) else "") for i, v in enumerate(values)),
            description=describe(node), deprecated=node.get("deprecated") is True,
        )
        return Named(name)

    # -- objects ------------------------------------------------------------------------
    def _object_or_map(self, node: dict[str, Any], file: str, ptr: str, hint: str, depth: int, key: tuple[str, str] | None) -> TypeRef:
        props = node.get("properties")
        ap = node.get("additionalProperties")
        if not (isinstance(props, dict) and props) and (key is None or self.component_name(*key) is None):
            if isinstance(ap, dict):
                return MapOf(self.type_of(ap, file, join(ptr, "additionalProperties"), hint + "Value", depth + 1))
            return MapOf(AnyValue())
        return self._object(node, file, ptr, hint, depth, key, parts=[(node, file, ptr)], base=None)

    def _property(self, name: str, pnode: Any, required: bool, file: str, ptr: str, owner: str, depth: int) -> Property:
        t = self.type_of(pnode, file, ptr, owner + pascal(words(name)) if words(name) else owner + "Field", depth + 1)
        resolved = pnode
        if isinstance(pnode, dict) and "$ref" in pnode:
            try:
                resolved = self.doc.deref(pnode, file, ptr)[0]
            except RefError:
                resolved = {}
        meta = resolved if isinstance(resolved, dict) else {}
        # Sibling keywords next to a $ref (3.1) win over the target's.
        own = pnode if isinstance(pnode, dict) else {}
        pick = lambda k: own.get(k, meta.get(k))  # noqa: E731
        example = pick("example")
        if example is None and isinstance(pick("examples"), list) and pick("examples"):
            example = pick("examples")[0]
        return Property(
            name=name, type=t, required=required,
            description=(describe(own) or describe(meta)),
            default_json=to_json(pick("default")) if "default" in own or "default" in meta else None,
            example_json=to_json(example) if example is not None else None,
            read_only=pick("readOnly") is True, write_only=pick("writeOnly") is True,
            deprecated=pick("deprecated") is True, constraints=constraints_of(meta),
        )

    def _collect(self, node: dict[str, Any], file: str, ptr: str, parts: list[tuple[dict[str, Any], str, str]], depth: int) -> str | None:
        """Flatten an allOf into parts; return the name of the first named object base."""
        base: str | None = None
        for i, sub in enumerate(as_list(node.get("allOf"))):
            sptr = join(ptr, "allOf", i)
            sfile = file
            if isinstance(sub, dict) and "$ref" in sub:
                try:
                    tfile, tptr = self.doc.target(sub["$ref"], file)
                    target = self.doc.get(tfile, tptr)
                except RefError:
                    continue
                t = self.ref_type(tfile, tptr, depth + 1)
                if base is None and isinstance(t, Named) and isinstance(self.schemas.get(t.name), ObjectSchema):
                    base = t.name
                    continue
                try:
                    sub, sfile, sptr = self.doc.deref(target, tfile, tptr)
                except RefError:  # Fix: a looping $ref chain crashed here (ref_type above reported it)
                    continue
            if not isinstance(sub, dict):
                continue
            if "allOf" in sub:
                inner = self._collect(sub, sfile, sptr, parts, depth + 1)
                if base is None and inner is not None:
                    base = inner
            parts.append((sub, sfile, sptr))
        return base

    def _all_of(self, node: dict[str, Any], file: str, ptr: str, hint: str, depth: int, key: tuple[str, str] | None) -> TypeRef:
        subs = node["allOf"]
        has_own = any(k in node for k in ("properties", "additionalProperties", "required"))
        if len(subs) == 1 and not has_own:
            # allOf: [$ref] is how 3.0 specs attach a description or nullable to a ref.
            t = self.type_of(subs[0], file, join(ptr, "allOf", 0), hint, depth + 1)
            if key is not None and self.component_name(*key) is not None and isinstance(t, Named):
                target = self.schemas.get(t.name)
                if isinstance(target, ObjectSchema):  # a named component wrapping another: subclass it
                    return self._object(node, file, ptr, hint, depth, key, parts=[], base=t.name)
            return t
        parts: list[tuple[dict[str, Any], str, str]] = []
        base = self._collect(node, file, ptr, parts, depth)
        non_object = [p for p, _, _ in parts if ("oneOf" in p or "anyOf" in p) and "properties" not in p]
        if non_object and not any("properties" in p for p, _, _ in parts) and base is None:
            p, pfile, pptr = next((q for q in parts if q[0] is non_object[0]))
            return self.type_of(p, pfile, pptr, hint, depth + 1)
        parts.append((node, file, ptr))
        return self._object(node, file, ptr, hint, depth, key, parts=parts, base=base)

    def _object(self, node: dict[str, Any], file: str, ptr: str, hint: str, depth: int, key: tuple[str, str] | None,
                parts: list[tuple[dict[str, Any], str, str]], base: str | None) -> TypeRef:
        name = self._hoist_name(hint, key, file, ptr)
        self.schemas.setdefault(name, _IN_PROGRESS)
        base_schema = self.schemas.get(base) if base else None
        inherited: dict[str, Property] = (
            {p.name: p for p in base_schema.all_properties} if isinstance(base_schema, ObjectSchema) else {}
        )
        required: set[str] = set()
        for part, _, _ in parts:
            if isinstance(part.get("required"), list):
                required.update(r for r in part["required"] if isinstance(r, str))
        own: dict[str, Property] = {}
        extra: TypeRef | None = None
        extra_allowed = True
        for part, pfile, pptr in parts:
            props = part.get("properties")
            if isinstance(props, dict):
                for pname, pnode in props.items():
                    prop = self._property(str(pname), pnode, False, pfile, join(pptr, "properties", pname), name, depth)
                    own[prop.name] = prop
            ap = part.get("additionalProperties")
            if ap is False:
                extra_allowed = False
            elif isinstance(ap, dict) and ap:
                extra = self.type_of(ap, pfile, join(pptr, "additionalProperties"), name + "Value", depth + 1)
        for pname in list(own):
            prop = own[pname]
            was = inherited.get(pname)
            is_req = pname in required or (was is not None and was.required)
            own[pname] = _replace(prop, required=is_req, description=prop.description or (was.description if was else ""))
        for pname in sorted(required - set(own)):  # required: [x] tightening an inherited x
            if pname in inherited and not inherited[pname].required:
                own[pname] = _replace(inherited[pname], required=True)
        all_props = [own.get(p.name, p) for p in inherited.values()] + [p for n, p in own.items() if n not in inherited]
        example = node.get("example")
        schema = ObjectSchema(
            name=name, source=Source(file, ptr), properties=tuple(own.values()), all_properties=tuple(all_props),
            description=describe(node), base=base if isinstance(base_schema, ObjectSchema) else None,
            extra=extra, extra_allowed=extra_allowed, deprecated=node.get("deprecated") is True,
            example_json=to_json(example) if example is not None else None,
        )
        twin = self._structural_twin(schema, hint) if key is None or self.component_name(*key) is None else None
        if twin is not None:  # an inline copy of a named schema is that schema
            del self.schemas[name]
            self._taken.pop(name.lower(), None)
            return Named(twin)
        self.schemas[name] = schema
        return Named(name)

    def _structural_twin(self, schema: ObjectSchema, hint: str) -> str | None:
        other = self.schemas.get(hint)
        if not isinstance(other, ObjectSchema) or other.name == schema.name:
            return None
        same = (other.base, other.all_properties, other.extra, other.extra_allowed) == (
            schema.base, schema.all_properties, schema.extra, schema.extra_allowed)
        return other.name if same else None

    # -- unions ------------------------------------------------------------------------
    def _union(self, node: dict[str, Any], file: str, ptr: str, hint: str, depth: int, key: tuple[str, str] | None) -> TypeRef:
        combinator = "oneOf" if isinstance(node.get("oneOf"), list) else "anyOf"
        subs = node[combinator]
        nullable = False
        variants: list[TypeRef] = []
        refs: list[tuple[str, str] | None] = []
        for i, sub in enumerate(subs):
            sptr = join(ptr, combinator, i)
            if isinstance(sub, dict) and (sub.get("type") == "null" or (sub.get("nullable") is True and len(sub) == 1) or sub.get("enum") == [None]):
                nullable = True
                continue
            t = self.type_of(sub, file, sptr, self._variant_hint(sub, file, hint, i), depth + 1)
            if isinstance(t, Nullable):
                nullable, t = True, t.inner
            if t not in variants:
                variants.append(t)
                target = None
                if isinstance(sub, dict) and isinstance(sub.get("$ref"), str):
                    try:
                        target = self.doc.target(sub["$ref"], file)
                    except RefError:
                        target = None
                refs.append(target)
        if not variants:
            t: TypeRef = AnyValue()
        elif len(variants) == 1 and (key is None or self.component_name(*key) is None):
            t = variants[0]
        else:
            disc = self._discriminator(node, file, ptr, variants, refs)
            t = self._register_union(node, file, ptr, hint, key, tuple(variants), disc, combinator)
        return Nullable(t) if nullable and not isinstance(t, (Nullable, AnyValue)) else t

    def _variant_hint(self, sub: Any, file: str, hint: str, i: int) -> str:
        if isinstance(sub, dict) and isinstance(sub.get("allOf"), list):
            for part in sub["allOf"]:  # an inline list envelope of X reads best as "XList"
                props = part.get("properties") if isinstance(part, dict) else None
                data = props.get("data") if isinstance(props, dict) else None
                items = data.get("items") if isinstance(data, dict) else None
                if isinstance(items, dict) and isinstance(items.get("$ref"), str):
                    return pascal_name(items["$ref"].rsplit("/", 1)[-1]) + "List"
        if isinstance(sub, dict):
            for pname, pnode in (sub.get("properties") or {}).items():
                if isinstance(pnode, dict) and isinstance(pnode.get("enum"), list) and len(pnode["enum"]) == 1:
                    return hint + pascal_name(str(pnode["enum"][0]))
        return f"{hint}Variant{i + 1}"

    def _register_union(self, node: dict[str, Any], file: str, ptr: str, hint: str, key: tuple[str, str] | None,
                        variants: tuple[TypeRef, ...], disc: Discriminator | None, combinator: str) -> TypeRef:
        name = self._hoist_name(hint, key, file, ptr)
        self.schemas[name] = UnionSchema(name, Source(file, ptr), variants, disc, combinator, describe(node))  # type: ignore[arg-type]
        return Named(name)

    def _discriminator(self, node: dict[str, Any], file: str, ptr: str, variants: list[TypeRef],
                       refs: list[tuple[str, str] | None]) -> Discriminator | None:
        spec = node.get("discriminator")
        names = [v.name if isinstance(v, Named) else None for v in variants]
        if isinstance(spec, dict) and isinstance(spec.get("propertyName"), str):
            prop = spec["propertyName"]
            mapping: dict[str, str] = {}
            origin = "ref-object" if (file, join(ptr, "discriminator")) in self.doc.fixed else "explicit"
            raw_mapping = spec.get("mapping")
            if raw_mapping is not None and not isinstance(raw_mapping, dict):
                self.diag.warning("discriminator-mapping-invalid", f"discriminator mapping must be an object, found {type(raw_mapping).__name__}; ignored",
                                  file, join(ptr, "discriminator", "mapping"))
                raw_mapping = None
            for value, target in (raw_mapping or {}).items():
                if not isinstance(target, str):
                    continue
                ref = target if ("#" in target or "/" in target or target.endswith((".yaml", ".yml", ".json"))) else f"#/components/schemas/{target}"
                try:
                    tfile, tptr = self.doc.target(ref, file)
                    self.doc.get(tfile, tptr)
                except RefError as exc:
                    self.diag.error(exc.code, f"discriminator mapping {value!r}: {exc.message}", file, join(ptr, "discriminator", "mapping", value))
                    continue
                t = self.ref_type(tfile, tptr, 0)
                if isinstance(t, Named) and t.name in names:
                    mapping[str(value)] = t.name
                else:
                    self.diag.warning("discriminator-mapping-unknown",
                                      f"discriminator mapping {value!r} points at a schema that is not one of the variants; ignored",
                                      file, join(ptr, "discriminator", "mapping", value))
            if not raw_mapping:
                origin = "implicit"
            mapped = set(mapping.values())
            for n, r in zip(names, refs):  # variants the mapping leaves out: implicit by schema name
                if n is not None and n not in mapped and r is not None:
                    mapping[self.raw_name(n)] = n
            return Discriminator(prop, tuple(sorted(mapping.items())), None, origin)  # type: ignore[arg-type]
        return self._infer(variants)

    def _infer(self, variants: list[TypeRef]) -> Discriminator | None:
        """Variants that pin one property to distinct single values (at most one that does not,
        which becomes the default) can be told apart without a declared discriminator."""
        objs = [self.schemas.get(v.name) if isinstance(v, Named) else None for v in variants]
        if len(variants) < 2 or not all(isinstance(o, ObjectSchema) for o in objs):
            return None
        candidates: set[str] = set()
        for o in objs:
            candidates.update(p.name for p in o.all_properties if isinstance(p.type, Const) and isinstance(p.type.value, str))  # type: ignore[union-attr]
        best: tuple[int, str, tuple[tuple[str, str], ...], str | None] | None = None
        for prop in sorted(candidates):
            mapping: dict[str, str] = {}
            unpinned: list[str] = []
            ok = True
            for o in objs:
                p = next((q for q in o.all_properties if q.name == prop), None)  # type: ignore[union-attr]
                if p is not None and isinstance(p.type, Const) and isinstance(p.type.value, str):
                    if p.type.value in mapping:
                        ok = False
                        break
                    mapping[p.type.value] = o.name  # type: ignore[union-attr]
                else:
                    unpinned.append(o.name)  # type: ignore[union-attr]
            if not ok or len(unpinned) > 1:
                continue
            score = (len(mapping), prop, tuple(sorted(mapping.items())), unpinned[0] if unpinned else None)
            if best is None or score[0] > best[0]:
                best = score
        if best is None:
            return None
        return Discriminator(best[1], best[2], best[3], "inferred")


def _replace(prop: Property, **changes: Any) -> Property:
    from dataclasses import replace

    return replace(prop, **changes)
