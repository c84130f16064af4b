"""JSON pointers (RFC 6901) as used in ``$ref`` fragments."""

from __future__ import annotations

from urllib.parse import unquote


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: object) -> str:
    if len(tokens) == 1:  # the common case, once per node on every walk over a spec
        token = tokens[0] if isinstance(tokens[0], str) else str(tokens[0])
        return pointer + "/" + (escape(token) if "~" in token or "/" in token else token)
    return pointer + "".join("/" + escape(str(t)) for t in tokens)


def split(pointer: str) -> list[str]:
    """``/a/b~1c`` → ``["a", "b/c"]``. Not percent-decoded: see :func:`from_fragment`."""
    if not pointer or pointer == "/":
        return [] if not pointer else [""]
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer must start with '/': {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]


def from_fragment(fragment: str) -> str:
    """A ``$ref`` URI fragment → the canonical JSON pointer used everywhere else.

    Fix (tests/test_load.py): the fragment is percent-decoded here, once, and nowhere else.
    Decoding inside ``split`` made ``#/a%20b`` and ``#/a b`` two different memo keys (the
    same schema was built twice, under two names) and broke locating keys containing ``%``.
    Raises ValueError for a fragment that is not a JSON pointer (e.g. a plain-name anchor).
    """
    return join("", *split(unquote(fragment)))
