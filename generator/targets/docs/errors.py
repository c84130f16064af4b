"""Errors as a user meets them: the Python SDK exception a status raises (named by the
Python target itself) and the error codes the spec's examples show."""

from __future__ import annotations

import json

from ...ir import Api, Named, Response
from ..errors import status_error_class
from ..python import _special_errors


def exception_class(api: Api, response: Response) -> str:
    special = {c.schema: _special_errors((c,))[0].class_name for c in api.error_codes}
    if isinstance(response.type, Named) and response.type.name in special:
        return special[response.type.name]
    if not response.status.isdigit():
        return "APIStatusError"
    status = int(response.status)
    return status_error_class(status)


def example_code(response: Response) -> str | None:
    """The ``code`` an error example carries, at the top level or one object down
    (``{error: {code}}``)."""
    if response.example_json is None:
        return None
    example = json.loads(response.example_json)
    if not isinstance(example, dict):
        return None
    for candidate in [example, *(v for v in example.values() if isinstance(v, dict))]:
        code = candidate.get("code")
        if isinstance(code, str) and code:
            return code
    return None
