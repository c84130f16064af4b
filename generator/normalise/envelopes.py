"""Recognise envelopes by structure and finish what depends on them.

- list envelope: ``data`` (array) + ``has_more`` (boolean) → a page of ``data``'s items;
- resource base: a named model that several models extend;
- error envelope: ``{error: {message, ...}}`` used by an error response;
- legacy error body: ``{code, message, ...}`` used by an error response;
then pagination per operation and the error codes pinned by error bodies.
"""

from __future__ import annotations

from dataclasses import replace

from ..ir import (
    ArrayOf, Const, ErrorCode, Named, ObjectSchema, Operation, Pagination, Primitive, Schema, TypeRef, strip_nullable,
)


def _props(s: ObjectSchema) -> dict[str, TypeRef]:
    return {p.name: strip_nullable(p.type) for p in s.all_properties}


def _is_list(s: ObjectSchema) -> bool:
    props = _props(s)
    return isinstance(props.get("data"), ArrayOf) and props.get("has_more") == Primitive("boolean")


def assign_roles(schemas: dict[str, Schema], ops: list[Operation]) -> dict[str, Schema]:
    error_schemas: set[str] = set()
    for op in ops:
        for r in op.errors:
            t = strip_nullable(r.type) if r.type is not None else None
            if isinstance(t, Named):
                error_schemas.add(t.name)
    base_uses: dict[str, int] = {}
    for s in schemas.values():
        if isinstance(s, ObjectSchema) and s.base:
            base_uses[s.base] = base_uses.get(s.base, 0) + 1
    out = dict(schemas)
    for name, s in schemas.items():
        if not isinstance(s, ObjectSchema):
            continue
        props = _props(s)
        if _is_list(s):
            data = props["data"]
            out[name] = replace(s, role="list", list_item=data.items if isinstance(data, ArrayOf) else None)
        elif name in error_schemas and isinstance(props.get("error"), Named) and isinstance(schemas.get(props["error"].name), ObjectSchema) \
                and "message" in _props(schemas[props["error"].name]):  # type: ignore[arg-type, union-attr]
            out[name] = replace(s, role="error")
        elif name in error_schemas and "code" in props and "message" in props and "error" not in props:
            out[name] = replace(s, role="legacy_error")
        elif base_uses.get(name, 0) >= 1 and "object" in props:
            out[name] = replace(s, role="resource")
    return out


def paginate(op: Operation, schemas: dict[str, Schema]) -> Operation:
    if op.http_method != "get" or op.success is None or op.success.type is None:
        return op
    t = strip_nullable(op.success.type)
    page = schemas.get(t.name) if isinstance(t, Named) else None
    if not isinstance(page, ObjectSchema) or page.role != "list" or page.list_item is None:
        return op
    query = {p.name for p in op.parameters if p.location == "query"}
    limit = "limit" if "limit" in query else ("page_size" if "page_size" in query else None)
    env = _props(page)
    pagination = None
    if "offset" in query:
        pagination = Pagination("offset", page.list_item, page.name, limit_param=limit, offset_param="offset")
    elif "starting_after" in query:
        pagination = Pagination("cursor", page.list_item, page.name, limit_param=limit, cursor_param="starting_after", cursor_field="id")
    elif "page_token" in query and "next_page_token" in env:
        pagination = Pagination("page_token", page.list_item, page.name, limit_param=limit, cursor_param="page_token", cursor_field="next_page_token")
    return replace(op, pagination=pagination) if pagination else op


def error_codes(ops: list[Operation], schemas: dict[str, Schema]) -> tuple[ErrorCode, ...]:
    found: dict[tuple[int, str], ErrorCode] = {}
    for op in ops:
        for r in op.errors:
            if not r.status.isdigit() or r.type is None:
                continue
            t = strip_nullable(r.type)
            s = schemas.get(t.name) if isinstance(t, Named) else None
            if isinstance(s, ObjectSchema) and s.role in ("error", "legacy_error"):
                code = _props(s).get("code")
                if isinstance(code, Const) and isinstance(code.value, str):
                    found.setdefault((int(r.status), code.value), ErrorCode(int(r.status), code.value, s.name))
    return tuple(found[k] for k in sorted(found))
