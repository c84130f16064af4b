"""Split spec names into words and rebuild them, deterministically and language-neutrally.

``connectFundingSource`` → (connect, funding, source); ``Funding Sources`` → (funding, sources);
``HTTPError2`` → (http, error, 2); ``../../escape`` → (escape,); ``ünïcode`` → (unicode,).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|[0-9]|\b|_)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    out: list[str] = []
    for chunk in re.split(r"[^A-Za-z0-9]+", ascii_text):
        out.extend(w.lower() for w in _WORD.findall(chunk))
    return tuple(out)


def pascal(parts: tuple[str, ...] | list[str]) -> str:
    return "".join(p[:1].upper() + p[1:] for p in parts)


def pascal_name(text: str, fallback: str = "Schema") -> str:
    """A type name for spec text; never empty, never starting with a digit."""
    name = pascal(words(text)) or fallback
    return name if not name[0].isdigit() else fallback + name


_IRREGULAR = {"people": "person", "children": "child", "data": "data", "status": "status", "news": "news"}


def singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def strip_group_noun(method: tuple[str, ...], group: tuple[str, ...]) -> tuple[str, ...]:
    """Drop a trailing group noun from a method name, singular or plural:
    (connect, funding, source) in (funding, sources) → (connect,);
    (list, funding, sources) → (list,); (list, orders) in (trading,) → unchanged."""
    if not group or len(method) <= len(group):
        return method
    tail = method[-len(group):]
    plural_ok = tail == group
    singular_ok = tail[:-1] == group[:-1] and singular(tail[-1]) == singular(group[-1])
    if plural_ok or singular_ok:
        return method[: -len(group)]
    return method
