"""Map a JSON pointer back to line:column in the file it came from.

Built lazily, on the first diagnostic that needs it: composing a YAML node tree costs about
as much as loading the file, and most runs never report anything.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

import yaml

from .parse import SpecLoader, looks_like_json
from .pointer import split


class Locator:
    def __init__(self, name: str, text: str) -> None:
        self._name = name
        self._text = text
        self._yaml_root: Any = None
        self._json_index: dict[str, int] | None = None
        self._line_starts: list[int] | None = None

    def locate(self, pointer: str) -> tuple[int, int]:
        try:
            tokens = split(pointer)
        except ValueError:
            tokens = []
        try:
            if looks_like_json(self._name, self._text):
                return self._locate_json(tokens)
            return self._locate_yaml(tokens)
        except (yaml.YAMLError, RecursionError, ValueError):
            return (1, 1)

    # YAML: walk the composed node tree, stopping at the deepest node that exists.
    def _locate_yaml(self, tokens: list[str]) -> tuple[int, int]:
        if self._yaml_root is None:
            self._yaml_root = yaml.compose(self._text, Loader=SpecLoader) or False
        node = self._yaml_root
        if node is False:
            return (1, 1)
        mark = node.start_mark
        for token in tokens:
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if str(key_node.value) == token:
                        mark, node = key_node.start_mark, value_node
                        break
                else:
                    break
            elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
                node = node.value[int(token)]
                mark = node.start_mark
            else:
                break
        return (mark.line + 1, mark.column + 1)

    # JSON: one tokenising pass records the offset of every container member.
    _TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.S)

    def _index_json(self) -> dict[str, int]:
        from .pointer import escape

        index: dict[str, int] = {"": 0}
        stack: list[list[Any]] = []  # [pointer, kind, next index or pending key]
        key: str | None = None
        for m in self._TOKEN.finditer(self._text):
            tok = m.group()
            if tok in "{[":
                ptr = self._child(stack, key, escape)
                if ptr is not None:
                    index.setdefault(ptr, m.start())
                stack.append([ptr if ptr is not None else "", tok, 0])
                key = None
            elif tok in "}]":
                if stack:
                    stack.pop()
                if stack and stack[-1][1] == "[":
                    stack[-1][2] += 1
                key = None
            elif tok == ":" or tok == ",":
                continue
            elif stack and stack[-1][1] == "{" and key is None:
                key = tok[1:-1] if tok.startswith('"') else tok
                index.setdefault(stack[-1][0] + "/" + escape(key), m.start())
            else:
                ptr = self._child(stack, key, escape)
                if ptr is not None:
                    index.setdefault(ptr, m.start())
                if stack and stack[-1][1] == "[":
                    stack[-1][2] += 1
                key = None
        return index

    @staticmethod
    def _child(stack: list[list[Any]], key: str | None, escape: Any) -> str | None:
        if not stack:
            return ""
        parent, kind, count = stack[-1]
        if kind == "{":
            return None if key is None else parent + "/" + escape(key)
        return f"{parent}/{count}"

    def _locate_json(self, tokens: list[str]) -> tuple[int, int]:
        from .pointer import escape

        if self._json_index is None:
            self._json_index = self._index_json()
            starts = [0]
            starts.extend(m.end() for m in re.finditer("\n", self._text))
            self._line_starts = starts
        assert self._line_starts is not None
        offset = 0
        ptr = ""
        for token in tokens:
            ptr += "/" + escape(token)
            if ptr not in self._json_index:
                break
            offset = self._json_index[ptr]
        line = bisect.bisect_right(self._line_starts, offset)
        return (line, offset - self._line_starts[line - 1] + 1)
