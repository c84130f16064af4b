"""Stage 3 — normalise: a loaded, checked document → the IR (``generator.ir.Api``)."""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostics
from ..ir import Api, Group, SecurityScheme, Server, ServerVariable
from ..load import Document, join
from ..load.document import RefError, report_ref_error
from ..load.shapes import as_dict, as_list
from .auth import client_auth
from .envelopes import assign_roles, error_codes, paginate
from .operations import OperationBuilder
from .schemas import SchemaBuilder, describe
from .words import words

__all__ = ["normalise"]


def normalise(doc: Document, diagnostics: Diagnostics, version: str) -> Api:
    data = doc.data
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    schemas = SchemaBuilder(doc, diagnostics, version)
    schemas.reserve_components(doc.root.name)
    schemas.build_components(doc.root.name)
    idem_header = _idempotency_header(doc)
    ops = OperationBuilder(doc, diagnostics, schemas).build(idem_header)
    built = assign_roles(schemas.finished(), ops)
    ops = [paginate(op, built) for op in ops]
    envelopes = tuple(sorted((s.role, s.name) for s in built.values() if getattr(s, "role", None)))  # type: ignore[misc]
    security_schemes = _security_schemes(doc, diagnostics)
    security = tuple(tuple(sorted(r)) for r in as_list(data.get("security")) if isinstance(r, dict))
    return Api(
        title=str(info.get("title") or "API"),
        version=str(info.get("version") or "0.0.0"),
        description=str(info.get("description") or "").strip(),
        openapi_version=str(data.get("openapi")),
        servers=_servers(data),
        security_schemes=security_schemes,
        security=security,
        groups=_groups(data, ops),
        operations=tuple(ops),
        schemas=tuple(built[k] for k in sorted(built)),
        error_codes=error_codes(ops, built),
        idempotency_header=idem_header,
        envelopes=envelopes,
        client_auth=client_auth(data, security_schemes, security, ops, diagnostics, doc.root.name),
    )


def _idempotency_header(doc: Document) -> str:
    for file in doc.files.values():
        comps = file.data.get("components") if isinstance(file.data, dict) else None
        for p in as_dict(as_dict(comps).get("parameters")).values():
            if isinstance(p, dict) and p.get("in") == "header" and str(p.get("name", "")).lower() == "idempotency-key":
                return str(p["name"])
    return "Idempotency-Key"


def _servers(data: dict[str, Any]) -> tuple[Server, ...]:
    out: list[Server] = []
    taken: set[str] = set()
    for i, s in enumerate(as_list(data.get("servers"))):
        if not isinstance(s, dict) or not isinstance(s.get("url"), str):
            continue
        desc = str(s.get("description") or "").strip()
        w = [x for x in words(desc) if x != "environment"]
        env = w[0] if w else f"server{i + 1}"
        if env in taken:
            env = "_".join(w) if w and "_".join(w) not in taken else f"server{i + 1}"
        taken.add(env)
        variables = tuple(
            ServerVariable(str(name), str(v.get("default", "")), tuple(str(e) for e in as_list(v.get("enum"))), describe(v))
            for name, v in as_dict(s.get("variables")).items() if isinstance(v, dict)
        )
        out.append(Server(s["url"], desc, env, variables))
    return tuple(out)


def _security_schemes(doc: Document, diagnostics: Diagnostics) -> tuple[SecurityScheme, ...]:
    comps = doc.data.get("components") if isinstance(doc.data.get("components"), dict) else {}
    out = []
    for name, node in as_dict(comps.get("securitySchemes")).items():
        try:
            node = doc.deref(node, doc.root.name, join("/components/securitySchemes", name))[0]
        except RefError as exc:
            report_ref_error(diagnostics, exc, doc.root.name, join("/components/securitySchemes", name))
            continue
        if not isinstance(node, dict):
            continue
        kind, scheme = node.get("type"), str(node.get("scheme", "")).lower()
        ir_kind = ("basic" if scheme == "basic" else "bearer" if scheme == "bearer" else "other") if kind == "http" else \
            {"apiKey": "api_key", "oauth2": "oauth2", "openIdConnect": "openid"}.get(str(kind), "other")
        location = node.get("in") if node.get("in") in ("header", "query", "cookie") else None
        out.append(SecurityScheme(str(name), ir_kind, describe(node), location,  # type: ignore[arg-type]
                                  str(node["name"]) if ir_kind == "api_key" and "name" in node else None,
                                  str(node["bearerFormat"]) if "bearerFormat" in node else None))
    return tuple(out)


def _groups(data: dict[str, Any], ops: list[Any]) -> tuple[Group, ...]:
    tag_info: dict[tuple[str, ...], tuple[str, str]] = {}
    for t in as_list(data.get("tags")):
        if isinstance(t, dict) and "name" in t:
            tag_info.setdefault(words(str(t["name"])), (str(t["name"]), describe(t)))
    order = {name: i for i, name in enumerate(tag_info)}
    members: dict[tuple[str, ...], list[str]] = {}
    for op in ops:
        members.setdefault(op.group, []).append(op.id)
    groups = []
    for name, op_ids in members.items():
        title, desc = tag_info.get(name, (" ".join(name).title(), ""))
        groups.append(Group(name, title, desc, tuple(op_ids)))
    groups.sort(key=lambda g: (order.get(g.name, len(order)), g.name))
    return tuple(groups)
