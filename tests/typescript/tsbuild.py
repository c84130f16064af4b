"""Compile TypeScript for the tests with the pinned compiler in tools/ and run it with node.

``compile_ts(sources, out)`` type-checks and emits ES modules under ``out`` (keeping the
paths relative to the repository), ``run_node_tests(files)`` runs ``node --test``. The
compiler comes from ``tools/node_modules`` (``npm ci`` there when missing).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"
TSC = TOOLS / "node_modules" / ".bin" / "tsc"
GENERATED = ROOT / "generated" / "typescript"
TESTS = ROOT / "tests" / "typescript"

# The generated package's own settings, so the tests see the SDK the way its users do.
COMPILER_OPTIONS = {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "lib": ["ES2022", "DOM", "DOM.Iterable"],
    "types": [],
    "strict": True,
    "noImplicitOverride": True,
    "noUncheckedIndexedAccess": True,
    "exactOptionalPropertyTypes": True,
    "skipLibCheck": False,
}


class ToolError(RuntimeError):
    """tsc or node is not available."""


def ensure_tsc() -> Path:
    if TSC.is_file() and os.access(TSC, os.X_OK):
        return TSC
    npm = shutil.which("npm")
    if npm is None:
        raise ToolError(f"TypeScript is not installed ({TSC} is missing) and npm is not on PATH; run scripts/install-test-deps")
    proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TOOLS,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if proc.returncode != 0 or not TSC.is_file():
        raise ToolError(f"`npm ci` in {TOOLS} failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return TSC


def node() -> str:
    found = shutil.which("node")
    if found is None:
        raise ToolError("node is not on PATH; the TypeScript tests need Node.js 18+")
    return found


def run(cmd: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def compile_ts(sources: list[Path], out: Path, *, emit: bool = True, root: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Type-check ``sources`` (and what they import) and emit JavaScript under ``out/js``,
    at their paths relative to ``root``."""
    out.mkdir(parents=True, exist_ok=True)
    where = {"rootDir": str(root), "outDir": str(out / "js")} if emit else {"noEmit": True}
    config = {"compilerOptions": {**COMPILER_OPTIONS, **where}, "files": [str(p) for p in sources]}
    (out / "tsconfig.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    (out / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
    return run([str(ensure_tsc()), "-p", str(out / "tsconfig.json")], cwd=out)


def emitted(out: Path, source: Path) -> Path:
    """Where ``compile_ts`` put the JavaScript for ``source``."""
    return out / "js" / source.relative_to(ROOT).with_suffix(".js")


def run_node_tests(files: list[Path], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([node(), "--test", *map(str, files)], cwd=cwd, capture_output=True, text=True, timeout=600,
                          stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})})


def example_calls(spec: Path, sdk_index: str, client: str) -> str:
    """A TypeScript module with every operation's example call (``examples.call``: the README's
    examples are some of them), against the SDK whose src/index.js is ``sdk_index``."""
    from generator.pipeline import build_ir
    from generator.targets.typescript.examples import call

    api, _ = build_ir(spec, validate=False)
    lines = [f"import type {{ {client} }} from {json.dumps(sdk_index)};", "", f"declare const client: {client};"]
    for i, op in enumerate(api.operations):
        code = call(op, api).replace("\n", "\n  ")
        lines += ["", f"// {json.dumps(op.id)}", f"export async function call{i}(): Promise<unknown> {{",
                  f"  return await {code};", "}"]
    return "\n".join(lines) + "\n"
