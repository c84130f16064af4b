"""View models for ``types/`` modules: everything a model template prints, precomputed."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...ir import (
    AliasSchema, AnyValue, Api, ArrayOf, Const, MapOf, EnumSchema, Named, Nullable, ObjectSchema, Primitive, Property, Schema,
    TypeRef, UnionSchema,
)
from ..text import py_literal, py_str
from .modules import plan_modules
from .naming import MODEL_RESERVED, class_name, identifier, unique
from .types import Imports, TypeMapper


@dataclass(frozen=True)
class FieldView:
    name: str
    annotation: str
    default: str | None  # Python source of the default, None when required
    alias: str | None
    doc: str
    override: bool = False  # narrows or widens a base field: fine for pydantic, not for mypy


@dataclass(frozen=True)
class ClassView:
    kind: str  # "class" | "enum" | "union" | "alias"
    name: str
    doc: str
    base: str = "BaseModel"
    fields: tuple[FieldView, ...] = ()
    expression: str = ""  # the alias's right-hand side for enum / union / alias


@dataclass
class ModuleView:
    module: str
    definitions: list[ClassView]
    imports: Imports = field(default_factory=Imports)
    local_imports: dict[str, list[str]] = field(default_factory=dict)  # module → class names
    exports: list[str] = field(default_factory=list)


def _effective(p: Property) -> TypeRef:
    return p.type if p.required or isinstance(p.type, Nullable) else Nullable(p.type)


def assignable(new: TypeRef, old: TypeRef, api: Api) -> bool:
    """Would mypy accept a subclass field of type ``new`` over a base field of type ``old``?"""
    if new == old or isinstance(old, AnyValue) or isinstance(new, AnyValue):
        return True
    if isinstance(new, Primitive) and isinstance(old, Primitive):  # formats that map alike
        return TypeMapper(api).annotation(new, Imports()) == TypeMapper(api).annotation(old, Imports())
    if isinstance(new, (ArrayOf, MapOf)) and type(new) is type(old):  # invariant unless Any
        a = new.items if isinstance(new, ArrayOf) else new.values
        b = old.items if isinstance(old, ArrayOf) else old.values  # type: ignore[union-attr]
        return a == b or isinstance(a, AnyValue) or isinstance(b, AnyValue)
    if isinstance(old, Nullable):
        return assignable(new.inner if isinstance(new, Nullable) else new, old.inner, api)
    if isinstance(new, Nullable):
        return False
    if isinstance(new, Const) and isinstance(old, Primitive):
        kind = {str: "string", bool: "boolean", int: "integer", float: "number"}.get(type(new.value))
        return kind == old.type or (kind == "integer" and old.type == "number")
    if isinstance(new, Named) and isinstance(old, Named):
        s = api.schema(new.name)
        while isinstance(s, ObjectSchema) and s.base:
            if s.base == old.name:
                return True
            s = api.schema(s.base)
    return False


def field_views(props: tuple[Property, ...], mapper: TypeMapper, imports: Imports,
                inherited: dict[str, Property] | None = None) -> tuple[FieldView, ...]:
    inherited = inherited or {}
    names = unique([identifier(p.name, MODEL_RESERVED) for p in props])
    out = []
    for p, name in zip(props, names):
        ann = mapper.annotation(p.type, imports)
        if not p.required and not ann.startswith("Optional["):
            imports.typing.add("Optional")
            ann = f"Optional[{ann}]"
        alias = p.name if name != p.name else None
        default = None if p.required else "None"
        if alias is not None:
            imports.runtime.add("Field")
            default = f"Field(alias={py_str(alias)})" if p.required else f"Field(default=None, alias={py_str(alias)})"
        was = inherited.get(p.name)
        override = was is not None and not assignable(_effective(p), _effective(was), mapper.api)
        out.append(FieldView(name, ann, default, alias, p.description, override))
    return tuple(out)


def definition(s: Schema, api: Api, mapper: TypeMapper, imports: Imports) -> ClassView:
    name = class_name(s.name)
    if isinstance(s, ObjectSchema):
        base = class_name(s.base) if s.base else "BaseModel"
        if s.base:
            imports.schemas.add(s.base)
        else:
            imports.runtime.add("BaseModel")
        parent = api.schema(s.base) if s.base else None
        inherited = {p.name: p for p in parent.all_properties} if isinstance(parent, ObjectSchema) else {}
        return ClassView("class", name, s.description, base, field_views(s.properties, mapper, imports, inherited))
    if isinstance(s, EnumSchema):
        imports.typing |= {"Literal", "Union"}
        literals = ", ".join(py_literal(v.value) for v in s.values)
        base_type = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}[s.value_type]
        return ClassView("enum", name, s.description, expression=f"Union[Literal[{literals}], {base_type}]")
    if isinstance(s, UnionSchema):
        variants = [mapper.annotation(v, imports) for v in s.variants]
        d = s.discriminator
        if d is not None and all(isinstance(v, Named) for v in s.variants):
            imports.typing |= {"Annotated", "Union"}
            imports.runtime |= {"Tag", "discriminator"}
            tagged = ", ".join(f"Annotated[{ann}, Tag({py_str(v.name)})]" for ann, v in zip(variants, s.variants))  # type: ignore[union-attr]
            mapping = ", ".join(f"{py_str(k)}: {py_str(v)}" for k, v in d.mapping)
            default = f", default={py_str(d.default)}" if d.default else ""
            expr = f"Annotated[Union[{tagged}], discriminator({py_str(d.property)}, {{{mapping}}}{default})]"
        else:
            imports.typing |= {"Annotated", "Union"}
            imports.runtime.add("Field")
            expr = f"Annotated[Union[{', '.join(variants)}], Field(union_mode=\"left_to_right\")]"
        return ClassView("union", name, s.description, expression=expr)
    assert isinstance(s, AliasSchema)
    return ClassView("alias", name, s.description, expression=mapper.annotation(s.target, imports))


def model_modules(api: Api) -> tuple[list[ModuleView], dict[str, str]]:
    mapper = TypeMapper(api)
    module_of, members, _ = plan_modules(api)
    modules = []
    for mod, names in sorted(members.items()):
        view = ModuleView(mod, [])
        for n in names:
            view.definitions.append(definition(api.schema(n), api, mapper, view.imports))
            view.exports.append(class_name(n))
        for dep in sorted(view.imports.schemas):
            if module_of[dep] != mod:
                view.local_imports.setdefault(module_of[dep], []).append(class_name(dep))
        modules.append(view)
    return modules, module_of
