"""JSON pointers (RFC 6901) as used in ``$ref`` fragments."""

from __future__ import annotations

from urllib.parse import unquote


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: object) -> str:
    return pointer + "".join("/" + escape(str(t)) for t in tokens)


def split(pointer: str) -> list[str]:
    """``/a/b~1c`` → ``["a", "b/c"]``; a fragment may also be percent-encoded."""
    pointer = unquote(pointer)
    if not pointer or pointer == "/":
        return [] if not pointer else [""]
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer must start with '/': {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]
