"""Behaviour of the generated Bluum SDK (generated/python) through httpx.MockTransport.

Each test states one line of the SDK contract in DESIGN.md / issue #4.
"""

from __future__ import annotations

import base64
import json
import logging
import sys
from pathlib import Path
from typing import Any, Callable

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "generated/python/src"))

import bluum  # noqa: E402
from bluum import AsyncBluum, Bluum  # noqa: E402
from bluum import _base_client  # noqa: E402

SECRET = "sk_live_TOPSECRET_value"
FS = {"object": "funding_source", "livemode": False, "id": "fs_1", "type": "plaid", "status": "active", "bank_name": "Chase"}
ERR_404 = {"error": {"type": "not_found_error", "code": "BLUM-404-001", "message": "Investor not found."}}
Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []

    async def async_sleep(delay: float) -> None:
        slept.append(delay)

    monkeypatch.setattr(_base_client, "_sleep", slept.append)
    monkeypatch.setattr(_base_client, "_async_sleep", async_sleep)
    return slept


def client(handler: Handler, **kwargs: Any) -> Bluum:
    return Bluum(api_key="key_1", api_secret=SECRET, http_client=httpx.Client(transport=httpx.MockTransport(handler)), **kwargs)


def aclient(handler: Handler, **kwargs: Any) -> AsyncBluum:
    return AsyncBluum(api_key="key_1", api_secret=SECRET, http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)), **kwargs)


def recorder(*responses: httpx.Response) -> tuple[list[httpx.Request], Handler]:
    seen: list[httpx.Request] = []
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return seen, handler


# -- construction and auth -------------------------------------------------------------


def test_missing_credentials_fail_at_construction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BLUUM_API_KEY", raising=False)
    monkeypatch.delenv("BLUUM_API_SECRET", raising=False)
    with pytest.raises(ValueError, match="BLUUM_API_KEY"):
        Bluum()


def test_credentials_from_environment_and_basic_auth(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLUUM_API_KEY", "env_key")
    monkeypatch.setenv("BLUUM_API_SECRET", "env_secret")
    seen, handler = recorder(httpx.Response(200, json={"object": "list", "url": "/v1/x", "has_more": False, "data": []}))
    c = Bluum(http_client=httpx.Client(transport=httpx.MockTransport(handler)))
    c.funding_sources.list("inv_1")
    assert seen[0].headers["authorization"] == "Basic " + base64.b64encode(b"env_key:env_secret").decode()


def test_environments_come_from_the_spec_servers() -> None:
    seen, handler = recorder(httpx.Response(201, json=FS))
    client(handler, environment="sandbox").funding_sources.connect("inv_1", type="manual", bank_name="b", account_holder_name="h", account_number="1234")
    assert str(seen[0].url).startswith("https://sandbox.api.bluumfinance.com/v1/investors/inv_1/")
    seen, handler = recorder(httpx.Response(201, json=FS))
    client(handler, base_url="http://localhost:9/v1").funding_sources.connect("inv_1", type="plaid", public_token="p")
    assert str(seen[0].url) == "http://localhost:9/v1/investors/inv_1/funding-sources/connect"


def test_secret_never_in_repr_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    seen, handler = recorder(httpx.Response(503), httpx.Response(404, json=ERR_404))
    c = client(handler)
    token = base64.b64encode(f"key_1:{SECRET}".encode()).decode()
    with caplog.at_level(logging.DEBUG, logger="bluum"):
        with pytest.raises(bluum.NotFoundError) as exc:
            c.funding_sources.list("inv_1")
    texts = [repr(c), str(exc.value), repr(exc.value), caplog.text]
    for text in texts:
        assert SECRET not in text and token not in text
    assert any(r.name.startswith("bluum") for r in caplog.records)


# -- requests ------------------------------------------------------------------------------


def test_connect_plaid_returns_a_typed_list_of_funding_sources() -> None:
    seen, handler = recorder(httpx.Response(201, json={"object": "list", "url": "/v1/investors/inv_1/funding-sources", "has_more": False, "data": [FS, {**FS, "id": "fs_2"}]}))
    result = client(handler).funding_sources.connect("inv_1", type="plaid", public_token="public-sandbox-1")
    assert isinstance(result, bluum.types.FundingSourceList)
    assert [type(x).__name__ for x in result.data] == ["FundingSource", "FundingSource"]
    assert result.data[1].id == "fs_2" and result.has_more is False
    assert json.loads(seen[0].content) == {"type": "plaid", "public_token": "public-sandbox-1"}


def test_connect_manual_returns_one_funding_source() -> None:
    seen, handler = recorder(httpx.Response(201, json={**FS, "type": "manual"}))
    result = client(handler).funding_sources.connect("inv_1", type="manual", bank_name="Chase", account_holder_name="Jane", account_number="000123456789")
    assert isinstance(result, bluum.types.FundingSource) and result.type == "manual"


def test_unknown_enum_value_and_unknown_field_are_kept() -> None:
    seen, handler = recorder(httpx.Response(201, json={**FS, "status": "frozen", "risk_score": 7}))
    result = client(handler).funding_sources.connect("inv_1", type="plaid", public_token="p")
    assert isinstance(result, bluum.types.FundingSource)
    assert result.status == "frozen"
    assert result.model_extra == {"risk_score": 7} and result.to_dict()["risk_score"] == 7


def test_omitted_optional_is_not_sent_and_none_sends_null() -> None:
    seen, handler = recorder(httpx.Response(201, json=FS))
    c = client(handler)
    c.funding_sources.connect("inv_1", type="manual", bank_name="b", account_holder_name="h", account_number="1234")
    assert "routing_number" not in json.loads(seen[0].content)
    c.funding_sources.connect("inv_1", type="manual", bank_name="b", account_holder_name="h", account_number="1234", routing_number=None)  # type: ignore[arg-type]
    assert json.loads(seen[1].content)["routing_number"] is None


def test_path_params_are_encoded_and_empty_ones_rejected() -> None:
    seen, handler = recorder(httpx.Response(201, json=FS))
    c = client(handler)
    c.funding_sources.connect("inv/../x", type="plaid", public_token="p")
    assert seen[0].url.raw_path.startswith(b"/v1/investors/inv%2F..%2Fx/")
    with pytest.raises(ValueError, match="investor_id"):
        c.funding_sources.connect("", type="plaid", public_token="p")


def test_escape_hatches_reach_the_wire() -> None:
    seen, handler = recorder(httpx.Response(201, json=FS))
    client(handler).funding_sources.connect(
        "inv_1", type="plaid", public_token="p", extra_headers={"X-Trace": "t1"}, extra_query={"debug": "1"}, extra_body={"note": "n"}, idempotency_key="idem-1",
    )
    assert seen[0].headers["x-trace"] == "t1" and seen[0].url.params["debug"] == "1"
    assert json.loads(seen[0].content)["note"] == "n" and seen[0].headers["idempotency-key"] == "idem-1"


def test_multipart_document_upload() -> None:
    doc = {"object": "document", "document_id": "doc_1", "document_type": "passport", "status": "uploaded"}
    seen, handler = recorder(httpx.Response(201, json=doc))
    result = client(handler).document_management.upload_document(document=("id.png", b"\x89PNG...", "image/png"), document_type="passport")
    assert seen[0].headers["content-type"].startswith("multipart/form-data")
    assert b'filename="id.png"' in seen[0].content and b"passport" in seen[0].content
    assert result.document_id == "doc_1"


# -- errors --------------------------------------------------------------------------------


def test_404_raises_not_found_with_code() -> None:
    _, handler = recorder(httpx.Response(404, json=ERR_404, headers={"x-request-id": "req_9"}))
    with pytest.raises(bluum.NotFoundError) as exc:
        client(handler).funding_sources.list("inv_missing")
    e = exc.value
    assert (e.status_code, e.code, e.type, e.message, e.request_id) == (404, "BLUM-404-001", "not_found_error", "Investor not found.", "req_9")
    assert isinstance(e, bluum.APIStatusError)


def test_400_raises_bad_request_with_param_and_is_not_retried() -> None:
    body = {"error": {"type": "invalid_request_error", "code": "BLUM-400-002", "message": "Required field 'symbol' is missing.", "param": "symbol"}}
    seen, handler = recorder(httpx.Response(400, json=body))
    with pytest.raises(bluum.BadRequestError) as exc:
        client(handler).funding_sources.list("inv_1")
    assert exc.value.param == "symbol" and len(seen) == 1


def test_legacy_403_raises_product_not_enabled() -> None:
    body = {"status": "error", "code": "PRODUCT_NOT_ENABLED", "message": "Market Data is not enabled for this tenant."}
    _, handler = recorder(httpx.Response(403, json=body))
    with pytest.raises(bluum.ProductNotEnabledError) as exc:
        client(handler).market_data.get_asset_quote("AAPL")
    assert isinstance(exc.value, bluum.PermissionDeniedError) and exc.value.code == "PRODUCT_NOT_ENABLED"


def test_connection_error_becomes_api_connection_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(bluum.APIConnectionError):
        client(handler, max_retries=1).funding_sources.list("inv_1")


# -- retries and idempotency ---------------------------------------------------------------


def test_503_then_429_then_201_is_three_requests_with_one_idempotency_key(no_sleep: list[float]) -> None:
    seen, handler = recorder(httpx.Response(503), httpx.Response(429, headers={"Retry-After": "0"}), httpx.Response(201, json=FS))
    result = client(handler).funding_sources.connect("inv_1", type="plaid", public_token="p")
    assert isinstance(result, bluum.types.FundingSource)
    keys = {r.headers["idempotency-key"] for r in seen}
    assert len(seen) == 3 and len(keys) == 1 and keys != {""}
    assert no_sleep[1] == 0


def test_deposit_retries_reuse_the_callers_idempotency_key() -> None:
    deposit = {"object": "deposit", "livemode": False, "id": "dep_1", "amount": "100.00", "status": "pending", "method": "ach"}
    seen, handler = recorder(httpx.Response(500), httpx.Response(201, json=deposit))
    client(handler).transfers.create_deposit("inv_1", amount="100.00", method="ach", idempotency_key="dep-42")
    assert [r.headers["idempotency-key"] for r in seen] == ["dep-42", "dep-42"]


def test_retries_exhausted_raise_after_max_retries_plus_one_requests() -> None:
    seen, handler = recorder(httpx.Response(502))
    with pytest.raises(bluum.InternalServerError):
        client(handler, max_retries=3).funding_sources.list("inv_1")
    assert len(seen) == 4


# -- pagination and raw responses ------------------------------------------------------------


def _pages(handler_pages: list[list[dict[str, Any]]]) -> tuple[list[httpx.Request], Handler]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        offset = int(request.url.params.get("offset", "0"))
        index = offset // 2
        data = handler_pages[index]
        return httpx.Response(200, json={"object": "list", "url": "/v1/x", "has_more": index + 1 < len(handler_pages), "data": data})

    return seen, handler


def test_list_returns_a_page_that_iterates_across_all_pages() -> None:
    pages = [[{**FS, "id": "fs_1"}, {**FS, "id": "fs_2"}], [{**FS, "id": "fs_3"}, {**FS, "id": "fs_4"}], [{**FS, "id": "fs_5"}]]
    seen, handler = _pages(pages)
    page = client(handler).funding_sources.list("inv_1", limit=2)
    assert [x.id for x in page.data] == ["fs_1", "fs_2"] and page.has_more
    assert [x.id for x in page] == ["fs_1", "fs_2", "fs_3", "fs_4", "fs_5"]
    assert [r.url.params.get("offset", "0") for r in seen] == ["0", "2", "4"]
    assert all(r.url.params["limit"] == "2" for r in seen)


def test_with_raw_response_gives_status_headers_and_parsed_body() -> None:
    _, handler = recorder(httpx.Response(201, json=FS, headers={"x-request-id": "req_1"}))
    raw = client(handler).funding_sources.with_raw_response.connect("inv_1", type="plaid", public_token="p")
    assert raw.status_code == 201 and raw.headers["x-request-id"] == "req_1"
    assert isinstance(raw.parse(), bluum.types.FundingSource)


# -- async parity ----------------------------------------------------------------------------


async def test_async_connect_errors_retries_and_pagination() -> None:
    seen, handler = recorder(httpx.Response(503), httpx.Response(201, json={"object": "list", "url": "/v1/x", "has_more": False, "data": [FS]}))
    c = aclient(handler)
    result = await c.funding_sources.connect("inv_1", type="plaid", public_token="p")
    assert isinstance(result, bluum.types.FundingSourceList) and len(seen) == 2
    assert seen[0].headers["idempotency-key"] == seen[1].headers["idempotency-key"]

    _, handler = recorder(httpx.Response(404, json=ERR_404))
    with pytest.raises(bluum.NotFoundError):
        await aclient(handler).funding_sources.list("inv_1")

    pages = [[{**FS, "id": "fs_1"}, {**FS, "id": "fs_2"}], [{**FS, "id": "fs_3"}]]
    _, handler = _pages(pages)
    page = await aclient(handler).funding_sources.list("inv_1", limit=2)
    assert [x.id async for x in page] == ["fs_1", "fs_2", "fs_3"]
    assert SECRET not in repr(c)


def test_every_public_client_member_is_reserved_from_resource_group_names() -> None:
    """A tag named like a client member (``close``, ``aclose``, ``timeout``...) must not replace it:
    the generator renames such groups, so it has to know every public member of the runtime."""
    from generator.targets.python.naming import CLIENT_RESERVED

    groups = {r for r in vars(Bluum) if not r.startswith("_")}
    for sdk in (Bluum(api_key="k", api_secret="s"), AsyncBluum(api_key="k", api_secret="s")):
        members = {m for m in dir(type(sdk)) if not m.startswith("_")} | {m for m in vars(sdk) if not m.startswith("_")}
        assert members - groups <= CLIENT_RESERVED, sorted(members - groups - CLIENT_RESERVED)
