"""Paths → IR operations: names, parameters, bodies, responses, idempotency, security."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..diagnostics import Diagnostics
from ..ir import (
    AnyValue, BodyVariant, Idempotency, MapOf, Named, ObjectSchema, Operation, Parameter, Primitive,
    RequestBody, Response, Source, TypeRef, UnionSchema, strip_nullable,
)
from ..load import Document, join
from ..load.document import RefError, report_ref_error
from ..load.shapes import as_dict, as_list
from .schemas import SchemaBuilder, constraints_of, describe, to_json
from .words import pascal, strip_group_noun, words

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PATH_VAR = re.compile(r"{([^{}]+)}")
# Path prefixes that name no resource: an untagged operation is grouped by the segment after them
# (Stripe's /v1/customers → customers, not one "v1" group holding all 468 operations).
_PREFIX_SEGMENT = re.compile(r"^(?:v\d+(?:\.\d+)*|api|rest)$", re.IGNORECASE)
JSON_TYPES = re.compile(r"^application/(.+\+)?json$|^\*/\*$|^application/\*$")


def media_encoding(media_type: str) -> str:
    mt = media_type.split(";")[0].strip().lower()
    if JSON_TYPES.match(mt):
        return "json"
    if mt == "multipart/form-data" or mt.startswith("multipart/"):
        return "multipart"
    if mt == "application/x-www-form-urlencoded":
        return "form"
    if mt.startswith("text/"):
        return "text"
    return "binary"


_PREFERENCE = {"json": 0, "multipart": 1, "form": 2, "binary": 3, "text": 4}


def pick_media(content: Any) -> tuple[str, dict[str, Any]] | None:
    if not isinstance(content, dict) or not content:
        return None
    items = [(mt, m if isinstance(m, dict) else {}) for mt, m in content.items()]
    return min(items, key=lambda it: (_PREFERENCE[media_encoding(it[0])], items.index(it)))


def first_example(media: dict[str, Any], doc: Document, file: str) -> str | None:
    if "example" in media:
        return to_json(media["example"])
    examples = media.get("examples")
    if isinstance(examples, dict):
        for ex in examples.values():
            try:
                ex = doc.deref(ex, file, "")[0]
            except RefError:
                continue
            if isinstance(ex, dict) and "value" in ex:
                return to_json(ex["value"])
    return None


class OperationBuilder:
    def __init__(self, doc: Document, diagnostics: Diagnostics, schemas: SchemaBuilder) -> None:
        self.doc = doc
        self.diag = diagnostics
        self.schemas = schemas
        self.root = doc.root.name

    def build(self, idempotency_header: str) -> list[Operation]:
        paths = self.doc.data.get("paths") or {}
        if not isinstance(paths, dict):
            self.diag.error("paths-invalid", "'paths' must be an object", self.root, "/paths")
            return []
        ops: list[Operation] = []
        seen_ids: dict[str, str] = {}
        for path, item in paths.items():
            ptr = join("/paths", path)
            try:
                item, ifile, iptr = self.doc.deref(item, self.root, ptr)
            except RefError as exc:
                report_ref_error(self.diag, exc, self.root, ptr)
                continue
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                if method not in item:
                    continue
                try:
                    node, ofile, optr = self.doc.deref(item[method], ifile, join(iptr, method))
                except RefError as exc:
                    report_ref_error(self.diag, exc, ifile, join(iptr, method))
                    continue
                if not isinstance(node, dict):
                    continue
                op = self._operation(str(path), method, node, item, ofile, optr, ifile, iptr, idempotency_header)
                if op.operation_id in seen_ids:
                    self.diag.warning("operation-id-duplicate",
                                      f"operationId {op.operation_id!r} is also used by {seen_ids[op.operation_id]}; names made unique",
                                      ofile, join(optr, "operationId"))
                    op = replace(op, operation_id=op.operation_id + pascal(words(method + " " + path)))
                seen_ids[op.operation_id] = op.id
                ops.append(op)
        return dedupe_method_names(ops)

    # -- one operation -------------------------------------------------------------------
    def _operation(self, path: str, method: str, node: dict[str, Any], item: dict[str, Any], file: str, ptr: str,
                   ifile: str, iptr: str, idem_header: str) -> Operation:
        op_id = node.get("operationId") if isinstance(node.get("operationId"), str) and node["operationId"].strip() else None
        static = [s for s in path.split("/") if s and not _PATH_VAR.search(s)]
        if op_id is None:
            op_id = method + pascal(words(" ".join(static)))
        tags = tuple(str(t) for t in as_list(node.get("tags")) if isinstance(t, (str, int)))
        resource = next((seg for seg in static if not _PREFIX_SEGMENT.match(seg) and words(seg)), None)
        group = words(str(node["x-sdk-group"])) if isinstance(node.get("x-sdk-group"), str) else (
            words(tags[0]) if tags and words(tags[0]) else (words(resource) if resource else ("default",)))
        if isinstance(node.get("x-sdk-method"), str) and words(node["x-sdk-method"]):
            meth = words(node["x-sdk-method"])
        else:
            meth = strip_group_noun(words(op_id), group) or (method,)
        type_hint = pascal(words(op_id)) or "Operation"

        params, idem = self._parameters(path, method, node, item, file, ptr, ifile, iptr, type_hint)
        if idem is None and method == "post":
            idem = Idempotency(idem_header, required=False, declared=False)
        body = self._body(node, file, ptr, type_hint)
        if body is not None and method in ("get", "head"):
            # HTTP gives a GET/HEAD body no meaning; fetch refuses to send one and many servers
            # and proxies drop it. Stripe declares empty form bodies on its GETs: drop those quietly.
            empty = not any(v.properties for v in body.variants) and (bool(body.variants) or isinstance(body.type, MapOf))
            if body.required or not empty:
                self.diag.warning("body-on-get", f"the request body of this {method.upper()} is ignored: HTTP gives it no meaning and clients cannot send one reliably", file, join(ptr, "requestBody"))
            body = None
        responses = self._responses(node, file, ptr, type_hint)
        success = next((r for r in responses if r.status.startswith("2")), None)
        if success is None:
            success = next((r for r in responses if r.status in ("default", "2XX")), None)
        errors = tuple(r for r in responses if r.status[:1] in ("4", "5") or (r.status == "default" and r is not success))
        security = node.get("security", self.doc.data.get("security"))
        reqs: list[tuple[str, ...]] = []
        if isinstance(security, list):
            for req in security:
                if isinstance(req, dict):
                    reqs.append(tuple(sorted(str(k) for k in req)))
        auth_required = bool(reqs) and all(reqs)
        return Operation(
            id=f"{method.upper()} {path}", operation_id=op_id, http_method=method, path=path,
            group=group, method=meth, source=Source(file, ptr),
            summary=str(node.get("summary") or "").strip(), description=str(node.get("description") or "").strip(),
            tags=tags, deprecated=node.get("deprecated") is True, parameters=tuple(params), body=body,
            responses=tuple(responses), success=success, errors=errors, idempotency=idem,
            security=tuple(reqs), auth_required=auth_required,
        )

    def _parameters(self, path: str, method: str, node: dict[str, Any], item: dict[str, Any], file: str, ptr: str,
                    ifile: str, iptr: str, hint: str) -> tuple[list[Parameter], Idempotency | None]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], str, str]] = {}
        for source, sfile, sptr in ((item.get("parameters"), ifile, join(iptr, "parameters")), (node.get("parameters"), file, join(ptr, "parameters"))):
            for i, p in enumerate(as_list(source)):
                try:
                    p, pfile, pptr = self.doc.deref(p, sfile, f"{sptr}/{i}")
                except RefError as exc:
                    report_ref_error(self.diag, exc, sfile, f"{sptr}/{i}")
                    continue
                if not isinstance(p, dict) or not isinstance(p.get("name"), str) or p.get("in") not in ("path", "query", "header", "cookie"):
                    self.diag.warning("parameter-invalid", "parameter needs a string 'name' and 'in' of path|query|header|cookie; skipped", sfile, f"{sptr}/{i}")
                    continue
                merged[(p["in"], p["name"])] = (p, pfile, pptr)
        idem: Idempotency | None = None
        params: list[Parameter] = []
        for (loc, name), (p, pfile, pptr) in merged.items():
            if loc == "header" and name.lower() == "idempotency-key":
                idem = Idempotency(name, required=p.get("required") is True, declared=True)
                continue
            schema = p.get("schema")
            sptr = join(pptr, "schema")
            if schema is None and isinstance(p.get("content"), dict) and p["content"]:
                mt, media = next(iter(p["content"].items()))
                schema, sptr = as_dict(media).get("schema"), join(pptr, "content", mt, "schema")
            t: TypeRef = self.schemas.type_of(schema, pfile, sptr, hint + pascal(words(name)) if schema is not None else hint) if schema is not None else Primitive("string")
            try:
                resolved = self.doc.deref(schema, pfile, sptr)[0] if isinstance(schema, dict) else {}
            except RefError:
                resolved = {}  # reported by the loader
            example = p.get("example", resolved.get("example") if isinstance(resolved, dict) else None)
            params.append(Parameter(
                name=name, location=loc, type=t, required=(loc == "path") or p.get("required") is True,
                description=describe(p), default_json=to_json(resolved["default"]) if isinstance(resolved, dict) and "default" in resolved else None,
                example_json=to_json(example) if example is not None else None, deprecated=p.get("deprecated") is True,
                style=p.get("style") if isinstance(p.get("style"), str) else None,
                explode=p.get("explode") if isinstance(p.get("explode"), bool) else None,
                constraints=constraints_of(resolved) if isinstance(resolved, dict) else constraints_of({}),
            ))
        path_vars = _PATH_VAR.findall(path)
        declared = {p.name for p in params if p.location == "path"}
        for var in path_vars:
            if var not in declared:
                self.diag.warning("path-parameter-missing", f"path parameter {{{var}}} is not declared; treated as a required string", file, ptr)
                params.append(Parameter(name=var, location="path", type=Primitive("string"), required=True))
        order = {"path": 0, "query": 1, "header": 2, "cookie": 3}
        pos = {v: i for i, v in enumerate(path_vars)}
        params = [p for p in params if p.location != "path" or p.name in pos]
        params.sort(key=lambda p: (order[p.location], pos.get(p.name, 0) if p.location == "path" else 0))
        return params, idem

    def _body(self, node: dict[str, Any], file: str, ptr: str, hint: str) -> RequestBody | None:
        if "requestBody" not in node:
            return None
        try:
            rb, rfile, rptr = self.doc.deref(node["requestBody"], file, join(ptr, "requestBody"))
        except RefError as exc:
            report_ref_error(self.diag, exc, file, join(ptr, "requestBody"))
            return None
        if not isinstance(rb, dict):
            return None
        picked = pick_media(rb.get("content"))
        if picked is None:
            return None
        media_type, media = picked
        encoding = media_encoding(media_type)
        schema = media.get("schema")
        sptr = join(rptr, "content", media_type, "schema")
        t: TypeRef = self.schemas.type_of(schema, rfile, sptr, hint + "Request") if schema is not None else (
            Primitive("string", "binary") if encoding == "binary" else AnyValue())
        variants, disc = self._variants(t)
        return RequestBody(media_type=media_type, encoding=encoding, type=t, required=rb.get("required") is True,  # type: ignore[arg-type]
                           description=describe(rb), variants=variants, discriminator=disc,
                           example_json=first_example(media, self.doc, rfile))

    def _variants(self, t: TypeRef) -> tuple[tuple[BodyVariant, ...], str | None]:
        inner = strip_nullable(t)
        target = self.schemas.schemas.get(inner.name) if isinstance(inner, Named) else None
        if isinstance(target, ObjectSchema):
            props = tuple(p for p in target.all_properties if not p.read_only)
            return (BodyVariant(target.name, None, props),), None
        if isinstance(target, UnionSchema) and all(isinstance(self.schemas.schemas.get(getattr(v, "name", "")), ObjectSchema) for v in target.variants):
            value_of = {name: value for value, name in (target.discriminator.mapping if target.discriminator else ())}
            out = []
            for v in target.variants:
                obj = self.schemas.schemas[v.name]  # type: ignore[union-attr]
                out.append(BodyVariant(obj.name, value_of.get(obj.name), tuple(p for p in obj.all_properties if not p.read_only)))  # type: ignore[union-attr]
            return tuple(out), target.discriminator.property if target.discriminator else None
        return (), None

    def _responses(self, node: dict[str, Any], file: str, ptr: str, hint: str) -> list[Response]:
        out: list[Response] = []
        responses = node.get("responses") or {}
        if not isinstance(responses, dict):
            return out
        for status in sorted(responses, key=lambda s: (str(s) == "default", str(s))):
            rptr = join(ptr, "responses", status)
            try:
                resp, rfile, rptr2 = self.doc.deref(responses[status], file, rptr)
            except RefError as exc:
                report_ref_error(self.diag, exc, file, rptr)
                continue
            if not isinstance(resp, dict):
                continue
            status = str(status).upper() if str(status).lower() != "default" else "default"
            picked = pick_media(resp.get("content"))
            t: TypeRef | None = None
            media_type = None
            example = None
            if picked is not None:
                media_type, media = picked
                schema = media.get("schema")
                suffix = "Response" if status.startswith("2") else f"Error{status}"
                if schema is not None:
                    t = self.schemas.type_of(schema, rfile, join(rptr2, "content", media_type, "schema"), hint + suffix)
                else:
                    t = AnyValue()
                example = first_example(media, self.doc, rfile)
            out.append(Response(status, describe(resp), media_type, t, example))
        return out


def dedupe_method_names(ops: list[Operation]) -> list[Operation]:
    """Two operations in a group must not share a method name: fall back to the full
    operationId words, then number them, deterministically in spec order."""
    out: list[Operation] = []
    used: dict[tuple[tuple[str, ...], tuple[str, ...]], str] = {}
    counts: dict[tuple[tuple[str, ...], tuple[str, ...]], int] = {}
    for op in ops:
        counts[(op.group, op.method)] = counts.get((op.group, op.method), 0) + 1
    for op in ops:
        meth = op.method
        if counts[(op.group, meth)] > 1:
            meth = words(op.operation_id) or meth
        n = 1
        candidate = meth
        while (op.group, candidate) in used:
            n += 1
            candidate = meth + (str(n),)
        used[(op.group, candidate)] = op.id
        out.append(replace(op, method=candidate) if candidate != op.method else op)
    return out
