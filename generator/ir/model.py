"""IR: small frozen dataclasses. Nothing here knows about Python, TypeScript or Go.

Names are language-neutral: schema names are PascalCase words (every target's type case),
groups and methods are tuples of lowercase words that each target joins in its own case,
and every wire name (property, parameter, enum value) is kept verbatim for serialisation.
Values taken from the spec (defaults, examples, enum values) are JSON text or plain scalars.
Every node keeps ``source`` — the file and JSON pointer it came from — for diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

__all__ = [
    "Source", "Primitive", "Const", "ArrayOf", "MapOf", "Named", "AnyValue", "Nullable", "TypeRef", "strip_nullable",
    "Constraints", "Property", "ObjectSchema", "EnumValue", "EnumSchema", "Discriminator",
    "UnionSchema", "AliasSchema", "Schema", "Parameter", "BodyVariant", "RequestBody", "Response",
    "Pagination", "Idempotency", "Operation", "Group", "ServerVariable", "Server",
    "SecurityScheme", "ErrorCode", "Api",
]


@dataclass(frozen=True)
class Source:
    file: str
    pointer: str


# -- type references -------------------------------------------------------------------


@dataclass(frozen=True)
class Primitive:
    """string | integer | number | boolean, with its format (date-time, date, binary, decimal, ...)."""

    type: Literal["string", "integer", "number", "boolean"]
    format: str | None = None
    kind: Literal["primitive"] = "primitive"


@dataclass(frozen=True)
class Const:
    """A value pinned by the spec (single-value enum or ``const``)."""

    value: str | int | float | bool | None
    kind: Literal["const"] = "const"


@dataclass(frozen=True)
class ArrayOf:
    items: "TypeRef"
    kind: Literal["array"] = "array"


@dataclass(frozen=True)
class MapOf:
    """An object used as a dictionary: string keys, ``values`` values."""

    values: "TypeRef"
    kind: Literal["map"] = "map"


@dataclass(frozen=True)
class Named:
    """A reference to a schema in ``Api.schemas``."""

    name: str
    kind: Literal["named"] = "named"


@dataclass(frozen=True)
class AnyValue:
    kind: Literal["any"] = "any"


@dataclass(frozen=True)
class Nullable:
    inner: "TypeRef"
    kind: Literal["nullable"] = "nullable"


TypeRef = Union[Primitive, Const, ArrayOf, MapOf, Named, AnyValue, Nullable]


def strip_nullable(t: TypeRef) -> TypeRef:
    """The type without its ``null``: what a value is when it is not null."""
    return t.inner if isinstance(t, Nullable) else t


# -- schemas -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Constraints:
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False
    multiple_of: float | None = None
    min_items: int | None = None
    max_items: int | None = None

    def is_empty(self) -> bool:
        return self == Constraints()


@dataclass(frozen=True)
class Property:
    name: str  # wire name, verbatim
    type: TypeRef
    required: bool
    description: str = ""
    default_json: str | None = None  # JSON text of the default, if any
    example_json: str | None = None
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    constraints: Constraints = field(default_factory=Constraints)


@dataclass(frozen=True)
class ObjectSchema:
    """A model. ``properties`` are its own (including overrides of its base's);
    ``all_properties`` are what an instance carries, base first."""

    name: str
    source: Source
    properties: tuple[Property, ...]
    all_properties: tuple[Property, ...]
    description: str = ""
    base: str | None = None  # name of the ObjectSchema it extends (allOf of a named schema)
    extra: TypeRef | None = None  # additionalProperties type when declared
    extra_allowed: bool = True
    role: Literal["resource", "list", "error", "legacy_error"] | None = None
    list_item: TypeRef | None = None  # for role == "list": the type of ``data`` items
    deprecated: bool = False
    example_json: str | None = None
    kind: Literal["object"] = "object"


@dataclass(frozen=True)
class EnumValue:
    value: str | int | float | bool
    description: str = ""


@dataclass(frozen=True)
class EnumSchema:
    """Enums are open: targets must keep values the spec does not list."""

    name: str
    source: Source
    value_type: Literal["string", "integer", "number", "boolean"]
    values: tuple[EnumValue, ...]
    description: str = ""
    deprecated: bool = False
    kind: Literal["enum"] = "enum"


@dataclass(frozen=True)
class Discriminator:
    """How to tell the variants of a union apart.

    ``mapping`` pairs a property value with the variant schema name; ``default`` is the
    variant to use for any other value (one variant that does not pin the property).
    ``origin`` says where it came from: explicit mapping, $ref-object mapping (normalised),
    implicit (schema names), or inferred from variants that pin the property.
    """

    property: str
    mapping: tuple[tuple[str, str], ...]
    default: str | None = None
    origin: Literal["explicit", "ref-object", "implicit", "inferred"] = "explicit"


@dataclass(frozen=True)
class UnionSchema:
    """``oneOf``/``anyOf``. Without a discriminator, variants are tried in order
    (``variants`` order is the documented fallback order: the spec's order)."""

    name: str
    source: Source
    variants: tuple[TypeRef, ...]
    discriminator: Discriminator | None
    combinator: Literal["oneOf", "anyOf"]
    description: str = ""
    kind: Literal["union"] = "union"


@dataclass(frozen=True)
class AliasSchema:
    """A named schema that is just another type (a named string, array, map...)."""

    name: str
    source: Source
    target: TypeRef
    description: str = ""
    kind: Literal["alias"] = "alias"


Schema = Union[ObjectSchema, EnumSchema, UnionSchema, AliasSchema]


# -- operations --------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    name: str  # wire name
    location: Literal["path", "query", "header", "cookie"]
    type: TypeRef
    required: bool
    description: str = ""
    default_json: str | None = None
    example_json: str | None = None
    deprecated: bool = False
    style: str | None = None
    explode: bool | None = None
    constraints: Constraints = field(default_factory=Constraints)

    @property
    def array_style(self) -> Literal["repeat", "comma", "space", "pipe", "brackets"]:
        """How a query array goes on the wire, from ``style`` and ``explode``: ``ids=1&ids=2``
        (form, exploded: OpenAPI's default), ``ids=1,2`` (form, not exploded), ``ids=1%202``
        (spaceDelimited), ``ids=1|2`` (pipeDelimited), ``ids[]=1&ids[]=2`` (deepObject, which
        OpenAPI leaves undefined for arrays; the bracket form is what such APIs accept)."""
        style = self.style or "form"
        if style == "deepObject":
            return "brackets"
        if style == "spaceDelimited":
            return "space"
        if style == "pipeDelimited":
            return "pipe"
        return "comma" if self.explode is False else "repeat"


@dataclass(frozen=True)
class BodyVariant:
    """One shape the request body can take, with its fields flattened for method arguments.

    A plain object body has one variant; a union of objects has one per variant, with the
    discriminator value that selects it."""

    schema: str | None  # the variant's schema name
    discriminator_value: str | None
    properties: tuple[Property, ...]


@dataclass(frozen=True)
class RequestBody:
    media_type: str
    encoding: Literal["json", "multipart", "form", "binary", "text"]
    type: TypeRef
    required: bool
    description: str = ""
    variants: tuple[BodyVariant, ...] = ()  # empty: the body is passed whole (not an object)
    discriminator: str | None = None  # property that selects the variant, when a union
    example_json: str | None = None

    @property
    def sent_as_is(self) -> Literal["bytes", "text"] | None:
        """A body passed through rather than encoded from a value: ``bytes`` for binary media
        types and any ``format: binary`` body outside multipart/form, ``text`` for ``text/*``."""
        inner = strip_nullable(self.type)
        binary = isinstance(inner, Primitive) and inner.format == "binary"
        if self.encoding == "binary" or (binary and self.encoding not in ("multipart", "form")):
            return "bytes"
        return "text" if self.encoding == "text" else None

    @property
    def content_type(self) -> str:
        """The Content-Type to send: the media type, unless it is a wildcard (``*/*``,
        ``image/*``), which is no Content-Type at all; then what the body is."""
        if "*" not in self.media_type:
            return self.media_type
        return "text/plain" if self.sent_as_is == "text" else "application/octet-stream"


@dataclass(frozen=True)
class Response:
    status: str  # "200", "4XX", "default"
    description: str
    media_type: str | None
    type: TypeRef | None  # None: no body
    example_json: str | None = None


@dataclass(frozen=True)
class Pagination:
    style: Literal["offset", "cursor", "page_token"]
    item: TypeRef
    page_schema: str | None  # the list envelope's schema name, when named
    limit_param: str | None = None
    offset_param: str | None = None
    cursor_param: str | None = None  # e.g. starting_after, page_token
    cursor_field: str | None = None  # item field (cursor) or envelope field (page_token)


@dataclass(frozen=True)
class Idempotency:
    header: str
    required: bool
    declared: bool  # the spec lists the header on this operation


@dataclass(frozen=True)
class Operation:
    id: str  # "POST /investors/{investor_id}/funding-sources/connect"
    operation_id: str
    http_method: str  # lower case
    path: str
    group: tuple[str, ...]  # words, e.g. ("funding", "sources")
    method: tuple[str, ...]  # words, e.g. ("connect",)
    source: Source
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    deprecated: bool = False
    parameters: tuple[Parameter, ...] = ()  # path (in path order), query, header, cookie
    body: RequestBody | None = None
    responses: tuple[Response, ...] = ()
    success: Response | None = None
    errors: tuple[Response, ...] = ()
    pagination: Pagination | None = None
    idempotency: Idempotency | None = None
    security: tuple[tuple[str, ...], ...] = ()  # alternatives, each a set of scheme names
    auth_required: bool = True


@dataclass(frozen=True)
class Group:
    name: tuple[str, ...]
    title: str  # the tag as written
    description: str
    operations: tuple[str, ...]  # Operation.id, in spec order


@dataclass(frozen=True)
class ServerVariable:
    name: str
    default: str
    enum: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Server:
    url: str
    description: str
    environment: str  # slug: "production", "sandbox", ... unique per API
    variables: tuple[ServerVariable, ...] = ()

    @property
    def default_url(self) -> str:
        """The URL with every variable at its default: where a client goes unless told otherwise."""
        url = self.url
        for v in self.variables:
            url = url.replace("{" + v.name + "}", v.default)
        return url


@dataclass(frozen=True)
class SecurityScheme:
    name: str
    kind: Literal["basic", "bearer", "api_key", "oauth2", "openid", "other"]
    description: str = ""
    location: Literal["header", "query", "cookie"] | None = None  # api_key
    parameter: str | None = None  # api_key header/query/cookie name
    bearer_format: str | None = None


@dataclass(frozen=True)
class ErrorCode:
    """An error body whose ``code`` the spec pins: worth its own exception class."""

    status: int
    code: str
    schema: str


@dataclass(frozen=True)
class Api:
    title: str
    version: str
    description: str
    openapi_version: str
    servers: tuple[Server, ...]
    security_schemes: tuple[SecurityScheme, ...]
    security: tuple[tuple[str, ...], ...]
    groups: tuple[Group, ...]
    operations: tuple[Operation, ...]
    schemas: tuple[Schema, ...]  # sorted by name
    error_codes: tuple[ErrorCode, ...] = ()
    idempotency_header: str = "Idempotency-Key"
    envelopes: tuple[tuple[str, str], ...] = ()  # (role, schema name)
    client_auth: str | None = None  # the security scheme SDK clients send (normalise/auth.py)

    def client_scheme(self) -> SecurityScheme | None:
        return next((s for s in self.security_schemes if s.name == self.client_auth), None)

    def schema(self, name: str) -> Schema:
        return self._index()[name]

    def _index(self) -> dict[str, Schema]:
        cache = self.__dict__.get("_schema_index")
        if cache is None:
            cache = {s.name: s for s in self.schemas}
            object.__setattr__(self, "_schema_index", cache)
        return cache

    def operation(self, op_id: str) -> Operation:
        return next(op for op in self.operations if op.id == op_id)
