"""Auto-pagination by offset and by cursor, sync and async."""

from __future__ import annotations

import copy
import json
from typing import Any, Callable

import httpx
import pytest

MakeClient = Callable[..., Any]

ITEMS = [{"id": f"fs_{i}", "status": "active"} for i in range(1, 6)]


def offset_api(request: httpx.Request) -> httpx.Response:
    """5 items served 2 at a time by `offset`/`limit`."""
    offset = int(request.url.params.get("offset", "0"))
    limit = int(request.url.params.get("limit", "2"))
    chunk = ITEMS[offset : offset + limit]
    return httpx.Response(
        200,
        json={
            "object": "list",
            "url": "/v1/funding_sources",
            "has_more": offset + limit < len(ITEMS),
            "data": chunk,
        },
    )


def cursor_api(request: httpx.Request) -> httpx.Response:
    """5 items served 2 at a time after the `starting_after` id."""
    after = request.url.params.get("starting_after")
    start = 0 if after is None else [i["id"] for i in ITEMS].index(after) + 1
    chunk = ITEMS[start : start + 2]
    return httpx.Response(
        200, json={"object": "list", "has_more": start + 2 < len(ITEMS), "data": chunk}
    )


def token_api(request: httpx.Request) -> httpx.Response:
    """5 items, 2 per page, chained by an opaque `next_page_token` (no has_more)."""
    start = int(request.url.params.get("page_token", "0"))
    chunk = ITEMS[start : start + 2]
    token = str(start + 2) if start + 2 < len(ITEMS) else None
    return httpx.Response(200, json={"data": chunk, "next_page_token": token})


def test_offset_pagination_walks_all_pages(pkg: Any, make_client: MakeClient) -> None:
    client, server = make_client(offset_api)

    page = client.funding_sources.list("inv_1", limit=2, status="active")

    assert isinstance(page, pkg._pagination.SyncPage)
    assert [fs.id for fs in page.data] == ["fs_1", "fs_2"]
    assert page.object == "list" and page.url == "/v1/funding_sources" and page.has_more
    assert isinstance(page.data[0], pkg.models.FundingSource)
    assert [fs.id for fs in page] == [i["id"] for i in ITEMS]
    assert [r.url.params.get("offset") for r in server.requests] == [None, "2", "4"]
    assert all(
        r.url.params["limit"] == "2" and r.url.params["status"] == "active"
        for r in server.requests
    )


def test_page_by_page(make_client: MakeClient) -> None:
    client, server = make_client(offset_api)
    page = client.funding_sources.list("inv_1", limit=2)
    pages = list(page.iter_pages())
    assert [len(p.data) for p in pages] == [2, 2, 1]
    assert not pages[-1].has_next_page()
    with pytest.raises(RuntimeError):
        pages[-1].get_next_page()
    assert page.has_next_page()
    assert [fs.id for fs in page.get_next_page().data] == ["fs_3", "fs_4"]


def test_cursor_pagination(pkg: Any, make_client: MakeClient) -> None:
    client, server = make_client(cursor_api)
    Pagination = pkg._base_client.Pagination
    page = client.request_page(
        "GET",
        "/funding_sources",
        page_cls=pkg._pagination.SyncPage[pkg.models.FundingSource],
        pagination=Pagination(style="cursor", cursor_param="starting_after"),
        query={"limit": 2},
    )
    assert [fs.id for fs in page] == [i["id"] for i in ITEMS]
    assert [r.url.params.get("starting_after") for r in server.requests] == [
        None,
        "fs_2",
        "fs_4",
    ]
    assert len(server.requests) == 3


def test_cursor_pagination_with_dict_items(pkg: Any, make_client: MakeClient) -> None:
    client, server = make_client(cursor_api)
    page = client.request_page(
        "GET",
        "/funding_sources",
        page_cls=pkg._pagination.SyncPage[dict],
        pagination=pkg._base_client.Pagination(
            style="cursor", cursor_param="starting_after"
        ),
    )
    assert [item["id"] for item in page] == [i["id"] for i in ITEMS]


def test_stops_on_empty_page_even_if_has_more(
    pkg: Any, make_client: MakeClient
) -> None:
    client, server = make_client(
        httpx.Response(
            200, json={"has_more": True, "data": [{"id": "a", "status": "active"}]}
        ),
        httpx.Response(200, json={"has_more": True, "data": []}),
    )
    page = client.funding_sources.list("inv_1")
    assert [fs.id for fs in page] == ["a"]
    assert len(server.requests) == 2


def test_next_pages_keep_extra_query_but_not_idempotency_key(
    pkg: Any, make_client: MakeClient
) -> None:
    client, server = make_client(offset_api)
    options = pkg._base_client.RequestOptions(
        extra_query={"limit": 2, "expand": "bank"}, idempotency_key="k1"
    )
    page = client.request_page(
        "POST",
        "/funding_sources/search",
        page_cls=pkg._pagination.SyncPage[pkg.models.FundingSource],
        pagination=pkg._base_client.Pagination(style="offset"),
        body={"q": "x"},
        options=options,
    )
    assert len(list(page)) == 5
    assert [r.url.params.get("offset") for r in server.requests] == [None, "2", "4"]
    assert all(r.url.params["expand"] == "bank" for r in server.requests)
    assert all(json.loads(r.content) == {"q": "x"} for r in server.requests)
    keys = [r.headers["idempotency-key"] for r in server.requests]
    assert keys[0] == "k1" and "k1" not in keys[1:]


def test_unknown_page_fields_kept(pkg: Any, make_client: MakeClient) -> None:
    client, _ = make_client(httpx.Response(200, json={"data": [], "total_count": 0}))
    page = client.funding_sources.list("inv_1")
    assert page.model_extra == {"total_count": 0}
    assert list(page) == []


async def test_async_offset_pagination(pkg: Any, make_async_client: MakeClient) -> None:
    client, server = make_async_client(offset_api)
    page = await client.funding_sources.list("inv_1", limit=2)
    assert isinstance(page, pkg._pagination.AsyncPage)
    assert [fs.id for fs in page.data] == ["fs_1", "fs_2"]
    assert [fs.id async for fs in page] == [i["id"] for i in ITEMS]
    assert [r.url.params.get("offset") for r in server.requests] == [None, "2", "4"]
    pages = [p async for p in page.iter_pages()]
    assert [len(p.data) for p in pages] == [2, 2, 1]


async def test_async_cursor_pagination(pkg: Any, make_async_client: MakeClient) -> None:
    client, server = make_async_client(cursor_api)
    page = await client.request_page(
        "GET",
        "/funding_sources",
        page_cls=pkg._pagination.AsyncPage[pkg.models.FundingSource],
        pagination=pkg._base_client.Pagination(
            style="cursor", cursor_param="starting_after"
        ),
        query={"limit": 2},
    )
    assert [fs.id async for fs in page] == [i["id"] for i in ITEMS]
    assert [r.url.params.get("starting_after") for r in server.requests] == [
        None,
        "fs_2",
        "fs_4",
    ]
    next_page = await page.get_next_page()
    assert [fs.id for fs in next_page.data] == ["fs_3", "fs_4"]


def test_wrong_page_class_is_rejected(pkg: Any, make_client: MakeClient) -> None:
    client, _ = make_client(httpx.Response(200, json={"data": []}))
    with pytest.raises(TypeError):
        client.request_page(
            "GET",
            "/x",
            page_cls=pkg._pagination.AsyncPage[dict],
            pagination=pkg._base_client.Pagination(style="offset"),
        )


def test_page_copy_repr_and_dump(make_client: MakeClient, creds: Any) -> None:
    client, server = make_client(offset_api)
    page = client.funding_sources.list("inv_1", limit=2)
    assert creds.api_secret not in repr(page)
    assert page.to_dict()["data"][0] == {"id": "fs_1", "status": "active"}
    copied = copy.deepcopy(page)  # shares the client instead of copying it
    assert [fs.id for fs in copied] == [i["id"] for i in ITEMS]


def test_page_token_pagination(pkg: Any, make_client: MakeClient) -> None:
    client, server = make_client(token_api)
    page = client.request_page(
        "GET",
        "/cash-sweep/interest",
        page_cls=pkg._pagination.SyncPage[pkg.models.FundingSource],
        pagination=pkg._base_client.Pagination(
            style="page_token",
            limit_param="page_size",
            cursor_param="page_token",
            cursor_field="next_page_token",
        ),
        query={"page_size": 2, "page_token": pkg._types.NOT_GIVEN},
    )
    assert [fs.id for fs in page] == [i["id"] for i in ITEMS]
    assert [r.url.params.get("page_token") for r in server.requests] == [None, "2", "4"]
    assert all(r.url.params["page_size"] == "2" for r in server.requests)


def test_page_token_stops_when_has_more_is_false(
    pkg: Any, make_client: MakeClient
) -> None:
    client, server = make_client(
        httpx.Response(
            200,
            json={
                "data": [{"id": "a", "status": "active"}],
                "next_page_token": "t",
                "has_more": False,
            },
        )
    )
    page = client.request_page(
        "GET",
        "/x",
        page_cls=pkg._pagination.SyncPage[pkg.models.FundingSource],
        pagination=pkg._base_client.Pagination(
            style="page_token",
            cursor_param="page_token",
            cursor_field="next_page_token",
        ),
    )
    assert not page.has_next_page()
    assert len(list(page)) == 1 and len(server.requests) == 1


async def test_async_page_token_pagination(
    pkg: Any, make_async_client: MakeClient
) -> None:
    client, server = make_async_client(token_api)
    page = await client.request_page(
        "GET",
        "/cash-sweep/interest",
        page_cls=pkg._pagination.AsyncPage[pkg.models.FundingSource],
        pagination=pkg._base_client.Pagination(
            style="page_token",
            cursor_param="page_token",
            cursor_field="next_page_token",
        ),
    )
    assert [fs.id async for fs in page] == [i["id"] for i in ITEMS]
    assert len(server.requests) == 3
