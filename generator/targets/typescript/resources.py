"""View models for ``src/resources/<group>.ts``: one uniform method shape per operation.

``client.<group>.<method>(pathParams..., params?, options?)``: path params positional, then
one object with the query, header and body fields under their wire names (the runtime
routes each to its place by the endpoint's description), then per-request options.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...ir import Api, ArrayOf, Group, Named, Operation, Parameter, Primitive, Property, RequestBody, TypeRef, strip_nullable
from ...normalise.words import pascal
from .escape import js_doc, ts_str, ts_template_text
from .models import FieldView, field_views, file_names
from ..names import suffixed_if_reserved
from .naming import CLIENT_MEMBERS, GLOBAL_TYPES, RESOURCE_MEMBERS, member, type_name, unique, variable
from .types import TypeMapper


@dataclass(frozen=True)
class ParamsView:
    name: str
    fields: tuple[FieldView, ...]  # query and header params, and an inline object body
    body_type: str  # a named body type the params extend ("" when inline)
    variants: tuple[tuple[FieldView, ...], ...]  # an inline union body: one field list per variant


@dataclass(frozen=True)
class MethodView:
    name: str
    doc: tuple[str, ...]
    deprecated: bool
    path_args: tuple[tuple[str, str], ...]  # (variable, type)
    params: ParamsView | None
    params_optional: bool
    whole_body: str  # the body's type when it is passed whole (not an object)
    whole_optional: bool  # that body may be left out (`body?`)
    returns: str  # APIPromise<T> or PagePromise<T>
    call: str  # request | requestPage
    item: str  # the type argument of the call
    endpoint: tuple[tuple[str, str], ...]  # (key, TypeScript expression) of the Endpoint literal


@dataclass
class ResourceView:
    file: str
    cls: str
    attr: str
    title: str
    doc: tuple[str, ...]
    methods: list[MethodView]
    params: list[ParamsView]
    imports: list[tuple[str, str]]  # (type name, types file)
    runtime: list[str]  # names from the runtime core


def path_template(path: str, args: dict[str, str]) -> str:
    """A template literal for a path; spec text outside ``{param}`` is escaped."""
    out = []
    for i, part in enumerate(re.split(r"({[^{}]*})", path)):
        if i % 2 and part[1:-1] in args:
            out.append(f"${{pathParam({ts_str(part[1:-1])}, {args[part[1:-1]]})}}")
        else:
            out.append(ts_template_text(part))
    return "`" + "".join(out) + "`"


def _path_type(expr: str) -> str:
    # Path params are interpolated: any primitive works, and ids are usually strings.
    return expr if expr in ("string", "number") else "string"


def _doc(op: Operation, variables: list[str]) -> tuple[str, ...]:
    lines = js_doc(op.summary or op.operation_id)
    if op.description and op.description != op.summary:
        lines += [""] + js_doc(op.description)
    path_params = [p for p in op.parameters if p.location == "path"]
    for var, p in zip(variables, path_params):
        lines.append(f"@param {var} " + (" ".join(js_doc(p.description)) or "-"))
    if op.deprecated:
        lines.append("@deprecated")
    return tuple(lines)


def _is_array(t: TypeRef) -> bool:
    return isinstance(strip_nullable(t), ArrayOf)


def _endpoint(op: Operation, path: str, params: list[Parameter], names: list[str], body: str, whole: bool,
              response: str) -> list[tuple[str, str]]:
    out = [("method", ts_str(op.http_method)), ("path", path)]
    for name, location in (("query", "query"), ("headers", "header")):
        mine = [k for p, k in zip(params, names) if p.location == location]
        if mine:
            out.append((name, "[" + ", ".join(ts_str(k) for k in mine) + "]"))
    styled = [(p.name, p.array_style) for p in params if p.location == "query" and _is_array(p.type) and p.array_style != "repeat"]
    if styled:
        out.append(("arrayStyles", "{ " + ", ".join(f"{ts_str(w)}: {ts_str(style)}" for w, style in styled) + " }"))
    renamed = [(k, p.name) for p, k in zip(params, names) if k != p.name]
    if renamed:
        out.append(("wireNames", "{ " + ", ".join(f"{ts_str(k)}: {ts_str(w)}" for k, w in renamed) + " }"))
    if body:
        out.append(("body", ts_str(body)))
    if whole:
        out.append(("whole", "true"))
    if body == "raw" and op.body is not None:
        out.append(("contentType", ts_str(op.body.content_type)))
    if response != "json":
        out.append(("response", ts_str(response)))
    pg = op.pagination
    if pg is not None:
        keys = (("style", pg.style), ("limitParam", pg.limit_param), ("offsetParam", pg.offset_param),
                ("cursorParam", pg.cursor_param), ("cursorField", pg.cursor_field))
        out.append(("pagination", "{ " + ", ".join(f"{k}: {ts_str(v)}" for k, v in keys if v) + " }"))
    return out


def build_method(op: Operation, api: Api, mapper: TypeMapper, refs: set[str], name: str, params_name: str) -> tuple[MethodView, ParamsView | None]:
    path_params = [p for p in op.parameters if p.location == "path"]
    variables = unique([variable(p.name) for p in path_params] + ["params", "options"])[: len(path_params)]
    path_args = [(v, _path_type(mapper.expression(p.type, set()))) for v, p in zip(variables, path_params)]
    others = [p for p in op.parameters if p.location in ("query", "header")]
    body = op.body  # the IR already leaves out GET/HEAD bodies
    keys = param_keys(others, body)
    fields = list(field_views(tuple(_as_property(p, k) for p, k in zip(others, keys)), mapper, refs, request=True))
    required = any(p.required for p in others)
    body_kind, whole_body, body_type, whole_optional = "", "", "", False
    variants: tuple[tuple[FieldView, ...], ...] = ()
    if body is not None:
        body_kind = body.encoding if body.encoding in ("json", "multipart", "form") else "json"
        if body.sent_as_is is not None:
            body_kind = "raw"
            binary = body.sent_as_is == "bytes"
            whole_body = "Uploadable" if binary else "string"
            if binary:
                refs.add("!Uploadable")
        elif not body.variants:
            whole_body = mapper.expression(body.type, refs, request=True)
        else:
            probe: set[str] = set()
            inline = [field_views(v.properties, mapper, probe, request=True) for v in body.variants]
            if isinstance(body.type, Named) and "!Uploadable" not in probe:
                body_type = mapper.expression(body.type, refs)  # the spec's own (request) type
            elif len(inline) == 1:
                fields += inline[0]
                refs |= probe
            else:
                variants = tuple(inline)
                refs |= probe
            required = required or body.required
        if whole_body and not body.required:
            # An optional positional may only be followed by optional ones.
            whole_optional = not required
            whole_body = whole_body if whole_optional else f"{whole_body} | undefined"
    params = ParamsView(params_name, tuple(fields), body_type, variants) if (fields or body_type or variants) else None
    success = op.success.type if op.success is not None and op.success.media_type is not None else None
    response = "json"
    if op.pagination is not None:
        item = mapper.expression(op.pagination.item, refs)
        returns, call = f"PagePromise<{item}>", "requestPage"
    elif success is None:
        item, returns, call, response = "void", "APIPromise<void>", "request", "none"
    elif isinstance(strip_nullable(success), Primitive) and strip_nullable(success).format == "binary":  # type: ignore[union-attr]
        item, returns, call, response = "ArrayBuffer", "APIPromise<ArrayBuffer>", "request", "binary"
    else:
        item = mapper.expression(success, refs)
        returns, call = f"APIPromise<{item}>", "request"
    path = path_template(op.path, {p.name: v for p, v in zip(path_params, variables)})
    endpoint = _endpoint(op, path, others, keys, body_kind, bool(whole_body), response)
    view = MethodView(name, _doc(op, variables), op.deprecated, tuple(path_args), params, not required, whole_body,
                      whole_optional, returns, call, item, tuple(endpoint))
    return view, params


def _as_property(p: Parameter, key: str) -> Property:
    return Property(key, p.type, p.required, p.description, deprecated=p.deprecated)


def param_keys(params: list[Parameter], body: RequestBody | None) -> list[str]:
    """Each query or header param's key in ``params``: its wire name, unless a body field or
    an earlier param has it (the same name in two places), then ``location:name``."""
    taken = {prop.name for v in body.variants for prop in v.properties} if body is not None else set()
    out = []
    for p in params:
        key = p.name if p.name not in taken else f"{p.location}:{p.name}"
        out.append(key)
        taken.add(key)
    return out


def resource_names(api: Api, group: Group) -> dict[str, str]:
    """Method names of a group's operations, by operation id."""
    names = unique([member(api.operation(o).method, "call", RESOURCE_MEMBERS) for o in group.operations])
    return dict(zip(group.operations, names))


def resource_attrs(api: Api) -> list[str]:
    """The client's property for each group (``client.fundingSources``), in group order."""
    return unique([member(g.name, "default", CLIENT_MEMBERS) for g in api.groups])


def resource_views(api: Api, reserved: frozenset[str] = frozenset()) -> list[ResourceView]:
    """``reserved``: names the client module and the package index already use."""
    mapper = TypeMapper(api)
    files = file_names(api)
    schema_names = {type_name(s.name) for s in api.schemas}
    taken = schema_names | GLOBAL_TYPES | reserved
    # A tag such as "1" gives no identifier of its own.
    bases = [pascal(g.name) or "Default" for g in api.groups]
    classes = unique([c if c[0].isalpha() else "Group" + c for c in bases])
    classes = [suffixed_if_reserved(c, taken, "Resource") for c in classes]
    taken |= set(classes)
    out = []
    group_files = unique(["-".join(g.name) or "default" for g in api.groups])
    for group, cls, file, attr in zip(api.groups, classes, group_files, resource_attrs(api)):
        ops = [api.operation(o) for o in group.operations]
        names = list(resource_names(api, group).values())
        param_names = unique([cls + n[:1].upper() + n[1:] + "Params" for n in names])
        param_names = [suffixed_if_reserved(p, taken, "Input") for p in param_names]
        refs: set[str] = set()
        methods, params = [], []
        for op, name, pname in zip(ops, names, param_names):
            view, pv = build_method(op, api, mapper, refs, name, pname)
            methods.append(view)
            if pv is not None:
                params.append(pv)
        runtime = {"APIResource", "pathParam", "type RequestOptions"}
        if any(m.call == "request" for m in methods):
            runtime.add("type APIPromise")
        if any(m.call == "requestPage" for m in methods):
            runtime.add("type PagePromise")
        if "!Uploadable" in refs:
            runtime.add("type Uploadable")
        imports = sorted((type_name(r), files[r]) for r in refs if not r.startswith("!"))
        out.append(ResourceView(file, cls, attr, group.title, tuple(js_doc(group.description)), methods, params,
                                imports, sorted(runtime, key=lambda n: n.removeprefix("type "))))
    return out
