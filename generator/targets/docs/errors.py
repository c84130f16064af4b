"""Errors as a user meets them: the Python SDK exception a status raises (named by the
Python target itself) and the error codes the spec's examples show."""

from __future__ import annotations

import json

from ...ir import Api, Named, Response
from ..errors import status_error_class
from ..python import _special_errors


def exception_class(api: Api, response: Response) -> str:
    special = _special_classes(api)
    if isinstance(response.type, Named) and response.type.name in special:
        return special[response.type.name]
    if not response.status.isdigit():
        return "APIStatusError"
    status = int(response.status)
    return status_error_class(status)


_computed: dict[int, tuple[Api, dict[str, str]]] = {}  # by id: hashing a whole IR costs more


def _special_classes(api: Api) -> dict[str, str]:
    """Error schema → the SDK's class for its code, named as the Python target names them all."""
    hit = _computed.get(id(api))
    if hit is None or hit[0] is not api:
        names = {e.code: e.class_name for e in _special_errors(api.error_codes)}
        _computed.clear()  # one IR at a time: keep none alive after its render
        hit = _computed[id(api)] = (api, {c.schema: names[c.code] for c in api.error_codes})
    return hit[1]


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
