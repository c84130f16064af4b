"""The regeneration workflow: sdkgen.yaml, `sdkgen generate` / `sdkgen check`, safe writes.

Each test works in a temporary project folder with its own check cache, on a small spec.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.emit import MANIFEST

ROOT = Path(__file__).resolve().parents[1]
SMALL_SPEC = ROOT / "tests/fixtures/ir/operations/openapi.yaml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a spec and an sdkgen.yaml for a python and a second python target."""
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "project"
    (root / "spec").mkdir(parents=True)
    shutil.copy(SMALL_SPEC, root / "spec/openapi.yaml")
    (root / "sdkgen.yaml").write_text(textwrap.dedent("""\
        spec: spec/openapi.yaml
        targets:
          python:
            out: gen/python
            package: shop
          python-two:
            lang: python
            out: gen/other
            package: other
        """), encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- sdkgen.yaml and generate ---


def test_generate_without_arguments_regenerates_every_target_of_the_config(project: Path) -> None:
    code, output = run("generate")
    assert code == 0, output
    assert (project / "gen/python/src/shop/__init__.py").is_file()
    assert (project / "gen/other/src/other/__init__.py").is_file()
    assert "python: spec/openapi.yaml -> gen/python" in output


def test_target_selects_one_and_flags_override_the_file(project: Path) -> None:
    code, output = run("generate", "--target", "python", "--out", "elsewhere", "--package", "renamed")
    assert code == 0, output
    assert (project / "elsewhere/src/renamed/__init__.py").is_file()
    assert not (project / "gen").exists()


def test_out_with_several_targets_is_refused(project: Path) -> None:
    code, output = run("generate", "--out", "x")
    assert code == 2
    assert "--out needs exactly one target" in output
    assert not (project / "x").exists()


def test_unknown_target_name_is_bad_input(project: Path) -> None:
    code, output = run("generate", "--target", "rust")
    assert code == 2
    assert "no target named 'rust'" in output and "python-two" in output


def test_ad_hoc_generation_needs_no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("generate", str(SMALL_SPEC), "--lang", "python", "--out", "out", "--package", "adhoc", "-q")
    assert code == 0, output
    assert output == ""  # --quiet: nothing on success
    assert (tmp_path / "out/src/adhoc/_client.py").is_file()


def test_no_config_and_no_arguments_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("generate")
    assert code == 2
    assert "no sdkgen.yaml" in output


def test_progress_reports_each_stage_with_its_time(project: Path) -> None:
    code, output = run("generate", "--target", "python")
    assert code == 0
    for stage in ("load", "normalise", "validate", "render", "write"):
        assert any(line.split()[:1] == [stage] and line.rstrip().endswith(" s") for line in output.splitlines()), (stage, output)


@pytest.mark.parametrize(
    "text,message,line",
    [
        ("spec: spec/openapi.yaml\ntargets:\n  python:\n    out: gen\n    colour: blue\n", "unknown key 'colour'", 5),
        ("spec: spec/openapi.yaml\ntargets:\n  cobol:\n    out: gen\n", "unknown target language 'cobol'", 3),
        ("spec: spec/openapi.yaml\ntargets:\n  python:\n    package: x\n", "needs `out`", 3),
        ("spec: spec/openapi.yaml\ntargets: [python]\n", "`targets` must map", 2),
        ("targets:\n  python:\n    out: gen\n", "has no spec", 2),
        ("spec: [1\n", "invalid YAML", 2),
    ],
)
def test_a_bad_config_is_a_located_error_and_exit_2(project: Path, text: str, message: str, line: int) -> None:
    (project / "sdkgen.yaml").write_text(text, encoding="utf-8")
    for command in ("generate", "check"):
        code, output = run(command)
        assert code == 2, output
        assert f"sdkgen.yaml:{line}:" in output, output
        assert message in output


# --- check ---


def test_check_passes_when_current_and_lists_stale_missing_and_extra_files(project: Path) -> None:
    assert run("generate", "-q")[0] == 0
    code, output = run("check")
    assert code == 0, output
    assert "gen/python is current" in output

    client = project / "gen/python/src/shop/_client.py"
    client.write_text(client.read_text() + "# edited by hand\n")
    (project / "gen/python/README.md").unlink()
    manifest = json.loads((project / "gen/python" / MANIFEST).read_text())
    manifest["files"].append("src/shop/old_module.py")  # generated by an earlier run, no longer
    (project / "gen/python" / MANIFEST).write_text(json.dumps(manifest))
    (project / "gen/python/src/shop/old_module.py").write_text("x = 1\n")

    code, output = run("check")
    assert code == 1, output
    assert "stale:   gen/python/src/shop/_client.py" in output
    assert "missing: gen/python/README.md" in output
    assert "extra:   gen/python/src/shop/old_module.py" in output
    assert "-# edited by hand" in output  # the short unified diff
    assert "gen/other is current" in output
    assert "run `sdkgen generate`" in output


def test_check_ignores_files_the_user_added(project: Path) -> None:
    run("generate", "-q")
    (project / "gen/python/NOTES.md").write_text("mine\n")
    (project / "gen/python/src/shop/extensions.py").write_text("def helper() -> None: ...\n")
    assert run("check", "-q") == (0, "")


def test_check_writes_nothing(project: Path) -> None:
    run("generate", "-q")
    (project / "gen/python/README.md").write_text("changed\n")
    before = tree(project / "gen")
    assert run("check", "-q")[0] == 1
    assert tree(project / "gen") == before


def test_check_on_a_spec_with_errors_is_bad_input(project: Path) -> None:
    run("generate", "-q")
    spec = project / "spec/openapi.yaml"
    spec.write_text(spec.read_text().replace("paths:", "paths:\n  /broken:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Missing'}", 1))
    code, output = run("check")
    assert code == 2, output
    assert "spec/openapi.yaml:" in output


def test_an_unchanged_check_uses_the_cache_and_renders_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("generate", "-q")
    assert run("check", "-q")[0] == 0  # fills the cache

    import generator.generate

    def no_render(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendered although nothing changed")

    monkeypatch.setattr(generator.generate, "render_target", no_render)
    assert run("check", "-q") == (0, "")


def test_the_cache_notices_a_changed_spec(project: Path) -> None:
    run("generate", "-q")
    assert run("check", "-q")[0] == 0
    spec = project / "spec/openapi.yaml"
    spec.write_text(spec.read_text().replace("title:", "title: Renamed", 1).replace("title: Renamed ", "title: Renamed", 1))
    code, output = run("check")
    assert code == 1, output
    assert "stale:" in output


def test_the_cache_notices_a_hand_edit_to_generated_code(project: Path) -> None:
    run("generate", "-q")
    assert run("check", "-q")[0] == 0
    (project / "gen/other/pyproject.toml").write_text("[project]\n")
    code, output = run("check")
    assert code == 1 and "stale:   gen/other/pyproject.toml" in output


def test_no_cache_still_checks(project: Path) -> None:
    run("generate", "-q")
    assert run("check", "--no-cache", "-q") == (0, "")
    assert not (project.parent / "cache" / "check").exists()


def test_targets_sharing_a_spec_build_its_model_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.generate

    calls: list[object] = []
    real_build = generator.generate.build

    def counting_build(spec: object, **kwargs: object) -> object:
        calls.append(spec)
        return real_build(spec, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(generator.generate, "build", counting_build)
    assert run("generate", "-q")[0] == 0
    assert len(calls) == 1  # two targets, one spec
    calls.clear()
    assert run("check", "--no-cache", "-q") == (0, "")
    assert len(calls) == 1


def test_the_validators_verdict_is_reused_while_the_spec_files_are_unchanged(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.check.parallel

    spec = project / "spec/openapi.yaml"
    spec.write_text(spec.read_text().replace("openapi: 3.0.3", "openapi: 3.0.3\nx-extra: 1\nbogus: 1", 1))
    first = run("generate", "--target", "python")
    assert first[0] == 1 and "bogus" in first[1]  # the validator's error, located

    def no_validation(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated although the spec is unchanged")

    monkeypatch.setattr(generator.check.parallel, "validate_spec", no_validation)
    second = run("generate", "--target", "python")
    def messages(output: str) -> list[str]:
        return [line for line in output.splitlines() if "error[" in line or "warning[" in line]

    assert second[0] == 1 and messages(second[1]) == messages(first[1])  # same verdict, same located lines
    assert "cached verdict" in second[1]

    spec.write_text(spec.read_text().replace("bogus: 1", "bogus: 2"))
    with pytest.raises(AssertionError, match="validated although"):
        CliRunner().invoke(main, ["generate", "--target", "python"], catch_exceptions=False, env={"SDKGEN_DEBUG": "1"})


# --- safe writes ---


def test_a_hand_written_file_inside_the_output_survives_regeneration(project: Path) -> None:
    run("generate", "--target", "python", "-q")
    mine = project / "gen/python/src/shop/my_extensions.py"
    mine.write_text("# mine\n")
    (project / "gen/python/docs").mkdir()
    (project / "gen/python/docs/guide.md").write_text("# guide\n")
    assert run("generate", "--target", "python", "-q")[0] == 0
    assert mine.read_text() == "# mine\n"
    assert (project / "gen/python/docs/guide.md").read_text() == "# guide\n"
    assert "src/shop/my_extensions.py" not in json.loads((project / "gen/python" / MANIFEST).read_text())["files"]


def test_regeneration_keeps_unchanged_files_and_rewrites_changed_ones(project: Path) -> None:
    run("generate", "--target", "python", "-q")
    out = project / "gen/python"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*.py")}
    readme = out / "README.md"
    spec = project / "spec/openapi.yaml"
    spec.write_text(spec.read_text().replace("title:", "title: Changed", 1), encoding="utf-8")
    edited = out / "src/shop/_client.py"
    edited.write_text(edited.read_text() + "# a hand edit that regeneration must undo\n")
    assert run("generate", "--target", "python", "-q")[0] == 0
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*.py")}
    unchanged = [p for p in before if p in after and after[p] == before[p]]
    assert len(unchanged) > len(before) // 2  # same file, same mtime: a build tool sees no change
    assert "Changed" in readme.read_text()
    assert "hand edit" not in edited.read_text() and edited in after and after[edited] != before[edited]
    assert tree(out) == tree_of_fresh_generation(project)


def tree_of_fresh_generation(project: Path) -> dict[str, bytes]:
    assert run("generate", "--target", "python", "--out", str(project / "fresh"), "-q")[0] == 0
    return tree(project / "fresh")


def test_a_generated_file_that_is_no_longer_produced_is_deleted(project: Path) -> None:
    run("generate", "--target", "python", "-q")
    manifest = json.loads((project / "gen/python" / MANIFEST).read_text())
    manifest["files"].append("src/shop/stale.py")
    (project / "gen/python" / MANIFEST).write_text(json.dumps(manifest))
    (project / "gen/python/src/shop/stale.py").write_text("")
    run("generate", "--target", "python", "-q")
    assert not (project / "gen/python/src/shop/stale.py").exists()


def test_a_render_error_half_way_leaves_the_old_tree_byte_identical(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("generate", "--target", "python", "-q")
    (project / "gen/python/mine.txt").write_text("keep me\n")
    before = tree(project / "gen")
    spec = project / "spec/openapi.yaml"
    spec.write_text(spec.read_text().replace("title:", "title: Changed", 1))  # so a run would change files

    import jinja2

    calls = {"n": 0}
    real_render = jinja2.Template.render

    def failing_render(self: jinja2.Template, *args: object, **kwargs: object) -> str:
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("injected failure half-way through rendering")
        return real_render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", failing_render)
    code, output = run("generate", "--target", "python")
    assert code == 3 and "injected failure" in output
    assert calls["n"] >= 4
    assert tree(project / "gen") == before
    assert sorted(p.name for p in (project / "gen").iterdir()) == ["python"]  # no temp folders left


def test_a_spec_error_found_while_writing_leaves_the_old_tree_byte_identical(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Big specs validate in a forked process while the new tree is written to a temporary
    folder; when the validator then finds an error, that folder is dropped, nothing swapped."""
    import generator.check.parallel

    run("generate", "--target", "python", "-q")
    before = tree(project / "gen")
    spec = project / "spec/openapi.yaml"
    spec.write_text(spec.read_text().replace("title:", "title: Changed", 1).replace("openapi: 3.0.3", "openapi: 3.0.3\nbogus: 1", 1))
    monkeypatch.setattr(generator.check.parallel, "PARALLEL_MIN_BYTES", 0)  # fork, as for a big spec
    code, output = run("generate", "--target", "python")
    assert code == 1 and "bogus" in output, output
    assert "(waited for" in output, output  # the validator did run beside the other stages
    assert tree(project / "gen") == before
    assert sorted(p.name for p in (project / "gen").iterdir()) == ["python"]


def test_a_write_error_half_way_leaves_the_old_tree_byte_identical(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("generate", "--target", "python", "-q")
    before = tree(project / "gen")
    spec = project / "spec/openapi.yaml"
    spec.write_text(spec.read_text().replace("title:", "title: Changed", 1))

    # A file reaches the new tree by a write (changed) or a hard link (unchanged): from the 10th on, both fail.
    import generator.emit.write as write_module

    created = {"n": 0}

    def failing(real: Callable[..., object]) -> Callable[..., object]:
        def create(*args: object, **kwargs: object) -> object:
            if any(".sdkgen-" in str(a) for a in args):
                created["n"] += 1
                if created["n"] >= 10:  # the disk stays full
                    raise OSError(28, "No space left on device")
            return real(*args, **kwargs)

        return create

    monkeypatch.setattr(Path, "write_bytes", failing(Path.write_bytes))
    monkeypatch.setattr(write_module.os, "link", failing(os.link))
    code, output = run("generate", "--target", "python")
    assert code == 2 and "No space left on device" in output
    assert tree(project / "gen") == before
    assert sorted(p.name for p in (project / "gen").iterdir()) == ["python"]


@pytest.fixture
def forked_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Write through a forked writer process, as for a big spec, whatever the spec's size."""
    import generator.generate

    monkeypatch.setattr(generator.generate, "FORKED_WRITE_MIN_BYTES", 0)


def test_a_forked_writer_writes_the_same_tree(project: Path, forked_writes: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.emit.write as write_module

    started = []
    real_init = write_module.ForkedWriter.__init__
    monkeypatch.setattr(write_module.ForkedWriter, "__init__", lambda self, builder: started.append(1) or real_init(self, builder))
    assert run("generate", "--target", "python", "-q")[0] == 0
    assert started
    (project / "gen/python/mine.txt").write_text("keep me\n")
    spec = project / "spec/openapi.yaml"
    spec.write_text(spec.read_text().replace("title:", "title: Changed", 1), encoding="utf-8")
    assert run("generate", "--target", "python", "-q")[0] == 0
    monkeypatch.setattr(write_module.ForkedWriter, "__init__", real_init)
    import generator.generate

    monkeypatch.setattr(generator.generate, "FORKED_WRITE_MIN_BYTES", 10**12)
    expected = tree_of_fresh_generation(project)
    assert tree(project / "gen/python") == {**expected, "mine.txt": b"keep me\n"}


def test_a_write_error_in_the_forked_writer_leaves_the_old_tree_byte_identical(
    project: Path, forked_writes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("generate", "--target", "python", "-q")
    before = tree(project / "gen")
    spec = project / "spec/openapi.yaml"
    spec.write_text(spec.read_text().replace("title:", "title: Changed", 1))
    real = Path.write_bytes

    def full_disk(self: Path, data: bytes) -> int:  # patched before the fork: the writer inherits it
        if ".sdkgen-" in str(self) and self.name == "README.md":
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    code, output = run("generate", "--target", "python")
    assert code == 2 and "No space left on device" in output, output
    assert tree(project / "gen") == before
    assert sorted(p.name for p in (project / "gen").iterdir()) == ["python"]  # no temp folders left


def test_a_render_error_with_a_forked_writer_leaves_the_old_tree_byte_identical(
    project: Path, forked_writes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("generate", "--target", "python", "-q")
    before = tree(project / "gen")
    spec = project / "spec/openapi.yaml"
    spec.write_text(spec.read_text().replace("title:", "title: Changed", 1))
    import jinja2

    calls = {"n": 0}
    real_render = jinja2.Template.render

    def failing_render(self: jinja2.Template, *args: object, **kwargs: object) -> str:
        calls["n"] += 1
        if calls["n"] == 6:
            raise RuntimeError("injected failure half-way through rendering")
        return real_render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", failing_render)
    code, output = run("generate", "--target", "python")
    assert code == 3 and "injected failure" in output
    assert tree(project / "gen") == before
    assert sorted(p.name for p in (project / "gen").iterdir()) == ["python"]


def test_a_path_outside_the_folder_is_refused_before_anything_is_swapped_in(project: Path, forked_writes: None, monkeypatch: pytest.MonkeyPatch) -> None:
    run("generate", "--target", "python", "-q")
    before = tree(project / "gen")
    import generator.targets.python as python_target

    real = python_target.iter_files
    monkeypatch.setattr(python_target, "iter_files", lambda api, package: iter([*real(api, package), ("../escape.py", "x = 1\n")]))
    code, output = run("generate", "--target", "python")
    assert code == 2 and "outside the output folder" in output, output
    assert tree(project / "gen") == before and not (project / "gen/escape.py").exists()


def test_inside_a_daemonic_worker_generation_runs_without_forking(project: Path, forked_writes: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A multiprocessing pool's worker may not start processes of its own: the writer, the
    validator and the YAML halves then run in that worker instead of failing."""
    import multiprocessing

    import generator.check.parallel

    monkeypatch.setattr(generator.check.parallel, "PARALLEL_MIN_BYTES", 0)

    def work(conn: object) -> None:
        from generator.generate import generate_target

        try:
            result = generate_target(project / "spec/openapi.yaml", "python", project / "gen/daemon", package="shop")
            conn.send(("ok", result.files))  # type: ignore[attr-defined]
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            conn.send(("failed", repr(exc)))  # type: ignore[attr-defined]

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=work, args=(send,), daemon=True)
    worker.start()
    outcome = receive.recv()
    worker.join()
    assert outcome[0] == "ok", outcome
    assert tree(project / "gen/daemon") == tree_of_fresh_generation(project)


# --- this repository's own committed output ---


def test_this_repository_is_current_by_its_own_check(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """What the repo's pre-commit hook runs: every target of ./sdkgen.yaml matches generated/."""
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.chdir(ROOT)
    code, output = run("check", "--no-cache")
    assert code == 0, output


# --- the pre-commit hook, through pre-commit itself ---


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_pre_commit_hook_fails_on_stale_output_and_passes_when_current(project: Path, tmp_path: Path) -> None:
    """`pre-commit try-repo` installs this checkout's hook into its own venv (from PyPI) and runs it."""
    pytest.importorskip("pre_commit")
    (project / "sdkgen.yaml").write_text("spec: spec/openapi.yaml\ntargets:\n  python:\n    out: gen/python\n    package: shop\n")
    assert run("generate", "-q")[0] == 0
    _git(project, "init", "-q")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "generated")

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "sdkgen-check", "--all-files"],
            cwd=project, capture_output=True, text=True, timeout=900,
            env={**__import__("os").environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "SDKGEN_CACHE_DIR": str(tmp_path / "hook-cache")},
        )

    current = hook()
    assert current.returncode == 0, current.stdout + current.stderr
    assert "Passed" in current.stdout

    readme = project / "gen/python/README.md"
    readme.write_text(readme.read_text() + "stale line\n")
    stale = hook()
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "Failed" in stale.stdout and "stale:   gen/python/README.md" in stale.stdout


def test_the_hook_definition_runs_sdkgen_check() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "sdkgen-check")
    assert hook["entry"].split()[:2] == ["sdkgen", "check"]
    assert hook["pass_filenames"] is False and hook["always_run"] is True
    own = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert any(h["id"] == "sdkgen-check" for repo in own["repos"] for h in repo["hooks"])


def test_the_wheel_carries_the_templates(tmp_path: Path) -> None:
    """pre-commit (and pip) install sdkgen from a wheel; it must render without the repo around."""
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    import zipfile

    wheel = next(tmp_path.glob("sdkgen-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    on_disk = {"generator/templates/" + p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert on_disk and on_disk <= names, sorted(on_disk - names)[:5]
