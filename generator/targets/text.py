"""Escaping spec text for the contexts generated code puts it in. Spec text is data:
nothing a spec says may close a string, docstring or comment it is placed in."""

from __future__ import annotations

import html
import json
import re

# Control characters (tab and newline are kept), C1 controls, bidirectional overrides and
# isolates (they make code read differently from how it runs: "Trojan Source"), the byte-order
# mark and lone surrogates (not encodable as UTF-8).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
# Characters other tools (str.splitlines, black, JavaScript parsers) treat as line breaks.
_LINE_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")


def clean(text: str) -> str:
    """Prose as plain lines: line breaks of every kind become ``\\n``; control characters
    (keeping tab and newline), bidi controls, BOMs and lone surrogates are dropped."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", str(text)))


def _escape_unsafe(literal: str, utf16: bool = False) -> str:
    """Escape what does not print as itself: line and paragraph separators, C1 controls, bidi
    and other format characters, unassigned and private-use code points, surrogates, odd spaces.
    ``utf16``: write code points above U+FFFF as a surrogate pair (JavaScript has no ``\\U``)."""
    if literal.isprintable():
        return literal
    return "".join(c if c.isprintable() else _escape_char(c, utf16) for c in literal)


def _escape_char(c: str, utf16: bool) -> str:
    code = ord(c)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    if not utf16:
        return f"\\U{code:08x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def js_str(value: str) -> str:
    """A double-quoted JavaScript/TypeScript (and JSON) string literal for any text, on one
    line and free of characters that display misleadingly."""
    return _escape_unsafe(json.dumps(str(value), ensure_ascii=False), utf16=True)


def py_str(value: str) -> str:
    """A Python string literal for any text, equal to it when evaluated, on one line and free
    of characters that display misleadingly; quoted as black quotes it (see ``black_quotes``)."""
    return black_quotes(f'"{py_str_body(value)}"')


def py_str_body(value: str) -> str:
    """The escaped text of a double-quoted literal for any text."""
    return _escape_unsafe(json.dumps(str(value), ensure_ascii=False))[1:-1]


def black_quotes(literal: str) -> str:
    """A double-quoted literal (optionally ``f``-prefixed) as black writes it: in single quotes
    when that takes fewer backslashes (more escaped ``"`` than ``'`` in the text)."""
    if '\\"' not in literal:
        return literal  # no escaped double quote to save
    prefix = literal[: literal.index('"')]
    out, removed, added, i = [], 0, 0, len(prefix) + 1
    while i < len(literal) - 1:
        c = literal[i]
        if c == "\\":
            out.append('"' if literal[i + 1] == '"' else literal[i : i + 2])
            removed += literal[i + 1] == '"'
            i += 2
            continue
        out.append("\\'" if c == "'" else c)
        added += c == "'"
        i += 1
    return f"{prefix}'{''.join(out)}'" if removed > added else literal


def py_literal(value: object) -> str:
    if isinstance(value, str):
        return py_str(value)
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, (int, float)):
        return repr(value)
    return py_str(json.dumps(value, sort_keys=True))


def py_doc(text: str) -> str:
    """Text safe inside a triple-double-quoted docstring, already normalised the way black
    normalises docstrings (PEP 257 indentation, leading tabs expanded, no trailing spaces,
    no quote touching the delimiters), so black leaves generated docstrings alone."""
    text = doc_text(clean(text).replace("\\", "\\\\").replace('"""', '\\"\\"\\"'))
    if text.startswith('"'):
        text = " " + text
    if text.endswith('"'):
        text += " "
    return text


def doc_text(text: str) -> str:
    """Docstring whitespace as black leaves it: first line stripped, the common indentation
    of the others removed, leading tabs expanded, no trailing spaces or blank edges."""
    lines = "\n".join(_expand_leading_tabs(line).rstrip() for line in clean(text).split("\n")).strip().split("\n")
    indent = min((len(line) - len(line.lstrip()) for line in lines[1:] if line), default=0)
    return "\n".join([lines[0]] + [line[indent:] for line in lines[1:]])


def _expand_leading_tabs(line: str) -> str:
    body = line.lstrip()
    return line if not body or body == line else line[: len(line) - len(body)].expandtabs(4) + body


def one_line(text: str, limit: int = 0) -> str:
    text = " ".join(clean(text).split())
    if limit and len(text) > limit:
        text = text[: limit - 3].rstrip() + "..."
    return text


# -- Markdown ------------------------------------------------------------------------------
# Spec descriptions are CommonMark, so emphasis and code spans are kept; what could break the
# page around them (raw HTML, table pipes, headings, unclosed fences) is neutralised.

_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.S)
_MD_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")
_ATX = re.compile(r"^( {0,3})#{1,6}(?:[ \t]+(.*?))?[ \t#]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _split_code(text: str) -> list[tuple[bool, str]]:
    """(is_code, piece) in order; a code span is kept with its backticks."""
    out: list[tuple[bool, str]] = []
    pos = 0
    for m in _CODE_SPAN.finditer(text):
        out.append((False, text[pos : m.start()]))
        out.append((True, m.group(0)))
        pos = m.end()
    out.append((False, text[pos:]))
    return [p for p in out if p[1]]


def _md_prose(text: str) -> str:
    """Markdown prose with raw HTML shown as text, stray backticks made literal and links to
    script-running URLs broken."""
    return md_safe_links(text.replace("<", "&lt;").replace(">", "&gt;").replace("`", "\\`"))


# A link or image destination (``](dest``) or a link reference definition (``[x]: dest``).
_LINK_DEST = re.compile(r"(\]\(|^ {0,3}\[[^\]]*\]:)([ \t]*(?:&lt;)?)([^ \t)]*)", re.M)
_SAFE_SCHEMES = ("http", "https", "mailto")


def md_safe_links(text: str) -> str:
    """``[x](javascript:...)`` keeps its text but is no longer a link: only web and mail URLs,
    and relative ones, stay clickable (entities and spaces cannot disguise the scheme)."""

    def fix(m: re.Match[str]) -> str:
        dest = re.sub(r"[\s\x00-\x1f]", "", html.unescape(m.group(3))).lower()
        scheme = re.match(r"([a-z][a-z0-9+.\-]*):", dest)
        if scheme is None or scheme.group(1) in _SAFE_SCHEMES:
            return m.group(0)
        return "\\" + m.group(0)  # ``\](`` / ``\[x]:`` is plain text

    return _LINK_DEST.sub(fix, text)


def md_plain(text: str) -> str:
    """Spec text shown exactly as written on one line (headings, link labels): every
    Markdown-significant character is backslash-escaped."""
    return _MD_PUNCT.sub(r"\\\1", one_line(text))


def md_code(text: str) -> str:
    """An inline code span for any one-line text, safe inside a table cell."""
    text = one_line(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}".replace("|", "\\|")


_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s")


def _cell_lines(text: str) -> list[str]:
    """The visual lines of a description: soft-wrapped lines joined as Markdown joins them,
    a break kept before each list item and around each paragraph."""
    out: list[str] = []
    for para in re.split(r"\n[ \t]*\n", clean(text).strip()):
        lines: list[str] = []
        for raw in para.split("\n"):
            if lines and not _LIST_ITEM.match(raw):
                lines[-1] += " " + raw.strip()
            else:
                lines.append(raw.strip())
        if out and lines:
            out.append("")
        out.extend(" ".join(line.split()) for line in lines)
    return out


def md_cell(text: str) -> str:
    """Spec text inside a table cell: one physical line (line breaks → ``<br>``), no raw
    HTML, pipes that cannot split the row."""
    out = []
    for line in _cell_lines(text):
        pieces = []
        for is_code, piece in _split_code(line):
            pieces.append(piece.replace("|", "\\|") if is_code else _md_prose(piece).replace("|", "&#124;"))
        out.append("".join(pieces))
    return "<br>".join(out)


def md_block(text: str) -> str:
    """A description as Markdown blocks inside our page: spec headings become bold lines (the
    page's outline and anchors stay ours), raw HTML is shown as text, and a fence the spec
    leaves open is closed so it cannot swallow the rest of the page."""
    out: list[str] = []
    fence: str | None = None
    for line in clean(text).strip("\n").split("\n"):
        line = line.rstrip()
        opener = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence) and not line.strip(" `~"):
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            out.append(line)
            continue
        heading = _ATX.match(line)
        if heading:
            title = heading.group(2) or ""
            if out and out[-1]:
                out.append("")
            out += [f"**{_md_inline(title.strip())}**", ""] if title.strip() else []
            continue
        out.append("\\" + line.strip() if _SETEXT.match(line) else _md_inline(line))
    if fence is not None:
        out.append(fence)
    return "\n".join(out).strip("\n")


def _md_inline(line: str) -> str:
    return "".join(piece if is_code else _md_prose(piece) for is_code, piece in _split_code(line))


def md_fence(text: str) -> str:
    """A code fence the text cannot close: longer than any backtick run in it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)
