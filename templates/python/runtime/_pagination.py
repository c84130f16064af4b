"""List envelopes that know how to fetch their next page.

`for item in page` (or `async for`) walks every item across all pages; use
`iter_pages()` / `get_next_page()` for page-by-page control.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Generic,
    Iterator,
    Mapping,
    TypeVar,
)

from pydantic import PrivateAttr

from ._options import PageRequest
from ._models import BaseModel
from ._types import NOT_GIVEN

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient

__all__ = ["AsyncPage", "SyncPage"]

T = TypeVar("T")
C = TypeVar("C")


@dataclass(frozen=True)
class _Link(Generic[C]):
    """Where a page came from: the client and the request to replay."""

    client: C
    request: PageRequest

    def __deepcopy__(self, memo: dict[int, object]) -> _Link[C]:
        # Shared by copy.deepcopy / model_copy(deep=True): a client and its
        # connection pool cannot (and should not) be copied.
        return self


class _BasePage(BaseModel, Generic[T]):
    data: list[T]
    has_more: bool = False
    url: str | None = None
    # Declared last: from here on the class body's `object` is this field.
    object: str | None = None

    _link: _Link[Any] | None = PrivateAttr(default=None)

    def has_next_page(self) -> bool:
        return self._next_request() is not None

    def _next_request(self) -> PageRequest | None:
        if self._link is None or not self.data:
            return None
        request = self._link.request
        p = request.pagination
        query = dict(request.query)
        if p.style == "offset":
            if not self.has_more or p.offset_param is None:
                return None
            query[p.offset_param] = _as_int(query.get(p.offset_param)) + len(self.data)
        else:
            if p.style == "cursor":
                ended = not self.has_more
                cursor = _field(self.data[-1], p.cursor_field)
            else:
                # page_token: the envelope carries the next token, and its
                # absence ends the list; has_more, when sent, can end it too.
                ended = "has_more" in self.model_fields_set and not self.has_more
                cursor = _field(self, p.cursor_field)
            if ended or p.cursor_param is None or cursor is None or cursor == "":
                return None
            query[p.cursor_param] = cursor
        # A caller-supplied idempotency key belongs to the first request only.
        return replace(
            request,
            query=query,
            options=replace(request.options, idempotency_key=NOT_GIVEN),
        )


class SyncPage(_BasePage[T], Generic[T]):
    def get_next_page(self) -> SyncPage[T]:
        request = self._next_request()
        if request is None or self._link is None:
            raise RuntimeError("No next page; check has_next_page() first.")
        page: SyncPage[T] = self._link.client._fetch_page(type(self), request)
        return page

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[T]:  # type: ignore[override]
        # Items, not pydantic's (field, value) pairs: a page is a sequence.
        for page in self.iter_pages():
            yield from page.data


class AsyncPage(_BasePage[T], Generic[T]):
    async def get_next_page(self) -> AsyncPage[T]:
        request = self._next_request()
        if request is None or self._link is None:
            raise RuntimeError("No next page; check has_next_page() first.")
        page: AsyncPage[T] = await self._link.client._fetch_page(type(self), request)
        return page

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


def attach_sync(
    page: object, client: SyncAPIClient, request: PageRequest
) -> SyncPage[Any]:
    """Give a freshly parsed page what it needs to fetch the next one."""
    if not isinstance(page, SyncPage):
        raise TypeError(f"page_cls must be a SyncPage, got {type(page).__name__}")
    page._link = _Link(client, request)
    return page


def attach_async(
    page: object, client: AsyncAPIClient, request: PageRequest
) -> AsyncPage[Any]:
    if not isinstance(page, AsyncPage):
        raise TypeError(f"page_cls must be an AsyncPage, got {type(page).__name__}")
    page._link = _Link(client, request)
    return page


def _field(obj: object, name: str) -> object:
    # Items may be models or plain dicts (e.g. SyncPage[dict[str, Any]]).
    return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)


def _as_int(value: object) -> int:
    # The first request may have no offset at all, or NOT_GIVEN.
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return 0
