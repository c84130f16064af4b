"""Response models and the type-driven parser behind every API call."""

from __future__ import annotations

import importlib.util
import typing
from typing import Any, Mapping

import pydantic
from pydantic import ConfigDict, GetCoreSchemaHandler, TypeAdapter
from pydantic_core import core_schema

__all__ = ["BaseModel", "discriminator", "lazy_model", "parse"]


class BaseModel(pydantic.BaseModel):
    """Base of every generated model.

    APIs add fields faster than SDKs ship, so unknown fields are kept (readable
    as attributes and through `model_extra`) rather than dropped or rejected.
    Schemas are built lazily (`defer_build`) so importing the package stays
    cheap and forward references between models resolve at first use.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        defer_build=True,
        protected_namespaces=(),
        arbitrary_types_allowed=True,
    )

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible dict with the API's field names, omitting unset fields."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def to_json(self, *, indent: int | None = None) -> str:
        return self.model_dump_json(by_alias=True, exclude_unset=True, indent=indent)


def discriminator(
    prop: str, mapping: Mapping[str, str], default: str | None = None
) -> pydantic.Discriminator:
    """A callable discriminator for a union whose members carry `Tag`s.

    OpenAPI discriminators are often partial (only some values are mapped, the
    rest fall back to a default variant), which pydantic's field-name
    discriminator cannot express. Returning None makes validation fail with a
    clear "unable to extract tag" error.
    """
    table = dict(mapping)

    def pick(value: Any) -> str | None:
        # Validation sees raw dicts; serialization sees model instances.
        raw = (
            value.get(prop)
            if isinstance(value, Mapping)
            else getattr(value, prop, None)
        )
        if isinstance(raw, str) and raw in table:
            return table[raw]
        return default

    return pydantic.Discriminator(pick)


_lazy_models: dict[tuple[str, str], type] = {}


def lazy_model(module: str, name: str, package: str | None) -> type:
    """A runtime stand-in for the model class `name` of `module` (relative to `package`).

    Generated modules import the models they merely mention only for type
    checkers and use this stand-in at runtime, so importing a model (or a
    resource) does not import every model reachable from it, and each model's
    schema holds its own fields only. The stand-in validates a value with the
    real class, importing its module on first use: a model's schema is built
    when a response first contains one. Errors keep their full location, and
    values are instances of the real class. The nested model is validated on
    its own, and `model_json_schema()` names it (an object titled with its
    class name) without following it.
    """
    key = (importlib.util.resolve_name(module, package), name)
    ref = _lazy_models.get(key)
    if ref is None:
        ref = _lazy_models[key] = _stand_in(*key)
    return ref


def _stand_in(module: str, name: str) -> type:
    resolved: list[type[pydantic.BaseModel]] = []

    def target() -> type[pydantic.BaseModel]:
        if not resolved:
            resolved.append(getattr(importlib.import_module(module), name))
        return resolved[0]

    def validate(value: Any) -> Any:
        cls = target()
        if isinstance(value, cls):
            return value
        _complete_models(cls, set())
        return cls.model_validate(value)

    def core(source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        # Not handler(source): that would build the referenced model's schema now.
        return core_schema.no_info_plain_validator_function(validate)

    def json_schema(schema: Any, handler: Any) -> dict[str, Any]:
        # Named, not followed (following would build the whole graph, cycles and all).
        return {
            "type": "object",
            "title": name,
            "description": f"See {name}.model_json_schema().",
        }

    namespace = {
        "__module__": module,
        "__qualname__": name,
        "__doc__": f"Stands in for {module}.{name} until a value is validated.",
        "__get_pydantic_core_schema__": staticmethod(core),
        "__get_pydantic_json_schema__": staticmethod(json_schema),
    }
    return type(name, (), namespace)


_adapters: dict[Any, TypeAdapter[Any]] = {}


def parse(cast_to: Any, data: object) -> Any:
    """Validate `data` (decoded JSON) as `cast_to`: a model, a union alias,
    `list[X]`, `dict[str, X]`, a scalar type... `None` means "no body"."""
    if cast_to is None or cast_to is type(None):
        return None
    return _adapter(cast_to).validate_python(data)


def _adapter(cast_to: Any) -> TypeAdapter[Any]:
    try:
        cached = _adapters.get(cast_to)
    except TypeError:  # unhashable metadata inside an Annotated type
        _complete_models(cast_to, set())
        return TypeAdapter(cast_to)
    if cached is None:
        _complete_models(cast_to, set())
        cached = _adapters[cast_to] = TypeAdapter(cast_to)
    return cached


def _complete_models(tp: Any, seen: set[int]) -> None:
    """Build deferred model schemas reachable from `tp`.

    Models are declared with `defer_build=True` and may use forward references
    (`from __future__ import annotations`); `model_rebuild()` resolves them in
    the model's own module. Recent pydantic versions do this on first use by
    themselves; doing it explicitly keeps older 2.x versions working too.
    """
    if id(tp) in seen:
        return
    seen.add(id(tp))
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        if not tp.__pydantic_complete__:
            tp.model_rebuild()
        generic_args = tp.__pydantic_generic_metadata__["args"]
        for arg in generic_args:
            _complete_models(arg, seen)
        return
    for arg in typing.get_args(tp):
        _complete_models(arg, seen)
