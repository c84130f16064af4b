"""Drive every Bluum operation against a Prism mock of specs/bluum.

For each operation one valid request is built from the spec's own examples (path,
query and header parameters from their examples, deprecated ones left out, the body from the first request
example; the document upload as real multipart). Prism runs with `--errors`, so a
request that breaks the spec would get a 4xx; we require a 2xx without an
`sl-violations` header and a body that matches the declared response schema.
A few deliberately broken requests must get a 4xx.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from test_bluum_spec import (
    MAIN,
    OPERATION_IDS,
    SPEC_DIR,
    deref,
    inline_schema,
    media_examples,
    operation,
    parameters,
    validation_errors,
)

try:
    from support.prism import run_prism
except ImportError:  # tests/ imported as a package
    from tests.support.prism import run_prism

pytestmark = pytest.mark.prism

AUTH = "Basic " + base64.b64encode(b"bluum_test_key:bluum_test_secret").decode()
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(scope="session")
def prism_url():
    with run_prism(SPEC_DIR / MAIN, errors=True) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def client(prism_url):
    with httpx.Client(base_url=prism_url, timeout=30.0) as http:
        yield http


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def build_request(op_id: str) -> dict:
    """Keyword arguments for httpx.Client.request() that make a valid call of `op_id`."""
    path, method, op = operation(op_id)
    url = path
    query: dict[str, str] = {}
    headers: dict[str, str] = {}
    for param in parameters(path, method):
        if param.get("deprecated") and not param.get("required"):
            continue  # Prism flags deprecated parameters in sl-violations
        example = param.get("example", param.get("schema", {}).get("example"))
        if param["in"] == "path":
            url = url.replace("{" + param["name"] + "}", str(example))
        elif param["in"] == "query":
            query[param["name"]] = _query_value(example)
        elif param["in"] == "header":
            headers[param["name"]] = str(example)
    if op.get("security", [{}]) != []:
        headers["Authorization"] = AUTH
    request: dict[str, Any] = {"method": method.upper(), "url": url, "params": query, "headers": headers}

    if "requestBody" in op:
        body, base = deref(op["requestBody"], MAIN)
        media_type, media = next(iter(body["content"].items()))
        _, example = media_examples(media)[0]
        if media_type == "application/json":
            request["json"] = example
        elif media_type == "multipart/form-data":
            schema = inline_schema(media["schema"], base)
            files, data = {}, {}
            for name, value in example.items():
                if schema["properties"].get(name, {}).get("format") == "binary":
                    files[name] = ("passport.pdf", PDF_BYTES, "application/pdf")
                elif isinstance(value, (dict, list)):
                    data[name] = json.dumps(value)
                else:
                    data[name] = _query_value(value)
            request["files"], request["data"] = files, data
        else:  # pragma: no cover - the spec only uses the two media types above
            raise AssertionError(f"{op_id}: unsupported media type {media_type}")
    return request


@pytest.mark.parametrize("op_id", OPERATION_IDS)
def test_valid_request_gets_a_conforming_2xx(client, op_id):
    _, _, op = operation(op_id)
    request = build_request(op_id)
    response = client.request(**request)

    assert 200 <= response.status_code < 300, (
        f"{op_id}: {request['method']} {request['url']} -> {response.status_code}: {response.text[:800]}"
    )
    assert "sl-violations" not in response.headers, f"{op_id}: {response.headers['sl-violations']}"

    declared = op["responses"].get(str(response.status_code))
    assert declared is not None, f"{op_id}: status {response.status_code} is not declared"
    declared, base = deref(declared, MAIN)
    content = declared.get("content")
    if not content:
        assert response.content == b"", f"{op_id}: expected an empty body"
        return
    assert response.headers["content-type"].startswith("application/json"), op_id
    schema = content["application/json"]["schema"]
    errors = validation_errors(response.json(), schema, base)
    assert errors == [], f"{op_id}: response body does not match the schema: {errors}"


def _without(mapping: dict, key: str) -> dict:
    return {k: v for k, v in mapping.items() if k != key}


def _invalid_requests() -> list:
    """(operation, how to break its valid request, text expected in Prism's sl-violations)."""
    cases = []

    def case(case_id: str, op_id: str, mutate, expect: str):
        cases.append(pytest.param(op_id, mutate, expect, id=case_id))

    case("deposit-missing-amount", "createDeposit", lambda r: r.update(json=_without(r["json"], "amount")), "'amount'")
    case("deposit-bad-amount", "createDeposit", lambda r: r.update(json=dict(r["json"], amount="10.001")), "pattern")
    case(
        "deposit-missing-idempotency-key",
        "createDeposit",
        lambda r: r.update(headers=_without(r["headers"], "Idempotency-Key")),
        "idempotency-key",
    )
    case("withdrawal-bad-method", "createWithdrawal", lambda r: r.update(json=dict(r["json"], method="card")), "method")
    case("order-bad-side", "createOrder", lambda r: r.update(json=dict(r["json"], side="hold")), "side")
    case("order-missing-symbol", "createOrder", lambda r: r.update(json=_without(r["json"], "symbol")), "'symbol'")
    case("connect-plaid-without-token", "connectFundingSource", lambda r: r.update(json={"type": "plaid"}), "public_token")
    case(
        "investor-bad-account-type",
        "createInvestor",
        lambda r: r.update(json=dict(r["json"], account_type="trading")),
        "account_type",
    )
    case("webhook-no-events", "createWebhook", lambda r: r.update(json=dict(r["json"], eventTypeNames=[])), "eventTypeNames")
    case(
        "upload-without-document-type",
        "uploadDocument",
        lambda r: r.update(data=_without(r["data"], "document_type")),
        "document_type",
    )
    case("documents-limit-too-big", "listDocuments", lambda r: r["params"].update(limit="500"), "limit")
    case(
        "bars-missing-timeframe",
        "getMarketDataBars",
        lambda r: r.update(params=_without(r["params"], "timeframe")),
        "timeframe",
    )
    case("orders-bad-status-filter", "listOrders", lambda r: r["params"].update(status="accepted"), "status")
    case(
        "investor-without-auth",
        "getInvestor",
        lambda r: r.update(headers=_without(r["headers"], "Authorization")),
        "security",
    )
    return cases


@pytest.mark.parametrize("op_id, mutate, expect", _invalid_requests())
def test_invalid_request_gets_a_4xx(client, op_id, mutate, expect):
    request = build_request(op_id)
    mutate(request)
    response = client.request(**request)
    assert 400 <= response.status_code < 500, (
        f"{op_id}: broken request was accepted with {response.status_code}: {response.text[:500]}"
    )
    violations = response.headers.get("sl-violations", "")
    assert expect in violations, f"{op_id}: expected a violation about {expect!r}, got {violations!r}"
