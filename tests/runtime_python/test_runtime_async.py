"""The async client behaves like the sync one."""

from __future__ import annotations

import json
from typing import Any, Callable

import httpx
import pytest

MakeClient = Callable[..., Any]
FUNDING_SOURCE = {"id": "fs_1", "object": "funding_source", "status": "active"}


async def test_request_building(
    pkg: Any, make_async_client: MakeClient, creds: Any
) -> None:
    client, server = make_async_client(
        httpx.Response(200, json=FUNDING_SOURCE), default_headers={"X-D": "1"}
    )

    fs = await client.funding_sources.create("inv/1", name="Main", nickname=None)

    assert isinstance(fs, pkg.models.FundingSource)
    req = server.last
    assert req.url.raw_path == b"/v1/investors/inv%2F1/funding_sources"
    assert json.loads(req.content) == {"name": "Main", "nickname": None}
    assert req.headers["authorization"] == f"Basic {creds.basic_token}"
    assert req.headers["x-d"] == "1"
    assert req.headers["idempotency-key"]


async def test_query_and_options(pkg: Any, make_async_client: MakeClient) -> None:
    client, server = make_async_client(httpx.Response(200, json={"ok": True}))
    result = await client.request(
        "GET",
        "/x",
        cast_to=dict,
        query={"a": 1, "b": None, "c": pkg._types.NOT_GIVEN, "d": [True, False]},
        options=pkg._base_client.RequestOptions(
            extra_headers={"X-E": "e"}, timeout=2.0
        ),
    )
    assert result == {"ok": True}
    assert server.last.url.params.multi_items() == [
        ("a", "1"),
        ("d", "true"),
        ("d", "false"),
    ]
    assert server.last.headers["x-e"] == "e"
    assert server.last.extensions["timeout"]["read"] == 2.0


async def test_retries_keep_idempotency_key(
    make_async_client: MakeClient, sleeps: list[float]
) -> None:
    client, server = make_async_client(
        httpx.Response(503),
        httpx.Response(429, headers={"Retry-After": "0"}),
        httpx.Response(201, json=FUNDING_SOURCE),
        max_retries=3,
    )
    fs = await client.funding_sources.create("inv_1", name="Main")
    assert fs.id == "fs_1"
    assert len(server.requests) == 3
    assert len({r.headers["idempotency-key"] for r in server.requests}) == 1
    assert len(sleeps) == 2 and sleeps[1] == 0


async def test_retries_exhausted(pkg: Any, make_async_client: MakeClient) -> None:
    client, server = make_async_client(httpx.Response(500), max_retries=2)
    with pytest.raises(pkg._exceptions.InternalServerError):
        await client.request("GET", "/x", cast_to=dict)
    assert len(server.requests) == 3


async def test_errors(pkg: Any, make_async_client: MakeClient) -> None:
    body = {
        "error": {
            "type": "not_found_error",
            "code": "BLUM-404-001",
            "message": "Investor not found.",
        }
    }
    client, server = make_async_client(httpx.Response(404, json=body))
    with pytest.raises(pkg._exceptions.NotFoundError) as info:
        await client.request("GET", "/investors/x", cast_to=dict)
    assert str(info.value) == "Error code: 404 - BLUM-404-001: Investor not found."
    assert len(server.requests) == 1

    legacy = {"status": "error", "code": "PRODUCT_NOT_ENABLED", "message": "off"}
    client, _ = make_async_client(httpx.Response(403, json=legacy))
    with pytest.raises(pkg._exceptions.ProductNotEnabledError):
        await client.request("GET", "/market-data/x", cast_to=dict)


async def test_connection_errors(pkg: Any, make_async_client: MakeClient) -> None:
    client, server = make_async_client(httpx.ConnectError("refused"), max_retries=1)
    with pytest.raises(pkg._exceptions.APIConnectionError) as info:
        await client.request("GET", "/x", cast_to=dict)
    assert not isinstance(info.value, pkg._exceptions.APITimeoutError)
    assert len(server.requests) == 2

    client, server = make_async_client(httpx.ConnectTimeout("slow"), max_retries=0)
    with pytest.raises(pkg._exceptions.APITimeoutError):
        await client.request("GET", "/x", cast_to=dict)
    assert len(server.requests) == 1


async def test_no_content_and_validation_error(
    pkg: Any, make_async_client: MakeClient
) -> None:
    client, _ = make_async_client(httpx.Response(204))
    assert await client.request("DELETE", "/x", cast_to=None) is None
    client, _ = make_async_client(httpx.Response(200, json={"id": 5}))
    with pytest.raises(pkg._exceptions.APIResponseValidationError):
        await client.request("GET", "/x", cast_to=pkg.models.FundingSource)


async def test_async_context_manager(pkg: Any, creds: Any) -> None:
    http = httpx.AsyncClient(
        transport=httpx.MockTransport(lambda r: httpx.Response(200, json={}))
    )
    async with pkg.AsyncBluum(
        api_key=creds.api_key, api_secret=creds.api_secret, http_client=http
    ) as client:
        assert await client.request("GET", "/x", cast_to=dict) == {}
        assert creds.api_secret not in repr(client)
    assert not http.is_closed
    await http.aclose()

    async with pkg.AsyncBluum(api_key="k", api_secret="s") as owned:
        pass
    assert owned._http.is_closed
