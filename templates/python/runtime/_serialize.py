"""Turn user input into wire data: JSON bodies, query strings, multipart forms."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import IO, Any, Mapping, TypeAlias, cast
from urllib.parse import quote

import pydantic

from ._types import NOT_GIVEN, NotGiven

__all__ = [
    "FileField",
    "RawBody",
    "cookie_header",
    "form_fields",
    "query_params",
    "stringify",
    "QueryArray",
    "strip_not_given",
    "to_jsonable",
    "to_multipart",
]

# What httpx accepts in `files=`: (field name, (filename, content[, content type])).
FileField: TypeAlias = tuple[
    str, tuple[str | None, Any] | tuple[str | None, Any, str | None]
]


def strip_not_given(obj: object) -> Any:
    """Recursively drop NOT_GIVEN values from dicts (and dicts inside lists).

    `None` is kept: in a JSON body it is an explicit `null`.
    """
    if isinstance(obj, Mapping):
        return {
            k: strip_not_given(v) for k, v in obj.items() if not isinstance(v, NotGiven)
        }
    if isinstance(obj, (list, tuple)):
        return [strip_not_given(v) for v in obj]
    return obj


def to_jsonable(obj: object) -> Any:
    """Convert models, dates, enums, decimals... into plain JSON values."""
    if isinstance(obj, pydantic.BaseModel):
        return obj.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(obj, Mapping):
        return {
            str(k): to_jsonable(v)
            for k, v in obj.items()
            if not isinstance(v, NotGiven)
        }
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, Enum):
        return to_jsonable(obj.value)
    if isinstance(obj, (dt.datetime, dt.date, dt.time)):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        # A string keeps every digit; a float would round money amounts.
        return str(obj)
    if isinstance(obj, uuid.UUID):
        return str(obj)
    return obj


def query_params(query: Mapping[str, object] | None) -> list[tuple[str, str]]:
    """Encode query parameters as (key, value) pairs for httpx.

    None and NOT_GIVEN mean "omit"; booleans become "true"/"false"; lists
    repeat the key; dicts use the deepObject style `key[sub]=value`.
    """
    pairs: list[tuple[str, str]] = []
    for key, value in (query or {}).items():
        _add_param(pairs, key, value)
    return pairs


class QueryArray:
    """A query array sent other than by repeating its key, as the spec's ``style`` and
    ``explode`` say: ``comma`` (ids=1,2), ``space`` (ids=1%202), ``pipe`` (ids=1|2) or
    ``brackets`` (ids[]=1&ids[]=2)."""

    __slots__ = ("items", "style")
    _SEPARATORS = {"comma": ",", "space": " ", "pipe": "|"}

    def __init__(self, items: object, style: str) -> None:
        self.items = items
        self.style = style

    def add_to(self, pairs: list[tuple[str, str]], key: str) -> None:
        if self.items is None or isinstance(self.items, NotGiven):
            return
        items = self.items if isinstance(self.items, (list, tuple)) else [self.items]
        if self.style == "brackets":
            for item in items:
                _add_param(pairs, f"{key}[]", item)
        else:
            separator = self._SEPARATORS[self.style]
            pairs.append((key, separator.join(stringify(item) for item in items)))


def _add_param(pairs: list[tuple[str, str]], key: str, value: object) -> None:
    if value is None or isinstance(value, NotGiven):
        return
    if isinstance(value, QueryArray):
        value.add_to(pairs, key)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _add_param(pairs, key, item)
    elif isinstance(value, Mapping):
        for sub, item in value.items():
            _add_param(pairs, f"{key}[{sub}]", item)
    else:
        pairs.append((key, stringify(value)))


def form_fields(form: Mapping[str, object] | None) -> list[tuple[str, str]]:
    """Fields of an application/x-www-form-urlencoded body (same rules as a query)."""
    return query_params(form)


def to_multipart(
    fields: Mapping[str, object],
) -> tuple[dict[str, str | list[str]], list[FileField]]:
    """Split multipart fields into httpx's `data=` (plain fields) and `files=`.

    Bytes, binary file objects, paths and tuples are files; a list repeats its
    field (several files or values under one name); None/NOT_GIVEN are omitted;
    anything else is sent as a string.
    """
    data: dict[str, str | list[str]] = {}
    files: list[FileField] = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            if item is None or isinstance(item, NotGiven):
                continue
            if _is_file(item):
                files.append((name, _file_tuple(item)))
            else:
                text = _form_value(item)
                previous = data.get(name)
                if previous is None:
                    data[name] = text
                elif isinstance(previous, list):
                    previous.append(text)
                else:
                    data[name] = [previous, text]
    return data, files


def _is_file(value: object) -> bool:
    return isinstance(value, (bytes, bytearray, tuple, os.PathLike)) or hasattr(
        value, "read"
    )


def _file_tuple(
    value: object,
) -> tuple[str | None, Any] | tuple[str | None, Any, str | None]:
    if isinstance(value, tuple):
        if len(value) == 2:
            return (value[0], _file_content(value[1]))
        if len(value) == 3:
            return (value[0], _file_content(value[1]), value[2])
        raise TypeError(
            f"file tuples are (filename, content[, content_type]), got {len(value)} items"
        )
    if isinstance(value, os.PathLike):
        return (os.path.basename(os.fspath(value)), _file_content(value))
    # Without a filename many servers treat the part as a plain field.
    name = getattr(value, "name", None)
    filename = os.path.basename(name) if isinstance(name, str) else "upload"
    return (filename, value)


def _file_content(content: object) -> bytes | IO[bytes]:
    if isinstance(content, os.PathLike):
        # Read eagerly: the same bytes are resent if the request is retried.
        with open(content, "rb") as f:
            return f.read()
    if isinstance(content, (bytes, bytearray)):
        return bytes(content)
    if hasattr(content, "read"):
        # httpx seeks file objects back to 0 before each send, so retries work.
        return cast(IO[bytes], content)
    raise TypeError(f"unsupported file content: {type(content).__name__}")


def _form_value(value: object) -> str:
    if isinstance(value, (Mapping, pydantic.BaseModel)):
        return json.dumps(to_jsonable(value), separators=(",", ":"))
    return stringify(value)


def stringify(value: object) -> str:
    """A scalar as it appears in a query string, form field or header."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    value = to_jsonable(value)
    return value if isinstance(value, str) else str(value)


# RFC 6265 cookie-octets: printable ASCII except space, '"', ',', ';' and '\\'.
# '%' is encoded too, so a value that already contains one survives the trip.
_COOKIE_SAFE = "!#$&'()*+-./:<=>?@[]^_`{|}~"


def cookie_header(cookies: Mapping[str, object]) -> str | NotGiven:
    """The `Cookie` header for an operation's cookie parameters.

    None and NOT_GIVEN mean "omit"; with nothing left the header is not sent.
    """
    pairs = [
        f"{name}={quote(stringify(value), safe=_COOKIE_SAFE)}"
        for name, value in cookies.items()
        if value is not None and not isinstance(value, NotGiven)
    ]
    return "; ".join(pairs) if pairs else NOT_GIVEN


@dataclass(frozen=True)
class RawBody:
    """A request body sent as is (binary or text) with its content type."""

    content: object
    content_type: str

    def encode(self) -> bytes:
        # Read once, up front: every retry must resend the same bytes, and a
        # half-read file could not be rewound reliably.
        content = self.content
        if isinstance(content, os.PathLike):
            with open(content, "rb") as f:
                return f.read()
        if hasattr(content, "read"):
            content = content.read()
        if isinstance(content, str):
            return content.encode("utf-8")
        if isinstance(content, (bytes, bytearray, memoryview)):
            return bytes(content)
        raise TypeError(f"unsupported raw body: {type(content).__name__}")
