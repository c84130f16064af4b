"""Black-stable layout of generated Python, decided here so generation needs no black pass.

black (88 columns, the project's reference style) leaves a statement alone when it fits on
one line and keeps a bracket exploded when it ends in a magic trailing comma. So a statement
is emitted on one line when it fits, and otherwise split exactly where black splits it: at
its last bracket, a display one item per line with a trailing comma, a call's or subscript's
contents on one line when they fit. The shapes where black decides differently (values it
wraps in invisible parentheses, annotated fields, signatures, docstrings) have their own
functions below. Templates get these as filters; view code calls them directly.
``tests/test_python_black_stable.py`` holds the output to black over real specs and at every
line length around the limit.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Union

from ..text import py_doc

LINE_LENGTH = 88
INDENT = 4


def width(text: str) -> int:
    """Display width as black measures it: East Asian wide characters count two."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text
    )


def fits(text: str, indent: int = 0) -> bool:
    return indent + width(text) <= LINE_LENGTH


@dataclass(frozen=True)
class Bracket:
    open: str  # "[", "(" or "{"
    items: tuple[tuple["Node", ...], ...]  # each item a sequence of nodes, commas dropped
    close: str
    trailer: bool  # a call ``f(...)`` or subscript ``X[...]``, not a list/dict/tuple display


Node = Union[str, Bracket]
_PAIRS = {"[": "]", "(": ")", "{": "}"}


def parse(code: str) -> tuple[Node, ...]:
    """Split one-line Python source into text and bracket nodes (string literals kept whole)."""
    nodes, pos = _parse(code, 0, "")
    assert pos == len(code), code
    return nodes


def _parse(code: str, pos: int, closer: str) -> tuple[tuple[Node, ...], int]:
    nodes: list[Node] = []
    text: list[str] = []
    while pos < len(code):
        c = code[pos]
        if c in "\"'":
            end = _string_end(code, pos)
            text.append(code[pos:end])
            pos = end
            continue
        if c in _PAIRS:
            before = "".join(text)
            trailer = c != "{" and bool(before) and (before[-1].isalnum() or before[-1] in "_])")
            if before:
                nodes.append(before)
            text = []
            items, pos = _items(code, pos + 1, _PAIRS[c])
            nodes.append(Bracket(c, items, _PAIRS[c], trailer))
            continue
        if c == closer or (closer and c == ","):
            break
        text.append(c)
        pos += 1
    if text:
        nodes.append("".join(text))
    return tuple(nodes), pos


def _items(code: str, pos: int, closer: str) -> tuple[tuple[tuple[Node, ...], ...], int]:
    items: list[tuple[Node, ...]] = []
    while True:
        while code[pos] == " ":
            pos += 1
        if code[pos] == closer:
            return tuple(items), pos + 1
        item, pos = _parse(code, pos, closer)
        items.append(item)
        if code[pos] == ",":
            pos += 1


def _string_end(code: str, pos: int) -> int:
    quote = code[pos]
    pos += 1
    while code[pos] != quote:
        pos += 2 if code[pos] == "\\" else 1
    return pos + 1


def flat(nodes: tuple[Node, ...]) -> str:
    out = []
    for n in nodes:
        if isinstance(n, str):
            out.append(n)
        else:
            out.append(n.open + ", ".join(flat(i) for i in n.items) + n.close)
    return "".join(out)


def _last_bracket(nodes: tuple[Node, ...]) -> int | None:
    return max((i for i, n in enumerate(nodes) if isinstance(n, Bracket) and n.items), default=None)


def split(nodes: tuple[Node, ...], indent: int) -> list[str]:
    """The lines (relative to ``indent``) of a logical line as black splits it: kept whole
    when it fits, else at its last bracket (see ``explode``)."""
    last = _last_bracket(nodes)
    if last is None or fits(flat(nodes), indent):
        return [flat(nodes)]
    return explode(nodes, last, indent)


def explode(nodes: tuple[Node, ...], at: int, indent: int) -> list[str]:
    """Split at the bracket ``nodes[at]``: a display (list, dict, tuple) one item per line with
    a trailing comma; a call's or subscript's contents on one line when they fit, else one
    item per line (a trailing comma only where there are several)."""
    b = nodes[at]
    assert isinstance(b, Bracket)
    return [_opening(nodes, at)] + _indented(body(b, indent + INDENT)) + [b.close + flat(nodes[at + 1 :])]


def _opening(nodes: tuple[Node, ...], at: int) -> str:
    """The text up to and including the opening of the bracket ``nodes[at]``."""
    b = nodes[at]
    assert isinstance(b, Bracket)
    return flat(nodes[:at]) + b.open


def body(b: Bracket, indent: int) -> list[str]:
    """The lines of a bracket's contents at ``indent`` (relative)."""
    joined = ", ".join(flat(i) for i in b.items)
    if b.trailer and fits(joined, indent):
        return [joined]
    if len(b.items) == 1 and b.trailer:
        return split(b.items[0], indent)
    return [line for item in b.items for line in split(item + (",",), indent)]


def _indented(lines: list[str]) -> list[str]:
    pad = " " * INDENT
    return [pad + line for line in lines]


def statement(code: str, indent: int) -> str:
    """One logical line laid out black-stable; continuation lines carry the full indent
    (the first line's indent is the template's)."""
    return code if fits(code, indent) else _join(split(parse(code), indent), indent)


def assignment(target: str, value: str, indent: int) -> str:
    """``target = value`` with a plain target (no brackets left of the ``=``)."""
    return _join(_valued(f"{target} = ", value, indent), indent)


def returning(value: str, indent: int) -> str:
    """``return value``."""
    return _join(_valued("return ", value, indent), indent)


def _valued(head: str, value: str, indent: int) -> list[str]:
    """A value black wraps in invisible parentheses: split at the value's last bracket; if
    that leaves the first line too long, black takes the parenthesised form instead when
    all of its lines fit."""
    if fits(head + value, indent):
        return [head + value]
    nodes = parse(value)
    last = _last_bracket(nodes)
    lines = explode((head,) + nodes, last + 1, indent) if last is not None else [head + value]
    if fits(lines[0], indent):
        return lines
    wrapped = [head + "("] + _indented(split(nodes, indent + INDENT)) + [")"]
    if all(fits(line, indent) for line in wrapped):
        return wrapped
    return lines


def param(name: str, annotation: str, default: str | None, indent: int = 8) -> str:
    """A parameter of an exploded signature, trailing comma included."""
    line = f"{name}: {annotation}" + (f" = {default}" if default is not None else "") + ","
    if fits(line, indent):
        return line
    if default is None:
        return statement(line, indent)
    # black parenthesises an annotation with a ``|``; too long, it splits at the ``|``.
    if fits(annotation, indent + INDENT):
        inner = [annotation]
    else:
        first, *rest = annotation.split(" | ")
        inner = split(parse(first), indent + INDENT) + [f"| {r}" for r in rest]
    return _join([f"{name}: ("] + _indented(inner) + [f") = {default},"], indent)


def signature(name: str, params: list[str], returns: str, indent: int) -> str:
    """``def name(params) -> returns:`` split as black splits a def: the parameters on one line
    of their own when they fit (a lone parameter gets a trailing comma), else one per line."""
    line = f"def {name}({', '.join(params)}) -> {returns}:"
    if fits(line, indent):
        return line
    joined = ", ".join(params)
    inner = [joined] if len(params) > 1 and fits(joined, indent + INDENT) else [p + "," for p in params]
    return _join([f"def {name}("] + _indented(inner), indent) + "\n" + " " * indent + returns_line(returns, indent)


def returns_line(annotation: str, indent: int, stub: bool = False) -> str:
    """The closing line ``) -> annotation:`` of an exploded signature (``: ...`` for a stub):
    too long, the annotation splits at its last bracket or goes into parentheses."""
    end = ": ..." if stub else ":"
    if fits(f") -> {annotation}{end}", indent):
        return f") -> {annotation}{end}"
    nodes = (") -> ",) + parse(annotation)
    last = _last_bracket(nodes)
    if last is None and not fits(annotation, indent + INDENT):
        return f") -> {annotation}{end}"  # parentheses would not help: black leaves it
    lines = explode(nodes, last, indent) if last is not None else [") -> ("] + _indented([annotation]) + [")"]
    return _join(lines[:-1] + [lines[-1] + end], indent)


def _join(lines: list[str], indent: int) -> str:
    pad = " " * indent
    return "\n".join([lines[0]] + [pad + line for line in lines[1:]])


def import_from(module: str, names: list[str], indent: int = 0) -> str:
    """``from module import a, b``; parenthesised one name per line when too long."""
    line = f"from {module} import {', '.join(names)}"
    if fits(line, indent):
        return line
    pad = " " * (indent + INDENT)
    return "\n".join([f"from {module} import ("] + [f"{pad}{n}," for n in names] + [" " * indent + ")"])


def field(name: str, annotation: str, default: str | None, indent: int = 4) -> str:
    """``name: annotation = default`` in a class body, as black lays out an annotated
    assignment (the annotation and the value each sit in invisible parentheses)."""
    assign = "" if default is None else f" = {default}"
    if fits(f"{name}: {annotation}{assign}", indent):
        return f"{name}: {annotation}{assign}"
    if default is not None and fits(f"{name}: {annotation} = (", indent):
        value = parse(default)
        last = _last_bracket(value)
        if last is not None and fits(f"{name}: {annotation} = {_opening(value, last)}", indent):
            # The value's own brackets split: ``= Field(`` / arguments / ``)``.
            return _join(explode((f"{name}: {annotation} = ",) + value, last + 1, indent), indent)
        if last is None and not fits(default, indent + INDENT):
            return f"{name}: {annotation}{assign}"  # parentheses would not help: black leaves it
        # The value moves into parentheses of its own.
        return _join([f"{name}: {annotation} = ("] + _indented(split(value, indent + INDENT)) + [")"], indent)
    nodes = (f"{name}: ",) + parse(annotation)
    last = _last_bracket(nodes)
    if last is not None:  # split inside the annotation; the value stays on the closing line
        lines = explode(nodes, last, indent)
        return _join(lines[:-1] + [lines[-1] + assign], indent)
    # A plain annotation goes into parentheses of its own; when even that overflows, black
    # still does so before a call, shows the value's parentheses before ``None``, or leaves it.
    if fits(annotation, indent + INDENT) or (default is not None and default != "None"):
        return _join([f"{name}: ("] + _indented([annotation]) + [")" + assign], indent)
    return f"{name}: {annotation} = (None)" if default == "None" else f"{name}: {annotation}"


def docstring(text: str, indent: int, block: bool = False) -> str:
    """A docstring literal for a block at ``indent``: black's normalised text, its closing
    quotes on a line of their own when they would overflow the last line (or, for a
    ``block``, whenever there are several lines)."""
    lines = py_doc(text).split("\n")
    if not lines[0]:
        return '""" """'  # what black makes of an empty docstring
    pad = " " * indent
    literal = '"""' + "\n".join([lines[0]] + [pad + line if line else "" for line in lines[1:]])
    if len(lines) > 1 and (block or len(pad + lines[-1]) + 3 > LINE_LENGTH):  # black counts characters here
        return f'{literal}\n{pad}"""'
    return f'{literal}"""'


def filters() -> dict[str, object]:
    """Jinja filters of the Python templates that lay out code."""
    return {
        "pyimport": lambda names, module, indent=0: import_from(module, list(names), indent),
        "pydocstring": docstring,
        "pystatement": statement,
        "pyitem": lambda code, indent: statement(code + ",", indent),  # one item of an exploded list
        "pyassign": assignment,
        "pyreturn": returning,
        "pyreturns": returns_line,
        "pydef": lambda name, params, returns, indent: signature(name, list(params), returns, indent),
    }
