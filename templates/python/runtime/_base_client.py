"""The sync and async HTTP clients that generated API clients subclass.

Both share request building with `BaseClient` (see `_client_core.py`); only
sending, sleeping between retries and closing differ. `RequestOptions` and
`Pagination` (from `_options.py`) are re-exported here for generated code.
"""

from __future__ import annotations

import datetime as dt
import time
from types import TracebackType
from typing import Any, Callable, Mapping, TypeVar

import httpx

from ._auth import Auth
from ._client_core import BaseClient, PreparedRequest
from ._exceptions import make_status_error
from ._options import PageRequest, Pagination, RequestOptions
from ._pagination import attach_async, attach_sync
from ._response import APIResponse, raw_response_requested
from ._types import NOT_GIVEN, Timeout

__all__ = ["AsyncAPIClient", "Pagination", "RequestOptions", "SyncAPIClient"]

_SyncT = TypeVar("_SyncT", bound="SyncAPIClient")
_AsyncT = TypeVar("_AsyncT", bound="AsyncAPIClient")

# Indirections so tests can skip the waiting.
_sleep = time.sleep


async def _async_sleep(delay: float) -> None:
    # asyncio is imported on first use: it costs ~20 ms, and only async callers,
    # who have it loaded already, ever wait here.
    import asyncio

    await asyncio.sleep(delay)


def _finish(
    sent: tuple[httpx.Response, dt.timedelta],
    cast_to: Any,
    *,
    raw: bool,
    post_parse: Callable[[Any], Any] | None = None,
) -> Any:
    """The parsed value, or in raw mode the APIResponse that parses it on demand."""
    response, elapsed = sent
    result = APIResponse[Any](response, cast_to, elapsed=elapsed, post_parse=post_parse)
    return result if raw else result.parse()


class SyncAPIClient(BaseClient):
    def __init__(
        self,
        *,
        base_url: str | httpx.URL,
        auth: Auth,
        timeout: Timeout,
        max_retries: int,
        http_client: httpx.Client | None,
        default_headers: Mapping[str, str] | None,
        user_agent: str,
        idempotency_header: str = "Idempotency-Key",
    ) -> None:
        super().__init__(
            base_url=base_url,
            auth=auth,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            user_agent=user_agent,
            idempotency_header=idempotency_header,
        )
        # A client passed in belongs to the caller, who closes it.
        self._owns_http_client = http_client is None
        self._http = http_client or httpx.Client(timeout=timeout, follow_redirects=True)

    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any,
        query: Mapping[str, object] | None = None,
        body: object = NOT_GIVEN,
        files: Mapping[str, object] | None = None,
        form: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        options: RequestOptions = RequestOptions(),
    ) -> Any:
        """Send a request and parse the response as `cast_to`.

        `body` is sent as JSON (NOT_GIVEN values inside are dropped, None is
        null; a top-level None or NOT_GIVEN sends no body); `files` as
        multipart/form-data; `form` as application/x-www-form-urlencoded.
        """
        prepared = self._prepare(
            method,
            path,
            query=query,
            body=body,
            files=files,
            form=form,
            headers=headers,
            options=options,
        )
        return _finish(self._send(prepared), cast_to, raw=raw_response_requested())

    def request_page(
        self,
        method: str,
        path: str,
        *,
        page_cls: Any,
        pagination: Pagination,
        query: Mapping[str, object] | None = None,
        body: object = NOT_GIVEN,
        headers: Mapping[str, object] | None = None,
        options: RequestOptions = RequestOptions(),
    ) -> Any:
        """Fetch the first page of a list; iterating it fetches the rest."""
        request = PageRequest.first(
            method, path, pagination, query, body, headers, options
        )
        return self._fetch_page(page_cls, request, raw=raw_response_requested())

    def _fetch_page(
        self, page_cls: Any, request: PageRequest, *, raw: bool = False
    ) -> Any:
        sent = self._send(self._prepare_page(request))
        return _finish(
            sent,
            page_cls,
            raw=raw,
            post_parse=lambda page: attach_sync(page, self, request),
        )

    def _send(self, prepared: PreparedRequest) -> tuple[httpx.Response, dt.timedelta]:
        """Send with retries; the successful response and how long it took."""
        attempt = 0
        while True:
            request = prepared.build(self._http)
            started = time.monotonic()
            try:
                response = self._http.send(request)
            except httpx.TransportError as exc:
                delay = self._retry_error(exc, request, attempt)
                if delay is None:
                    raise self._connection_error(exc, request) from exc
            else:
                elapsed = self._log_response(request, response, started)
                if response.is_success:
                    return response, elapsed
                delay = self._retry_status(response, attempt)
                if delay is None:
                    raise make_status_error(response)
            _sleep(delay)
            attempt += 1

    def close(self) -> None:
        if self._owns_http_client:
            self._http.close()

    def __enter__(self: _SyncT) -> _SyncT:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncAPIClient(BaseClient):
    def __init__(
        self,
        *,
        base_url: str | httpx.URL,
        auth: Auth,
        timeout: Timeout,
        max_retries: int,
        http_client: httpx.AsyncClient | None,
        default_headers: Mapping[str, str] | None,
        user_agent: str,
        idempotency_header: str = "Idempotency-Key",
    ) -> None:
        super().__init__(
            base_url=base_url,
            auth=auth,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            user_agent=user_agent,
            idempotency_header=idempotency_header,
        )
        self._owns_http_client = http_client is None
        self._http = http_client or httpx.AsyncClient(
            timeout=timeout, follow_redirects=True
        )

    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any,
        query: Mapping[str, object] | None = None,
        body: object = NOT_GIVEN,
        files: Mapping[str, object] | None = None,
        form: Mapping[str, object] | None = None,
        headers: Mapping[str, object] | None = None,
        options: RequestOptions = RequestOptions(),
    ) -> Any:
        """Async twin of `SyncAPIClient.request`."""
        prepared = self._prepare(
            method,
            path,
            query=query,
            body=body,
            files=files,
            form=form,
            headers=headers,
            options=options,
        )
        return _finish(
            await self._send(prepared), cast_to, raw=raw_response_requested()
        )

    async def request_page(
        self,
        method: str,
        path: str,
        *,
        page_cls: Any,
        pagination: Pagination,
        query: Mapping[str, object] | None = None,
        body: object = NOT_GIVEN,
        headers: Mapping[str, object] | None = None,
        options: RequestOptions = RequestOptions(),
    ) -> Any:
        """Fetch the first page (`await`); `async for` over it fetches the rest."""
        request = PageRequest.first(
            method, path, pagination, query, body, headers, options
        )
        return await self._fetch_page(page_cls, request, raw=raw_response_requested())

    async def _fetch_page(
        self, page_cls: Any, request: PageRequest, *, raw: bool = False
    ) -> Any:
        sent = await self._send(self._prepare_page(request))
        return _finish(
            sent,
            page_cls,
            raw=raw,
            post_parse=lambda page: attach_async(page, self, request),
        )

    async def _send(
        self, prepared: PreparedRequest
    ) -> tuple[httpx.Response, dt.timedelta]:
        attempt = 0
        while True:
            request = prepared.build(self._http)
            started = time.monotonic()
            try:
                response = await self._http.send(request)
            except httpx.TransportError as exc:
                delay = self._retry_error(exc, request, attempt)
                if delay is None:
                    raise self._connection_error(exc, request) from exc
            else:
                elapsed = self._log_response(request, response, started)
                if response.is_success:
                    return response, elapsed
                delay = self._retry_status(response, attempt)
                if delay is None:
                    raise make_status_error(response)
            await _async_sleep(delay)
            attempt += 1

    async def aclose(self) -> None:
        if self._owns_http_client:
            await self._http.aclose()

    async def __aenter__(self: _AsyncT) -> _AsyncT:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
