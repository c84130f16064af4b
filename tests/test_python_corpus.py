"""Real-world specs (../shared/corpus): each yields a Python SDK that compiles, imports and type-checks.

For every corpus spec the Python target renders an SDK in memory (the target interface,
``render_files``, without the formatting pass, which does not change what the code means),
writes it to a temporary folder, byte-compiles it and, in a fresh interpreter, imports the
package, builds both clients, opens every resource and loads every model — the SDK loads its
modules lazily, so each one is touched once — and completes every pydantic schema, which is
where a dangling forward reference would surface, and resolves every ``lazy_model`` stand-in. The small and medium SDKs also pass
``mypy --strict``. Spec validation is the check stage's business (tests/test_corpus.py).
Skipped when the corpus folder is absent.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.pipeline import build_ir
from generator.targets import get_target

from test_corpus import CORPUS, SPECS

pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is absent")]

PACKAGE = "corpus_sdk"
# Too big for mypy within this file's budget (minutes each on this machine).
NO_MYPY = {"stripe", "plaid", "discord", "twilio-api-v2010"}

# Runs in a fresh interpreter: argv = source folder, package. Prints one line per failure.
IMPORT_EVERYTHING = r"""
import compileall, importlib, inspect, io, sys, traceback
from contextlib import redirect_stdout
from functools import cached_property

import pydantic

src, package = sys.argv[1], sys.argv[2]
failures = []


def attempt(label, action):
    try:
        action()
    except Exception as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(src)]
        where = f" ({frames[-1].filename[len(src) + 1:]}:{frames[-1].lineno})" if frames else ""
        failures.append(f"{label}{where}: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0]}")


def load_models():
    types = importlib.import_module(package + ".types")
    for name in types.__all__:
        attempt(f"types.{name}", lambda: complete(getattr(types, name)))


def resolve_stand_ins():
    # Models refer to each other through lazy_model stand-ins, resolved only when a response
    # holds one: each must name a real model class.
    registry = importlib.import_module(package + "._models")._lazy_models
    for module, name in sorted(registry):
        target = getattr(importlib.import_module(module), name, None)
        if not (inspect.isclass(target) and issubclass(target, pydantic.BaseModel)):
            failures.append(f"lazy_model({module!r}, {name!r}) names no model")


def complete(value):
    if inspect.isclass(value) and issubclass(value, pydantic.BaseModel):
        value.model_rebuild(raise_errors=True)
    else:
        pydantic.TypeAdapter(value)


def open_resources():
    pkg = importlib.import_module(package)
    for cls in (getattr(pkg, pkg.__all__[0]), getattr(pkg, pkg.__all__[1])):
        client = cls(base_url="http://localhost")
        for name, attr in sorted(vars(cls).items()):
            if isinstance(attr, cached_property):
                attempt(f"{cls.__name__}.{name}", lambda: getattr(client, name).with_raw_response)


with redirect_stdout(io.StringIO()) as out:
    compiled = compileall.compile_dir(src, quiet=1)
if not compiled:
    sys.exit("compileall failed:\n" + out.getvalue()[-3000:])
sys.path.insert(0, src)
attempt("import " + package, open_resources)
attempt("import types", load_models)
attempt("stand-ins", resolve_stand_ins)
print("\n".join(failures))
sys.exit(1 if failures else 0)
"""


def render_sdk(spec: Path, out: Path) -> Path:
    api, _ = build_ir(spec, validate=False)
    for rel, text in get_target("python").render_files(api, PACKAGE).items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return out


def first_lines(text: str, n: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[:n])


@pytest.mark.parametrize("spec", SPECS or ["(none)"], ids=lambda s: s.split("/")[0])
def test_corpus_python_sdk_compiles_and_imports(spec: str, tmp_path: Path) -> None:
    path = CORPUS / spec
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    out = render_sdk(path, tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    prefix = PACKAGE.upper()
    env.update({f"{prefix}_API_KEY": "key", f"{prefix}_API_SECRET": "secret"})
    proc = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING, str(out / "src"), PACKAGE],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert proc.returncode == 0, f"{spec}: the generated SDK does not load:\n{first_lines(proc.stdout + proc.stderr)}"


@pytest.mark.parametrize("spec", [s for s in SPECS if s.split("/")[0] not in NO_MYPY] or ["(none)"], ids=lambda s: s.split("/")[0])
def test_corpus_python_sdk_passes_mypy_strict(spec: str, tmp_path: Path) -> None:
    path = CORPUS / spec
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    out = render_sdk(path, tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, f"src/{PACKAGE}"],
        capture_output=True, text=True, cwd=out, timeout=300,
    )
    assert proc.returncode == 0, f"{spec}: mypy --strict fails:\n{first_lines(proc.stdout + proc.stderr)}"
