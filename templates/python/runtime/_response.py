"""Response decoding, and raw access to the HTTP response behind a call."""

from __future__ import annotations

import datetime as dt
import functools
import json
from contextvars import ContextVar
from typing import Any, Awaitable, Callable, Generic, ParamSpec, TypeVar, cast, get_args

import httpx
import pydantic

from ._exceptions import APIResponseValidationError
from ._models import parse

__all__ = ["APIResponse", "async_to_raw_response_wrapper", "to_raw_response_wrapper"]

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")

# Set while a raw-response wrapper runs: the client then hands back an
# APIResponse instead of the parsed value. A ContextVar (not a flag on the
# client) keeps concurrent threads and tasks sharing one client independent.
_raw_response: ContextVar[bool] = ContextVar("raw_response", default=False)

_UNSET: Any = object()


def raw_response_requested() -> bool:
    return _raw_response.get()


class APIResponse(Generic[T]):
    """An HTTP response plus the type its body parses into."""

    def __init__(
        self,
        http_response: httpx.Response,
        cast_to: Any,
        *,
        elapsed: dt.timedelta | None = None,
        post_parse: Callable[[Any], Any] | None = None,
    ) -> None:
        self.http_response = http_response
        self._cast_to = cast_to
        self._elapsed = elapsed
        self._post_parse = post_parse  # e.g. lets a page know how to fetch the next one
        self._parsed: Any = _UNSET

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        value: str | None = self.headers.get("x-request-id") or self.headers.get(
            "request-id"
        )
        return value

    @property
    def elapsed(self) -> dt.timedelta:
        """Time from sending the request to having read the response (last attempt)."""
        # Measured by the client: httpx cannot time responses that arrive
        # already read, such as those of httpx.MockTransport.
        return (
            self._elapsed if self._elapsed is not None else self.http_response.elapsed
        )

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def parse(self) -> T:
        """The body as the operation's declared type (parsed once, then cached)."""
        if self._parsed is _UNSET:
            value = decode_response(self.http_response, self._cast_to)
            if self._post_parse is not None:
                value = self._post_parse(value)
            self._parsed = value
        return cast(T, self._parsed)

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] type={_type_name(self._cast_to)}>"


def decode_response(response: httpx.Response, cast_to: Any) -> Any:
    """Turn a successful response into `cast_to`.

    No body -> None; `bytes` -> the raw content; `str` with a non-JSON content
    type -> the text; anything else is JSON validated against `cast_to`.
    """
    if cast_to is bytes:
        return response.content
    if response.status_code == 204 or not response.content:
        return None
    content_type = response.headers.get("content-type", "")
    if cast_to is str and "json" not in content_type:
        return response.text
    try:
        data = json.loads(response.content)
    except ValueError:
        raise APIResponseValidationError(
            f"Expected a JSON body for {_type_name(cast_to)}, got {content_type or 'no content type'}",
            response=response,
            body=response.text,
        ) from None
    try:
        return parse(cast_to, data)
    except pydantic.ValidationError as exc:
        raise APIResponseValidationError(
            f"Response body does not match {_type_name(cast_to)}: {_summary(exc)}",
            response=response,
            body=data,
        ) from exc


def to_raw_response_wrapper(func: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """Wrap a resource method so it returns the APIResponse instead of the value."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        token = _raw_response.set(True)
        try:
            return _expect_raw(func(*args, **kwargs))
        finally:
            _raw_response.reset(token)

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[APIResponse[R]]]:
    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        token = _raw_response.set(True)
        try:
            return _expect_raw(await func(*args, **kwargs))
        finally:
            _raw_response.reset(token)

    return wrapped


def _expect_raw(result: object) -> APIResponse[Any]:
    if not isinstance(result, APIResponse):
        raise TypeError(
            f"expected the client to return an APIResponse, got {type(result).__name__}"
        )
    return result


def _type_name(tp: Any) -> str:
    return tp.__name__ if isinstance(tp, type) and not get_args(tp) else repr(tp)


def _summary(exc: pydantic.ValidationError, limit: int = 3) -> str:
    # Field paths and reasons only: input values may hold personal data.
    errors = exc.errors(include_url=False, include_input=False)
    parts = [
        f"{'.'.join(map(str, e['loc'])) or '<root>'}: {e['msg']}"
        for e in errors[:limit]
    ]
    more = f" (and {len(errors) - limit} more)" if len(errors) > limit else ""
    return "; ".join(parts) + more
