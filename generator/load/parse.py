"""Parse one file's text into plain JSON-like data (dict / list / str / int / float / bool / None).

JSON goes through the JSON parser (YAML parsers reject the escaped surrogate pairs found in
real JSON specs such as Twilio's, and JSON parsing is ~10x faster); YAML goes through
PyYAML's libyaml-backed loader when present. YAML's extras are tamed so the result is what
an OpenAPI author meant: mapping keys become strings (``200:`` is the status "200"), and
timestamps stay strings (``2024-01-01`` is an example value, not a ``date``).
"""

from __future__ import annotations

import json
import multiprocessing
import re
from typing import Any, Iterator

import yaml

from ..forking import can_fork
from .halves import cut_in_two, has_anchor, merge

try:  # libyaml C parser: several times faster on large specs
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class ParseError(Exception):
    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def _key(key: object) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


class SpecLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader with string keys and no timestamp type."""


SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def _construct_map(loader: Any, node: yaml.MappingNode) -> Iterator[dict[str, Any]]:
    data: dict[str, Any] = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=False)
        data[_key(key)] = loader.construct_object(value_node, deep=False)


SpecLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)


def looks_like_json(name: str, text: str) -> bool:
    return name.lower().endswith(".json") or text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _deepest(text: str) -> tuple[int, int]:
    """Where a document nested too deeply to parse reaches its deepest flow bracket."""
    best, best_at = _flow_depth(text)
    return line_col(text, best_at) if best else (0, 0)


# libyaml's C parser recurses once per nesting level and overflows the C stack (a segfault,
# not a RecursionError) somewhere past 20,000 levels; refuse well before that.
MAX_YAML_NESTING = 10_000
_BLOCK_INDENT = re.compile(r"^[ \t?:-]{%d}" % MAX_YAML_NESTING, re.M)


def _too_deep_for_libyaml(text: str) -> tuple[int, int] | None:
    """Where a YAML text nests deeper than MAX_YAML_NESTING (None when it does not); each
    flow bracket or indented block level is one level."""
    if text.count("[") + text.count("{") > MAX_YAML_NESTING:
        depth, at = _flow_depth(text)
        if depth > MAX_YAML_NESTING:
            return line_col(text, at)
    m = _BLOCK_INDENT.search(text)
    return line_col(text, m.end()) if m else None


def _flow_depth(text: str) -> tuple[int, int]:
    """The deepest flow-bracket nesting of a text and the offset where it is reached."""
    depth = best = best_at = 0
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]', text):
        tok = m.group()
        if tok in "[{":
            depth += 1
            if depth > best:
                best, best_at = depth, m.start()
        elif tok in "]}":
            depth -= 1
    return best, best_at


def parse_text(name: str, text: str) -> Any:
    # Fix (tests/test_diagnostics.py): the content errors below now carry line:column (they
    # were reported with a file name only).
    if "\x00" in text:
        line, col = line_col(text, text.index("\x00"))
        raise ParseError("file contains NUL bytes: binary data, not a YAML or JSON document", line, col)
    if not text.strip("\ufeff \t\r\n"):
        return None  # Fix: an empty .json file is "empty document" (check_version), like an empty .yaml
    if looks_like_json(name, text):
        try:
            return json.loads(text.lstrip("\ufeff"))
        except json.JSONDecodeError as exc:
            if name.lower().endswith(".json"):
                raise ParseError(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
            # Not a .json file: it may still be YAML flow style; fall through.
        except RecursionError:
            raise ParseError("document is nested too deeply to load", *_deepest(text)) from None
        except ValueError as exc:  # an integer too long to convert (CVE-2020-10735 limit)
            raise ParseError(f"invalid JSON: {exc}", *_long_number_at(text)) from None
    deep_at = _too_deep_for_libyaml(text)
    if deep_at is not None:
        raise ParseError("document is nested too deeply to load", *deep_at)
    data = _parse_yaml_in_halves(text) if len(text) >= PARALLEL_MIN_CHARS else None
    if data is None:
        data = _parse_yaml(text)
    if has_anchor(text):  # no anchor, no alias: skip the walk (most specs)
        _check_aliases(text, data)
    return data


def _load(text: str) -> Any:
    return yaml.load(text, Loader=SpecLoader)  # noqa: S506 - SpecLoader is a safe loader


def _parse_yaml(text: str) -> Any:
    try:
        return _load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(filter(None, [exc.context, exc.problem])) or "malformed YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise ParseError(f"invalid YAML: {problem}", line, col) from None
    except yaml.YAMLError as exc:
        raise ParseError(f"invalid YAML: {exc}") from None
    except RecursionError:
        raise ParseError("document is nested too deeply to load", *_deepest(text)) from None
    except ValueError as exc:  # an integer too long to convert (CVE-2020-10735 limit)
        raise ParseError(f"invalid YAML: {exc}", *_long_number_at(text)) from None


# Below this size a second process costs more than it saves (Stripe's 4 MB: 1.6 s → 0.9 s).
PARALLEL_MIN_CHARS = 1024 * 1024


def _parse_yaml_in_halves(text: str) -> dict[str, Any] | None:
    """Parse a large document as two halves (halves.py), one in a forked process; None when it
    cannot be cut, a half fails to parse or fork is unavailable: the caller parses it whole."""
    if not can_fork():
        return None
    cut = cut_in_two(text)
    if cut is None:
        return None
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    try:
        proc = ctx.Process(target=_parse_half, args=(cut.first, send), daemon=True)
        proc.start()
    except OSError:  # out of processes
        return None
    finally:
        send.close()
    try:
        second = _load(cut.second)
    except Exception:  # noqa: BLE001 - any failure: the whole text is parsed again for the error
        proc.terminate()
        proc.join()
        return None
    try:
        ok, first = receive.recv()
    except EOFError:  # the child died
        ok, first = False, None
    proc.join()
    return merge(first, second, cut) if ok else None


def _parse_half(text: str, conn: Any) -> None:
    try:
        conn.send((True, _load(text)))
    except BaseException:  # noqa: BLE001 - the parent reparses the whole text and reports it
        conn.send((False, None))
    conn.close()


# Extra nodes YAML aliases may add to a document. An alias shares one node, but every later
# stage walks it once per use, so nine levels of nine aliases ("billion laughs") would make a
# 1 kB file take hours; real specs reuse far less.
MAX_ALIAS_EXPANSION = 100_000


def _long_number_at(text: str) -> tuple[int, int]:
    m = re.search(r"[0-9_]{4000,}", text)
    return line_col(text, m.start()) if m else (0, 0)


def _check_aliases(text: str, data: Any) -> None:
    """Reject a document whose aliases refer to their own ancestors (it would be infinite) or
    expand it beyond MAX_ALIAS_EXPANSION nodes."""
    sizes: dict[int, int] = {}  # id of a container → its node count with aliases expanded
    on_path: set[int] = set()
    distinct = 0
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, (dict, list)):
            continue
        key = id(node)
        if done:
            on_path.discard(key)
            children = node.values() if isinstance(node, dict) else node
            sizes[key] = 1 + sum(sizes.get(id(c), 1) for c in children)
            continue
        if key in on_path:
            raise ParseError("a YAML alias refers to a node that contains it: the document would be infinite", *_alias_at(text))
        if key in sizes:
            continue
        distinct += 1
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in (node.values() if isinstance(node, dict) else node))
    if sizes.get(id(data), 1) - distinct > MAX_ALIAS_EXPANSION:
        raise ParseError(f"YAML aliases expand the document by more than {MAX_ALIAS_EXPANSION:,} nodes", *_alias_at(text))


def _alias_at(text: str) -> tuple[int, int]:
    m = re.search(r"(?<![\w&*])\*[^\s,\[\]{}]+", text)
    return line_col(text, m.start()) if m else (0, 0)
