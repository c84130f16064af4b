"""Retry policy: which failures are retried, how long to wait, idempotency."""

from __future__ import annotations

import email.utils
import time
from typing import Any, Callable

import httpx
import pytest

MakeClient = Callable[..., Any]


def test_retries_reuse_one_idempotency_key(
    make_client: MakeClient, sleeps: list[float]
) -> None:
    client, server = make_client(
        httpx.Response(503),
        httpx.Response(429, headers={"Retry-After": "0"}),
        httpx.Response(201, json={"id": "fs_1", "status": "active"}),
        max_retries=3,
    )

    fs = client.funding_sources.create("inv_1", name="Main")

    assert fs.id == "fs_1"
    assert len(server.requests) == 3
    keys = {r.headers["idempotency-key"] for r in server.requests}
    assert len(keys) == 1 and keys != {""}
    assert len(sleeps) == 2
    assert 0.375 <= sleeps[0] <= 0.5  # backoff for the first retry
    assert sleeps[1] == 0  # Retry-After: 0
    assert len({r.content for r in server.requests}) == 1  # same body every time


def test_given_idempotency_key_used_on_every_attempt(
    pkg: Any, make_client: MakeClient
) -> None:
    client, server = make_client(
        httpx.Response(500),
        httpx.Response(200, json={"id": "fs_1", "status": "active"}),
    )
    options = pkg._base_client.RequestOptions(idempotency_key="order-42")
    client.funding_sources.create("inv_1", name="Main", options=options)
    assert [r.headers["idempotency-key"] for r in server.requests] == [
        "order-42",
        "order-42",
    ]


def test_retries_exhausted(
    pkg: Any, make_client: MakeClient, sleeps: list[float]
) -> None:
    client, server = make_client(
        httpx.Response(503, json={"error": {"code": "BLUM-503", "message": "down"}}),
        max_retries=2,
    )
    with pytest.raises(pkg._exceptions.InternalServerError) as info:
        client.request("POST", "/x", cast_to=dict)
    assert info.value.status_code == 503
    assert len(server.requests) == 3
    assert len(sleeps) == 2
    assert len({r.headers["idempotency-key"] for r in server.requests}) == 1


def test_rate_limit_exhausted_raises_rate_limit_error(
    pkg: Any, make_client: MakeClient
) -> None:
    client, server = make_client(
        httpx.Response(429, headers={"retry-after": "0"}), max_retries=1
    )
    with pytest.raises(pkg._exceptions.RateLimitError):
        client.request("GET", "/x", cast_to=dict)
    assert len(server.requests) == 2


def test_bad_request_not_retried(
    pkg: Any, make_client: MakeClient, sleeps: list[float]
) -> None:
    client, server = make_client(
        httpx.Response(400, json={"error": {"code": "BLUM-400-001", "message": "no"}})
    )
    with pytest.raises(pkg._exceptions.BadRequestError):
        client.request("POST", "/x", cast_to=dict, body={})
    assert len(server.requests) == 1
    assert sleeps == []


def test_zero_max_retries(pkg: Any, make_client: MakeClient) -> None:
    client, server = make_client(httpx.Response(503), max_retries=0)
    with pytest.raises(pkg._exceptions.InternalServerError):
        client.request("GET", "/x", cast_to=dict)
    assert len(server.requests) == 1


def test_connection_error_then_success(
    make_client: MakeClient, sleeps: list[float]
) -> None:
    client, server = make_client(
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.Response(200, json={"ok": True}),
    )
    assert client.request("POST", "/x", cast_to=dict, body={"a": 1}) == {"ok": True}
    assert len(server.requests) == 3
    assert len({r.headers["idempotency-key"] for r in server.requests}) == 1
    assert len(sleeps) == 2


def test_server_can_veto_or_request_retry(make_client: MakeClient, pkg: Any) -> None:
    client, server = make_client(
        httpx.Response(503, headers={"x-should-retry": "false"})
    )
    with pytest.raises(pkg._exceptions.InternalServerError):
        client.request("GET", "/x", cast_to=dict)
    assert len(server.requests) == 1

    client, server = make_client(
        httpx.Response(400, headers={"x-should-retry": "true"}),
        httpx.Response(200, json={}),
    )
    client.request("GET", "/x", cast_to=dict)
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, False),
        (401, False),
        (404, False),
        (408, True),
        (409, True),
        (422, False),
        (429, True),
        (500, True),
        (599, True),
    ],
)
def test_should_retry(pkg: Any, status: int, expected: bool) -> None:
    assert pkg._retries.should_retry(status) is expected


def test_retry_delay_honours_retry_after_seconds(pkg: Any) -> None:
    delay = pkg._retries.retry_delay
    assert delay(0, 2, httpx.Headers({"retry-after": "3"})) == 3.0
    assert delay(0, 2, httpx.Headers({"retry-after": "1.5"})) == 1.5
    assert delay(0, 2, httpx.Headers({"retry-after": "60"})) == 60.0


def test_retry_delay_honours_retry_after_ms_first(pkg: Any) -> None:
    headers = httpx.Headers({"retry-after-ms": "250", "retry-after": "9"})
    assert pkg._retries.retry_delay(0, 2, headers) == 0.25


def test_retry_delay_honours_http_date(pkg: Any) -> None:
    when = email.utils.formatdate(time.time() + 10, usegmt=True)
    delay = pkg._retries.retry_delay(0, 2, httpx.Headers({"retry-after": when}))
    assert 8 <= delay <= 10


@pytest.mark.parametrize(
    "value", ["61", "-1", "not a date", "Wed, 21 Oct 2015 07:28:00 GMT"]
)
def test_retry_delay_ignores_out_of_range_hints(pkg: Any, value: str) -> None:
    delay = pkg._retries.retry_delay(0, 2, httpx.Headers({"retry-after": value}))
    assert 0.375 <= delay <= 0.5  # fell back to backoff


@pytest.mark.parametrize(
    ("attempt", "base"),
    [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (9, 8.0)],
)
def test_backoff_is_exponential_capped_and_jittered(
    pkg: Any, attempt: int, base: float
) -> None:
    delays = [pkg._retries.retry_delay(attempt, 10, None) for _ in range(200)]
    assert all(base * 0.75 <= d <= base for d in delays)
    assert len(set(delays)) > 1  # jittered


def test_backoff_jitter_bounds(pkg: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    random = pkg._retries.random
    monkeypatch.setattr(random, "uniform", lambda a, b: a)
    assert pkg._retries.retry_delay(1, 5, None) == 0.75
    monkeypatch.setattr(random, "uniform", lambda a, b: b)
    assert pkg._retries.retry_delay(1, 5, None) == 1.0
