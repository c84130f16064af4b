"""Python names: modules, classes, attributes and arguments from IR names and wire names."""

from __future__ import annotations

import keyword
import re

from ...normalise.words import pascal, words

RESERVED = set(keyword.kwlist) | set(keyword.softkwlist) | {"self", "cls", "None", "True", "False"}
# Names a pydantic model field must not take (BaseModel API, our runtime helpers).
MODEL_RESERVED = {
    "model_config", "model_fields", "model_extra", "model_dump", "model_dump_json", "model_copy",
    "model_validate", "model_validate_json", "model_construct", "model_json_schema", "model_rebuild",
    "model_post_init", "model_fields_set", "model_computed_fields", "model_parametrized_name",
    "dict", "json", "copy", "parse_obj", "parse_raw", "parse_file", "from_orm", "construct", "schema",
    "schema_json", "validate", "update_forward_refs", "fields", "to_dict", "to_json",
}
BUILTIN_TYPES = {"str", "int", "float", "bool", "bytes", "list", "dict", "object", "type", "date", "datetime"}
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def snake(parts: tuple[str, ...] | list[str]) -> str:
    return "_".join(parts)


def identifier(wire: str, reserved: set[str] = RESERVED) -> str:
    """A Python identifier for a wire name: kept as is when already valid, else snake_cased."""
    name = wire if _IDENT.match(wire) and wire.isascii() else snake(words(wire))
    if not name:
        name = "field"
    if name[0].isdigit():
        name = "_" + name
    if name.startswith("__"):
        name = name.lstrip("_") or "field"
    if name in reserved or name in RESERVED or keyword.iskeyword(name):
        name += "_"
    return name


def unique(names: list[str]) -> list[str]:
    """Make names unique (also case-insensitively), deterministically, in order."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, n = name, 1
        while candidate.lower() in seen:
            n += 1
            candidate = f"{name}_{n}"
        seen.add(candidate.lower())
        out.append(candidate)
    return out


def module_name(type_name: str) -> str:
    """``FundingSourceList`` → ``funding_source_list`` (never a keyword, never empty)."""
    name = snake(words(type_name)) or "schema"
    if name[0].isdigit():
        name = "m_" + name
    return name + "_" if keyword.iskeyword(name) or name in BUILTIN_TYPES else name


def class_name(type_name: str) -> str:
    name = type_name if _IDENT.match(type_name) else pascal(words(type_name))
    if name in BUILTIN_TYPES or keyword.iskeyword(name) or name in {"BaseModel", "Literal", "Union", "Optional", "List", "Dict", "Annotated", "Tag", "Field"}:
        name += "Model"
    return name


def group_attr(group: tuple[str, ...]) -> str:
    return identifier(snake(group) or "default")


def group_class(group: tuple[str, ...]) -> str:
    return class_name(pascal(group) or "Default")


def method_name(method: tuple[str, ...]) -> str:
    name = snake(method) or "call"
    if name in {"with_raw_response"}:
        name += "_"
    return identifier(name)
