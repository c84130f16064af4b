"""TypeScript values for example calls: the spec's example when it fits the declared type,
otherwise a placeholder of that type — so an example always compiles against the SDK, even
when the spec's own example contradicts its schema (a string for an array, a missing field)."""

from __future__ import annotations

from ...ir import (AliasSchema, AnyValue, Api, ArrayOf, Const, EnumSchema, MapOf, Named, Nullable, ObjectSchema,
                   Primitive, TypeRef, UnionSchema)
from .escape import ts_literal
from .naming import property_key

_DEPTH = 4  # placeholders stop here: deeper required fields of recursive schemas are rare


def fits(value: object, t: TypeRef, api: Api, seen: frozenset[str] = frozenset()) -> bool:
    """Whether the JSON value ``value`` is assignable to the TypeScript type of ``t``.
    ``seen``: aliases and unions already tried for this same value (a union may list itself)."""
    if isinstance(t, AnyValue):
        return True
    if isinstance(t, Nullable):
        return value is None or fits(value, t.inner, api, seen)
    if isinstance(t, Const):
        return value == t.value and type(value) is type(t.value)
    if isinstance(t, Primitive):
        if t.type == "string":
            return isinstance(value, str) and t.format != "binary"
        if t.type == "boolean":
            return isinstance(value, bool)
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(t, ArrayOf):
        return isinstance(value, list) and all(fits(v, t.items, api) for v in value)
    if isinstance(t, MapOf):
        return isinstance(value, dict) and all(fits(v, t.values, api) for v in value.values())
    if t.name in seen:
        return False
    s, inner = api.schema(t.name), seen | {t.name}
    if isinstance(s, AliasSchema):
        return fits(value, s.target, api, inner)
    if isinstance(s, EnumSchema):
        if s.value_type == "string":
            return isinstance(value, str)
        return fits(value, Primitive(s.value_type), api)
    if isinstance(s, UnionSchema):
        d = s.discriminator
        if d is not None and isinstance(value, dict):
            names = [name for key, name in d.mapping if key == value.get(d.property)]
            return any(fits(value, v, api, inner) for v in s.variants if isinstance(v, Named) and v.name in names)
        return any(fits(value, v, api, inner) for v in s.variants)
    return _object_fits(value, s, api)


def _object_fits(value: object, s: ObjectSchema, api: Api) -> bool:
    if not isinstance(value, dict):
        return False
    props = {p.name: p for p in s.all_properties}
    if s.extra is None and any(k not in props for k in value):
        return False  # an object literal may not have keys the interface does not declare
    if any(p.required and p.name not in value for p in props.values()):
        return False
    return all(fits(v, props[k].type, api) if k in props else fits(v, s.extra or AnyValue(), api) for k, v in value.items())


def example_or_placeholder(value: object, t: TypeRef, api: Api, *, request: bool = True) -> str:
    return ts_literal(value) if fits(value, t, api) else placeholder(t, api, request=request)


def placeholder(t: TypeRef, api: Api, *, request: bool = True, depth: int = 0, seen: frozenset[str] = frozenset()) -> str:
    """A TypeScript expression of type ``t``: the simplest value it accepts. ``seen``: the
    aliases and unions being expanded, so a union that lists itself picks another variant."""
    if isinstance(t, (AnyValue, MapOf)):
        return "{}"
    if isinstance(t, Nullable):
        return placeholder(t.inner, api, request=request, depth=depth, seen=seen)
    if isinstance(t, Const):
        return ts_literal(t.value)
    if isinstance(t, Primitive):
        if t.type == "string":
            return 'new Blob(["..."])' if t.format == "binary" and request else '"..."'
        return "true" if t.type == "boolean" else "1"
    if isinstance(t, ArrayOf):
        return "[]"
    s = api.schema(t.name)
    inner = seen | {t.name}
    if isinstance(s, AliasSchema):
        return placeholder(s.target, api, request=request, depth=depth, seen=inner) if t.name not in seen else "{}"
    if isinstance(s, EnumSchema):
        return ts_literal(s.values[0].value) if s.values else ('"..."' if s.value_type == "string" else "1")
    if isinstance(s, UnionSchema):
        options = [v for v in s.variants if not (isinstance(v, Named) and v.name in inner)]
        if not options:
            return "{}"
        first, d = options[0], s.discriminator
        if d is not None and isinstance(first, Named):
            pinned = next((key for key, name in d.mapping if name == first.name), None)
            if pinned is not None:
                return object_placeholder(first, api, request=request, depth=depth, fixed={d.property: pinned})
        return placeholder(first, api, request=request, depth=depth, seen=inner)
    return object_placeholder(t, api, request=request, depth=depth)


def object_placeholder(t: Named, api: Api, *, request: bool, depth: int, fixed: dict[str, str] | None = None) -> str:
    s = api.schema(t.name)
    if not isinstance(s, ObjectSchema):
        return placeholder(t, api, request=request, depth=depth)
    fixed = fixed or {}
    fields = []
    for p in s.all_properties:
        if p.name in fixed:
            fields.append(f"{property_key(p.name)}: {ts_literal(fixed[p.name])}")
        elif p.required and depth < _DEPTH:
            fields.append(f"{property_key(p.name)}: {placeholder(p.type, api, request=request, depth=depth + 1)}")
    return "{ " + ", ".join(fields) + " }" if fields else "{}"
