"""The examples in generated/docs work: every Python snippet type-checks (mypy --strict)
against generated/python, every curl command gets a 2xx from a Prism mock of specs/bluum,
and each operation's curl and Python examples send the same request."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from markdown_it import MarkdownIt

from generator.pipeline import build_ir
from generator.targets.docs.snippets import base_url

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs/bluum/openapi.yaml"
DOCS = ROOT / "generated/docs"
PYTHON_SRC = ROOT / "generated/python/src"
API, _ = build_ir(SPEC, validate=False)
BASE = base_url(API)
MD = MarkdownIt("commonmark")


def fences(page: Path, lang: str) -> list[str]:
    return [t.content for t in MD.parse(page.read_text(encoding="utf-8")) if t.type == "fence" and t.info.strip() == lang]


def operation_examples() -> list[tuple[str, str, str]]:
    """(id, curl, python) per operation, in page order; each operation has exactly one of each."""
    out = []
    for page in sorted((DOCS / "groups").glob("*.md")):
        curls, pythons = fences(page, "sh"), fences(page, "python")
        assert len(curls) == len(pythons), page
        out += [(f"{page.stem}-{i}", c, p) for i, (c, p) in enumerate(zip(curls, pythons))]
    return out


EXAMPLES = operation_examples()


def test_one_example_pair_per_operation() -> None:
    assert len(EXAMPLES) == len(API.operations)


def test_python_snippets_pass_mypy_strict_against_the_generated_sdk(tmp_path: Path) -> None:
    setup = fences(DOCS / "README.md", "python")
    assert len(setup) == 1 and "client = " in setup[0]
    (tmp_path / "snippet_setup.py").write_text(setup[0], encoding="utf-8")
    prelude = 'from bluum import Bluum\n\nclient = Bluum(api_key="key", api_secret="secret")\n\n'
    for name, _, python in EXAMPLES:
        (tmp_path / f"snippet_{name.replace('-', '_')}.py").write_text(prelude + python, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / ".mypy_cache"), "."],
        capture_output=True, text=True, cwd=tmp_path, timeout=900,
        env={**os.environ, "MYPYPATH": str(PYTHON_SRC)},
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def curl_request(command: str) -> tuple[str, str, dict[str, str], bytes | None]:
    """(method, url, headers, JSON body) of one of our curl commands, parsed without a shell."""
    argv = shlex.split(command.replace("\\\n", " "))
    assert argv[0] == "curl"
    method, url, headers, data = "GET", "", {}, None
    it = iter(argv[1:])
    for arg in it:
        value = next(it)
        if arg == "--request":
            method = value
        elif arg == "--url":
            url = value
        elif arg == "--header":
            name, _, header_value = value.partition(": ")
            headers[name] = header_value
        elif arg == "--data":
            data = value.encode()
    return method, url, headers, data


def same_json(a: object, b: object) -> bool:
    """JSON equality, with date-times compared as instants (``Z`` = ``+00:00``)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    if isinstance(a, str) and isinstance(b, str) and a != b:
        try:
            return datetime.fromisoformat(a.replace("Z", "+00:00")) == datetime.fromisoformat(b.replace("Z", "+00:00"))
        except ValueError:
            return False
    return a == b


@pytest.mark.parametrize("name,curl,python", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_curl_and_python_examples_send_the_same_request(
    name: str, curl: str, python: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "path/to").mkdir(parents=True)
    (tmp_path / "path/to/file").write_bytes(b"%PDF-1.4 example\n")
    monkeypatch.chdir(tmp_path)  # the examples upload path/to/file
    monkeypatch.syspath_prepend(str(PYTHON_SRC))
    import bluum

    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500, json={})

    client = bluum.Bluum(api_key="k", api_secret="s", base_url=BASE, max_retries=0,
                         http_client=httpx.Client(transport=httpx.MockTransport(handler)))
    try:
        exec(python, {"client": client, "print": lambda *_: None})  # noqa: S102 - our own example
    except bluum.APIError:
        pass
    assert sent, python
    method, url, _, data = curl_request(curl)
    request = sent[0]
    assert request.method == method
    curl_url = urlsplit(url)
    assert request.url.path == curl_url.path
    assert same_json(sorted(map(list, request.url.params.multi_items())), sorted(map(list, parse_qsl(curl_url.query))))
    if data is not None:
        assert same_json(json.loads(request.content), json.loads(data)), (request.content, data)


@pytest.mark.prism
def test_curl_examples_get_a_2xx_from_prism(tmp_path: Path) -> None:
    from support.prism import run_prism

    (tmp_path / "path/to").mkdir(parents=True)
    (tmp_path / "path/to/file").write_bytes(b"%PDF-1.4 example\n")
    env = {**os.environ, "BLUUM_API_KEY": "key_test", "BLUUM_API_SECRET": "secret_test", "IDEMPOTENCY_KEY": "idem-1"}
    failures = []
    with run_prism(SPEC) as prism_url:
        for name, curl, _ in EXAMPLES:
            assert BASE in curl, name
            command = curl.rstrip("\n").replace(BASE, prism_url) + " --silent --show-error --output /dev/null --write-out '%{http_code}'"
            result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
            if result.returncode != 0 or not result.stdout.startswith("2"):
                failures.append(f"{name}: HTTP {result.stdout} {result.stderr.strip()}\n{curl}")
    assert not failures, "\n\n".join(failures[:10])
