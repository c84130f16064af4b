"""Every target authenticates with the scheme the IR chose (normalise/auth.py).

A spec offering HTTP Basic and Bearer (Stripe, Bluum) made the Python client require an
api_secret, which Stripe's keys do not have; the targets also each chose on their own.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from generator.pipeline import build_ir
from generator.targets import get_target

SPEC = """\
openapi: 3.0.3
info: {title: Authcase, version: '1'}
{extension}security:
  - BasicAuth: []
  - BearerAuth: []
servers:
  - url: https://api.example.com
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200': {description: ok}
components:
  securitySchemes:
    BasicAuth: {type: http, scheme: basic}
    BearerAuth: {type: http, scheme: bearer}
"""


def generate(tmp_path: Path, extension: str, package: str) -> dict[str, dict[str, str]]:
    spec = tmp_path / "openapi.yaml"
    spec.write_text(SPEC.replace("{extension}", extension), encoding="utf-8")
    api, _ = build_ir(spec)
    return {lang: get_target(lang).render_files(api, package) for lang in ("python", "typescript", "docs")}


def imported(tmp_path: Path, files: dict[str, str], package: str) -> Iterator[object]:
    for rel, text in files.items():
        (tmp_path / "py" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "py" / rel).write_text(text, encoding="utf-8")
    src = str(tmp_path / "py" / "src")
    sys.path.insert(0, src)
    importlib.invalidate_caches()
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(src)
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]


def client_class(module: object) -> type:
    return getattr(module, "".join(part.title() for part in module.__name__.split("_")))  # type: ignore[attr-defined]


def sent_authorization(module: object, **credentials: str) -> str:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("Authorization", ""))
        return httpx.Response(200, json={})

    client = client_class(module)(http_client=httpx.Client(transport=httpx.MockTransport(handler)), **credentials)  # type: ignore[attr-defined]
    client.things.list()
    return seen[0]


def test_by_default_the_clients_take_one_key_and_send_it_as_a_bearer_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUTHCASE_BEARER_API_SECRET", raising=False)
    files = generate(tmp_path, "", "authcase_bearer")
    for module in imported(tmp_path, files["python"], "authcase_bearer"):
        assert sent_authorization(module, api_key="sk_test") == "Bearer sk_test"
        with pytest.raises(TypeError):
            client_class(module)(api_key="k", api_secret="s")
    client_ts = files["typescript"]["src/client.ts"]
    assert "bearerAuth(apiKey)" in client_ts and "apiSecret" not in client_ts
    assert 'Authorization: Bearer $AUTHCASE_BEARER_API_KEY' in "\n".join(files["docs"].values())


def test_x_sdk_auth_makes_every_target_use_basic(tmp_path: Path) -> None:
    files = generate(tmp_path, "x-sdk-auth: BasicAuth\n", "authcase_basic")
    for module in imported(tmp_path, files["python"], "authcase_basic"):
        assert sent_authorization(module, api_key="k", api_secret="s") == "Basic " + __import__("base64").b64encode(b"k:s").decode()
    assert "basicAuth(apiKey, apiSecret)" in files["typescript"]["src/client.ts"]
    assert "--user" in "\n".join(files["docs"].values())
