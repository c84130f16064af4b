"""View models for model pages: fields, enum values, union variants, and where it is used."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ...ir import AliasSchema, Api, EnumSchema, Named, ObjectSchema, Schema, UnionSchema
from ..text import md_code, md_plain, one_line
from .links import MODELS, Links, operation_title
from .operations import FieldRow, field_row
from .types import type_md
from .usage import ModelUse, OperationUse


@dataclass(frozen=True)
class ValueRow:
    value_md: str
    description: str


@dataclass(frozen=True)
class VariantRow:
    selector_md: str  # the discriminator value that selects it, as code; "" when none
    type_md: str


@dataclass(frozen=True)
class UseRow:
    link_md: str
    how_md: str


@dataclass(frozen=True)
class ModelView:
    name: str
    kind: str  # object | enum | union | alias
    role: str  # "resource envelope", "list envelope", "error body" …, or ""
    description: str
    summary: str  # the description's first paragraph on one line, for the models index
    deprecated: bool
    base_md: str
    fields: tuple[FieldRow, ...]
    inherited: bool  # some of ``fields`` come from the base
    extra_md: str  # additional properties: their type, or ""
    values: tuple[ValueRow, ...]
    combinator: str  # oneOf | anyOf
    discriminator_md: str
    variants: tuple[VariantRow, ...]
    default_variant_md: str
    alias_md: str
    used_by_operations: tuple[UseRow, ...]
    used_by_models: tuple[UseRow, ...]


ROLES = {"resource": "resource envelope", "list": "list envelope", "error": "error body", "legacy_error": "legacy error body"}


def _how(how: str, name: str) -> str:
    return f"{md_plain(how)} {md_code(name)}" if name else md_plain(how)


def model_view(api: Api, s: Schema, links: Links, op_uses: list[OperationUse], model_uses: list[ModelUse]) -> ModelView:
    def link(name: str) -> str:
        return links.model(name, MODELS)

    fields: tuple[FieldRow, ...] = ()
    inherited = False
    base_md = extra_md = alias_md = discriminator_md = default_md = combinator = role = ""
    values: tuple[ValueRow, ...] = ()
    variants: tuple[VariantRow, ...] = ()
    if isinstance(s, ObjectSchema):
        fields = tuple(field_row(p, link) for p in s.all_properties)
        own = {p.name for p in s.properties}
        inherited = any(p.name not in own for p in s.all_properties)
        base_md = f"[{md_plain(s.base)}]({link(s.base)})" if s.base else ""
        extra_md = type_md(s.extra, link) if s.extra is not None else ""
        role = ROLES.get(s.role or "", "")
    elif isinstance(s, EnumSchema):
        values = tuple(ValueRow(md_code(json.dumps(v.value, ensure_ascii=False)), v.description) for v in s.values)
    elif isinstance(s, UnionSchema):
        combinator = s.combinator
        by_variant: dict[str, list[str]] = {}
        if s.discriminator is not None:
            discriminator_md = md_code(s.discriminator.property)
            for value, name in s.discriminator.mapping:
                by_variant.setdefault(name, []).append(md_code(json.dumps(value, ensure_ascii=False)))
            if s.discriminator.default:
                default_md = f"[{md_plain(s.discriminator.default)}]({link(s.discriminator.default)})"
        rows = []
        for t in s.variants:
            selectors = by_variant.get(t.name, []) if isinstance(t, Named) else []
            rows.append(VariantRow(", ".join(selectors), type_md(t, link)))
        variants = tuple(rows)
    elif isinstance(s, AliasSchema):
        alias_md = type_md(s.target, link)
    return ModelView(
        name=s.name, kind=s.kind, role=role, description=s.description,
        summary=one_line(s.description.strip().split("\n\n")[0], 160), deprecated=getattr(s, "deprecated", False),
        base_md=base_md, fields=fields, inherited=inherited, extra_md=extra_md, values=values,
        combinator=combinator, discriminator_md=discriminator_md, variants=variants, default_variant_md=default_md,
        alias_md=alias_md,
        used_by_operations=tuple(
            UseRow(f"[{md_plain(operation_title(op.summary, op.operation_id))}]({links.operation(op.id, MODELS)}) "
                   f"{md_code(op.http_method.upper() + ' ' + op.path)}", _how(u.how, u.name))
            for u, op in ((u, api.operation(u.op_id)) for u in op_uses)
        ),
        used_by_models=tuple(UseRow(f"[{md_plain(u.model)}]({link(u.model)})", _how(u.how, u.name)) for u in model_uses),
    )
