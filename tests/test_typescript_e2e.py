"""End to end: the generated TypeScript SDK against a Prism mock of specs/bluum.

Prism runs with ``--errors``, so a request the spec does not allow comes back as a 4xx and the
SDK throws; each response must also carry no ``sl-violations`` header. The calls are the SDK
README's own examples (``targets.typescript.examples``), one per group plus the Plaid connect,
compiled into a node test file together with the SDK.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.pipeline import build_ir
from generator.targets.typescript.examples import call
from typescript.tsbuild import GENERATED, TESTS, compile_ts, run_node_tests

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs/bluum/openapi.yaml"
API, _ = build_ir(SPEC, validate=False)

pytestmark = pytest.mark.prism


def _pick(group_ops: tuple[str, ...]) -> str:
    ops = [API.operation(o) for o in group_ops]
    gets = [o for o in ops if o.http_method == "get"]
    return (gets or ops)[0].id


CALLS = [(g.title, _pick(g.operations)) for g in API.groups] + [
    ("connect (plaid)", "POST /investors/{investor_id}/funding-sources/connect"),
]

TEST_FILE = """\
import {{ ok, strictEqual }} from "node:assert/strict";
import {{ test }} from "node:test";

import {{ Bluum }} from "./sdk/index.js";

const client = new Bluum({{ apiKey: "key_test", apiSecret: "secret_test", baseURL: process.env["PRISM_URL"], maxRetries: 0 }});
{tests}
"""

ONE = """
test({title}, async () => {{
  const {{ data, response }} = await {call}.withResponse();
  strictEqual(response.headers.get("sl-violations"), null);
  {check}
}});
"""


def _check(op_id: str) -> str:
    op = API.operation(op_id)
    if op.pagination is not None:
        return "ok(Array.isArray(data.data));"
    if op.success is not None and op.success.type is not None:
        return "ok(data !== undefined && data !== null);"
    return "strictEqual(data, undefined);"


def test_one_call_per_group_against_prism(tmp_path: Path) -> None:
    from support.prism import run_prism

    shutil.copytree(GENERATED / "src", tmp_path / "sdk")
    shutil.copy(TESTS / "node-shim.d.ts", tmp_path / "node-shim.d.ts")
    tests = "".join(
        ONE.format(title=json.dumps(title), call=call(API.operation(op_id), API).replace("\n", "\n  "), check=_check(op_id))
        for title, op_id in CALLS
    )
    (tmp_path / "e2e.test.ts").write_text(TEST_FILE.format(tests=tests), encoding="utf-8")
    (tmp_path / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
    proc = compile_ts([tmp_path / "node-shim.d.ts", tmp_path / "e2e.test.ts"], tmp_path / "build", root=tmp_path)
    assert proc.returncode == 0, "the README examples do not compile:\n" + proc.stdout[-6000:]
    with run_prism(SPEC) as base_url:
        proc = run_node_tests([tmp_path / "build/js/e2e.test.js"], cwd=tmp_path, env={"PRISM_URL": base_url})
    assert proc.returncode == 0, proc.stdout[-8000:] + proc.stderr[-2000:]
    assert f"# pass {len(CALLS)}" in proc.stdout, proc.stdout[-4000:]
