"""Where each model is used: by operations (parameter, request body, response) and by other
models (field, variant, base, alias). Direct uses only, in spec order, without repeats."""

from __future__ import annotations

from typing import Any

from dataclasses import dataclass

from ...ir import AliasSchema, Api, ObjectSchema, UnionSchema
from .types import named_in


@dataclass(frozen=True)
class OperationUse:
    op_id: str
    how: str  # "request body", "response 200", "parameter"
    name: str = ""  # the parameter's wire name


@dataclass(frozen=True)
class ModelUse:
    model: str
    how: str  # "field", "variant", "base", "alias", "additional properties"
    name: str = ""  # the field's wire name


def _add(table: dict[str, dict[Any, None]], name: str, use: object) -> None:
    table.setdefault(name, {})[use] = None  # a dict: ordered, and each use once in constant time


def operation_uses(api: Api) -> dict[str, list[OperationUse]]:
    out: dict[str, dict[Any, None]] = {}
    for op in api.operations:
        for p in op.parameters:
            for name in named_in(p.type):
                _add(out, name, OperationUse(op.id, "parameter", p.name))
        if op.body is not None:
            for name in named_in(op.body.type):
                _add(out, name, OperationUse(op.id, "request body"))
            for v in op.body.variants:
                if v.schema is not None:
                    _add(out, v.schema, OperationUse(op.id, "request body"))
        for r in op.responses:
            for name in named_in(r.type):
                _add(out, name, OperationUse(op.id, f"response {r.status}"))
    return {name: list(uses) for name, uses in out.items()}


def model_uses(api: Api) -> dict[str, list[ModelUse]]:
    out: dict[str, dict[Any, None]] = {}
    for s in api.schemas:
        if isinstance(s, ObjectSchema):
            if s.base is not None:
                _add(out, s.base, ModelUse(s.name, "base"))
            for prop in s.properties:
                for name in named_in(prop.type):
                    _add(out, name, ModelUse(s.name, "field", prop.name))
            for name in named_in(s.extra):
                _add(out, name, ModelUse(s.name, "additional properties"))
        elif isinstance(s, UnionSchema):
            for t in s.variants:
                for name in named_in(t):
                    _add(out, name, ModelUse(s.name, "variant"))
        elif isinstance(s, AliasSchema):
            for name in named_in(s.target):
                _add(out, name, ModelUse(s.name, "alias"))
    return {name: list(uses) for name, uses in out.items()}
