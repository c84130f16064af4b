"""View models for ``types/`` modules: everything a model template prints, precomputed."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterator

from ...ir import (
    AliasSchema, AnyValue, Api, ArrayOf, Const, MapOf, EnumSchema, Named, Nullable, ObjectSchema, Primitive, Property, Schema,
    TypeRef, UnionSchema,
)
from ..text import py_literal, py_str
from . import layout
from .modules import is_model, plan_modules
from .naming import MODEL_RESERVED, class_name, identifier, unique
from .types import Imports, TypeMapper, references


@dataclass(frozen=True)
class FieldView:
    name: str
    annotation: str
    default: str | None  # Python source of the default, None when required
    alias: str | None
    doc: str
    override: bool = False  # narrows or widens a base field: fine for pydantic, not for mypy

    @property
    def code(self) -> str:
        """The field's statement in a class body, laid out as black would."""
        if self.override:  # black never splits a line ending in a type: ignore comment
            return f"{self.name}: {self.annotation}{'' if self.default is None else ' = ' + self.default}  # type: ignore[assignment]"
        return layout.field(self.name, self.annotation, self.default)


@dataclass(frozen=True)
class ClassView:
    kind: str  # "class" | "enum" | "union" | "alias"
    name: str
    doc: str
    base: str = "BaseModel"
    fields: tuple[FieldView, ...] = ()
    expression: str = ""  # the alias's right-hand side for enum / union / alias
    recursive: bool = False  # the alias refers to itself (see recursive_aliases)

    @property
    def code(self) -> str:
        """An alias's module-level assignment, laid out as black would."""
        if self.recursive:
            # mypy follows the recursion through an explicit TypeAlias; pydantic through a
            # TypeAliasType, which resolves the quoted self-references lazily.
            checked = layout.assignment(f"{self.name}: TypeAlias", self.expression, 4)
            runtime = layout.assignment(self.name, f"TypeAliasType({py_str(self.name)}, {self.expression})", 4)
            return f"if TYPE_CHECKING:\n    {checked}\nelse:\n    {runtime}"
        return layout.assignment(self.name, self.expression, 0)


@dataclass
class ModuleView:
    module: str
    definitions: list[ClassView]
    imports: Imports = field(default_factory=Imports)
    local_imports: dict[str, list[str]] = field(default_factory=dict)  # module → class names
    lazy_imports: dict[str, list[str]] = field(default_factory=dict)  # module → models merely mentioned
    exports: list[str] = field(default_factory=list)

    @property
    def import_block(self) -> str:
        """The imports after ``from __future__``: standard library, pydantic, the package's
        own modules; groups one blank line apart."""
        typing = sorted(self.imports.typing | ({"TYPE_CHECKING"} if self.lazy_imports else set()))
        pydantic = sorted(self.imports.runtime & {"Field", "Tag"})
        runtime = sorted(self.imports.runtime & {"BaseModel", "discriminator"} | ({"lazy_model"} if self.lazy_imports else set()))
        stdlib = (["import datetime as _dt"] if self.imports.datetime else []) + (
            [layout.import_from("typing", typing)] if typing else []
        )
        third_party = [layout.import_from("pydantic", pydantic)] if pydantic else []
        if "TypeAliasType" in self.imports.runtime:  # recursive aliases (see ClassView.code)
            third_party.append(layout.import_from("typing_extensions", ["TypeAliasType"]))
        own = ([layout.import_from(".._models", runtime)] if runtime else []) + [
            layout.import_from(f".{module}", sorted(names)) for module, names in sorted(self.local_imports.items())
        ]
        lazy = [lazy_block(self.lazy_imports, ".")] if self.lazy_imports else []
        return "\n\n".join("\n".join(group) for group in (stdlib, third_party, own, lazy) if group)


def lazy_block(refs: dict[str, list[str]], prefix: str) -> str:
    """Models a module mentions but does not need while it runs: real imports for type
    checkers, ``lazy_model`` stand-ins at run time (importing a model must not import every
    model reachable from it; see the runtime's ``lazy_model``)."""
    checked = [layout.import_from(prefix + module, sorted(names), 4) for module, names in sorted(refs.items())]
    runtime = [
        layout.assignment(name, f"lazy_model({py_str(prefix + module)}, {py_str(name)}, __package__)", 4)
        for module, names in sorted(refs.items()) for name in sorted(names)
    ]
    return "if TYPE_CHECKING:\n    " + "\n    ".join(checked) + "\nelse:\n    " + "\n    ".join(runtime)


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
    if isinstance(new, Const) and isinstance(old, (Primitive, Named)):
        kind = {str: "string", bool: "boolean", int: "integer", float: "number"}.get(type(new.value))
        enum = api.schema(old.name) if isinstance(old, Named) else None
        if isinstance(old, Named) and not isinstance(enum, EnumSchema):
            return False
        base = enum.value_type if isinstance(enum, EnumSchema) else old.type  # type: ignore[union-attr]
        # An open enum takes any value of its base type.
        return kind == base or (kind == "integer" and base == "number")
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
        base_type = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}[s.value_type]
        if any(isinstance(v.value, float) for v in s.values):
            # Literal cannot hold a float; the enum is open, so its base type says it all.
            return ClassView("enum", name, s.description, expression=base_type)
        imports.typing |= {"Literal", "Union"}
        literals = ", ".join(py_literal(v.value) for v in s.values)
        return ClassView("enum", name, s.description, expression=f"Union[Literal[{literals}], {base_type}]")
    if isinstance(s, UnionSchema):
        variants = [mapper.annotation(v, imports) for v in s.variants]
        if len(set(variants)) == 1:
            # Union[X] is just X to Python, and pydantic refuses union options on it.
            return ClassView("alias", name, s.description, expression=variants[0])
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
            distinct = ", ".join(dict.fromkeys(variants))  # two variants may map to one Python type
            expr = f"Annotated[Union[{distinct}], Field(union_mode=\"left_to_right\")]"
        return ClassView("union", name, s.description, expression=expr)
    assert isinstance(s, AliasSchema)
    return ClassView("alias", name, s.description, expression=mapper.annotation(s.target, imports))


class ForwardMapper(TypeMapper):
    """Writes references to ``names`` as strings: they are not defined yet when the alias runs."""

    def __init__(self, api: Api, names: set[str]) -> None:
        super().__init__(api)
        self.names = names

    def annotation(self, t: TypeRef, imports: Imports, *, request: bool = False) -> str:
        if isinstance(t, Named) and t.name in self.names:
            imports.schemas.add(t.name)
            return py_str(class_name(t.name))
        return super().annotation(t, imports, request=request)


def recursive_aliases(names: list[str], api: Api) -> set[str]:
    """The aliases and unions of one module that reach themselves without passing through a
    class. A class's annotations are lazy; an alias is evaluated when its module runs."""
    pool = {n for n in names if isinstance(api.schema(n), (AliasSchema, UnionSchema))}

    def refs(n: str) -> set[str]:
        s = api.schema(n)
        targets = s.variants if isinstance(s, UnionSchema) else (s.target,)  # type: ignore[union-attr]
        return {r for t in targets for r in references(t) if r in pool}

    out = set()
    for start in pool:
        seen, todo = set(), list(refs(start))
        while todo:
            n = todo.pop()
            if n not in seen:
                seen.add(n)
                todo.extend(refs(n))
        if start in seen:
            out.add(start)
    return out


def model_modules(api: Api) -> tuple[Iterator[ModuleView], dict[str, str]]:
    """The model modules, each built when the iterator reaches it, and the module of every schema."""
    module_of, members, _ = plan_modules(api)
    return _module_views(api, module_of, members), module_of


def _module_views(api: Api, module_of: dict[str, str], members: dict[str, list[str]]) -> Iterator[ModuleView]:
    mapper = TypeMapper(api)
    for mod, names in sorted(members.items()):
        view = ModuleView(mod, [])
        recursive = recursive_aliases(names, api)
        forward = ForwardMapper(api, recursive)
        for n in names:
            if n in recursive:
                d = replace(definition(api.schema(n), api, forward, view.imports), recursive=True)
                view.imports.typing |= {"TYPE_CHECKING", "TypeAlias"}
                view.imports.runtime.add("TypeAliasType")
            else:
                d = definition(api.schema(n), api, mapper, view.imports)
            view.definitions.append(d)
            view.exports.append(class_name(n))
        bases = {s.base for s in map(api.schema, names) if isinstance(s, ObjectSchema) and s.base}
        for dep in sorted(view.imports.schemas):
            if module_of[dep] != mod:
                lazy = is_model(api, dep) and dep not in bases
                imports = view.lazy_imports if lazy else view.local_imports
                imports.setdefault(module_of[dep], []).append(class_name(dep))
        yield view
