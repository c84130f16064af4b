"""Per-call options, and what a paginated call needs to be replayed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, Mapping

from ._types import NOT_GIVEN, Body, Headers, NotGiven, Query, Timeout

__all__ = ["PageRequest", "Pagination", "RequestOptions"]


@dataclass(frozen=True)
class RequestOptions:
    """Per-call overrides every generated method accepts."""

    extra_headers: Headers | None = None
    extra_query: Query | None = None
    extra_body: Body | None = None
    timeout: Timeout | NotGiven = NOT_GIVEN
    idempotency_key: str | NotGiven = NOT_GIVEN


@dataclass(frozen=True)
class Pagination:
    """How to ask for the page after the current one of a list envelope.

    Every other query parameter, including `limit_param`, is replayed as is.
    """

    style: Literal["offset", "cursor", "page_token"]
    limit_param: str | None = "limit"
    # offset: next offset = current offset + len(data)
    offset_param: str | None = "offset"
    # cursor: e.g. "starting_after" = `cursor_field` of the last item;
    # page_token: e.g. "page_token" = `cursor_field` of the envelope ("next_page_token")
    cursor_param: str | None = None
    cursor_field: str = "id"


@dataclass(frozen=True)
class PageRequest:
    """The call that produced a page, replayed with a new offset or cursor."""

    method: str
    path: str
    pagination: Pagination
    query: Mapping[str, object]
    body: object
    headers: Mapping[str, object] | None
    options: RequestOptions

    @classmethod
    def first(
        cls,
        method: str,
        path: str,
        pagination: Pagination,
        query: Mapping[str, object] | None,
        body: object,
        headers: Mapping[str, object] | None,
        options: RequestOptions,
    ) -> PageRequest:
        # extra_query is folded into the query so the next page's offset or
        # cursor is not overridden by it.
        merged = {**(query or {}), **(options.extra_query or {})}
        return cls(
            method,
            path,
            pagination,
            merged,
            body,
            headers,
            replace(options, extra_query=None),
        )
