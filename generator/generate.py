"""Spec → files for one target: the whole pipeline with its failure modes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import __version__
from .diagnostics import Diagnostics
from .emit import WriteError
from .emit.write import MANIFEST, PreparedTree, manifest_text, prepare_tree
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


def render_target(
    spec: Path, lang: str, *, package: str | None = None, strict: bool = False, stages: Stages = QUIET,
    built: Built | None = None, then: Callable[[dict[str, str]], None] | None = None,
) -> tuple[dict[str, str], GenerateResult]:
    """Render every file of one target in memory; raises GenerateError.

    ``built`` reuses an IR already built from ``spec`` (several targets, one spec). ``then``
    runs on the rendered files while a forked validation may still be running (writing them
    to a temporary folder, say); the spec's errors are raised after it.
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
            files = target.render_files(built.api, package)
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
    prepared: list[PreparedTree] = []

    def prepare(files: dict[str, str]) -> None:  # while the validator finishes
        with stages.stage("write"):
            try:
                prepared.append(prepare_tree(out, files, GENERATOR))
            except (WriteError, OSError) as exc:
                raise GenerateError(str(exc), 2) from None

    try:
        _, result = render_target(spec, lang, package=package, strict=strict, stages=stages, built=built, then=prepare)
    except BaseException:
        for tree in prepared:
            tree.discard()  # the spec had errors, or rendering failed: the old output stays
        raise
    try:
        prepared[0].commit()
    except OSError as exc:
        raise GenerateError(str(exc), 2) from None
    return result
