"""How calls become HTTP requests: URL, query, headers, bodies, timeouts."""

from __future__ import annotations

import datetime as dt
import enum
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import httpx
import pytest

MakeClient = Callable[..., Any]
FUNDING_SOURCE = {"id": "fs_1", "object": "funding_source", "status": "active"}


def ok(body: object = None) -> httpx.Response:
    return httpx.Response(200, json={} if body is None else body)


def test_json_body_drops_not_given_and_keeps_none(
    pkg: Any, make_client: MakeClient
) -> None:
    client, server = make_client(ok())
    NOT_GIVEN = pkg._types.NOT_GIVEN

    client.request(
        "POST",
        "/things",
        cast_to=dict,
        body={
            "a": 1,
            "skip": NOT_GIVEN,
            "clear": None,
            "nested": {"x": NOT_GIVEN, "y": [1, {"z": NOT_GIVEN}]},
        },
    )

    assert server.last.headers["content-type"] == "application/json"
    assert json.loads(server.last.content) == {
        "a": 1,
        "clear": None,
        "nested": {"y": [1, {}]},
    }


def test_resource_method_sends_request(pkg: Any, make_client: MakeClient) -> None:
    client, server = make_client(ok(FUNDING_SOURCE))

    fs = client.funding_sources.create("inv 1/2", name="Main", nickname=None)

    assert isinstance(fs, pkg.models.FundingSource)
    assert fs.id == "fs_1"
    assert server.last.method == "POST"
    # Path quoting is the caller's (generated code's) job; the client keeps it verbatim.
    assert server.last.url.raw_path == b"/v1/investors/inv%201%2F2/funding_sources"
    assert json.loads(server.last.content) == {"name": "Main", "nickname": None}


def test_path_is_not_requoted(make_client: MakeClient, creds: Any) -> None:
    client, server = make_client(ok())
    client.request("GET", "/investors/a%2Fb", cast_to=dict)
    assert server.last.url.raw_path == b"/v1/investors/a%2Fb"
    assert str(server.last.url) == f"{creds.base_url}/investors/a%2Fb"


def test_base_url_trailing_slash(make_client: MakeClient, creds: Any) -> None:
    client, server = make_client(ok(), base_url=creds.base_url + "/")
    client.request("GET", "x", cast_to=dict)
    assert str(server.last.url) == f"{creds.base_url}/x"


def test_query_params(pkg: Any, make_client: MakeClient) -> None:
    class Color(enum.Enum):
        RED = "red"

    client, server = make_client(ok())
    client.request(
        "GET",
        "/things",
        cast_to=dict,
        query={
            "limit": 10,
            "skip": pkg._types.NOT_GIVEN,
            "none": None,
            "flag": True,
            "off": False,
            "ids": ["a", "b"],
            "since": dt.date(2024, 1, 2),
            "color": Color.RED,
            "filter": {"status": "active"},
            "overridden": "op",
        },
        options=pkg._base_client.RequestOptions(
            extra_query={"overridden": "extra", "x": 1}
        ),
    )
    assert server.last.url.params.multi_items() == [
        ("limit", "10"),
        ("flag", "true"),
        ("off", "false"),
        ("ids", "a"),
        ("ids", "b"),
        ("since", "2024-01-02"),
        ("color", "red"),
        ("filter[status]", "active"),
        ("overridden", "extra"),
        ("x", "1"),
    ]


def test_header_merge_order(pkg: Any, make_client: MakeClient, creds: Any) -> None:
    client, server = make_client(
        ok(),
        default_headers={"X-Default": "d", "X-Layer": "default", "Accept": "text/x"},
    )
    client.request(
        "GET",
        "/x",
        cast_to=dict,
        headers={
            "X-Layer": "operation",
            "X-Op": 1,
            "X-Skip": pkg._types.NOT_GIVEN,
            "X-Bool": True,
        },
        options=pkg._base_client.RequestOptions(extra_headers={"x-layer": "extra"}),
    )
    h = server.last.headers
    assert h["x-default"] == "d"
    assert h.get_list("x-layer") == [
        "extra"
    ]  # replaced, case-insensitively, not appended
    assert h["x-op"] == "1"
    assert h["x-bool"] == "true"
    assert "x-skip" not in h
    assert h["accept"] == "text/x"  # default headers override the built-in Accept
    assert h["authorization"] == f"Basic {creds.basic_token}"
    assert h["user-agent"] == "bluum-python/0.0.1"


def test_operation_header_layering(
    pkg: Any, make_client: MakeClient, creds: Any
) -> None:
    client, server = make_client(
        ok(), default_headers={"X-Layer": "default", "Authorization": "Basic stale"}
    )
    client.request("GET", "/x", cast_to=dict, headers={"X-Layer": "operation"})
    assert server.last.headers["x-layer"] == "operation"  # operation beats defaults
    assert (
        server.last.headers["authorization"] == f"Basic {creds.basic_token}"
    )  # auth beats defaults
    client.request("GET", "/x", cast_to=dict, headers={"Authorization": "Bearer op"})
    assert server.last.headers.get_list("authorization") == [
        "Bearer op"
    ]  # operation beats auth


def test_default_accept_and_no_idempotency_on_get(make_client: MakeClient) -> None:
    client, server = make_client(ok())
    client.request("GET", "/x", cast_to=dict)
    assert server.last.headers["accept"] == "application/json"
    assert "idempotency-key" not in server.last.headers
    assert server.last.content == b""


def test_idempotency_key_sources(pkg: Any, make_client: MakeClient) -> None:
    client, server = make_client(ok())
    options = pkg._base_client.RequestOptions(idempotency_key="from-options")
    client.request(
        "POST",
        "/x",
        cast_to=dict,
        headers={"Idempotency-Key": "from-op"},
        options=options,
    )
    assert server.last.headers.get_list("idempotency-key") == ["from-op"]
    client.request("POST", "/x", cast_to=dict, options=options)
    assert server.last.headers["idempotency-key"] == "from-options"
    client.request("POST", "/x", cast_to=dict)
    client.request("POST", "/x", cast_to=dict)
    generated = [r.headers["idempotency-key"] for r in server.requests[-2:]]
    assert generated[0] != generated[1]  # a new call is a new operation


def test_custom_idempotency_header(pkg: Any, creds: Any) -> None:
    server_requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        server_requests.append(request)
        return ok()

    client = pkg._base_client.SyncAPIClient(
        base_url=creds.base_url,
        auth=pkg._auth.NoAuth(),
        timeout=5.0,
        max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        default_headers=None,
        user_agent="ua",
        idempotency_header="X-Idempotency",
    )
    client.request("POST", "/x", cast_to=dict)
    assert "x-idempotency" in server_requests[0].headers
    assert "idempotency-key" not in server_requests[0].headers
    assert "authorization" not in server_requests[0].headers


def test_extra_body_merges_into_json(pkg: Any, make_client: MakeClient) -> None:
    client, server = make_client(ok())
    RequestOptions = pkg._base_client.RequestOptions
    client.request(
        "POST",
        "/x",
        cast_to=dict,
        body={"a": 1, "b": 2},
        options=RequestOptions(extra_body={"b": 3}),
    )
    assert json.loads(server.last.content) == {"a": 1, "b": 3}
    client.request(
        "POST", "/x", cast_to=dict, options=RequestOptions(extra_body={"only": True})
    )
    assert json.loads(server.last.content) == {"only": True}
    with pytest.raises(TypeError):
        client.request(
            "POST",
            "/x",
            cast_to=dict,
            body=[1],
            options=RequestOptions(extra_body={"b": 3}),
        )


def test_json_body_serializes_models_dates_decimals(
    pkg: Any, make_client: MakeClient
) -> None:
    client, server = make_client(ok())
    client.request(
        "POST",
        "/x",
        cast_to=dict,
        body={
            "bank": pkg.models.BankAccount(bank_name="Chase"),
            "at": dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc),
            "amount": Decimal("10.10"),
            "tags": ("a", "b"),
        },
    )
    assert json.loads(server.last.content) == {
        "bank": {"bank_name": "Chase"},  # unset fields are not sent
        "at": "2024-05-06T07:08:09+00:00",
        "amount": "10.10",
        "tags": ["a", "b"],
    }


def test_form_body(pkg: Any, make_client: MakeClient) -> None:
    client, server = make_client(ok())
    client.request(
        "POST",
        "/oauth/token",
        cast_to=dict,
        form={"grant_type": "x", "scope": ["a", "b"], "skip": pkg._types.NOT_GIVEN},
    )
    assert server.last.headers["content-type"] == "application/x-www-form-urlencoded"
    assert server.last.content == b"grant_type=x&scope=a&scope=b"


def test_multipart_upload(make_client: MakeClient) -> None:
    client, server = make_client(ok({"id": "doc_1", "filename": "s.pdf"}))

    doc = client.funding_sources.upload_statement(
        file=("s.pdf", b"%PDF-1", "application/pdf"), purpose="kyc"
    )

    assert doc.id == "doc_1"
    req = server.last
    assert req.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="s.pdf"' in req.content
    assert b"Content-Type: application/pdf" in req.content
    assert b"%PDF-1" in req.content
    assert b'name="purpose"\r\n\r\nkyc' in req.content
    assert "idempotency-key" in req.headers


def test_multipart_file_object_is_resent_on_retry(make_client: MakeClient) -> None:
    client, server = make_client(httpx.Response(503), ok({"id": "doc_1"}))
    client.funding_sources.upload_statement(
        file=io.BytesIO(b"scan-bytes"), purpose="kyc"
    )
    assert len(server.requests) == 2
    assert all(b"scan-bytes" in r.content for r in server.requests)


def test_to_multipart_splits_fields(pkg: Any, tmp_path: Path) -> None:
    path = tmp_path / "id.png"
    path.write_bytes(b"PNG")
    stream = io.BytesIO(b"stream")
    data, files = pkg._serialize.to_multipart(
        {
            "front": path,
            "back": stream,
            "raw": b"bytes",
            "pages": [b"p1", b"p2"],
            "note": "hello",
            "count": 3,
            "flag": False,
            "tags": ["a", "b"],
            "meta": {"k": "v"},
            "skip": pkg._types.NOT_GIVEN,
            "none": None,
        }
    )
    assert data == {
        "note": "hello",
        "count": "3",
        "flag": "false",
        "tags": ["a", "b"],
        "meta": '{"k":"v"}',
    }
    assert files[0] == ("front", ("id.png", b"PNG"))
    assert files[1][0] == "back" and files[1][1][1] is stream
    assert [f[0] for f in files] == ["front", "back", "raw", "pages", "pages"]


def test_per_request_timeout_overrides_default(
    pkg: Any, make_client: MakeClient
) -> None:
    client, server = make_client(ok(), timeout=12.0)
    client.request("GET", "/x", cast_to=dict)
    assert server.last.extensions["timeout"]["read"] == 12.0
    client.request(
        "GET", "/x", cast_to=dict, options=pkg._base_client.RequestOptions(timeout=3.5)
    )
    assert server.last.extensions["timeout"]["read"] == 3.5


def test_only_one_body_kind(make_client: MakeClient) -> None:
    client, _ = make_client(ok())
    with pytest.raises(ValueError):
        client.request("POST", "/x", cast_to=dict, body={"a": 1}, form={"b": 2})


def test_client_closes_only_the_http_client_it_created(pkg: Any, creds: Any) -> None:
    http = httpx.Client(transport=httpx.MockTransport(lambda request: ok()))
    with pkg.Bluum(api_key=creds.api_key, api_secret="s", http_client=http) as client:
        client.request("GET", "/x", cast_to=dict)
    assert not http.is_closed  # the caller's client is the caller's to close

    owned = pkg.Bluum(api_key=creds.api_key, api_secret="s")
    owned.close()
    assert owned._http.is_closed
