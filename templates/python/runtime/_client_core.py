"""What the sync and async clients share: request building, retry bookkeeping
and logging. Everything here is I/O-free."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import uuid
from dataclasses import dataclass, replace
from typing import Any, Mapping
from urllib.parse import urlencode

import httpx

from ._auth import Auth
from ._exceptions import APIConnectionError, APITimeoutError
from ._options import PageRequest, RequestOptions
from ._retries import retry_delay, should_retry
from ._serialize import (
    FileField,
    RawBody,
    form_fields,
    query_params,
    stringify,
    strip_not_given,
    to_jsonable,
    to_multipart,
)
from ._types import NOT_GIVEN, NotGiven, Timeout

__all__ = ["BaseClient", "PreparedRequest"]

# The generated package's top-level logger (e.g. "bluum"), so users can tune
# the SDK's verbosity with a single logging.getLogger(<package>) call.
log = logging.getLogger(__name__.split(".")[0])

# Transport failures where resending is safe (POSTs carry an idempotency key).
_RETRYABLE_ERRORS = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
    httpx.ProxyError,
)


@dataclass(frozen=True)
class PreparedRequest:
    """Everything needed to build the httpx request, once per attempt.

    Built once per call, before the retry loop, so every attempt carries the
    same headers, including the same idempotency key.
    """

    method: str
    url: httpx.URL
    params: tuple[tuple[str, str], ...]
    headers: httpx.Headers
    timeout: Timeout
    content: bytes | None = None
    data: Mapping[str, str | list[str]] | None = None
    files: list[FileField] | None = None

    def build(self, http: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        return http.build_request(
            self.method,
            self.url,
            params=self.params,
            headers=self.headers,
            content=self.content,
            data=self.data,
            files=self.files,
            timeout=self.timeout,
        )


class BaseClient:
    def __init__(
        self,
        *,
        base_url: str | httpx.URL,
        auth: Auth,
        timeout: Timeout,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        user_agent: str,
        idempotency_header: str = "Idempotency-Key",
    ) -> None:
        self.base_url = httpx.URL(str(base_url).rstrip("/"))
        self.timeout = timeout
        self.max_retries = max_retries
        self._auth = auth
        self._default_headers = dict(default_headers or {})
        self._user_agent = user_agent
        self._idempotency_header = idempotency_header

    def __repr__(self) -> str:
        # userinfo is dropped: a base URL like https://key:secret@host must not leak.
        return f"{type(self).__name__}(base_url={str(self.base_url.copy_with(userinfo=b''))!r})"

    def _prepare(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, object] | None,
        body: object,
        files: Mapping[str, object] | None,
        form: Mapping[str, object] | None,
        headers: Mapping[str, object] | None,
        options: RequestOptions,
    ) -> PreparedRequest:
        method = method.upper()
        has_body = body is not None and not isinstance(body, NotGiven)
        if has_body + (files is not None) + (form is not None) > 1:
            raise ValueError("pass at most one of body, files and form")
        request_headers = self._headers(method, headers, options)
        timeout = (
            self.timeout if isinstance(options.timeout, NotGiven) else options.timeout
        )
        prepared = PreparedRequest(
            method=method,
            url=self._url(path),
            params=tuple(
                query_params({**(query or {}), **(options.extra_query or {})})
            ),
            headers=request_headers,
            timeout=timeout,
        )
        if files is not None:
            data, file_fields = to_multipart(_with_extra(files, options.extra_body))
            # httpx sets the multipart Content-Type (with its boundary) itself.
            return replace(prepared, data=data, files=file_fields)
        if form is not None:
            request_headers.setdefault(
                "Content-Type", "application/x-www-form-urlencoded"
            )
            encoded = urlencode(form_fields(_with_extra(form, options.extra_body)))
            return replace(prepared, content=encoded.encode())
        if isinstance(body, RawBody):
            if body.content is None or isinstance(body.content, NotGiven):
                body = None  # an optional raw body the caller left out
            elif options.extra_body is not None:
                raise TypeError("extra_body cannot be merged into a raw body")
            else:
                request_headers.setdefault("Content-Type", body.content_type)
                return replace(prepared, content=body.encode())
        payload = _json_payload(body, options.extra_body)
        if payload is NOT_GIVEN:
            return prepared
        request_headers.setdefault("Content-Type", "application/json")
        encoded = json.dumps(
            payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )
        return replace(prepared, content=encoded.encode())

    def _prepare_page(self, request: PageRequest) -> PreparedRequest:
        return self._prepare(
            request.method,
            request.path,
            query=request.query,
            body=request.body,
            files=None,
            form=None,
            headers=request.headers,
            options=request.options,
        )

    def _url(self, path: str) -> httpx.URL:
        # The caller has already percent-encoded path parameters; keep them as is.
        if path.startswith(("http://", "https://")):
            return httpx.URL(path)
        return httpx.URL(f"{self.base_url}/{path.lstrip('/')}")

    def _headers(
        self,
        method: str,
        operation: Mapping[str, object] | None,
        options: RequestOptions,
    ) -> httpx.Headers:
        # Later sources win: defaults < auth < idempotency < operation < extra_headers.
        headers = httpx.Headers(
            {"Accept": "application/json", "User-Agent": self._user_agent}
        )
        headers.update(self._default_headers)
        headers.update(self._auth.headers())
        if isinstance(options.idempotency_key, str):
            headers[self._idempotency_header] = options.idempotency_key
        elif method == "POST":
            # Generated once per call, so every retry reuses it and a POST that
            # timed out after the server acted is not applied twice.
            headers[self._idempotency_header] = str(uuid.uuid4())
        for name, value in (operation or {}).items():
            if value is not None and not isinstance(value, NotGiven):
                headers[name] = stringify(value)
        headers.update(options.extra_headers or {})
        return headers

    # Retry bookkeeping. `attempt` counts retries already made (0 before the first).

    def _retry_status(self, response: httpx.Response, attempt: int) -> float | None:
        """Seconds to wait before retrying this response, or None to give up."""
        if attempt >= self.max_retries or not should_retry(
            response.status_code, response.headers
        ):
            return None
        delay = retry_delay(attempt, self.max_retries, response.headers)
        self._log_retry(
            response.request, attempt, delay, f"status {response.status_code}"
        )
        return delay

    def _retry_error(
        self, exc: httpx.TransportError, request: httpx.Request, attempt: int
    ) -> float | None:
        if attempt >= self.max_retries or not isinstance(exc, _RETRYABLE_ERRORS):
            return None
        delay = retry_delay(attempt, self.max_retries, None)
        self._log_retry(request, attempt, delay, type(exc).__name__)
        return delay

    def _log_retry(
        self, request: httpx.Request, attempt: int, delay: float, reason: str
    ) -> None:
        log.info(
            "Retrying %s %s in %.2fs (retry %d of %d): %s",
            request.method,
            request.url,
            delay,
            attempt + 1,
            self.max_retries,
            reason,
        )

    @staticmethod
    def _log_response(
        request: httpx.Request, response: httpx.Response, started: float
    ) -> dt.timedelta:
        """Log the exchange and return its duration."""
        elapsed = time.monotonic() - started
        # Method, URL and status only: headers and bodies may carry credentials.
        log.debug(
            "HTTP %s %s -> %d (%.3fs)",
            request.method,
            request.url,
            response.status_code,
            elapsed,
        )
        return dt.timedelta(seconds=elapsed)

    @staticmethod
    def _connection_error(
        exc: httpx.TransportError, request: httpx.Request
    ) -> APIConnectionError:
        # The httpx error (kept as __cause__) has the details; our message
        # stays generic so it cannot echo anything sensitive.
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(request=request)
        return APIConnectionError(
            f"Connection error ({type(exc).__name__}).", request=request
        )


def _json_payload(body: object, extra_body: object) -> Any:
    """The JSON body to send, or NOT_GIVEN for none."""
    payload = NOT_GIVEN if body is None else to_jsonable(strip_not_given(body))
    if extra_body is None:
        return payload
    extra = to_jsonable(strip_not_given(extra_body))
    if payload is NOT_GIVEN:
        return extra
    if isinstance(payload, dict) and isinstance(extra, dict):
        return {**payload, **extra}
    raise TypeError("extra_body can only be merged into a JSON object body")


def _with_extra(
    fields: Mapping[str, object], extra_body: object
) -> Mapping[str, object]:
    if extra_body is None:
        return fields
    if not isinstance(extra_body, Mapping):
        raise TypeError("extra_body must be a mapping for form and multipart requests")
    return {**fields, **extra_body}
