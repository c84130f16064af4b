"""Success decoding and raw response access."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import httpx
import pytest

MakeClient = Callable[..., Any]
FUNDING_SOURCE = {"id": "fs_1", "object": "funding_source", "status": "active"}


def test_no_content_is_none(make_client: MakeClient) -> None:
    client, server = make_client(httpx.Response(204))
    assert client.funding_sources.delete("inv_1", "fs/1") is None
    assert server.last.method == "DELETE"
    assert server.last.url.raw_path == b"/v1/investors/inv_1/funding_sources/fs%2F1"


def test_empty_body_is_none_whatever_the_type(
    pkg: Any, make_client: MakeClient
) -> None:
    client, _ = make_client(httpx.Response(200))
    assert client.request("GET", "/x", cast_to=pkg.models.FundingSource) is None


def test_bytes_and_text(make_client: MakeClient) -> None:
    pdf = httpx.Response(
        200, content=b"%PDF-1.7", headers={"content-type": "application/pdf"}
    )
    client, _ = make_client(pdf)
    assert client.request("GET", "/doc", cast_to=bytes) == b"%PDF-1.7"

    client, _ = make_client(httpx.Response(200, text="plain words"))
    assert client.request("GET", "/x", cast_to=str) == "plain words"

    client, _ = make_client(httpx.Response(200, json="a json string"))
    assert client.request("GET", "/x", cast_to=str) == "a json string"


def test_non_json_body_for_model_is_validation_error(
    pkg: Any, make_client: MakeClient
) -> None:
    client, _ = make_client(
        httpx.Response(200, text="<html>", headers={"content-type": "text/html"})
    )
    with pytest.raises(pkg._exceptions.APIResponseValidationError) as info:
        client.request("GET", "/x", cast_to=pkg.models.FundingSource)
    assert "text/html" in str(info.value)
    assert info.value.body == "<html>"


def test_raw_response_wrapper(pkg: Any, make_client: MakeClient) -> None:
    client, server = make_client(
        httpx.Response(
            201, json=FUNDING_SOURCE, headers={"x-request-id": "req_9", "x-custom": "1"}
        )
    )

    raw = client.funding_sources.with_raw_response.create("inv_1", name="Main")

    assert isinstance(raw, pkg._response.APIResponse)
    assert raw.status_code == 201
    assert raw.headers["x-custom"] == "1"
    assert raw.request_id == "req_9"
    assert isinstance(raw.http_response, httpx.Response)
    assert isinstance(raw.elapsed, dt.timedelta)
    parsed = raw.parse()
    assert isinstance(parsed, pkg.models.FundingSource) and parsed.id == "fs_1"
    assert raw.parse() is parsed  # cached
    assert "201" in repr(raw)
    # Raw mode ends with the wrapped call.
    client.funding_sources.create("inv_1", name="Main")
    assert len(server.requests) == 2


def test_raw_response_wrapper_still_raises_errors(
    pkg: Any, make_client: MakeClient
) -> None:
    client, _ = make_client(
        httpx.Response(404, json={"error": {"code": "BLUM-404-001", "message": "nope"}})
    )
    with pytest.raises(pkg._exceptions.NotFoundError):
        client.funding_sources.with_raw_response.create("inv_1", name="Main")


def test_raw_response_for_pages(pkg: Any, make_client: MakeClient) -> None:
    client, server = make_client(
        httpx.Response(
            200, json={"has_more": True, "data": [{"id": "a", "status": "active"}]}
        ),
        httpx.Response(
            200, json={"has_more": False, "data": [{"id": "b", "status": "active"}]}
        ),
    )
    raw = client.funding_sources.with_raw_response.list("inv_1")
    assert raw.status_code == 200
    page = raw.parse()
    assert isinstance(page, pkg._pagination.SyncPage)
    assert [fs.id for fs in page] == ["a", "b"]  # the page still knows how to continue


async def test_async_raw_response_wrapper(
    pkg: Any, make_async_client: MakeClient
) -> None:
    client, _ = make_async_client(
        httpx.Response(201, json=FUNDING_SOURCE, headers={"request-id": "req_a"})
    )
    raw = await client.funding_sources.with_raw_response.create("inv_1", name="Main")
    assert isinstance(raw, pkg._response.APIResponse)
    assert raw.status_code == 201 and raw.request_id == "req_a"
    assert raw.parse().id == "fs_1"
    assert pkg._response.raw_response_requested() is False


def test_wrapper_rejects_non_request_functions(pkg: Any) -> None:
    wrapped = pkg._response.to_raw_response_wrapper(lambda: 42)
    with pytest.raises(TypeError):
        wrapped()
