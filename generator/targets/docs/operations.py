"""View models for group pages: one section per operation. Fields ending in ``_md`` are
Markdown built here (links, code); other text is spec text the templates escape."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ...ir import Api, Operation, Parameter, Property, Response
from ..python.naming import group_attr, method_name
from ..text import md_code, md_plain
from . import snippets
from .errors import exception_class
from .links import GROUPS, Links, operation_title
from .types import Link, constraints_md, json_md, type_md


@dataclass(frozen=True)
class FieldRow:
    name_md: str
    location: str  # parameters only: path | query | header | cookie
    type_md: str
    required: bool
    default_md: str
    constraints_md: str
    notes: str  # "deprecated, read-only" …
    description: str


@dataclass(frozen=True)
class VariantView:
    selector_md: str  # `type: "plaid"`, or "" for a plain object body
    schema_md: str  # link to the variant's model, or ""
    fields: tuple[FieldRow, ...]


@dataclass(frozen=True)
class BodyView:
    media_type: str
    required: bool
    type_md: str
    description: str
    discriminator_md: str  # the selecting property as code, when a union
    variants: tuple[VariantView, ...]


@dataclass(frozen=True)
class ResponseRow:
    status: str
    description: str
    body_md: str
    exception_md: str  # errors only: the Python SDK exception


@dataclass(frozen=True)
class OperationView:
    anchor: str
    title: str
    http_method: str
    path: str
    route_md: str  # `GET /path` as code
    summary: str
    description: str
    deprecated: bool
    sdk_md: str  # `client.group.method`
    auth_md: str
    parameters: tuple[FieldRow, ...]
    body: BodyView | None
    responses: tuple[ResponseRow, ...]
    errors: tuple[ResponseRow, ...]
    pagination_md: str
    idempotency_md: str
    curl: str
    python: str


def _notes(item: Property | Parameter) -> str:
    notes = ["deprecated"] if item.deprecated else []
    if isinstance(item, Property):
        notes += ["read-only"] if item.read_only else []
        notes += ["write-only"] if item.write_only else []
    return ", ".join(notes)


def field_row(item: Property | Parameter, link: Link, location: str = "") -> FieldRow:
    return FieldRow(
        name_md=md_code(item.name), location=location, type_md=type_md(item.type, link), required=item.required,
        default_md=json_md(item.default_json), constraints_md=constraints_md(item.constraints), notes=_notes(item),
        description=item.description,
    )


def _body(api: Api, op: Operation, link: Link, models: dict[str, str]) -> BodyView | None:
    body = op.body
    if body is None:
        return None
    variants = []
    for v in body.variants:
        selector = ""
        if body.discriminator and v.discriminator_value is not None:
            selector = md_code(f"{body.discriminator}: {json.dumps(v.discriminator_value, ensure_ascii=False)}")
        schema = f"[{md_plain(v.schema)}]({link(v.schema)})" if v.schema and v.schema in models else ""
        variants.append(VariantView(selector, schema, tuple(field_row(p, link) for p in v.properties)))
    return BodyView(
        media_type=body.media_type, required=body.required, type_md=type_md(body.type, link), description=body.description,
        discriminator_md=md_code(body.discriminator) if body.discriminator else "", variants=tuple(variants),
    )


def _response(api: Api, r: Response, link: Link, error: bool) -> ResponseRow:
    body = type_md(r.type, link) if r.type is not None else "no body"
    return ResponseRow(r.status, r.description, body, md_code(exception_class(api, r)) if error else "")


def _auth_md(api: Api, op: Operation) -> str:
    if not op.auth_required:
        return "none"
    alternatives = [" + ".join(md_plain(n) for n in alt) for alt in (op.security or api.security)]
    return " or ".join(alternatives) if alternatives else "none"


def _pagination_md(op: Operation, link: Link) -> str:
    p = op.pagination
    if p is None:
        return ""
    params = [x for x in (p.limit_param, p.offset_param, p.cursor_param) if x]
    text = f"{md_plain(p.style.replace('_', ' '))} pagination"
    if params:
        text += " with " + ", ".join(md_code(x) for x in params)
    if p.cursor_field:
        text += f" (next cursor from {md_code(p.cursor_field)})"
    return text + "; items are " + type_md(p.item, link)


def _idempotency_md(op: Operation) -> str:
    i = op.idempotency
    if i is None:
        return ""
    header = md_code(i.header)
    if i.declared and i.required:
        return f"{header} header required: a retry with the same key returns the original response."
    if i.declared:
        return f"{header} header accepted: a retry with the same key returns the original response."
    return f"The Python SDK sends an {header} header on this POST and reuses it on retries."


def operation_view(api: Api, op: Operation, links: Links, package: str) -> OperationView:
    env_prefix = package.upper()
    def link(name: str) -> str:
        return links.model(name, GROUPS)

    success = [r for r in op.responses if r not in op.errors]
    return OperationView(
        anchor=links.op_anchor[op.id], title=operation_title(op.summary, op.operation_id),
        http_method=op.http_method.upper(), path=op.path, route_md=md_code(f"{op.http_method.upper()} {op.path}"),
        summary=op.summary, description=op.description,
        deprecated=op.deprecated, sdk_md=md_code(f"client.{group_attr(op.group)}.{method_name(op.method)}"),
        auth_md=_auth_md(api, op),
        parameters=tuple(field_row(p, link, p.location) for p in op.parameters),
        body=_body(api, op, link, links.model_file),
        responses=tuple(_response(api, r, link, False) for r in success),
        errors=tuple(_response(api, r, link, True) for r in op.errors),
        pagination_md=_pagination_md(op, link), idempotency_md=_idempotency_md(op),
        curl=snippets.curl(api, op, env_prefix), python=snippets.python(api, op, package),
    )
