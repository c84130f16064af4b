"""The ``sdkgen`` command line.

Exit codes (also in the README):
  0  success (warnings allowed unless --strict)
  1  the spec has errors; for ``check``: generated files are not current
  2  unreadable input: missing file, malformed YAML/JSON, not OpenAPI 3, bad arguments or
     sdkgen.yaml; for ``check`` also a spec with errors (nothing can be compared)
  3  internal error in sdkgen (a bug: please report it; SDKGEN_DEBUG=1 shows the traceback)
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__
from .diagnostics import Diagnostics, SpecError
from .config import CONFIG_NAME, TargetConfig
from .targets import available_targets

EXIT_OK, EXIT_SPEC_ERRORS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _print_diagnostics(diagnostics: Diagnostics | list[Any], strict: bool = False) -> None:
    items = diagnostics.located(strict) if isinstance(diagnostics, Diagnostics) else diagnostics
    for d in items:
        click.echo(d.format(), err=True)


def guarded(func: Callable[..., int]) -> Callable[..., None]:
    """Run a command body; turn every failure into a message and an exit code."""

    def wrapper(*args: Any, **kwargs: Any) -> None:
        # A run builds a few million long-lived objects (the parsed spec, the IR) and little cyclic
        # garbage: the collector's full passes over that heap were 1 s of 3.4 s on Stripe, for
        # 3 MB of memory saved. It stays off for the command (forked workers included).
        collecting = gc.isenabled()
        gc.disable()
        try:
            code = func(*args, **kwargs)
        except SpecError as exc:
            _print_diagnostics(exc.diagnostics)
            code = EXIT_BAD_INPUT
        except RecursionError:
            click.echo("error: the document is nested too deeply to process", err=True)
            code = EXIT_BAD_INPUT
        except KeyboardInterrupt:
            code = 130
        except (click.exceptions.Exit, click.ClickException):
            raise  # click prints usage errors itself (exit 2)
        except Exception as exc:  # noqa: BLE001 - a bug must still not print a traceback at users
            if os.environ.get("SDKGEN_DEBUG"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc} (SDKGEN_DEBUG=1 shows the traceback; please report it)", err=True)
            code = EXIT_INTERNAL
        finally:
            if collecting:
                gc.enable()
        sys.exit(code)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sdkgen")
def main() -> None:
    """Generate client SDKs and reference docs from OpenAPI 3.0/3.1 specs, offline."""


@main.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@guarded
def validate(spec: Path, strict: bool) -> int:
    """Check SPEC and print every problem found, sorted by location."""
    from .pipeline import build_ir

    api, diagnostics = build_ir(spec)
    _print_diagnostics(diagnostics, strict)
    located = diagnostics.located(strict)
    errors = sum(d.level == "error" for d in located)
    warnings = len(located) - errors
    click.echo(f"{spec}: {len(api.operations)} operations, {len(api.schemas)} schemas; "
               f"{errors} error(s), {warnings} warning(s)", err=True)
    return EXIT_SPEC_ERRORS if errors else EXIT_OK


@main.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--no-validate", is_flag=True, help="Skip openapi-spec-validator (faster on huge specs).")
@guarded
def inspect(spec: Path, strict: bool, no_validate: bool) -> int:
    """Print the intermediate model of SPEC as stable, sorted JSON."""
    from .ir.dump import dump_api
    from .pipeline import build_ir

    api, diagnostics = build_ir(spec, validate=not no_validate)
    _print_diagnostics(diagnostics, strict)
    click.echo(dump_api(api), nl=False)
    return EXIT_SPEC_ERRORS if any(d.level == "error" for d in diagnostics.located(strict)) else EXIT_OK


def _targets(spec: Path | None, lang: str | None, out: Path | None, package: str | None, names: tuple[str, ...], config_path: Path | None) -> tuple[TargetConfig, ...]:
    """What to generate: ad hoc (SPEC --lang --out) or from sdkgen.yaml, flags overriding the file."""
    from .config import Config, find_config, load_config, override

    if lang is not None:  # ad hoc: one target, nothing read from a config file except a default spec
        if out is None:
            raise click.UsageError("--lang needs --out (or leave both out to use sdkgen.yaml)")
        if names:
            raise click.UsageError("--target selects from sdkgen.yaml; it cannot be combined with --lang")
        if spec is None:
            found = config_path or find_config(Path.cwd())
            specs = {t.spec for t in load_config(found).targets} if found else set()
            if len(specs) != 1:
                raise click.UsageError("give the SPEC to generate from")
            spec = specs.pop()
        return (TargetConfig(lang, lang, spec, out, package),)
    found = config_path or find_config(Path.cwd())
    if found is None:
        raise click.UsageError(f"no {CONFIG_NAME} here or in a parent folder: give SPEC --lang LANG --out DIR, or write one (see the README)")
    config: Config = load_config(found)
    return override(config.select(names), spec=spec, out=out, package=package)


def _target_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.argument("spec", type=click.Path(path_type=Path), required=False),
        click.option("--lang", "lang", type=click.Choice(available_targets()), default=None, help="Target for an ad hoc run (needs --out); without it, targets come from sdkgen.yaml."),
        click.option("--out", "out", type=click.Path(path_type=Path), default=None, help="Output folder (overrides the file's; one target only)."),
        click.option("--package", default=None, help="Package name (default: the file's, else the first word of the API title)."),
        click.option("--target", "names", multiple=True, metavar="NAME", help="Only this target of sdkgen.yaml (repeatable)."),
        click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), default=None, help=f"Config file (default: {CONFIG_NAME} in this folder or the nearest parent)."),
        click.option("--strict", is_flag=True, help="Treat warnings as errors."),
        click.option("--quiet", "-q", is_flag=True, help="Print errors only: no warnings, progress or timings."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


@main.command()
@_target_options
@guarded
def generate(spec: Path | None, lang: str | None, out: Path | None, package: str | None, names: tuple[str, ...], config_path: Path | None, strict: bool, quiet: bool) -> int:
    """Generate SDKs and docs: every target of sdkgen.yaml, or SPEC --lang LANG --out DIR.

    Each output folder is replaced atomically; files sdkgen did not write are kept.
    """
    from .generate import GenerateError, generate_target
    from .timing import Stages

    built: dict[Path, Any] = {}  # one IR per spec, however many targets use it
    for target in _targets(spec, lang, out, package, names, config_path):
        stages = Stages(None if quiet else _echo_err, prefix="  ")
        if not quiet:
            _echo_err(f"{target.name}: {target.spec} -> {target.out}")
        try:
            result = generate_target(target.spec, target.lang, target.out, package=target.package, strict=strict, stages=stages, built=built.get(target.spec))
        except GenerateError as exc:
            if exc.diagnostics is not None:
                _print_diagnostics(exc.diagnostics, strict)
            click.echo(f"error: {exc}", err=True)
            return exc.exit_code
        if not quiet and target.spec not in built:
            _print_diagnostics(result.diagnostics, strict)
        built[target.spec] = result.built
        if not quiet:
            _echo_err(f"{target.out}: {result.files} files for {result.operations} operations ({target.lang}) in {stages.elapsed:.2f} s")
    return EXIT_OK


@main.command()
@_target_options
@click.option("--no-cache", is_flag=True, help="Always render, ignoring and not updating the check cache.")
@guarded
def check(spec: Path | None, lang: str | None, out: Path | None, package: str | None, names: tuple[str, ...], config_path: Path | None, strict: bool, quiet: bool, no_cache: bool) -> int:
    """Fail (exit 1) when generated files are not what the spec and sdkgen would produce now.

    Renders in memory and compares with the output folders; nothing is written there. Exit 0:
    current; 1: stale, missing or extra files (listed, with a short diff); 2: bad input.
    """
    from . import check_cache
    from .emit.compare import compare_hashes, digest, unified_diffs

    stale = 0
    built: dict[Path, Any] = {}
    for target in _targets(spec, lang, out, package, names, config_path):
        hashes = None if no_cache else check_cache.lookup(target.spec, target.lang, target.package)
        files: dict[str, str] | None = None
        if hashes is None:
            from .generate import GenerateError, render_target, with_manifest
            from .timing import Stages

            try:
                rendered, result = render_target(target.spec, target.lang, package=target.package, strict=strict, stages=Stages(), built=built.get(target.spec))
                built[target.spec] = result.built
            except GenerateError as exc:
                if exc.diagnostics is not None:
                    _print_diagnostics(exc.diagnostics, strict)
                click.echo(f"error: {exc}", err=True)
                return EXIT_BAD_INPUT if exc.exit_code == EXIT_SPEC_ERRORS else exc.exit_code
            files = with_manifest(rendered)
            hashes = {rel: digest(text) for rel, text in files.items()}
            if not no_cache:
                check_cache.store(target.spec, target.lang, target.package, result.sources, files)
        diff = compare_hashes(target.out, hashes)
        if diff.current:
            if not quiet:
                _echo_err(f"{target.name}: {target.out} is current")
            continue
        stale += 1
        if files is None:  # a cache hit only knows hashes: render once more for the diff
            from .generate import render_target, with_manifest

            rendered, result = render_target(target.spec, target.lang, package=target.package, strict=strict, built=built.get(target.spec))
            built[target.spec] = result.built
            files = with_manifest(rendered)
        _echo_err(f"{target.name}: {target.out} is not current ({len(diff.changed)} stale, {len(diff.missing)} missing, {len(diff.extra)} extra file(s))")
        for line in diff.lines():
            _echo_err(f"  {line}")
        for line in unified_diffs(diff, files):
            _echo_err(line)
    if stale:
        _echo_err("run `sdkgen generate` to update the generated files")
        return EXIT_SPEC_ERRORS
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    main()
