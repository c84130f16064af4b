#!/usr/bin/env python3
"""sdkgen versus openapi-python-client, side by side in one run → bench/RESULTS.md.

For each spec (specs/bluum, and ../shared/corpus/stripe/spec3.yaml when present) and each
generator, from a cold start (empty sdkgen cache, fresh output folder, a quiet disk), the
median of ``--runs`` runs (3):

- wall time and peak RSS of generating a complete Python SDK (the generator's process and
  every process it waited for: sdkgen's forked validator, openapi-python-client's ruff);
- operations in the spec versus operations that got a method in the generated code, found by
  reading the generated source (HTTP method + path of every request it can send);
- for each generated SDK: the time to import it and reach one list operation, and the time to
  parse a 1,000-item list response into models through that operation (mocked transport).

openapi-python-client is installed by this script into its own venv under
``$SDKGEN_BENCH_DIR`` (default ``~/.cache/sdkgen/bench``). It refuses the Bluum spec as
written (its discriminator mapping values are ``{$ref}`` objects), so Bluum is also measured
on a copy with that mapping hand-fixed to strings, marked "(fixed)". It runs with
``literal_enums: true``: with its default enum classes it stops on Stripe with
"Duplicate key GMT0 in enum" and writes nothing.

Usage: python3 bench/compare.py [--repeat N]   (needs network access to PyPI the first time)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
OPC_VERSION = "0.29.1"
BENCH_DIR = Path(os.environ.get("SDKGEN_BENCH_DIR") or Path.home() / ".cache" / "sdkgen" / "bench")
VERBS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Case:
    name: str
    spec: Path
    package: str
    list_op: tuple[str, str]  # the operation used for the import and parse measures
    fix_for_opc: bool = False


@dataclass
class Row:
    case: str
    tool: str
    ok: bool
    note: str = ""
    wall: float = 0.0
    rss_mb: float = 0.0
    ops_spec: int = 0
    ops_generated: int = 0
    import_s: float | None = None
    parse_s: float | None = None


# --- running and measuring processes ---


def settle() -> None:
    """Let the disk go quiet before a measured run, which would otherwise pay for the previous
    one's writeback. Each run writes to a folder of its own and nothing is deleted until the end:
    ext4 avoids reusing recently freed inodes, so creating thousands of files within minutes of
    deleting thousands is several times slower (`recently_deleted` in perf: Stripe's 4,786 files
    took 1.4 s instead of 0.15 s)."""
    os.sync()
    time.sleep(SETTLE_SECONDS)


SETTLE_SECONDS = 6  # past ext4's 5 s journal commit interval


def measured(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, float, int, str]:
    """Run ``cmd``; return wall seconds, peak RSS in MB (largest process waited for), exit code, output."""
    settle()
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    return wall, usage.ru_maxrss / 1024, proc.returncode, output


def opc_command(venv: Path, spec: Path, out: Path, work: Path) -> list[str]:
    config = work / "opc-config.yaml"
    config.write_text("literal_enums: true\n", encoding="utf-8")
    return [str(venv / "bin" / "openapi-python-client"), "generate", "--path", str(spec), "--output-path", str(out), "--overwrite", "--config", str(config)]


def ensure_opc() -> Path:
    venv = BENCH_DIR / f"opc-{OPC_VERSION}"  # reused across runs
    python = venv / "bin" / "python"
    if not (venv / "bin" / "openapi-python-client").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", f"openapi-python-client=={OPC_VERSION}"], check=True)
    return venv


# --- reading specs and generated code ---


def load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def norm_path(path: str) -> str:
    return re.sub(r"\{[^{}]*\}", "{}", path.split("?")[0])


def spec_operations(spec: Path) -> set[tuple[str, str]]:
    doc = load(spec)
    return {(verb, norm_path(p)) for p, item in (doc.get("paths") or {}).items() if isinstance(item, dict) for verb in VERBS if verb in item}


SDKGEN_CALL = re.compile(r"self\._client\.request(?:_page)?\(\s*\"(\w+)\",\s*f?\"([^\"]+)\"")
OPC_CALL = re.compile(r"\"method\":\s*\"(\w+)\",\s*\"url\":\s*f?\"([^\"]+)\"")


def generated_operations(out: Path, pattern: re.Pattern[str]) -> set[tuple[str, str]]:
    found = set()
    for path in out.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for verb, url in pattern.findall(text):
            # sdkgen writes {path_param('id', id)}; openapi-python-client writes {id}
            found.add((verb.lower(), norm_path(re.sub(r"\{path_param\([^)]*\)\}", "{}", url))))
    return found


class Schemas:
    """Follows ``$ref``s across the spec's files with sdkgen's own loader."""

    def __init__(self, spec: Path) -> None:
        from generator.diagnostics import Diagnostics
        from generator.load import load_document

        self.doc = load_document(spec, Diagnostics())

    def resolve(self, node: Any, file: str) -> tuple[Any, str]:
        node, file, _ = self.doc.deref(node, file, "")
        return node, file

    def properties(self, schema: Any, file: str) -> dict[str, tuple[Any, str]]:
        schema, file = self.resolve(schema, file)
        out: dict[str, tuple[Any, str]] = {}
        for part in schema.get("allOf", []) if isinstance(schema, dict) else []:
            out.update(self.properties(part, file))
        for name, prop in ((schema.get("properties") or {}) if isinstance(schema, dict) else {}).items():
            out[name] = (prop, file)
        return out

    def required(self, schema: Any, file: str) -> list[str]:
        schema, file = self.resolve(schema, file)
        names = list(schema.get("required", [])) if isinstance(schema, dict) else []
        for part in schema.get("allOf", []) if isinstance(schema, dict) else []:
            names += self.required(part, file)
        return names

    def minimal(self, schema: Any, file: str, depth: int = 0) -> Any:
        """A valid value: all properties of the outer objects, then required ones only; first variant of unions."""
        schema, file = self.resolve(schema, file)
        if not isinstance(schema, dict) or depth > 8:
            return None
        for key in ("oneOf", "anyOf"):
            if key in schema:
                options = [s for s in schema[key] if not (isinstance(s, dict) and s.get("type") == "null")]
                return self.minimal(options[0], file, depth + 1) if options else None
        if "enum" in schema:
            return next((v for v in schema["enum"] if v is not None), None)
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), None)
        if kind == "object" or "properties" in schema or "allOf" in schema:
            # every property near the top (models get real work), required ones only below
            props = self.properties(schema, file)
            names = list(props) if depth < 3 else self.required(schema, file)
            return {name: self.minimal(*props[name], depth + 1) if name in props else "x" for name in names}
        if kind == "array":
            return []
        if kind == "integer":
            return 1
        if kind == "number":
            return 1.5
        if kind == "boolean":
            return False
        if kind == "string":
            return {"date-time": "2024-01-02T03:04:05Z", "date": "2024-01-02"}.get(schema.get("format", ""), "x")
        return None


def list_body(case: Case, items: int) -> dict[str, Any]:
    """A 200 body for the case's list operation with ``items`` entries in its array field."""
    schemas = Schemas(case.spec)
    root = schemas.doc.root.name
    verb, path = case.list_op
    response, file = schemas.resolve(schemas.doc.data["paths"][path][verb]["responses"]["200"], root)
    media = response["content"]["application/json"]["schema"]
    envelope = schemas.minimal(media, file)
    props = schemas.properties(media, file)
    array_field = next(name for name, (prop, f) in props.items() if schemas.resolve(prop, f)[0].get("type") == "array")
    prop, f = props[array_field]
    prop, f = schemas.resolve(prop, f)
    item = schemas.minimal(prop["items"], f)
    envelope[array_field] = [dict(item, id=f"id_{i}") if isinstance(item, dict) and "id" in item else item for i in range(items)]
    return envelope


# --- the measured runs ---


SDKGEN_RUNNER = r'''
import json, sys, time
t0 = time.perf_counter()
import httpx
import {package}
from {package} import {client}
{imports}
t1 = time.perf_counter()
body = json.loads(open(sys.argv[1]).read())
def handler(request):
    return httpx.Response(200, json=body)
client = {client}(api_key="k", api_secret="s", base_url="https://example.test", http_client=httpx.Client(transport=httpx.MockTransport(handler)))
ta = time.perf_counter()
{resource}  # resources load on first use: count that as import
tb = time.perf_counter()
{call}  # warm
t2 = time.perf_counter()
page = {call}
t3 = time.perf_counter()
assert len(page.data) == {items}, len(page.data)
print(json.dumps({{"import": t1 - t0 + tb - ta, "parse": t3 - t2}}))
'''

OPC_RUNNER = r'''
import json, sys, time
t0 = time.perf_counter()
import httpx
from {package} import Client
from {package}.api.{module} import {endpoint}
t1 = time.perf_counter()
body = json.loads(open(sys.argv[1]).read())
def handler(request):
    return httpx.Response(200, json=body)
client = Client(base_url="https://example.test", httpx_args={{"transport": httpx.MockTransport(handler)}})
{endpoint}.sync(client=client)
t2 = time.perf_counter()
result = {endpoint}.sync(client=client)
t3 = time.perf_counter()
import attrs
items = [getattr(result, f.name) for f in attrs.fields(type(result)) if isinstance(getattr(result, f.name), list)] if attrs.has(type(result)) else []
assert items and len(items[0]) == {items}, (type(result), result if result is None else "")
print(json.dumps({{"import": t1 - t0, "parse": t3 - t2}}))
'''


def best_of(n: int, cmd: list[str], env: dict[str, str]) -> dict[str, float] | str:
    best: dict[str, float] = {}
    for _ in range(n):
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            return (proc.stderr.strip().splitlines() or ["failed"])[-1][:160]
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        best = {k: min(v, best.get(k, v)) for k, v in result.items()}
    return best


def median_of(runs: int, run: Callable[[int], tuple[float, float, int, str]]) -> tuple[float, float, int, str]:
    """Median wall time and largest peak RSS of ``runs`` cold runs; the last run's exit code and output."""
    results = [run(i) for i in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results), results[-1][2], results[-1][3]


def run_sdkgen(case: Case, work: Path, repeat: int, body_file: Path, items: int, runs: int) -> Row:
    out = work / f"sdkgen-{case.name}"

    def once(i: int) -> tuple[float, float, int, str]:
        nonlocal out
        out = work / f"sdkgen-{case.name}-{i}"
        env = {**os.environ, "SDKGEN_CACHE_DIR": str(work / f"sdkgen-cache-{case.name}-{i}")}  # cold: an empty cache each run
        return measured([sys.executable, "-m", "generator.cli", "generate", str(case.spec), "--lang", "python", "--out", str(out), "--package", case.package, "-q"], env, ROOT)

    wall, rss, code, output = median_of(runs, once)
    env = {**os.environ}
    row = Row(case.name, f"sdkgen {__import__('generator').__version__}", code == 0, "" if code == 0 else output.strip().splitlines()[-1][:160], wall, rss)
    row.ops_spec = len(spec_operations(case.spec))
    if code != 0:
        return row
    row.ops_generated = len(generated_operations(out, SDKGEN_CALL) & spec_operations(case.spec))
    from generator.pipeline import build_ir
    from generator.targets.python.examples import typed_call
    from generator.targets.python.naming import class_name
    from generator.normalise.words import pascal, words

    api, _ = build_ir(case.spec, validate=False)
    op = next(o for o in api.operations if (o.http_method.lower(), o.path) == case.list_op)
    script = work / f"run-sdkgen-{case.name}.py"
    example = typed_call(api, op, case.package)
    code = example.code.replace("\n", " ")
    script.write_text(SDKGEN_RUNNER.format(package=case.package, client=class_name(pascal(words(case.package))), imports="; ".join(example.imports) or "pass", call=code, resource=".".join(code.split("(")[0].split(".")[:2]), items=items))
    result = best_of(repeat, [sys.executable, str(script), str(body_file)], {**env, "PYTHONPATH": str(out / "src")})
    if isinstance(result, str):
        row.note = f"run failed: {result}"
    else:
        row.import_s, row.parse_s = result["import"], result["parse"]
    return row


def run_opc(case: Case, work: Path, repeat: int, body_file: Path, items: int, venv: Path, runs: int) -> Row:
    spec = case.spec
    label = case.name
    if case.fix_for_opc:
        fixed = work / f"{case.name}-fixed" / spec.name
        shutil.copytree(spec.parent, fixed.parent)
        text = fixed.read_text(encoding="utf-8")
        # the one hand fix: discriminator mapping values as strings, not {$ref: ...} objects
        def strings(block: re.Match[str]) -> str:
            return re.sub(r"(\n\s+\w+):\n\s+\$ref: ('[^']+')", r"\1: \2", block.group(0))

        text = re.sub(r"\n(\s+)mapping:(?:\n\1  \w+:\n\1    \$ref: '[^']+')+", strings, text)
        fixed.write_text(text, encoding="utf-8")
        spec, label = fixed, f"{case.name} (fixed)"
    out = work / f"opc-{label.replace(' ', '-')}"

    def once(i: int) -> tuple[float, float, int, str]:
        nonlocal out
        out = work / f"opc-{label.replace(' ', '-')}-{i}"
        return measured(opc_command(venv, spec, out, work), None, work)

    wall, rss, code, output = median_of(runs, once)
    # exit 1 with "Warning(s) encountered" still writes a client: judge by what was written
    failed = not out.is_dir() or not any((p / "client.py").is_file() for p in out.iterdir())
    row = Row(label, f"openapi-python-client {OPC_VERSION}", not failed, "", wall, rss)
    row.ops_spec = len(spec_operations(spec))
    if failed:
        lines = [line for line in output.splitlines() if line.strip()]
        row.note = "refused: " + (lines[2] if len(lines) > 2 else " ".join(lines))[:160]
        return row
    warnings = output.count("WARNING parsing")
    row.ops_generated = len(generated_operations(out, OPC_CALL) & spec_operations(spec))
    row.note = f"{warnings} warnings" if warnings else ""
    package = next(p.name for p in out.iterdir() if (p / "client.py").is_file())
    verb, path = case.list_op
    module = endpoint = None
    for file in sorted((out / package / "api").rglob("*.py")):
        text = file.read_text(encoding="utf-8")
        if any(v.lower() == verb and norm_path(u) == norm_path(path) for v, u in OPC_CALL.findall(text)):
            module, endpoint = ".".join(file.relative_to(out / package / "api").parts[:-1]), file.stem
            break
    if module is None:
        row.note = (row.note + "; " if row.note else "") + f"no method for {verb.upper()} {path}"
        return row
    script = work / f"run-opc-{label.replace(' ', '-')}.py"
    script.write_text(OPC_RUNNER.format(package=package, module=module, endpoint=endpoint, items=items))
    result = best_of(repeat, [str(venv / "bin" / "python"), str(script), str(body_file)], {**os.environ, "PYTHONPATH": str(out)})
    if isinstance(result, str):
        row.note = (row.note + "; " if row.note else "") + f"list call failed: {result}"
    else:
        row.import_s, row.parse_s = result["import"], result["parse"]
    return row


def run_check(work: Path, repeat: int) -> tuple[float, float]:
    """`sdkgen check` on specs/bluum with this repository's three targets: the first run (renders
    and fills the cache) and the best unchanged run after it — what a pre-commit hook pays."""
    project = work / "check-project"
    project.mkdir()
    config = (ROOT / "sdkgen.yaml").read_text(encoding="utf-8").replace("spec: specs/", f"spec: {ROOT}/specs/")
    (project / "sdkgen.yaml").write_text(config, encoding="utf-8")
    env = {**os.environ, "SDKGEN_CACHE_DIR": str(work / "check-cache")}
    subprocess.run([sys.executable, "-m", "generator.cli", "generate", "-q"], cwd=project, env={**env, "PYTHONPATH": str(ROOT)}, check=True)
    runs = []
    for _ in range(repeat + 1):
        wall, _, code, output = measured([sys.executable, "-m", "generator.cli", "check", "-q"], {**env, "PYTHONPATH": str(ROOT)}, project)
        if code != 0:
            raise SystemExit(f"sdkgen check failed on a freshly generated project:\n{output}")
        runs.append(wall)
    return runs[0], min(runs[1:])


# --- the report ---


def fmt(value: float | None, unit: str = " s", digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}{unit}"


def report(rows: list[Row], items: int, runs: int) -> str:
    lines = [
        "# sdkgen vs openapi-python-client",
        "",
        f"Measured by `python3 bench/compare.py` on {time.strftime('%Y-%m-%d')}, {platform.node() and 'this machine'}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.machine()}. "
        f"Wall time is the median of {runs} cold runs per generator (empty sdkgen cache, fresh output folder, the disk "
        f"left to settle for {SETTLE_SECONDS} s after a sync before each); peak RSS is the largest process of any of them.",
        "",
        f"| spec | generator | result | wall | peak RSS | operations in spec | generated | dropped | import + reach one list op | parse {items:,}-item list |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        dropped = r.ops_spec - r.ops_generated if r.ok else r.ops_spec
        result = "ok" if r.ok else "failed"
        if r.note:
            result += f" ({r.note.replace('|', '/')})"
        lines.append(
            f"| {r.case} | {r.tool} | {result} | {fmt(r.wall)} | {r.rss_mb:.0f} MB | {r.ops_spec} | {r.ops_generated if r.ok else 0} | {dropped} | {fmt(r.import_s)} | {fmt(r.parse_s)} |"
        )
    return "\n".join(lines) + "\n"


def targets(rows: list[Row], check: tuple[float, float] | None) -> str:
    def find(case: str, tool: str) -> Row | None:
        return next((r for r in rows if r.case == case and r.tool.startswith(tool)), None)

    out = ["", "## Targets (issue #6)", "", "| target | measured | met |", "|---|---|---|"]
    ours, theirs = find("stripe", "sdkgen"), find("stripe", "openapi-python-client")
    if ours and theirs and ours.ok:
        ratio = theirs.wall / ours.wall if theirs.ok else None
        out.append(f"| Stripe → complete Python SDK ≥ 10× faster than openapi-python-client in the same run | {ours.wall:.1f} s vs {theirs.wall:.1f} s: {fmt(ratio, '×', 1)} | {'yes' if ratio and ratio >= 10 else 'no'} |")
        out.append(f"| Stripe: sdkgen under 400 MB | {ours.rss_mb:.0f} MB | {'yes' if ours.rss_mb < 400 else 'no'} |")
        dropped = ours.ops_spec - ours.ops_generated
        out.append(f"| Stripe: 0 operations dropped | {dropped} dropped of {ours.ops_spec} | {'yes' if dropped == 0 else 'no'} |")
    if check is not None:
        first, unchanged = check
        out.append(f"| `sdkgen check` on specs/bluum (python, typescript, docs) under 1 s when nothing changed | {unchanged:.2f} s (first run, which renders and fills the cache: {first:.2f} s) | {'yes' if unchanged < 1 else 'no'} |")
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="best of N for the import and parse figures")
    parser.add_argument("--runs", type=int, default=3, help="median of N cold generations for the wall time")
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--only", choices=("bluum", "stripe"), help="one spec (for trying the script out)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    cases = [Case("bluum", ROOT / "specs/bluum/openapi.yaml", "bluum", ("get", "/documents"), fix_for_opc=True)]
    if (CORPUS / "stripe/spec3.yaml").is_file():
        cases.append(Case("stripe", CORPUS / "stripe/spec3.yaml", "stripe", ("get", "/v1/customers")))
    else:
        print(f"note: {CORPUS} is absent: Stripe skipped", file=sys.stderr)
    cases = [c for c in cases if args.only in (None, c.name)]
    venv = ensure_opc()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="sdkgen-bench-") as tmp:
        work = Path(tmp)
        for case in cases:
            body_file = work / f"{case.name}-list.json"
            body_file.write_text(json.dumps(list_body(case, args.items)))
            for run in (lambda: run_sdkgen(case, work, args.repeat, body_file, args.items, args.runs),
                        lambda: run_opc(case, work, args.repeat, body_file, args.items, venv, args.runs)):
                row = run()
                print(f"{row.case:14} {row.tool:32} ok={row.ok} {row.wall:6.1f} s {row.rss_mb:5.0f} MB ops {row.ops_generated}/{row.ops_spec} import {fmt(row.import_s)} parse {fmt(row.parse_s)} {row.note}", file=sys.stderr)
                rows.append(row)
            if case.fix_for_opc:  # also the tool's view of the spec as written
                rows.insert(len(rows) - 1, _refused_as_written(case, work, venv))
        check = run_check(work, args.repeat) if args.only in (None, "bluum") else None
        if check is not None:
            print(f"sdkgen check: first {check[0]:.2f} s, unchanged {check[1]:.2f} s", file=sys.stderr)
    args.output.write_text(report(rows, args.items, args.runs) + targets(rows, check), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _refused_as_written(case: Case, work: Path, venv: Path) -> Row:
    out = work / f"opc-{case.name}-as-written"
    wall, rss, code, output = measured(opc_command(venv, case.spec, out, work), None, work)
    ok = out.is_dir() and any((p / "client.py").is_file() for p in out.iterdir())
    lines = [line for line in output.splitlines() if line.strip()]
    note = "" if ok else "refused: " + " ".join(lines[1:3])[:160]
    return Row(case.name, f"openapi-python-client {OPC_VERSION}", ok, note, wall, rss, len(spec_operations(case.spec)),
               len(generated_operations(out, OPC_CALL) & spec_operations(case.spec)) if ok else 0)


if __name__ == "__main__":
    sys.exit(main())
