"""Spec → files for one target: the whole pipeline with its failure modes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from . import __version__
from .diagnostics import Diagnostics
from .emit import WriteError
from .emit.write import MANIFEST, ForkedWriter, PreparedTree, TreeBuilder, manifest_text
from .forking import can_fork
from .pipeline import Built, build
from .timing import QUIET, Stages

GENERATOR = f"sdkgen {__version__}"  # recorded in every manifest


class GenerateError(Exception):
    def __init__(self, message: str, exit_code: int = 1, diagnostics: Diagnostics | None = None) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.diagnostics = diagnostics


@dataclass
class GenerateResult:
    files: int
    operations: int
    diagnostics: Diagnostics
    sources: tuple[Path, ...] = ()
    built: Built | None = None  # the IR it came from, for the next target of the same spec


class FileSink(Protocol):
    def add(self, rel: str, text: str) -> None: ...


def render_target(
    spec: Path, lang: str, *, package: str | None = None, strict: bool = False, stages: Stages = QUIET,
    built: Built | None = None, sink: Callable[[Built], FileSink] | None = None,
    then: Callable[[dict[str, str]], None] | None = None,
) -> tuple[dict[str, str], GenerateResult]:
    """Render every file of one target in memory; raises GenerateError.

    ``built`` reuses an IR already built from ``spec`` (several targets, one spec). ``sink``,
    given the IR, returns where each file goes as soon as it is rendered (a tree being written,
    say). ``then`` runs on the rendered files while a forked validation may still be running;
    the spec's errors are raised after it.
    """
    from .targets import get_target

    try:
        target = get_target(lang)
    except KeyError:
        raise GenerateError(f"unknown target {lang!r}", 2) from None
    if built is None:
        built = build(spec, stages=stages, defer_validation=True)  # validation overlaps rendering

    def spec_errors() -> None:
        if any(d.level == "error" for d in built.diagnostics.located(strict)):
            built.finish(stages)  # the validator's findings belong in the report (and its cache)
            raise GenerateError(f"{spec}: the spec has errors; nothing was written", 1, built.diagnostics)

    spec_errors()
    try:
        with stages.stage("render"):
            if sink is None:
                files = target.render_files(built.api, package)
            else:
                receiver = sink(built)
                files = {}
                stream = target.iter_files if hasattr(target, "iter_files") else lambda api, pkg: target.render_files(api, pkg).items()
                for rel, text in stream(built.api, package):
                    files[rel] = text
                    receiver.add(rel, text)
    except Exception:
        built.finish(stages)
        spec_errors()  # an invalid spec explains a render failure better than a traceback
        raise
    if then is not None:
        then(files)
    built.finish(stages)
    spec_errors()
    return files, GenerateResult(len(files), len(built.api.operations), built.diagnostics, built.sources, built)


def with_manifest(files: dict[str, str]) -> dict[str, str]:
    """The files exactly as ``write_tree`` leaves them on disk, manifest included."""
    return {**files, MANIFEST: manifest_text(files, GENERATOR)}


def generate_target(
    spec: Path, lang: str, out: Path, *, package: str | None = None, strict: bool = False, stages: Stages = QUIET, built: Built | None = None
) -> GenerateResult:
    writer: list[TreeBuilder | ForkedWriter] = []
    prepared: list[PreparedTree] = []

    def open_tree(built: Built) -> FileSink:
        try:
            builder = TreeBuilder(out, GENERATOR)
        except (WriteError, OSError) as exc:
            raise GenerateError(str(exc), 2) from None
        writer.append(ForkedWriter(builder) if _write_beside(built) else builder)
        return _Reported(writer[0])

    def finish_tree(files: dict[str, str]) -> None:  # while the validator finishes
        with stages.stage("write"):
            try:
                prepared.append(writer[0].finish())
            except (WriteError, OSError) as exc:
                raise GenerateError(str(exc), 2) from None

    try:
        _, result = render_target(spec, lang, package=package, strict=strict, stages=stages, built=built, sink=open_tree, then=finish_tree)
    except BaseException:
        for tree in prepared:
            tree.discard()  # the spec had errors, or rendering failed: the old output stays
        if writer and not prepared:
            writer[0].discard()
        raise
    try:
        prepared[0].commit()
    except OSError as exc:
        raise GenerateError(str(exc), 2) from None
    return result


# Forking a writer pays off from a few hundred files; the spec's size is known before rendering.
FORKED_WRITE_MIN_BYTES = 512 * 1024


def _write_beside(built: Built) -> bool:
    return can_fork() and sum(path.stat().st_size for path in built.sources if path.is_file()) >= FORKED_WRITE_MIN_BYTES


class _Reported:
    """A sink whose path errors (outside the folder, a user's file) are bad input, exit 2."""

    def __init__(self, inner: FileSink) -> None:
        self.inner = inner

    def add(self, rel: str, text: str) -> None:
        try:
            self.inner.add(rel, text)
        except (WriteError, OSError) as exc:
            raise GenerateError(str(exc), 2) from None
