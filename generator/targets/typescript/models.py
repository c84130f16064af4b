"""View models for ``src/types/<schema>.ts``: one file per schema, everything precomputed.

Objects become interfaces (a named base stays ``extends``; members whose type a subclass
changes are omitted from the base first), enums open unions of literals, unions TypeScript
unions whose variants carry their discriminator literal, aliases plain type aliases.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...ir import AliasSchema, Api, Const, EnumSchema, Named, ObjectSchema, Property, Schema, UnionSchema
from .escape import js_doc, ts_literal
from .naming import file_name, property_key, type_name, unique
from .types import TypeMapper, map_of


@dataclass(frozen=True)
class FieldView:
    key: str  # property key as written in the interface (wire name, quoted when needed)
    optional: bool
    type: str
    doc: tuple[str, ...]
    deprecated: bool


@dataclass(frozen=True)
class TypeView:
    kind: str  # interface | alias
    name: str
    file: str
    doc: tuple[str, ...]
    deprecated: bool
    imports: tuple[tuple[str, str], ...]  # (type name, file) this file needs
    extends: str = ""
    fields: tuple[FieldView, ...] = ()
    open_keys: bool = False  # additionalProperties declared: any other key is allowed
    variants: tuple[str, ...] = ()  # alias: the union members (one line each), or one expression


def file_names(api: Api) -> dict[str, str]:
    names = unique([file_name(s.name) for s in api.schemas])
    return {s.name: f for s, f in zip(api.schemas, names)}


def field_views(props: tuple[Property, ...], mapper: TypeMapper, refs: set[str], *, request: bool = False) -> tuple[FieldView, ...]:
    return tuple(
        FieldView(property_key(p.name), not p.required, mapper.expression(p.type, refs, request=request),
                  tuple(js_doc(p.description)), p.deprecated)
        for p in props
    )


def _discriminated(s: UnionSchema, api: Api, mapper: TypeMapper, refs: set[str]) -> tuple[str, ...]:
    """Union members; a mapped variant whose own property is not already exactly its
    literal(s) gets them pinned, so narrowing on the discriminator works for every mapping."""
    d = s.discriminator
    out = []
    for v in s.variants:
        expr = mapper.expression(v, refs)
        if d is not None and isinstance(v, Named):
            values = [k for k, name in d.mapping if name == v.name]
            target = api.schema(v.name)
            own = next((p for p in target.all_properties if p.name == d.property), None) if isinstance(target, ObjectSchema) else None
            pinned = own is not None and own.required and isinstance(own.type, Const) and [own.type.value] == values
            if values and not pinned:
                expr = f"({expr} & {{ {property_key(d.property)}: {' | '.join(ts_literal(x) for x in values)} }})"
        out.append(expr)
    return tuple(out)


def _omitted(s: ObjectSchema, api: Api, mapper: TypeMapper) -> list[str]:
    """Base members this interface redefines in a way ``extends`` would reject."""
    base = api.schema(s.base) if s.base else None
    if not isinstance(base, ObjectSchema):
        return []
    inherited = {p.name: p for p in base.all_properties}
    out = []
    for p in s.properties:
        was = inherited.get(p.name)
        if was is None:
            continue
        same = mapper.expression(p.type, set()) == mapper.expression(was.type, set())
        if not same or (was.required and not p.required):
            out.append(p.name)
    return out


def type_view(s: Schema, api: Api, mapper: TypeMapper, files: dict[str, str]) -> TypeView:
    refs: set[str] = set()
    name, doc = type_name(s.name), tuple(js_doc(s.description))
    deprecated = getattr(s, "deprecated", False)
    extends, open_keys, kind = "", False, "alias"
    fields: tuple[FieldView, ...] = ()
    variants: tuple[str, ...] = ()
    if isinstance(s, ObjectSchema):
        fields = field_views(s.properties, mapper, refs)
        open_keys = s.extra is not None
        if s.base:
            refs.add(s.base)
            omit = _omitted(s, api, mapper)
            base = type_name(s.base)
            extends = f"Omit<{base}, {' | '.join(ts_literal(k) for k in omit)}>" if omit else base
        if fields or extends:
            kind = "interface"
        else:  # a dictionary: its values' type is all there is to say
            values = mapper.expression(s.extra, refs) if s.extra is not None else "unknown"
            variants, open_keys = (map_of(values, s.extra),), False
    elif isinstance(s, EnumSchema):
        literals = [ts_literal(v.value) for v in s.values]
        if s.value_type == "boolean":
            variants = ("boolean",)
        else:
            widen = "(string & {})" if s.value_type == "string" else "(number & {})"
            variants = tuple(literals) + (widen,)  # open: values the spec does not list yet are kept
    elif isinstance(s, UnionSchema):
        variants = _discriminated(s, api, mapper, refs)
    else:
        assert isinstance(s, AliasSchema)
        variants = (mapper.expression(s.target, refs),)
    refs.discard(s.name)
    imports = tuple(sorted((type_name(r), files[r]) for r in refs if not r.startswith("!")))
    return TypeView(kind, name, files[s.name], doc, deprecated, imports, extends, fields, open_keys, variants)


def type_views(api: Api) -> list[TypeView]:
    mapper = TypeMapper(api)
    files = file_names(api)
    return [type_view(s, api, mapper, files) for s in api.schemas]
