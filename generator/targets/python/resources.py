"""View models for ``resources/<group>.py``: one uniform method shape per operation.

Path params are positional; query, header and body fields keyword-only; then the same
escape hatches everywhere (idempotency_key on POST, extra_headers/query/body, timeout).
A body that is a union of objects gets one ``@overload`` per variant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...ir import Api, ArrayOf, Operation, Parameter, Primitive, Property, strip_nullable
from ..text import black_quotes, doc_text, py_str, py_str_body
from . import layout
from .naming import RESOURCE_GLOBALS, class_name, group_attr, identifier, method_name, resource_class, unique
from .types import Imports, TypeMapper

RUNTIME_PAGINATION = ("offset", "cursor", "page_token")
ESCAPE_HATCHES = ("idempotency_key", "extra_headers", "extra_query", "extra_body", "timeout")


@dataclass(frozen=True)
class ArgView:
    name: str
    annotation: str
    required: bool
    wire: str
    location: str  # path | query | header | cookie | body | whole
    doc: str
    value: str = ""  # the expression sent, when not the argument itself

    @property
    def sent(self) -> str:
        return self.value or self.name

    @property
    def param(self) -> str:
        """The parameter's line in an exploded signature (trailing comma included)."""
        if self.required:
            return layout.param(self.name, self.annotation, None)
        return layout.param(self.name, f"{self.annotation} | NotGiven", "NOT_GIVEN")


@dataclass(frozen=True)
class OverloadView:
    args: tuple[ArgView, ...]  # keyword-only args of this variant


@dataclass(frozen=True)
class MethodView:
    name: str
    http_method: str
    path_expr: str  # f-string body of the path
    summary: str
    description: str
    deprecated: bool
    path_args: tuple[ArgView, ...]
    kw_args: tuple[ArgView, ...]  # the implementation's keyword-only args
    overloads: tuple[OverloadView, ...]
    returns: str  # annotation (sync)
    async_returns: str
    cast_to: str
    body_kind: str  # "" | json | multipart | form | whole | raw
    whole_body: str  # name of the single body arg when the body is not an object
    raw_content_type: str  # Content-Type of a raw (binary or text) body
    idempotency: bool
    paginated: bool
    page_item: str
    pagination_args: str

    def args_in(self, location: str) -> tuple[ArgView, ...]:
        """The keyword arguments sent in one place: query, header, cookie or body."""
        return tuple(a for a in self.kw_args if a.location == location)

    @property
    def docstring(self) -> str:
        """The method's docstring (its body sits at 8 columns): summary, description, arguments."""
        parts = [doc_text(self.summary or self.name)]
        if self.description and self.description != self.summary:
            parts += ["", doc_text(self.description)]
        if self.path_args or self.kw_args:
            parts += ["", "Args:"]
            for a in self.path_args + self.kw_args:
                parts.append(f"  {a.name}: " + doc_text(a.doc or "-").replace("\n", "\n    "))
        return layout.docstring("\n".join(parts), 8, block=True)


@dataclass
class ResourceView:
    module: str
    attr: str
    cls: str
    title: str
    description: str
    methods: list[MethodView]
    imports: Imports


def path_fstring(path: str, args: dict[str, str]) -> str:
    """The f-string source for a path template; spec text outside ``{param}`` is escaped."""
    out, params = [], False
    for i, part in enumerate(re.split(r"({[^{}]*})", path)):
        if i % 2 and part[1:-1] in args:
            name = args[part[1:-1]]
            out.append(f"{{path_param('{name}', {name})}}")
            params = True
        else:
            out.append(py_str_body(part).replace("{", "{{").replace("}", "}}"))
    # black requotes an f-string only when its expressions need no backslashes (no path_param)
    literal = 'f"' + "".join(out) + '"'
    return literal if params else black_quotes(literal)


def _prop_arg(p: Property, name: str, mapper: TypeMapper, imports: Imports, location: str) -> ArgView:
    return ArgView(name, mapper.annotation(p.type, imports, request=True), p.required, p.name, location, p.description)


def _query_value(p: Parameter, name: str) -> str:
    """A query array not sent the default way (key repeated) carries its encoding along."""
    if p.location != "query" or not isinstance(strip_nullable(p.type), ArrayOf) or p.array_style == "repeat":
        return ""
    return f"QueryArray({name}, {py_str(p.array_style)})"


def build_method(op: Operation, api: Api, mapper: TypeMapper, imports: Imports) -> MethodView:
    reserved = set(ESCAPE_HATCHES) | {"self"} | RESOURCE_GLOBALS
    params = list(op.parameters)
    # Reserved names first, so a parameter called ``timeout`` or ``cast`` is the one renamed.
    names = unique(sorted(reserved) + [identifier(p.name, reserved) for p in params])[len(reserved):]
    path_args, kw_args = [], []
    for p, name in zip(params, names):
        arg = ArgView(name, mapper.annotation(p.type, imports, request=True), p.required, p.name, p.location, p.description, _query_value(p, name))
        (path_args if p.location == "path" else kw_args).append(arg)
    taken = set(names) | reserved
    overloads: list[OverloadView] = []
    body_kind, whole_body, raw_content_type = "", "", ""
    if op.body is not None:
        body_kind = op.body.encoding if op.body.encoding in ("json", "multipart", "form") else "json"
        if op.body.sent_as_is is not None:
            # Passed through untouched: bytes, a file or a path (binary), or str (text).
            annotation = "FileContent" if op.body.sent_as_is == "bytes" else "str"
            raw_content_type = op.body.content_type
            whole_body = unique(sorted(taken) + ["body"])[-1]
            kw_args.append(ArgView(whole_body, annotation, op.body.required, "", "whole", op.body.description))
            body_kind = "raw"
        elif op.body.variants:
            field_names: dict[str, str] = {}
            merged: dict[str, ArgView] = {}
            per_variant: list[list[ArgView]] = []
            for v in op.body.variants:
                args = []
                for p in v.properties:
                    if p.name not in field_names:
                        field_names[p.name] = unique(sorted(taken) + [identifier(p.name)])[-1]
                        taken.add(field_names[p.name])
                    arg = _prop_arg(p, field_names[p.name], mapper, imports, "body")
                    args.append(arg)
                    if p.name in merged and merged[p.name].annotation != arg.annotation:
                        old = merged[p.name]
                        merged[p.name] = ArgView(old.name, f"{old.annotation} | {arg.annotation}", False, old.wire, "body", old.doc)
                    elif p.name not in merged:
                        merged[p.name] = arg
                per_variant.append(args)
            if len(op.body.variants) > 1:
                kw_args.extend(ArgView(a.name, a.annotation, False, a.wire, a.location, a.doc) for a in merged.values())
                overloads = [OverloadView(tuple(kw_args[: len(kw_args) - len(merged)]) + tuple(args)) for args in per_variant]
            else:
                kw_args.extend(merged.values())
        else:
            whole_body = unique(sorted(taken) + ["body"])[-1]
            kw_args.append(ArgView(whole_body, mapper.annotation(op.body.type, imports, request=True), op.body.required, "", "whole", op.body.description))
            body_kind = "whole"
    # Required keyword-only args first reads better in signatures and docs.
    kw_args.sort(key=lambda a: not a.required)
    overloads = [OverloadView(tuple(sorted(o.args, key=lambda a: not a.required))) for o in overloads]
    if overloads:
        imports.typing.add("overload")
    imports.typing.add("cast")

    success = op.success.type if op.success is not None else None
    if op.pagination is not None and op.pagination.style in RUNTIME_PAGINATION:
        item = mapper.annotation(op.pagination.item, imports)
        returns, async_returns = f"SyncPage[{item}]", f"AsyncPage[{item}]"
        cast_to = returns
        pg = op.pagination
        pagination_args = ", ".join(
            f"{k}={py_str(v)}" for k, v in (("style", pg.style), ("limit_param", pg.limit_param), ("offset_param", pg.offset_param),
                                             ("cursor_param", pg.cursor_param), ("cursor_field", pg.cursor_field)) if v
        )
    elif success is None or (op.success is not None and op.success.media_type is None):
        returns = async_returns = cast_to = "None"
        item, pagination_args = "", ""
    elif isinstance(strip_nullable(success), Primitive) and strip_nullable(success).format == "binary":  # type: ignore[union-attr]
        returns = async_returns = cast_to = "bytes"
        item, pagination_args = "", ""
    else:
        returns = async_returns = cast_to = mapper.annotation(success, imports)
        item, pagination_args = "", ""
    path_expr = path_fstring(op.path, {a.wire: a.name for a in path_args})
    return MethodView(
        name=method_name(op.method), http_method=op.http_method, path_expr=path_expr,
        summary=op.summary, description=op.description, deprecated=op.deprecated,
        path_args=tuple(path_args), kw_args=tuple(kw_args), overloads=tuple(overloads),
        returns=returns, async_returns=async_returns, cast_to=cast_to, body_kind=body_kind, whole_body=whole_body,
        raw_content_type=raw_content_type,
        idempotency=op.idempotency is not None, paginated=bool(pagination_args), page_item=item,
        pagination_args=pagination_args,
    )


def resource_views(api: Api) -> list[ResourceView]:
    mapper = TypeMapper(api)
    out = []
    modules = unique([group_attr(g.name) for g in api.groups])
    taken: set[str] = set()
    for group, module in zip(api.groups, modules):
        imports = Imports()
        methods = [build_method(api.operation(op_id), api, mapper, imports) for op_id in group.operations]
        cls = resource_class(module, {class_name(n) for n in imports.schemas}, taken)
        out.append(ResourceView(module, module, cls, group.title, group.description, methods, imports))
    return out
