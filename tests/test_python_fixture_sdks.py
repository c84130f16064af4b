"""Behaviour of the Python SDKs generated from the fixture specs (tests/fixtures/python/*/expected).

Each fixture exercises constructs the Bluum spec does not: raw binary and text bodies, form and
multipart bodies, cookie parameters, API-key-header and bearer auth, cursor and page-token
pagination, OpenAPI 3.1 type arrays, nullable unions, a $ref cycle, maps, nested arrays and
odd enum values. Every fixture is generated as package ``fixture``, so each test imports its
case afresh (``load``) and unloads it afterwards.
"""

from __future__ import annotations

import asyncio
import importlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterator
from urllib.parse import parse_qsl

import httpx
import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures/python"
Handler = Callable[[httpx.Request], httpx.Response]


def _unload() -> None:
    for name in [m for m in sys.modules if m == "fixture" or m.startswith("fixture.")]:
        del sys.modules[name]


def load(case: str) -> Iterator[ModuleType]:
    src = str(FIXTURES / case / "expected/src")
    _unload()
    sys.path.insert(0, src)
    importlib.invalidate_caches()
    try:
        module = importlib.import_module("fixture")
        assert Path(module.__file__ or "").is_relative_to(src), module.__file__
        # No real waiting between retries.
        base = importlib.import_module("fixture._base_client")
        base._sleep = lambda delay: None  # type: ignore[attr-defined]

        async def no_wait(delay: float) -> None:
            return None

        base._async_sleep = no_wait  # type: ignore[attr-defined]
        yield module
    finally:
        sys.path.remove(src)
        _unload()


@pytest.fixture
def bodies() -> Iterator[ModuleType]:
    yield from load("bodies")


@pytest.fixture
def cursor() -> Iterator[ModuleType]:
    yield from load("cursor-bearer")


@pytest.fixture
def types31() -> Iterator[ModuleType]:
    yield from load("types-3.1")


@pytest.mark.parametrize("case", sorted(p.name for p in FIXTURES.iterdir() if (p / "expected").is_dir()))
def test_fixture_sdk_passes_mypy_strict(case: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, "src/fixture"],
        capture_output=True, text=True, cwd=FIXTURES / case / "expected", timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]


def recorder(*responses: httpx.Response) -> tuple[list[httpx.Request], Handler]:
    """A handler that records requests and answers with ``responses`` in turn (the last one repeats)."""
    seen: list[httpx.Request] = []
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return seen, handler


def sync_client(sdk: ModuleType, handler: Handler, **kwargs: Any) -> Any:
    return sdk.Fixture(http_client=httpx.Client(transport=httpx.MockTransport(handler)), **kwargs)


def async_client(sdk: ModuleType, handler: Handler, **kwargs: Any) -> Any:
    return sdk.AsyncFixture(http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)), **kwargs)


# --- bodies: raw binary and text, form, multipart, cookies, API key header ---------------------


def test_binary_body_is_sent_as_is_with_its_content_type(bodies: ModuleType) -> None:
    seen, handler = recorder(httpx.Response(204))
    data = bytes(range(256))
    assert sync_client(bodies, handler, api_key="k1").files.upload("f 1", body=data) is None
    (req,) = seen
    assert req.method == "PUT" and req.url.raw_path == b"/v1/files/f%201"
    assert req.content == data
    assert req.headers["Content-Type"] == "application/octet-stream"
    assert req.headers["X-Api-Key"] == "k1"


def test_binary_body_from_a_file_or_a_path_is_resent_whole_on_retry(bodies: ModuleType, tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n" + b"x" * 10_000
    path = tmp_path / "image.png"
    path.write_bytes(data)
    for source in (io.BytesIO(data), path):
        seen, handler = recorder(httpx.Response(503), httpx.Response(204))
        sync_client(bodies, handler, api_key="k1").files.upload("f1", body=source)
        assert [r.content for r in seen] == [data, data]


def test_wildcard_binary_body_is_octet_stream_and_optional(bodies: ModuleType) -> None:
    seen, handler = recorder(httpx.Response(201, json={"id": "imp_1", "size": 3}))
    client = sync_client(bodies, handler, api_key="k1")
    created = client.files.create_import(body=b"abc")
    assert (created.id, created.size) == ("imp_1", 3)
    assert seen[0].content == b"abc" and seen[0].headers["Content-Type"] == "application/octet-stream"
    client.files.create_import()
    assert seen[1].content == b"" and "Content-Type" not in seen[1].headers


def test_raw_body_refuses_extra_body_and_odd_content(bodies: ModuleType) -> None:
    seen, handler = recorder(httpx.Response(204))
    client = sync_client(bodies, handler, api_key="k1")
    with pytest.raises(TypeError, match="extra_body"):
        client.files.upload("f1", body=b"x", extra_body={"a": 1})
    with pytest.raises(TypeError, match="raw body"):
        client.files.upload("f1", body=12345)
    assert seen == []  # nothing half-sent


def test_text_body_is_sent_as_utf8_text_and_text_response_is_a_str(bodies: ModuleType) -> None:
    seen, handler = recorder(httpx.Response(200, text="héllo, wörld", headers={"Content-Type": "text/plain; charset=utf-8"}))
    note = sync_client(bodies, handler, api_key="k1").notes.create(body="héllo, wörld")
    assert note == "héllo, wörld"
    assert seen[0].content == "héllo, wörld".encode()
    assert seen[0].headers["Content-Type"] == "text/plain"


def test_binary_response_is_bytes(bodies: ModuleType) -> None:
    data = b"\x00\xffraw"
    _, handler = recorder(httpx.Response(200, content=data, headers={"Content-Type": "application/octet-stream"}))
    assert sync_client(bodies, handler, api_key="k1").files.download("f1") == data


def test_form_body_is_urlencoded_with_repeated_keys(bodies: ModuleType) -> None:
    seen, handler = recorder(httpx.Response(200, json={"access_token": "tok", "expires_in": 60}))
    token = sync_client(bodies, handler, api_key="k1").auth.create_token(grant_type="client_credentials", scope=["read", "write"])
    assert token.access_token == "tok"
    assert seen[0].headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(seen[0].content.decode()) == [("grant_type", "client_credentials"), ("scope", "read"), ("scope", "write")]


def test_multipart_body_carries_the_file_and_the_fields(bodies: ModuleType) -> None:
    seen, handler = recorder(httpx.Response(204))
    sync_client(bodies, handler, api_key="k1").files.upload_avatar(image=("me.png", b"PNGDATA", "image/png"), caption="Me")
    req = seen[0]
    assert req.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    body = req.content
    assert b'name="image"; filename="me.png"' in body and b"Content-Type: image/png" in body and b"PNGDATA" in body
    assert b'name="caption"' in body and b"\r\n\r\nMe\r\n" in body


def test_cookie_parameters_are_sent_as_one_encoded_cookie_header(bodies: ModuleType) -> None:
    seen, handler = recorder(httpx.Response(200, json={"id": "s1", "theme": "dark"}))
    client = sync_client(bodies, handler, api_key="k1")
    session = client.auth.get_session(session_id="abc 1;2", theme="dark", x_trace_id="t-1", verbose=True)
    assert session.theme == "dark"
    req = seen[0]
    assert req.headers["Cookie"] == "session_id=abc%201%3B2; theme=dark"
    assert req.headers["X-Trace-Id"] == "t-1" and req.url.params["verbose"] == "true"
    client.auth.get_session(session_id="s1")
    assert seen[1].headers["Cookie"] == "session_id=s1"
    assert "X-Trace-Id" not in seen[1].headers and "verbose" not in seen[1].url.params


def test_no_cookie_header_when_every_cookie_is_omitted(bodies: ModuleType) -> None:
    seen, handler = recorder(httpx.Response(204))
    client = sync_client(bodies, handler, api_key="k1")
    client.auth.get_preferences()
    client.auth.get_preferences(locale="fr-CA")
    assert "Cookie" not in seen[0].headers
    assert seen[1].headers["Cookie"] == "locale=fr-CA"


def test_async_client_sends_cookies_and_raw_bodies(bodies: ModuleType) -> None:
    seen, handler = recorder(httpx.Response(204))

    async def run() -> None:
        client = async_client(bodies, handler, api_key="k1")
        await client.files.upload("f1", body=b"\x01\x02")
        await client.auth.get_preferences(locale="de")

    asyncio.run(run())
    assert seen[0].content == b"\x01\x02" and seen[0].headers["Content-Type"] == "application/octet-stream"
    assert seen[1].headers["Cookie"] == "locale=de"


def test_api_key_header_comes_from_the_environment_and_stays_out_of_repr(bodies: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIXTURE_API_KEY", raising=False)
    with pytest.raises(ValueError, match="FIXTURE_API_KEY"):
        bodies.Fixture()
    monkeypatch.setenv("FIXTURE_API_KEY", "sk_env_SECRET")
    seen, handler = recorder(httpx.Response(204))
    client = sync_client(bodies, handler)
    client.auth.get_preferences()
    assert seen[0].headers["X-Api-Key"] == "sk_env_SECRET"
    assert "sk_env_SECRET" not in repr(client)


# --- cursor-bearer: bearer auth, cursor and page-token pagination ------------------------------


def _event(i: int) -> dict[str, Any]:
    return {"id": f"evt_{i}", "type": "charge", "created": "2024-05-01T12:00:00Z", "data": {"amount": i}}


def test_bearer_auth_and_typed_event(cursor: ModuleType) -> None:
    seen, handler = recorder(httpx.Response(200, json=_event(1)))
    event = sync_client(cursor, handler, api_key="jwt.token").events.get("evt_1")
    assert seen[0].headers["Authorization"] == "Bearer jwt.token"
    assert event.created.year == 2024 and event.data == {"amount": 1}


def test_cursor_pagination_follows_the_last_item_id_and_replays_the_query(cursor: ModuleType) -> None:
    seen, handler = recorder(
        httpx.Response(200, json={"data": [_event(1), _event(2)], "has_more": True}),
        httpx.Response(200, json={"data": [_event(3)], "has_more": False}),
    )
    page = sync_client(cursor, handler, api_key="t").events.list(limit=2, type="charge")
    assert [e.id for e in page] == ["evt_1", "evt_2", "evt_3"]
    assert [dict(r.url.params) for r in seen] == [
        {"limit": "2", "type": "charge"},
        {"limit": "2", "type": "charge", "starting_after": "evt_2"},
    ]


def test_query_arrays_follow_their_style_and_explode(cursor: ModuleType) -> None:
    seen, handler = recorder(httpx.Response(200, json={"data": [], "has_more": False}))
    sync_client(cursor, handler, api_key="t").events.search(
        ids=["a", "b"], words=["x", "y"], codes=[1, 2], expand=["data.customer", "x"], types=["p", "q"]
    )
    assert seen[0].url.params.multi_items() == [
        ("ids", "a,b"),  # form, explode: false
        ("words", "x y"),  # spaceDelimited
        ("codes", "1|2"),  # pipeDelimited
        ("expand[]", "data.customer"),  # deepObject
        ("expand[]", "x"),
        ("types", "p"),  # form, exploded: OpenAPI's default
        ("types", "q"),
    ]


def test_styled_query_arrays_left_out_are_not_sent_and_empty_ones_are_sent_empty(cursor: ModuleType) -> None:
    seen, handler = recorder(httpx.Response(200, json={"data": [], "has_more": False}))
    sync_client(cursor, handler, api_key="t").events.search(ids=[])
    assert seen[0].url.params.multi_items() == [("ids", "")]


def test_page_token_pagination_follows_next_page_token(cursor: ModuleType) -> None:
    seen, handler = recorder(
        httpx.Response(200, json={"data": [{"id": "l1", "message": "a"}], "has_more": True, "next_page_token": "tok2"}),
        httpx.Response(200, json={"data": [{"id": "l2", "message": "b"}], "has_more": False, "next_page_token": None}),
    )

    async def run() -> list[str]:
        page = await async_client(cursor, handler, api_key="t").logs.list(page_size=1)
        return [line.message async for line in page]

    assert asyncio.run(run()) == ["a", "b"]
    assert [r.url.params.get("page_token") for r in seen] == [None, "tok2"]
    assert all(r.url.params["page_size"] == "1" for r in seen)


def test_error_envelope_raises_not_found_with_its_message(cursor: ModuleType) -> None:
    _, handler = recorder(httpx.Response(404, json={"error": {"type": "not_found", "message": "No such event"}}))
    with pytest.raises(cursor.NotFoundError) as info:
        sync_client(cursor, handler, api_key="t").events.get("evt_x")
    assert info.value.status_code == 404 and "No such event" in str(info.value)


# --- types-3.1: type arrays, nullable unions, a $ref cycle, maps, nested arrays, odd enums -------


def test_recursive_model_round_trips_and_omitted_fields_are_not_sent(types31: ModuleType) -> None:
    tree = {"name": "root", "parent": None, "children": [{"name": "leaf", "label": None, "weight": 1.5, "children": []}]}
    seen, handler = recorder(httpx.Response(200, json=tree))
    node = sync_client(types31, handler).nodes.create(name="root", children=[types31.types.Node(name="leaf", label=None)])
    assert json.loads(seen[0].content) == {"name": "root", "children": [{"name": "leaf", "label": None}]}
    assert node.parent is None and node.children[0].name == "leaf" and node.children[0].weight == 1.5
    assert node.children[0].children == []


def test_nested_arrays_maps_and_open_enums_parse(types31: ModuleType) -> None:
    grid = {
        "cells": [[1, 2], [3]],
        "totals": {"a": [1.5, 2.0]},
        "layers": {"base": {"x": "y"}},
        "kind": "with space",
        "level": -1,
        "version": "v1",
    }
    seen, handler = recorder(httpx.Response(200, json=grid), httpx.Response(200, json={**grid, "kind": "brand-new"}))
    client = sync_client(types31, handler)
    parsed = client.grids.get(7)
    assert seen[0].url.raw_path == b"/grids/7"
    assert parsed.cells == [[1, 2], [3]] and parsed.totals == {"a": [1.5, 2.0]} and parsed.layers == {"base": {"x": "y"}}
    assert (parsed.kind, parsed.level, parsed.version) == ("with space", -1, "v1")
    assert client.grids.get("g-1").kind == "brand-new"  # unknown enum values are kept
    assert seen[1].url.raw_path == b"/grids/g-1"


def test_nullable_union_picks_the_variant_or_returns_none(types31: ModuleType) -> None:
    _, handler = recorder(
        httpx.Response(200, json={"kind": "dog", "name": "Rex", "good": True}),
        httpx.Response(200, json={"kind": "cat", "name": "Tom"}),
        httpx.Response(200, content=b"null", headers={"Content-Type": "application/json"}),
    )
    client = sync_client(types31, handler)
    dog, cat, gone = client.pets.get(1), client.pets.get(2), client.pets.get(3)
    assert type(dog).__name__ == "Dog" and dog.good is True
    assert type(cat).__name__ == "Cat" and cat.name == "Tom"
    assert gone is None


def test_recursive_union_single_variant_union_and_merged_variants_parse(types31: ModuleType) -> None:
    meta = {"tags": ["a", 1.5, [{"deep": "x"}]], "n": 2.0}
    grid = {"cells": [], "totals": {}, "meta": meta, "pet": {"kind": "cat", "name": "Tom"}, "ref": "3f2b-not-a-uuid"}
    _, handler = recorder(httpx.Response(200, json=grid))
    parsed = sync_client(types31, handler).grids.get("g")
    assert parsed.meta == meta  # JsonValue refers to itself
    assert type(parsed.pet).__name__ == "Cat" and parsed.pet.name == "Tom"  # a union of one variant
    assert parsed.ref == "3f2b-not-a-uuid"  # uuid-or-string: one Python type
