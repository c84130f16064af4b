"""Stage 2 — check: normalise known real-world deviations (with located warnings), then
validate with openapi-spec-validator and the generator's own lint."""

from .fixups import apply_fixups, check_version
from .validate import validate_spec

__all__ = ["apply_fixups", "check_version", "validate_spec"]
