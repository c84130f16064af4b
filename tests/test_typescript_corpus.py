"""Real-world specs (../shared/corpus): each yields a TypeScript SDK that passes `tsc --strict`,
and every operation's example call (the README's examples are some of them) compiles against it.

For every corpus spec the TypeScript target renders the whole npm package into a temporary
folder, next to a `calls.ts` holding ``examples.call`` for each operation — the spec's example
values when they fit the declared types, placeholders of those types otherwise. The pinned
compiler (tools/, see tests/typescript/tsbuild.py) type-checks both in one run, with the
package's own tsconfig.json (extended to take `calls.ts` in) plus `--noEmit --strict`.
`--skipLibCheck` skips re-checking TypeScript's standard library declarations (identical for
every spec, and checked with the Bluum SDK by test_typescript_sdk.py); every generated file is
still checked. One tsc per spec, one spec at a time: 3-4 s for a small spec, about 15 s for
Stripe or Plaid, 60-80 s for the folder on this shared 2-core machine. No spec is excluded.
Skipped when the corpus folder is absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.generate import render_target
from test_corpus import CORPUS, SPECS
from typescript.tsbuild import ensure_tsc, example_calls, run

pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is absent")]

PACKAGE = "corpus-sdk"
ERROR = re.compile(r"^\S.*error TS\d+:")


def write_package(spec: Path, out: Path) -> int:
    """The SDK package, plus calls.ts and a tsconfig.calls.json that checks the two together."""
    files, _ = render_target(spec, "typescript", package=PACKAGE)
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    found = re.search(r"export \{ (\w+), \1 as default", files["src/index.ts"])
    assert found, "src/index.ts exports no default client"
    (out / "calls.ts").write_text(example_calls(spec, "./src/index.js", found[1]), encoding="utf-8")
    config = {"extends": "./tsconfig.json", "compilerOptions": {"rootDir": "."}, "include": ["src", "calls.ts"]}
    (out / "tsconfig.calls.json").write_text(json.dumps(config), encoding="utf-8")
    return len(files)


def first_errors(output: str, n: int = 15) -> str:
    errors = [line for line in output.splitlines() if ERROR.match(line)]
    shown = "\n".join(errors[:n] or output.strip().splitlines()[:n])
    return f"{len(errors)} errors, the first:\n{shown}" if errors else shown


@pytest.mark.parametrize("spec", SPECS or ["(none)"], ids=lambda s: s.split("/")[0])
def test_corpus_typescript_sdk_and_example_calls_pass_tsc_strict(spec: str, tmp_path: Path) -> None:
    path = CORPUS / spec
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    count = write_package(path, tmp_path)
    assert count > 10 and (tmp_path / "src/index.ts").is_file() and (tmp_path / "tsconfig.json").is_file()
    proc = run([str(ensure_tsc()), "--noEmit", "--strict", "--skipLibCheck", "-p", str(tmp_path / "tsconfig.calls.json")],
               cwd=tmp_path, timeout=300)
    # src/... errors are the SDK's; calls.ts errors are an example call the SDK rejects.
    assert proc.returncode == 0, f"{spec}: tsc --strict fails: " + first_errors(proc.stdout + proc.stderr)
