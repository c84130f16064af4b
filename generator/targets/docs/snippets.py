"""Example code for an operation: a curl command and the Python SDK call. Both come from
``targets.python.examples`` (``request_example`` and ``typed_call``), so the SDK call is named
and typed by the SDK's own rules and the two examples carry the same values."""

from __future__ import annotations

import json
import re
import shlex
from urllib.parse import quote, urlencode

from ...ir import Api, Operation, Primitive, Property, strip_nullable
from ..python.examples import request_example, snippet, typed_call

CONTINUE = " \\\n  "
_TOKEN = re.compile(r"^[A-Za-z0-9_-]+$")  # a header name safe inside double quotes


def base_url(api: Api) -> str:
    """The first server's URL with its variables at their defaults (the SDK's default)."""
    if not api.servers:
        return "http://localhost"
    return api.servers[0].default_url.rstrip("/")


def _text(value: object) -> str:
    """A wire value as text in a URL, header or form field."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)


def _url(api: Api, op: Operation) -> str:
    example = request_example(op)
    path = op.path
    for name, value in example.path_params:
        path = path.replace("{" + name + "}", quote(_text(value), safe=""))
    query = []
    for name, value in example.query:
        for item in value if isinstance(value, list) else [value]:
            query.append((name, _text(item)))
    return base_url(api) + path + ("?" + urlencode(query) if query else "")


def _auth(api: Api, op: Operation, env_prefix: str) -> list[str]:
    """curl options for the first security alternative curl can express, credentials from
    the same environment variables the SDK reads."""
    if not op.auth_required:
        return []
    schemes = {s.name: s for s in api.security_schemes}
    # the scheme the SDK clients use first, when this operation accepts it
    alternatives = sorted(op.security or api.security, key=lambda alternative: api.client_auth not in alternative)
    for alternative in alternatives:
        kinds = [schemes[n] for n in alternative if n in schemes]
        for s in kinds:
            if s.kind == "basic":
                return [f'--user "${env_prefix}_API_KEY:${env_prefix}_API_SECRET"']
            if s.kind == "bearer":
                return [f'--header "Authorization: Bearer ${env_prefix}_API_KEY"']
            if s.kind == "api_key" and s.location == "header" and s.parameter:
                return [f'--header "{s.parameter}: ${env_prefix}_API_KEY"'] if _TOKEN.match(s.parameter) else []
    return []


def _is_binary(prop: Property) -> bool:
    t = strip_nullable(prop.type)
    return isinstance(t, Primitive) and t.format == "binary"


def curl(api: Api, op: Operation, env_prefix: str) -> str:
    """A runnable curl command: ``$<PREFIX>_API_KEY`` etc. are read from the environment,
    ``$IDEMPOTENCY_KEY`` where the spec asks for an idempotency key."""
    example = request_example(op)
    parts = [f"curl --request {op.http_method.upper()}", "--url " + shlex.quote(_url(api, op))]
    parts += _auth(api, op, env_prefix)
    for name, value in example.headers:
        parts.append("--header " + shlex.quote(f"{name}: {_text(value)}"))
    if op.idempotency is not None and op.idempotency.declared and _TOKEN.match(op.idempotency.header):
        parts.append(f'--header "{op.idempotency.header}: $IDEMPOTENCY_KEY"')
    if op.body is not None and example.body is not None:
        if op.body.encoding == "multipart":
            props = {p.name: p for v in op.body.variants for p in v.properties}
            for name, value in example.body.items():
                if name in props and _is_binary(props[name]):
                    parts.append("--form " + shlex.quote(f"{name}=@path/to/file"))
                else:
                    parts.append("--form-string " + shlex.quote(f"{name}={_text(value)}"))
        elif op.body.encoding == "form":
            for name, value in example.body.items():
                parts.append("--data-urlencode " + shlex.quote(f"{name}={_text(value)}"))
        else:
            parts.append("--header " + shlex.quote(f"Content-Type: {op.body.media_type}"))
            parts.append("--data " + shlex.quote(json.dumps(example.body, ensure_ascii=False, indent=2)))
    return CONTINUE.join(parts)


def python(api: Api, op: Operation, package: str) -> str:
    """The SDK call as a user writes it with a ``client`` at hand: typed arguments (models,
    datetimes, files) and the imports they need, exactly as the SDK's README shows calls."""
    return snippet(op, typed_call(api, op, package, "client"))
