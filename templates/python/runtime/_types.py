"""Small shared types: the NOT_GIVEN sentinel and the aliases used in signatures."""

from __future__ import annotations

from os import PathLike
from typing import IO, Literal, Mapping, TypeAlias

import httpx

__all__ = [
    "NOT_GIVEN",
    "Body",
    "FileContent",
    "FileTypes",
    "Headers",
    "NotGiven",
    "Query",
    "Timeout",
]


class NotGiven:
    """Marks an argument the caller did not pass.

    `None` cannot play this role: for many fields the API treats an explicit
    `null` ("clear this value") differently from an absent key ("leave it").
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        # A singleton keeps `is NOT_GIVEN` checks and reprs predictable.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()

Headers: TypeAlias = Mapping[str, str]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = object
Timeout: TypeAlias = float | httpx.Timeout | None

# A file to upload: an open binary file, raw bytes, or a path to read. The
# tuple forms add a filename and a content type.
FileContent: TypeAlias = IO[bytes] | bytes | PathLike[str]
FileTypes: TypeAlias = (
    FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None]
)
