"""Credentials.

Each scheme turns its secret into headers only when a request is built, and
masks it everywhere else (repr, str, logs, tracebacks that print locals'
reprs), so a stray `print(client)` cannot leak a key.
"""

from __future__ import annotations

import base64
from typing import TypeAlias

__all__ = ["Auth", "BasicAuth", "BearerAuth", "HeaderAuth", "NoAuth"]

_MASK = "'****'"


class BasicAuth:
    """HTTP Basic: the API key is the username, the API secret the password."""

    __slots__ = ("_key", "_secret")

    def __init__(self, key: str, secret: str) -> None:
        self._key = key
        self._secret = secret

    def headers(self) -> dict[str, str]:
        token = base64.b64encode(f"{self._key}:{self._secret}".encode()).decode("ascii")
        return {"Authorization": f"Basic {token}"}

    def __repr__(self) -> str:
        return f"BasicAuth(key={_MASK}, secret={_MASK})"


class BearerAuth:
    """`Authorization: Bearer <token>`."""

    __slots__ = ("_token",)

    def __init__(self, token: str) -> None:
        self._token = token

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"}

    def __repr__(self) -> str:
        return f"BearerAuth(token={_MASK})"


class HeaderAuth:
    """An API key sent in a named header, e.g. `X-API-Key`."""

    __slots__ = ("_header_name", "_value")

    def __init__(self, header_name: str, value: str) -> None:
        self._header_name = header_name
        self._value = value

    @property
    def header_name(self) -> str:
        return self._header_name

    def headers(self) -> dict[str, str]:
        return {self._header_name: self._value}

    def __repr__(self) -> str:
        return f"HeaderAuth(header_name={self._header_name!r}, value={_MASK})"


class NoAuth:
    """For public endpoints, and for tests."""

    __slots__ = ()

    def headers(self) -> dict[str, str]:
        return {}

    def __repr__(self) -> str:
        return "NoAuth()"


Auth: TypeAlias = BasicAuth | BearerAuth | HeaderAuth | NoAuth
