"""Credentials never show up in reprs, error messages or logs."""

from __future__ import annotations

import logging
import traceback
from typing import Any, Callable

import httpx
import pytest

MakeClient = Callable[..., Any]


def assert_clean(text: str, creds: Any) -> None:
    assert creds.api_secret not in text
    assert creds.basic_token not in text
    assert "authorization" not in text.lower()


def test_auth_reprs_mask_secrets(pkg: Any) -> None:
    auth = pkg._auth
    assert (
        repr(auth.BasicAuth("key_1", "sec_1")) == "BasicAuth(key='****', secret='****')"
    )
    assert repr(auth.BearerAuth("tok_1")) == "BearerAuth(token='****')"
    assert (
        repr(auth.HeaderAuth("X-API-Key", "val_1"))
        == "HeaderAuth(header_name='X-API-Key', value='****')"
    )
    assert repr(auth.NoAuth()) == "NoAuth()"
    for obj in (
        auth.BasicAuth("key_1", "sec_1"),
        auth.BearerAuth("tok_1"),
        auth.HeaderAuth("X", "val_1"),
    ):
        assert not any(
            s in repr(obj) + str(obj) for s in ("key_1", "sec_1", "tok_1", "val_1")
        )


def test_auth_headers(pkg: Any, creds: Any) -> None:
    auth = pkg._auth
    assert auth.BasicAuth(creds.api_key, creds.api_secret).headers() == {
        "Authorization": f"Basic {creds.basic_token}"
    }
    assert auth.BearerAuth("t").headers() == {"Authorization": "Bearer t"}
    assert auth.HeaderAuth("X-API-Key", "v").headers() == {"X-API-Key": "v"}
    assert auth.NoAuth().headers() == {}


def test_client_repr(pkg: Any, make_client: MakeClient, creds: Any) -> None:
    client, _ = make_client(httpx.Response(200, json={}))
    assert repr(client) == f"Bluum(base_url='{creds.base_url}')"
    assert_clean(repr(client) + str(client), creds)
    assert creds.api_key not in repr(client)


def test_client_repr_drops_userinfo(pkg: Any) -> None:
    client = pkg.Bluum(
        api_key="k", api_secret="s", base_url="https://user:pw@api.example.test/v1"
    )
    assert repr(client) == "Bluum(base_url='https://api.example.test/v1')"
    client.close()


def test_errors_do_not_leak_credentials(
    pkg: Any, make_client: MakeClient, creds: Any
) -> None:
    client, _ = make_client(
        httpx.Response(
            401, json={"error": {"code": "BLUM-401-001", "message": "Bad key."}}
        )
    )
    with pytest.raises(pkg._exceptions.AuthenticationError) as info:
        client.request("GET", "/x", cast_to=dict)
    exc = info.value
    assert str(exc) == "Error code: 401 - BLUM-401-001: Bad key."
    assert_clean(str(exc) + repr(exc) + "".join(traceback.format_exception(exc)), creds)

    client, _ = make_client(httpx.ConnectError("refused"), max_retries=0)
    with pytest.raises(pkg._exceptions.APIConnectionError) as conn:
        client.request("GET", "/x", cast_to=dict)
    assert_clean(str(conn.value) + repr(conn.value), creds)


def test_logs_do_not_leak_credentials(
    pkg: Any, make_client: MakeClient, creds: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client, _ = make_client(
        httpx.Response(503),
        httpx.ConnectError("refused"),
        httpx.Response(200, json={"id": "fs_1", "status": "active"}),
    )
    with caplog.at_level(logging.DEBUG):
        client.funding_sources.create("inv_1", name="Main")

    ours = [r for r in caplog.records if r.name == pkg.__name__]
    assert [r.levelno for r in ours].count(logging.INFO) == 2  # one per retry
    assert any(
        r.levelno == logging.DEBUG
        and "POST" in r.getMessage()
        and "200" in r.getMessage()
        for r in ours
    )
    assert any("503" in r.getMessage() for r in ours if r.levelno == logging.INFO)
    for record in caplog.records:  # ours and httpx's
        assert_clean(record.getMessage(), creds)
    assert_clean(caplog.text, creds)
