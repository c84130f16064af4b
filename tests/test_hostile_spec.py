"""Issue #8: a spec written to break generators (tests/fixtures/hostile/openapi.yaml) must
generate code that compiles, imports and type-checks, runs nothing the spec wrote, and writes
nothing outside the output folder — for every target.

The fixture plants payloads in every text slot; each would create a file named ``PWNED_*`` if
it ever ran as code, so besides the marker files the tests check that the word ``PWNED`` only
ever appears inside string literals, docstrings and comments of the generated code.
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
import subprocess
import sys
import textwrap
import tokenize
from functools import lru_cache
from pathlib import Path

import pytest

from generator.generate import generate_target, render_target
from generator.targets import available_targets

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "openapi.yaml"
TSC = ROOT / "tools" / "node_modules" / ".bin" / "tsc"
TARGETS = available_targets()


@lru_cache(maxsize=None)
def rendered(lang: str) -> dict[str, str]:
    files, _ = render_target(HOSTILE, lang)
    return files


@pytest.fixture(scope="module")
def python_sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile spec's Python SDK written by the real CLI path (default package name)."""
    out = tmp_path_factory.mktemp("hostile") / "python"
    generate_target(HOSTILE, "python", out)
    return out


def _package_dir(sdk: Path) -> Path:
    (pkg,) = [p for p in (sdk / "src").iterdir() if p.is_dir()]
    return pkg


def _markers(root: Path) -> list[str]:
    return sorted(str(p) for p in root.rglob("*PWNED*"))


# --- every target -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", TARGETS)
def test_output_paths_stay_inside_the_output_folder(lang: str) -> None:
    for path in rendered(lang):
        parts = Path(path).parts
        assert path and not Path(path).is_absolute() and ".." not in parts and "\\" not in path, path
        assert all(part not in ("", ".") and not part.startswith("..") for part in parts), path
        assert re.fullmatch(r"[A-Za-z0-9_.\-/]+", path), f"file name outside a portable set: {path!r}"


@pytest.mark.parametrize("lang", TARGETS)
def test_output_paths_are_unique_on_a_case_insensitive_file_system(lang: str) -> None:
    lowered: dict[str, str] = {}
    for path in rendered(lang):
        assert path.lower() not in lowered, f"{path} and {lowered[path.lower()]} collide on a case-insensitive file system"
        lowered[path.lower()] = path


@pytest.mark.parametrize("lang", TARGETS)
def test_generate_writes_only_under_the_output_folder(lang: str, tmp_path: Path) -> None:
    out = tmp_path / "work" / "out"
    generate_target(HOSTILE, lang, out)
    outside = [p for p in tmp_path.rglob("*") if out not in p.parents and p not in (out, out.parent)]
    assert outside == []
    assert _markers(tmp_path) == []


@pytest.mark.parametrize("lang", TARGETS)
def test_spec_text_is_never_evaluated_as_a_template(lang: str) -> None:
    text = "\n".join(rendered(lang).values())
    assert "7*7" in text.replace("\\", "")  # the Jinja payload is shown as written...
    assert not re.search(r"Jinja\W*49", text)  # ...and never evaluated ("Jinja {{ 7*7 }}" in the fixture)


@pytest.mark.parametrize("lang", TARGETS)
def test_output_does_not_depend_on_hash_seed(lang: str, tmp_path: Path) -> None:
    """Byte-for-byte deterministic: a second process with another hash seed renders the same."""
    script = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        from generator.generate import render_target
        files, _ = render_target(Path({str(HOSTILE)!r}), {lang!r})
        Path(sys.argv[1]).write_text(json.dumps(files, sort_keys=True), encoding="utf-8")
        """
    )
    dump = tmp_path / "files.json"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", script, str(dump)], cwd=ROOT, env=env, check=True, timeout=300)
    assert json.loads(dump.read_text(encoding="utf-8")) == rendered(lang)


@pytest.mark.parametrize("lang", TARGETS)
def test_markdown_keeps_its_structure(lang: str) -> None:
    """Spec text cannot add headings, raw HTML, or cells to a table in any Markdown file."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    md.validateLink = lambda url: True  # see every link: other renderers do not filter them
    pages = {path: text for path, text in rendered(lang).items() if path.endswith(".md")}
    if not pages:
        pytest.skip(f"{lang} writes no Markdown")
    for path, text in pages.items():
        tokens = md.parse(text)
        html = md.render(text)
        assert "<script" not in html.lower(), f"{path}: raw <script> survives"
        for link in re.findall(r'(?:href|src)="([^"]*)"', html):
            assert not re.match(r"\s*(javascript|vbscript|data|file):", link, re.I), f"{path}: a link runs script: {link!r}"
        for i, tok in enumerate(tokens):
            if tok.type == "heading_open":
                title = tokens[i + 1].content
                assert not title.startswith("heading injection"), f"{path}: a line of spec text became a heading: {title!r}"
            if tok.type in ("html_block", "html_inline"):
                assert "script" not in tok.content.lower(), f"{path}: raw HTML from the spec: {tok.content!r}"
        _assert_tables_keep_column_counts(path, text)


@pytest.mark.parametrize("lang", TARGETS)
def test_python_examples_in_markdown_are_valid_code(lang: str) -> None:
    """Example values from the spec cannot break out of the example code they are shown in, and
    every name an example uses is defined by the examples of that page (or is a builtin)."""
    import builtins

    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    for path, text in rendered(lang).items():
        if not path.endswith(".md"):
            continue
        blocks = [t.content for t in md.parse(text) if t.type == "fence" and t.info.strip() in ("python", "py")]
        bound, used = set(dir(builtins)) | {"client"}, set()  # reference pages assume the quick start's client
        for block in blocks:
            tree = ast.parse(block, path)  # raises on invalid code
            for node in ast.walk(tree):
                if isinstance(node, ast.Name):
                    (used if isinstance(node.ctx, ast.Load) else bound).add(node.id)
                elif isinstance(node, (ast.Import, ast.ImportFrom)):
                    bound.update((a.asname or a.name).split(".")[0] for a in node.names)
                elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    bound.add(node.name)
            for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
                assert not (isinstance(call.func, ast.Name) and call.func.id in ("open", "exec", "eval")), f"{path}: {ast.unparse(call)}"
        assert used <= bound, f"{path}: examples use undefined names {sorted(used - bound)}"


def test_typescript_examples_in_markdown_are_valid_code(tmp_path: Path) -> None:
    """The TypeScript SDK's README shows an example per group: each must parse, with no
    identifier that came from spec text."""
    if not (ROOT / "tools" / "node_modules" / "typescript").exists():
        pytest.skip("TypeScript not installed in tools/ (npm ci in tools/)")
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    snippets = []
    for path, text in sorted(rendered("typescript").items()):
        if path.endswith(".md"):
            snippets += [t.content for t in md.parse(text) if t.type == "fence" and t.info.strip() in ("ts", "typescript")]
    assert snippets, "the TypeScript README shows no examples"
    files = []
    for i, code in enumerate(snippets):
        files.append(tmp_path / f"snippet{i}.ts")
        files[-1].write_text(code, encoding="utf-8")
    syntax = subprocess.run(["node", "-e", TS_SYNTAX, str(ROOT / "tools" / "node_modules" / "typescript"), *map(str, files)],
                            capture_output=True, text=True, timeout=120)
    assert syntax.returncode == 0 and syntax.stdout.strip() == "", syntax.stdout[-3000:] + syntax.stderr[-2000:]
    scan = subprocess.run(["node", "-e", TS_SCAN, str(ROOT / "tools" / "node_modules" / "typescript"), *map(str, files)],
                          capture_output=True, text=True, timeout=120)
    assert scan.returncode == 0 and scan.stdout.strip() == "", scan.stdout[-3000:]


def _assert_tables_keep_column_counts(path: str, text: str) -> None:
    rows: list[str] = []
    for line in text.split("\n") + [""]:
        if line.startswith("|"):
            rows.append(line)
            continue
        if rows:
            counts = {row: _cells(row) for row in rows}
            header = _cells(rows[0])
            bad = [row for row, n in counts.items() if n != header]
            assert not bad, f"{path}: table rows with a different number of cells than the header: {bad[:2]}"
            rows = []


def _cells(row: str) -> int:
    # Pipes inside code spans must be escaped too (GFM splits cells before code spans).
    return len(re.findall(r"(?<!\\)\|", row)) - 1


# --- Python -----------------------------------------------------------------------------------

PY_ALLOWED_IMPORTS = {"__future__", "typing", "datetime", "functools", "importlib", "json", "os", "httpx", "pydantic"}


def _python_files(files: dict[str, str]) -> dict[str, str]:
    return {path: text for path, text in files.items() if path.endswith(".py")}


@pytest.mark.skipif("python" not in TARGETS, reason="no Python target")
def test_python_default_package_is_importable() -> None:
    packages = {Path(p).parts[1] for p in rendered("python") if p.startswith("src/")}
    assert len(packages) == 1
    (pkg,) = packages
    assert pkg.isidentifier() and pkg not in ("class", "import") and not pkg.startswith("_"), pkg


@pytest.mark.skipif("python" not in TARGETS, reason="no Python target")
def test_python_packaging_metadata_parses() -> None:
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads(rendered("python")["pyproject.toml"])["project"]
    assert "<script>alert(1)</script>" in project["description"]  # the title, kept as text


@pytest.mark.skipif("python" not in TARGETS, reason="no Python target")
def test_python_compiles_and_spec_text_stays_in_strings() -> None:
    for path, text in _python_files(rendered("python")).items():
        compile(text, path, "exec", dont_inherit=True)
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if "PWNED" in tok.string or "writeFileSync" in tok.string:
                assert tok.type in (tokenize.STRING, tokenize.COMMENT), f"{path}:{tok.start[0]}: spec text became code: {tok.string!r}"


@pytest.mark.skipif("python" not in TARGETS, reason="no Python target")
def test_python_runs_nothing_the_spec_wrote() -> None:
    """No call of open/exec/eval/os.system and no import beyond what the generator writes, in
    any module that is not a verbatim copy of the runtime core."""
    runtime = {p.name for p in (ROOT / "templates" / "python" / "runtime").iterdir()}
    for path, text in _python_files(rendered("python")).items():
        if Path(path).name in runtime and "/types/" not in path and "/resources/" not in path:
            continue
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = {alias.name.split(".")[0] for alias in node.names}
                assert names <= PY_ALLOWED_IMPORTS, f"{path}: unexpected import {names}"
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                assert (node.module or "").split(".")[0] in PY_ALLOWED_IMPORTS, f"{path}: unexpected import from {node.module}"
            elif isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                assert name not in {"open", "exec", "eval", "system", "popen", "__import__", "compile"}, f"{path}:{node.lineno}: call to {name}"


@pytest.mark.skipif("python" not in TARGETS, reason="no Python target")
def test_python_names_shadow_nothing() -> None:
    """A name bound twice at module level, or a parameter named like a module-level name the
    function uses, would silently change what the generated code means."""
    for path, text in _python_files(rendered("python")).items():
        tree = ast.parse(text)
        bound: dict[str, int] = {}
        for stmt in tree.body:
            for name in _bindings(stmt):
                assert name not in bound, f"{path}:{stmt.lineno}: {name} already bound on line {bound[name]}"
                bound[name] = stmt.lineno
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = {a.arg for a in node.args.args + node.args.kwonlyargs + node.args.posonlyargs}
                used = {n.id for stmt in node.body for n in ast.walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
                shadowed = args & used & set(bound)
                assert not shadowed, f"{path}:{node.lineno}: {node.name}() parameters shadow module names it uses: {shadowed}"
            if isinstance(node, ast.ClassDef) and "/types/" in path:
                fields = {s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)}
                annotation_names = {
                    n.id for s in node.body if isinstance(s, ast.AnnAssign) for n in ast.walk(s.annotation) if isinstance(n, ast.Name)
                }
                assert not fields & annotation_names, f"{path}:{node.lineno}: fields named like types they use: {fields & annotation_names}"
                assert not any(f.startswith("_") for f in fields), f"{path}:{node.lineno}: private field names {fields}"


def _bindings(stmt: ast.stmt) -> list[str]:
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return [(a.asname or a.name).split(".")[0] for a in stmt.names if a.name != "*"]
    if isinstance(stmt, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return [stmt.name]
    if isinstance(stmt, ast.Assign):
        return [t.id for t in stmt.targets if isinstance(t, ast.Name)]
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return [stmt.target.id]
    return []  # `if TYPE_CHECKING:` re-imports for the type checker only


@pytest.mark.skipif("python" not in TARGETS, reason="no Python target")
@pytest.mark.parametrize("package", ["a b", "class", "../x", "x/y", "1st", "naïve"])
def test_python_refuses_a_package_name_it_cannot_import(package: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator import cli

    result = CliRunner().invoke(cli.main, ["generate", str(HOSTILE), "--lang", "python", "--out", str(tmp_path / "out"), "--package", package])
    assert result.exit_code == 2, result.output
    assert f"--package {package!r}" in result.stderr
    assert list(tmp_path.iterdir()) == []


IMPORT_EVERYTHING = textwrap.dedent(
    """
    import asyncio, importlib, json, pkgutil, sys
    sys.path.insert(0, sys.argv[1])
    pkg_name = sys.argv[2]
    pkg = importlib.import_module(pkg_name)
    for mod in pkgutil.walk_packages(pkg.__path__, pkg_name + "."):
        importlib.import_module(mod.name)
    types = importlib.import_module(pkg_name + ".types")
    for name in types.__all__:
        getattr(types, name)
    client_name = pkg.__all__[0]
    for cls in (getattr(pkg, client_name), getattr(pkg, "Async" + client_name)):
        client = cls(api_key="k", base_url="http://127.0.0.1:9")
        for attr in dir(type(client)):
            if isinstance(getattr(type(client), attr, None), __import__("functools").cached_property):
                inherited = [base for base in type(client).__mro__[1:] if attr in vars(base)]
                assert not inherited, f"resource {attr} replaces {inherited[0].__name__}.{attr}"
                resource = getattr(client, attr)
                resource.with_raw_response
    # Wire names survive a round trip through the model with the most hostile property names.
    Hostile = types.Hostile
    declared = {name if f.alias is None else f.alias for name, f in Hostile.model_fields.items()}
    payload = {"class": "c", "''": "q", "": "empty", "ünïcode": "u", "1st": "one", "a-b": "dash", "a b": "space",
               "a_b": "under", "AB": "caps", "__init__": "init", "_private": "p", "Optional": "o", "List": 3,
               "self": "s", "status": "new\\nline", "model_config": "m"}
    assert set(payload) <= declared, set(payload) - declared  # each is a field, not an extra
    model = Hostile.model_validate(payload)
    dumped = model.model_dump(by_alias=True, exclude_unset=True)
    assert dumped == payload, (dumped, payload)
    print("ok")
    """
)


@pytest.mark.skipif("python" not in TARGETS, reason="no Python target")
def test_python_import_runs_no_spec_statement(python_sdk: Path, tmp_path: Path) -> None:
    """Import every module (the lazily loaded ones too), touch every model and resource, and
    round-trip the hostile model: no marker file appears and wire names are kept."""
    pkg = _package_dir(python_sdk)
    run = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING, str(python_sdk / "src"), pkg.name],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip().endswith("ok")
    assert _markers(tmp_path) == [] and _markers(python_sdk) == []


@pytest.mark.skipif("python" not in TARGETS, reason="no Python target")
def test_python_type_checks(python_sdk: Path, tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), "--config-file", "",
         "--follow-imports", "silent", str(_package_dir(python_sdk))],
        cwd=python_sdk / "src", capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:]


# --- TypeScript -------------------------------------------------------------------------------


@pytest.mark.skipif("typescript" not in TARGETS, reason="no TypeScript target")
def test_typescript_type_checks_and_spec_text_stays_in_strings_and_comments(tmp_path: Path) -> None:
    if not TSC.exists():
        pytest.skip("TypeScript not installed in tools/ (npm ci in tools/)")
    out = tmp_path / "ts"
    generate_target(HOSTILE, "typescript", out)
    sources = sorted(str(p) for p in out.rglob("*.ts"))
    assert sources
    run = subprocess.run([str(TSC), "--noEmit", "--strict", "-p", str(out)], cwd=out, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-4000:]
    scan = subprocess.run(["node", "-e", TS_SCAN, str(ROOT / "tools" / "node_modules" / "typescript"), *sources],
                          capture_output=True, text=True, timeout=120)
    assert scan.returncode == 0 and scan.stdout.strip() == "", scan.stdout[-3000:] + scan.stderr[-2000:]
    assert _markers(tmp_path) == []


# Parses every file and prints each identifier that can only have come from a payload: code
# the spec wrote (comments and string literals are not identifiers, so inert text is skipped).
TS_SCAN = r"""
const ts = require(process.argv[1]);
const fs = require("fs");
const planted = /^(PWNED\w*|writeFileSync|require|alert|eval)$/;
for (const file of process.argv.slice(2)) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isIdentifier(node) && planted.test(node.text)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      console.log(`${file}:${line + 1}: identifier ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
"""


# Prints the syntax errors of each file (examples are fragments: only syntax is checked).
TS_SYNTAX = r"""
const ts = require(process.argv[1]);
const fs = require("fs");
for (const file of process.argv.slice(2)) {
  const out = ts.transpileModule(fs.readFileSync(file, "utf8"), { reportDiagnostics: true, fileName: file });
  for (const d of out.diagnostics || []) console.log(`${file}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
}
"""
