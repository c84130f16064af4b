"""``sdkgen.yaml``: which spec to read and which targets to generate, where.

    spec: specs/bluum/openapi.yaml        # relative to this file
    targets:
      python:                              # the target's name (for --target)
        lang: python                       # optional when the name is a language
        out: generated/python
        package: bluum
      docs:
        out: generated/docs
        spec: specs/other.yaml             # optional per-target spec

Errors are located (file:line:column and JSON pointer) and raised as SpecError, like a
spec's: a wrong config is bad input (exit 2), never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, Location, SpecError
from .load.document import read_source
from .load.pointer import join
from .targets import TARGETS, available_targets

CONFIG_NAME = "sdkgen.yaml"
TOP_KEYS = {"spec", "targets"}
TARGET_KEYS = {"lang", "out", "package", "spec"}


@dataclass(frozen=True)
class TargetConfig:
    name: str
    lang: str
    spec: Path
    out: Path
    package: str | None = None


@dataclass(frozen=True)
class Config:
    path: Path | None
    targets: tuple[TargetConfig, ...]

    def select(self, names: tuple[str, ...]) -> tuple[TargetConfig, ...]:
        """The named targets in file order (all when none are named); unknown names are bad input."""
        if not names:
            return self.targets
        known = {t.name for t in self.targets}
        unknown = [n for n in names if n not in known]
        if unknown:
            where = str(self.path) if self.path else "the command line"
            raise SpecError([Diagnostic("error", "config", f"no target named {unknown[0]!r} in {where} (targets: {', '.join(sorted(known)) or 'none'})", Location(where, 0, 0, ""))])
        return tuple(t for t in self.targets if t.name in names)


def find_config(start: Path) -> Path | None:
    """``sdkgen.yaml`` in ``start`` or the nearest parent folder, like git finds its repo."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def _nearby(path: Path) -> Path:
    """Relative to the working folder when below it, so messages show short paths."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def load_config(path: Path) -> Config:
    source = read_source(path)
    base = path.parent

    def fail(message: str, pointer: str) -> SpecError:
        line, column = source.locate(pointer) if pointer else (0, 0)
        return SpecError([Diagnostic("error", "config", message, Location(source.name, line, column, pointer))])

    data: Any = source.data
    if not isinstance(data, dict):
        raise fail("expected a mapping with `spec` and `targets`", "")
    for key in sorted(set(data) - TOP_KEYS):
        raise fail(f"unknown key {key!r} (expected: {', '.join(sorted(TOP_KEYS))})", join("", key))
    default_spec = data.get("spec")
    if default_spec is not None and not isinstance(default_spec, str):
        raise fail("`spec` must be a path (a string)", "/spec")
    targets = data.get("targets")
    if not isinstance(targets, dict) or not targets:
        raise fail("`targets` must map target names to their settings", "/targets" if "targets" in data else "")
    out: list[TargetConfig] = []
    for name, settings in targets.items():
        ptr = join("/targets", name)
        if not isinstance(settings, dict):
            raise fail(f"target {name!r} must be a mapping with at least `out`", ptr)
        for key in sorted(set(settings) - TARGET_KEYS):
            raise fail(f"unknown key {key!r} in target {name!r} (expected: {', '.join(sorted(TARGET_KEYS))})", join(ptr, key))
        for key in TARGET_KEYS & set(settings):
            if not isinstance(settings[key], str) or not settings[key]:
                raise fail(f"`{key}` must be a non-empty string", join(ptr, key))
        lang = settings.get("lang", name)
        if lang not in TARGETS:
            at = join(ptr, "lang") if "lang" in settings else ptr
            raise fail(f"unknown target language {lang!r} (available: {', '.join(available_targets())})", at)
        if "out" not in settings:
            raise fail(f"target {name!r} needs `out`, the folder to generate into", ptr)
        spec = settings.get("spec", default_spec)
        if spec is None:
            raise fail(f"target {name!r} has no spec: set `spec` at the top or in the target", ptr)
        out.append(TargetConfig(name, lang, _nearby(base / spec), _nearby(base / settings["out"]), settings.get("package")))
    return Config(path, tuple(out))


def override(targets: tuple[TargetConfig, ...], *, spec: Path | None, out: Path | None, package: str | None) -> tuple[TargetConfig, ...]:
    """Command-line flags win over the file. ``--out`` only makes sense for one target."""
    if out is not None and len(targets) != 1:
        raise SpecError([Diagnostic("error", "config", f"--out needs exactly one target (select it with --target); {len(targets)} selected", Location("the command line", 0, 0, ""))])
    changes: dict[str, Any] = {}
    if spec is not None:
        changes["spec"] = spec
    if out is not None:
        changes["out"] = out
    if package is not None:
        changes["package"] = package
    return tuple(replace(t, **changes) for t in targets)
