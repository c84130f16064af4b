"""Spec → files on disk for one target: the whole pipeline with its failure modes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .diagnostics import Diagnostics
from .emit import FormatError, WriteError, format_files, write_tree
from .pipeline import build_ir


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


def render_target(spec: Path, lang: str, *, package: str | None = None, strict: bool = False) -> tuple[dict[str, str], GenerateResult]:
    api, diagnostics = build_ir(spec)
    located = diagnostics.located(strict)
    if any(d.level == "error" for d in located):
        raise GenerateError(f"{spec}: the spec has errors; nothing was written", 1, diagnostics)
    from .targets import get_target

    try:
        target = get_target(lang)
    except KeyError:
        raise GenerateError(f"unknown target {lang!r}", 2) from None
    files = target.render_files(api, package)
    if target.FORMATTER == "black":
        try:
            files = format_files(files)
        except FormatError as exc:
            raise GenerateError(str(exc), 3) from None
    return files, GenerateResult(len(files), len(api.operations), diagnostics)


def generate_target(spec: Path, lang: str, out: Path, *, package: str | None = None, strict: bool = False) -> GenerateResult:
    files, result = render_target(spec, lang, package=package, strict=strict)
    try:
        write_tree(out, files, f"sdkgen {__version__}")
    except (WriteError, OSError) as exc:
        raise GenerateError(str(exc), 2) from None
    return result
