"""Python names: modules, classes, attributes and arguments from IR names and wire names."""

from __future__ import annotations

import re
import sys

from ...normalise.words import pascal, words
from ..names import suffixed_if_reserved, unique_names

# Python's hard keywords, frozen so the output does not depend on the Python running sdkgen.
# Soft keywords (match, case, type, _) are ordinary names and stay usable: ``type="plaid"``.
KEYWORDS = frozenset({
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
})
RESERVED = set(KEYWORDS) | {"self", "cls"}
# Names a pydantic model field must not take (BaseModel API, our runtime helpers).
MODEL_RESERVED = {
    "model_config", "model_fields", "model_extra", "model_dump", "model_dump_json", "model_copy",
    "model_validate", "model_validate_json", "model_construct", "model_json_schema", "model_rebuild",
    "model_post_init", "model_fields_set", "model_computed_fields", "model_parametrized_name",
    "dict", "json", "copy", "parse_obj", "parse_raw", "parse_file", "from_orm", "construct", "schema",
    "schema_json", "validate", "update_forward_refs", "fields", "to_dict", "to_json",
    # A field named like a builtin type would shadow it in the annotations that follow.
    "str", "int", "float", "bool", "bytes",
}
# Lower-case module-level names a resource method body uses: an argument must not shadow them.
RESOURCE_GLOBALS = {
    "cast", "overload", "cached_property", "path_param", "cookie_header", "to_raw_response_wrapper",
    "async_to_raw_response_wrapper",
}
# Client attributes a resource group must not replace (``client.request`` is what every call uses).
CLIENT_RESERVED = {"request", "request_page", "close", "aclose", "base_url", "timeout", "max_retries", "with_raw_response"}
BUILTIN_TYPES = {"str", "int", "float", "bool", "bytes", "list", "dict", "object", "type", "date", "datetime"}
# Names generated modules import next to the models (typing, pydantic, the runtime core):
# a model class must not shadow them.
IMPORTED_CLASSES = {
    "Annotated", "Any", "Dict", "List", "Literal", "Optional", "Union", "Mapping", "TypeAlias", "TypeAliasType",
    "BaseModel", "Field", "Tag",
    "Pagination", "RequestOptions", "AsyncPage", "SyncPage", "AsyncAPIResource", "SyncAPIResource", "RawBody",
    "Body", "FileContent", "FileTypes", "Headers", "NotGiven", "Query", "Timeout", "APIResponse",
}
# Module-level names of types/__init__.py (templates/python/types_init.py.jinja).
TYPES_PACKAGE_NAMES = {"importlib", "annotations"}
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Kept as written: a name starting with a lower-case letter. Not with an underscore (pydantic
# makes those private) nor a capital (it could shadow a class or ``Optional`` in annotations).
_KEEP = re.compile(r"^[a-z][A-Za-z0-9_]*$")


def snake(parts: tuple[str, ...] | list[str]) -> str:
    return "_".join(parts)


def identifier(wire: str, reserved: set[str] = RESERVED, kind: str = "field") -> str:
    """A Python identifier for a wire name: kept when it starts with a lower-case letter, else
    snake_cased from its words; never empty, a keyword, private, capitalised or starting with
    a digit (``kind`` names the empty name and prefixes a leading digit: ``field_1st``)."""
    name = wire if _KEEP.match(wire) else snake(words(wire))
    if not name:
        name = kind
    if name[0].isdigit():
        name = f"{kind}_{name}"
    if name in reserved or name in RESERVED:
        name += "_"
    return name


def package_problem(name: str) -> str | None:
    """Why ``name`` cannot be the import name of a package (None when it can)."""
    if not (name.isidentifier() and name.isascii()):
        return "is not a Python identifier (letters, digits and _, not starting with a digit)"
    if name in KEYWORDS:
        return "is a Python keyword"
    if name in STDLIB_MODULES:
        return f"is a standard library module: `import {name}` would find that, not the SDK"
    if name in RUNTIME_DEPENDENCIES:
        return f"is a module the SDK itself imports ({name})"
    return None


# The standard library's top-level modules on Python 3.10-3.14 whichever of them runs sdkgen
# (output must not depend on it): this one's, plus those others added or removed.
STDLIB_MODULES = frozenset(getattr(sys, "stdlib_module_names", ())) | {
    "test", "tomllib", "annotationlib", "compression",  # added in 3.11 / 3.14
    "asynchat", "asyncore", "distutils", "imp", "smtpd",  # removed in 3.12
    "aifc", "audioop", "cgi", "cgitb", "chunk", "crypt", "imghdr", "lib2to3", "mailcap", "msilib",  # removed in 3.13
    "nis", "nntplib", "ossaudiodev", "pipes", "sndhdr", "spwd", "sunau", "telnetlib", "uu", "xdrlib",
}
# What a generated SDK imports at run time, directly or through httpx and pydantic.
RUNTIME_DEPENDENCIES = frozenset({
    "httpx", "httpcore", "h11", "anyio", "sniffio", "certifi", "idna",
    "pydantic", "pydantic_core", "annotated_types", "typing_extensions", "typing_inspection",
})


def unique(names: list[str]) -> list[str]:
    """Unique Python names: a repeat gets `_2`, `_3`, ... (see unique_names)."""
    return unique_names(names, "_")


def module_name(type_name: str) -> str:
    """``FundingSourceList`` → ``funding_source_list`` (never a keyword, never empty, never a
    name ``types/__init__.py`` uses: importing a submodule sets the package attribute of its name)."""
    name = snake(words(type_name)) or "schema"
    if name[0].isdigit():
        name = "m_" + name
    return name + "_" if name in KEYWORDS or name in BUILTIN_TYPES or name in TYPES_PACKAGE_NAMES else name


_CLASS_RESERVED = frozenset(BUILTIN_TYPES | KEYWORDS | IMPORTED_CLASSES)


def class_name(type_name: str) -> str:
    """A class name for an IR type name. Names that would shadow a builtin, a keyword or an
    imported name get ``Model`` appended (``BaseModel`` → ``BaseModelModel``); so do names that
    are such a name plus ``Model``s (``OptionalModel`` → ``OptionalModelModel``), which keeps
    the mapping one-to-one."""
    name = type_name if _IDENT.match(type_name) else (pascal(words(type_name)) or "Schema")
    if name[0].isdigit():
        name = "Schema" + name
    return suffixed_if_reserved(name, _CLASS_RESERVED, "Model")


# The runtime core's exception classes (templates/python/runtime/_exceptions.py.jinja).
RUNTIME_ERRORS = {
    "APIError", "APIConnectionError", "APITimeoutError", "APIResponseValidationError", "APIStatusError",
    "BadRequestError", "AuthenticationError", "PermissionDeniedError", "NotFoundError", "ConflictError",
    "UnprocessableEntityError", "RateLimitError", "InternalServerError",
}


def group_attr(group: tuple[str, ...]) -> str:
    return identifier(snake(group) or "default", RESERVED | CLIENT_RESERVED, "group")


def resource_class(module: str, imported: set[str], taken: set[str]) -> str:
    """The class of a resource module, from its (unique) module name: never one of the names
    the module imports (a ``Foo`` model used by the ``foo`` resource makes it ``FooResource``)
    nor one already taken by another resource (``taken`` is updated)."""
    name = class_name(pascal(words(module)) or "Default")
    clash = imported | IMPORTED_CLASSES | taken
    while {name, f"Async{name}", f"{name}WithRawResponse", f"Async{name}WithRawResponse"} & clash:
        name += "Resource"
    taken.add(name)
    return name


def group_class(group: tuple[str, ...]) -> str:
    return class_name(pascal(group) or "Default")


def method_name(method: tuple[str, ...]) -> str:
    name = snake(method) or "call"
    if name in {"with_raw_response"}:
        name += "_"
    return identifier(name, kind="call")
