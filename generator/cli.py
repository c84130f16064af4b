"""The ``sdkgen`` command line.

Exit codes (also in the README):
  0  success (warnings allowed unless --strict)
  1  the spec has errors (or, for ``check``, generated files are not current)
  2  unreadable input: missing file, malformed YAML/JSON, not OpenAPI 3, bad arguments
  3  internal error in sdkgen (a bug: please report it; SDKGEN_DEBUG=1 shows the traceback)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__
from .diagnostics import Diagnostics, SpecError
from .targets import available_targets

EXIT_OK, EXIT_SPEC_ERRORS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _print_diagnostics(diagnostics: Diagnostics | list[Any], strict: bool = False) -> None:
    items = diagnostics.located(strict) if isinstance(diagnostics, Diagnostics) else diagnostics
    for d in items:
        click.echo(d.format(), err=True)


def guarded(func: Callable[..., int]) -> Callable[..., None]:
    """Run a command body; turn every failure into a message and an exit code."""

    def wrapper(*args: Any, **kwargs: Any) -> None:
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
        except click.exceptions.Exit:
            raise
        except Exception as exc:  # noqa: BLE001 - a bug must still not print a traceback at users
            if os.environ.get("SDKGEN_DEBUG"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc} (SDKGEN_DEBUG=1 shows the traceback; please report it)", err=True)
            code = EXIT_INTERNAL
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


@main.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("--lang", "lang", type=click.Choice(available_targets()), required=True, help="Target: an SDK language or docs.")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="Output folder (replaced atomically).")
@click.option("--package", default=None, help="Package name (default: first word of the API title).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
@guarded
def generate(spec: Path, lang: str, out: Path, package: str | None, strict: bool, quiet: bool) -> int:
    """Generate an SDK for SPEC into OUT."""
    from .generate import GenerateError, generate_target

    try:
        result = generate_target(spec, lang, out, package=package, strict=strict)
    except GenerateError as exc:
        if exc.diagnostics is not None:
            _print_diagnostics(exc.diagnostics, strict)
        click.echo(f"error: {exc}", err=True)
        return exc.exit_code
    if not quiet:
        _print_diagnostics(result.diagnostics, strict)
        click.echo(f"{out}: {result.files} files for {result.operations} operations ({lang})", err=True)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    main()
