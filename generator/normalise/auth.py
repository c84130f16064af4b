"""Which security scheme the generated clients authenticate with: one decision for every target.

A spec may offer alternatives (Stripe and Bluum list HTTP Basic and Bearer); a client takes one
set of credentials. Without a say from the spec, the alternative needing the fewest secrets
wins: a bearer token, then an API key in a header, then Basic (key and secret). Schemes the
operations use come first; others only when no operation names one. The spec decides with a
root ``x-sdk-auth: <scheme name>``. Query and cookie API keys, OAuth 2 and OpenID Connect are
not sent by the clients (an SDK user passes them as parameters or headers).
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostics
from ..ir import Operation, SecurityScheme

PREFERENCE = ("bearer", "header", "basic")


def _kind(scheme: SecurityScheme) -> str | None:
    if scheme.kind in ("bearer", "basic"):
        return scheme.kind
    if scheme.kind == "api_key" and scheme.location == "header" and scheme.parameter:
        return "header"
    return None


def client_auth(data: dict[str, Any], schemes: tuple[SecurityScheme, ...], security: tuple[tuple[str, ...], ...],
                operations: list[Operation], diagnostics: Diagnostics, file: str) -> str | None:
    by_name = {s.name: s for s in schemes}
    chosen = data.get("x-sdk-auth")
    if chosen is not None:
        scheme = by_name.get(chosen) if isinstance(chosen, str) else None
        if scheme is not None and _kind(scheme) is not None:
            return scheme.name
        diagnostics.warning(
            "sdk-auth-unknown",
            f"x-sdk-auth {chosen!r} is not a Basic, Bearer or header API-key scheme of components/securitySchemes; ignored",
            file, "/x-sdk-auth",
        )
    used: list[str] = []
    for alternatives in [op.security for op in operations] + [security]:
        for alternative in alternatives:
            used += [name for name in alternative if name not in used]
    candidates = [by_name[n] for n in used if n in by_name] or list(schemes)
    supported = [(PREFERENCE.index(k), i, s.name) for i, s in enumerate(candidates) if (k := _kind(s)) is not None]
    return min(supported)[2] if supported else None
