"""Mapping 4xx/5xx responses and transport failures to exceptions."""

from __future__ import annotations

import ast
import types
from typing import Any, Callable

import httpx
import pytest

MakeClient = Callable[..., Any]


def envelope(type_: str, code: str, message: str, **extra: str) -> dict[str, Any]:
    return {"error": {"type": type_, "code": code, "message": message, **extra}}


def call_failing(make_client: MakeClient, response: httpx.Response) -> Any:
    client, _ = make_client(response, max_retries=0)
    with pytest.raises(Exception) as info:
        client.request("GET", "/investors/inv_1", cast_to=dict)
    return info.value


def test_not_found(pkg: Any, make_client: MakeClient) -> None:
    response = httpx.Response(
        404,
        json=envelope("not_found_error", "BLUM-404-001", "Investor not found."),
        headers={"x-request-id": "req_123"},
    )
    exc = call_failing(make_client, response)
    E = pkg._exceptions
    assert type(exc) is E.NotFoundError
    assert isinstance(exc, E.APIStatusError) and isinstance(exc, E.APIError)
    assert exc.status_code == 404
    assert exc.code == "BLUM-404-001"
    assert exc.type == "not_found_error"
    assert exc.message == "Investor not found."
    assert exc.request_id == "req_123"
    assert exc.body == response.json()
    assert exc.headers["x-request-id"] == "req_123"
    assert exc.response.status_code == 404
    assert exc.request.url.path == "/v1/investors/inv_1"
    assert str(exc) == "Error code: 404 - BLUM-404-001: Investor not found."


def test_bad_request_carries_param(pkg: Any, make_client: MakeClient) -> None:
    body = envelope(
        "invalid_request_error",
        "BLUM-400-002",
        "Required field 'symbol' is missing.",
        param="symbol",
    )
    exc = call_failing(
        make_client, httpx.Response(400, json=body, headers={"request-id": "req_alt"})
    )
    assert type(exc) is pkg._exceptions.BadRequestError
    assert exc.param == "symbol"
    assert exc.request_id == "req_alt"


def test_legacy_body_maps_to_special_error(pkg: Any, make_client: MakeClient) -> None:
    body = {
        "status": "error",
        "code": "PRODUCT_NOT_ENABLED",
        "message": "Market data is not enabled.",
    }
    exc = call_failing(make_client, httpx.Response(403, json=body))
    E = pkg._exceptions
    assert type(exc) is E.ProductNotEnabledError
    assert isinstance(exc, E.PermissionDeniedError)
    assert exc.code == "PRODUCT_NOT_ENABLED"
    assert exc.message == "Market data is not enabled."
    assert (
        str(exc) == "Error code: 403 - PRODUCT_NOT_ENABLED: Market data is not enabled."
    )


def test_special_error_needs_matching_status(pkg: Any, make_client: MakeClient) -> None:
    body = {"status": "error", "code": "PRODUCT_NOT_ENABLED", "message": "x"}
    exc = call_failing(make_client, httpx.Response(400, json=body))
    assert type(exc) is pkg._exceptions.BadRequestError


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (502, "InternalServerError"),
        (503, "InternalServerError"),
        (418, "APIStatusError"),
    ],
)
def test_status_mapping(
    pkg: Any, make_client: MakeClient, status: int, name: str
) -> None:
    exc = call_failing(
        make_client,
        httpx.Response(status, json=envelope("api_error", "BLUM-X", "boom")),
    )
    assert type(exc) is getattr(pkg._exceptions, name)
    assert exc.status_code == status


def test_internal_server_error_with_plain_message(
    pkg: Any, make_client: MakeClient
) -> None:
    exc = call_failing(
        make_client, httpx.Response(500, json={"message": "Something broke"})
    )
    assert type(exc) is pkg._exceptions.InternalServerError
    assert exc.code is None
    assert str(exc) == "Error code: 500 - Something broke"


def test_non_json_error_body(pkg: Any, make_client: MakeClient) -> None:
    exc = call_failing(
        make_client, httpx.Response(502, text="<html>Bad gateway</html>")
    )
    assert type(exc) is pkg._exceptions.InternalServerError
    assert exc.body == "<html>Bad gateway</html>"
    assert exc.message == "<html>Bad gateway</html>"
    assert exc.code is None and exc.type is None


def test_empty_error_body_uses_reason_phrase(pkg: Any, make_client: MakeClient) -> None:
    exc = call_failing(make_client, httpx.Response(404))
    assert type(exc) is pkg._exceptions.NotFoundError
    assert exc.body is None
    assert str(exc) == "Error code: 404 - Not Found"


def test_long_text_body_is_truncated_in_message(pkg: Any) -> None:
    response = httpx.Response(500, text="x" * 5000)
    exc = pkg._exceptions.make_status_error(response)
    assert len(exc.message) == 500
    assert exc.body == "x" * 5000
    assert exc.request is None  # a hand-built response has no request


def test_error_string_form_of_envelope(pkg: Any) -> None:
    exc = pkg._exceptions.make_status_error(
        httpx.Response(429, json={"error": "slow down", "code": 7})
    )
    assert type(exc) is pkg._exceptions.RateLimitError
    assert exc.message == "slow down"
    assert exc.code == "7"


def test_connection_error_retried_then_raised(
    pkg: Any, make_client: MakeClient
) -> None:
    client, server = make_client(
        httpx.ConnectError("connection refused"), max_retries=2
    )
    with pytest.raises(pkg._exceptions.APIConnectionError) as info:
        client.request("GET", "/x", cast_to=dict)
    assert type(info.value) is pkg._exceptions.APIConnectionError
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert info.value.request is not None
    assert len(server.requests) == 3


def test_timeout_raises_api_timeout_error(pkg: Any, make_client: MakeClient) -> None:
    client, server = make_client(httpx.ReadTimeout("timed out"), max_retries=1)
    with pytest.raises(pkg._exceptions.APITimeoutError) as info:
        client.request("POST", "/x", cast_to=dict, body={"a": 1})
    assert isinstance(info.value, pkg._exceptions.APIConnectionError)
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert str(info.value) == "Request timed out."
    assert len(server.requests) == 2


def test_non_retryable_transport_error_not_retried(
    pkg: Any, make_client: MakeClient
) -> None:
    client, server = make_client(httpx.UnsupportedProtocol("ftp"), max_retries=3)
    with pytest.raises(pkg._exceptions.APIConnectionError):
        client.request("GET", "/x", cast_to=dict)
    assert len(server.requests) == 1


def test_template_renders_without_special_errors(
    render_exceptions_template: Any,
) -> None:
    source = render_exceptions_template([])
    ast.parse(source)
    namespace: dict[str, Any] = {}
    exec(compile(source, "_exceptions.py", "exec"), namespace)
    assert namespace["_BY_STATUS_AND_CODE"] == {}


def test_template_escapes_codes(render_exceptions_template: Any) -> None:
    tricky = types.SimpleNamespace(
        class_name="OddError",
        base_class="ConflictError",
        status=409,
        code='it\'s "odd"\n\\',
    )
    namespace: dict[str, Any] = {}
    exec(
        compile(render_exceptions_template([tricky]), "_exceptions.py", "exec"),
        namespace,
    )
    assert namespace["_BY_STATUS_AND_CODE"] == {
        (409, 'it\'s "odd"\n\\'): namespace["OddError"]
    }
    assert "OddError" in namespace["__all__"]
    response = httpx.Response(
        409, json={"error": {"code": 'it\'s "odd"\n\\', "message": "m"}}
    )
    assert type(namespace["make_status_error"](response)).__name__ == "OddError"
