"""View model for the index page: servers, authentication, the conventions the spec states
(envelopes, errors, pagination, idempotency, rate limits) and the contents."""

from __future__ import annotations

from dataclasses import dataclass

from ...ir import Api, Operation
from ..python import _auth
from ..python.examples import client_class_name
from ..text import md_code, md_plain
from .anchors import Slugger
from .errors import example_code, exception_class
from .links import Links, operation_title
from .types import type_md

# (key, heading, level) in page order; the template writes these headings in this order.
SECTIONS = (
    ("overview", "Overview", 2), ("servers", "Servers", 2), ("authentication", "Authentication", 2),
    ("conventions", "Conventions", 2), ("envelopes", "Envelopes", 3), ("errors", "Errors", 3),
    ("pagination", "Pagination", 3), ("idempotency", "Idempotency", 3), ("rate_limits", "Rate limits", 3),
    ("groups", "Resource groups", 2), ("models", "Models", 2),
)
ENVELOPE_ROLES = {"resource": "resource", "list": "list", "error": "error", "legacy_error": "legacy error"}
SCHEME_KINDS = {"basic": "HTTP Basic", "bearer": "HTTP Bearer", "api_key": "API key", "oauth2": "OAuth 2",
                "openid": "OpenID Connect", "other": "other"}


@dataclass(frozen=True)
class Heading:
    title: str
    anchor: str
    level: int


@dataclass(frozen=True)
class Row:
    """A table row of ready Markdown cells (built here) and spec text (escaped by the template)."""

    cells_md: tuple[str, ...]
    text: str = ""


@dataclass(frozen=True)
class IndexView:
    title: str
    version: str
    openapi_version: str
    description: str
    headings: dict[str, Heading]
    servers: tuple[Row, ...]
    schemes: tuple[Row, ...]
    public_operations: tuple[str, ...]  # links
    python_setup: str
    envelopes: tuple[Row, ...]
    error_statuses: tuple[Row, ...]
    error_codes: tuple[Row, ...]
    pagination: tuple[Row, ...]
    idempotency_header_md: str
    idempotent: tuple[Row, ...]
    rate_limited: int
    operations: int
    rate_limit: tuple[Row, ...]
    groups: tuple[Row, ...]
    models: int


def _op_link(op: Operation, links: Links) -> str:
    return f"[{md_plain(operation_title(op.summary, op.operation_id))}]({links.operation(op.id, '')})"


def _scheme_details(kind: str, location: str | None, parameter: str | None, bearer_format: str | None) -> str:
    if kind == "api_key" and parameter:
        return f"{md_code(parameter)} in {md_plain(location or 'header')}"
    if kind == "bearer" and bearer_format:
        return f"{md_code('Authorization: Bearer …')} ({md_plain(bearer_format)})"
    if kind == "basic":
        return md_code("Authorization: Basic …")
    return ""


def _errors(api: Api) -> tuple[Row, ...]:
    by_status: dict[str, dict] = {}
    for op in api.operations:
        for r in op.errors:
            entry = by_status.setdefault(r.status, {"text": r.description, "codes": [], "ops": 0, "exc": exception_class(api, r)})
            entry["ops"] += 1
            code = example_code(r)
            if code and code not in entry["codes"]:
                entry["codes"].append(code)
    rows = []
    for status in sorted(by_status, key=lambda s: (not s.isdigit(), s)):
        e = by_status[status]
        rows.append(Row((md_plain(status), md_code(e["exc"]), ", ".join(md_code(c) for c in sorted(e["codes"])), str(e["ops"])), e["text"]))
    return tuple(rows)


def index_view(api: Api, links: Links, package: str) -> IndexView:
    slugger = Slugger()
    slugger.add(api.title)
    headings = {key: Heading(title, slugger.add(title), level) for key, title, level in SECTIONS}
    ops = api.operations

    def model(name: str) -> str:
        return links.model(name, "")

    _, credentials, _ = _auth(api, package.upper())
    env_note = " and ".join(env for _, env in credentials)
    client = client_class_name(package)
    setup = f"from {package} import {client}\n\nclient = {client}()" + (f"  # reads {env_note}" if env_note else "")

    servers = tuple(
        Row((md_plain(s.environment), md_code(s.url), ", ".join(f"{md_code(v.name)} = {md_code(v.default)}" for v in s.variables)), s.description)
        for s in api.servers
    )
    schemes = tuple(
        Row((md_plain(s.name), md_plain(SCHEME_KINDS[s.kind]), _scheme_details(s.kind, s.location, s.parameter, s.bearer_format)), s.description)
        for s in api.security_schemes
    )
    envelopes = tuple(
        Row((md_plain(ENVELOPE_ROLES.get(role, role)), f"[{md_plain(name)}]({model(name)})"), api.schema(name).description)
        for role, name in api.envelopes
    )
    codes = tuple(
        Row((md_plain(str(c.status)), md_code(c.code), f"[{md_plain(c.schema)}]({model(c.schema)})"))
        for c in api.error_codes
    )
    pagination = tuple(
        Row((_op_link(op, links), md_plain(op.pagination.style.replace("_", " ")),
             ", ".join(md_code(p) for p in (op.pagination.limit_param, op.pagination.offset_param, op.pagination.cursor_param) if p),
             type_md(op.pagination.item, model)))
        for op in ops if op.pagination is not None
    )
    idempotent = tuple(
        Row((_op_link(op, links), md_code(f"{op.http_method.upper()} {op.path}"), "required" if op.idempotency.required else "optional"))
        for op in ops if op.idempotency is not None and op.idempotency.declared
    )
    limited = [r for op in ops for r in op.errors if r.status == "429"]
    rate_limit = (Row((md_code(exception_class(api, limited[0])),), limited[0].description),) if limited else ()
    groups = tuple(
        Row((f"[{md_plain(g.title)}]({links.group(g.title, '')})", str(len(g.operations))), g.description)
        for g in api.groups
    )
    return IndexView(
        title=api.title, version=api.version, openapi_version=api.openapi_version, description=api.description,
        headings=headings, servers=servers, schemes=schemes,
        public_operations=tuple(_op_link(op, links) for op in ops if not op.auth_required),
        python_setup=setup, envelopes=envelopes, error_statuses=_errors(api), error_codes=codes,
        pagination=pagination, idempotency_header_md=md_code(api.idempotency_header), idempotent=idempotent,
        rate_limited=sum(1 for op in ops if any(r.status == "429" for r in op.errors)), operations=len(ops), rate_limit=rate_limit, groups=groups,
        models=len(api.schemas),
    )
