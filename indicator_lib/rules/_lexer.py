r"""Lexical rules that the grammar cannot say: full-width forms, literals, table rows, messages.

Decides:

* Outside strings, comments and backticked names, full-width forms U+FF01–FF5E become their ASCII
  equivalents and the ideographic space becomes a space, one character for one, so every column in
  an error still points at the character the author typed.
* Number suffixes ``%`` (÷100), ``万`` (×10⁴), ``亿`` (×10⁸) are applied exactly; ``_`` separates digits.
* Strings accept the escapes ``\\n \\t \\\\ \\" \\'`` (and ``\\“ \\” \\‘ \\’``); any other escape is an
  error reported at its column.
* A table row is split on ``|`` outside strings and backticks; a trailing ``# comment`` is dropped.
* Message strings split into literal text and ``{expr}`` holes; ``{{`` and ``}}`` are literal braces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "KEYWORDS",
    "MAX_SOURCE_CHARS",
    "CellText",
    "HoleText",
    "LexError",
    "decode_string",
    "glued_keyword",
    "normalise",
    "parse_number",
    "split_message",
    "split_row",
]

MAX_SOURCE_CHARS = 1_000_000

KEYWORDS = frozenset(
    [
        "ruleset",
        "version",
        "input",
        "extends",
        "drop",
        "let",
        "def",
        "score",
        "check",
        "grade",
        "table",
        "hit",
        "for",
        "in",
        "where",
        "if",
        "then",
        "else",
        "when",
        "and",
        "or",
        "not",
        "is",
        "null",
        "true",
        "false",
        "max",
        "severity",
        "message",
    ]
)

_CLOSERS = {'"': '"', "'": "'", "“": "”", "‘": "’"}
# the only characters normalise() changes (everything else is copied as it is)
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "“": "“", "”": "”", "‘": "‘", "’": "’"}


class LexError(Exception):
    """A lexical problem at a 0-based offset into the text given to the helper."""

    def __init__(self, code: str, message: str, message_en: str, offset: int, length: int = 1) -> None:
        super().__init__(message_en)
        self.code = code
        self.message = message
        self.message_en = message_en
        self.offset = offset
        self.length = length


def normalise(text: str) -> str:
    """Map full-width forms outside strings, comments and backticks to ASCII, one for one."""
    if text.isascii() or _FULL_WIDTH.search(text) is None:
        return text
    out = list(text)
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in _CLOSERS or ch == "＂" or ch == "＇":
            closer = _CLOSERS.get(ch, '"' if ch == "＂" else "'")
            if ch in ("＂", "＇"):
                out[i] = closer
            j = i + 1
            while j < n and text[j] != "\n":
                if text[j] == "\\":
                    j += 2
                    continue
                if text[j] == closer or (closer in "\"'" and text[j] == ("＂" if closer == '"' else "＇")):
                    out[j] = closer
                    break
                j += 1
            i = j + 1
            continue
        if ch == "#" or ch == "＃":
            out[i] = "#"
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if ch == "`" or ch == "｀":
            out[i] = "`"
            j = i + 1
            while j < n and text[j] not in "`｀\n":
                j += 1
            if j < n and text[j] != "\n":
                out[j] = "`"
            i = j + 1
            continue
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out[i] = chr(code - 0xFEE0)
        elif code == 0x3000:
            out[i] = " "
        i += 1
    return "".join(out)


_NUMBER = re.compile(r"(\d[\d_]*(?:\.\d[\d_]*)?)([%万亿]?)")
_SCALE = {"": Decimal(1), "%": Decimal("0.01"), "万": Decimal(10000), "亿": Decimal(100000000)}


def parse_number(token: str) -> Decimal:
    """Return the exact value of a number token such as ``1_000``, ``95%``, ``250万``."""
    m = _NUMBER.fullmatch(token)
    if m is None:  # pragma: no cover - the grammar only produces matching tokens
        raise LexError("bad-number", f"无效的数字「{token}」", f"invalid number {token!r}", 0, len(token))
    digits, suffix = m.groups()
    value = Decimal(digits.replace("_", ""))
    if suffix:
        value = value * _SCALE[suffix]
    return value


def decode_string(token: str) -> str:
    """Decode a string token (with its quotes) into its text; offsets in errors are into ``token``."""
    body = token[1:-1]
    if "\\" not in body:
        return body
    parts: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            nxt = body[i + 1] if i + 1 < len(body) else ""
            if nxt not in _ESCAPES:
                raise LexError(
                    "bad-escape",
                    f"不支持的转义「\\{nxt}」：只能用 \\n \\t \\\\ \\\" \\'",
                    f"unsupported escape '\\{nxt}': use \\n \\t \\\\ \\\" \\'",
                    i + 1,
                    2,
                )
            parts.append(_ESCAPES[nxt])
            i += 2
        else:
            parts.append(ch)
            i += 1
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class CellText:
    """The raw text of one table cell and its 0-based column offset in the line."""

    text: str
    offset: int


def split_row(line: str) -> list[CellText]:
    """Split a table row line (starting with ``|``) into cells; raise :class:`LexError` if malformed."""
    start = line.index("|")
    cells: list[CellText] = []
    i = start + 1
    cell_start = i
    quote: str | None = None
    n = len(line)
    while i < n:
        ch = line[i]
        if quote is not None:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in _CLOSERS:
            quote = _CLOSERS[ch]
        elif ch == "`":
            end = line.find("`", i + 1)
            i = n if end < 0 else end
        elif ch == "|":
            cells.append(CellText(line[cell_start:i], cell_start))
            cell_start = i + 1
        elif ch == "#":
            break
        i += 1
    rest = line[cell_start:i]
    if rest.strip():
        raise LexError(
            "bad-row",
            "表格行必须以「|」结尾",
            "a table row must end with '|'",
            cell_start + (len(rest) - len(rest.lstrip())),
            len(rest.strip()),
        )
    if not cells:
        raise LexError("bad-row", "表格行至少要有一个单元格", "a table row needs at least one cell", start)
    return cells


@dataclass(frozen=True, slots=True)
class HoleText:
    """An ``{expr}`` hole of a message: its text and 0-based offset in the string token."""

    text: str
    offset: int


def split_message(token: str) -> list[str | HoleText]:
    """Split a message string token into decoded literal pieces and raw ``{expr}`` holes."""
    body_offset = 1
    body = token[1:-1]
    parts: list[str | HoleText] = []
    literal: list[str] = []
    i = 0
    n = len(body)
    while i < n:
        ch = body[i]
        if ch == "{":
            if i + 1 < n and body[i + 1] == "{":
                literal.append("{")
                i += 2
                continue
            j = i + 1
            quote: str | None = None
            while j < n:
                c = body[j]
                if quote is not None:
                    if c == quote:
                        quote = None
                elif c in _CLOSERS:
                    quote = _CLOSERS[c]
                elif c == "}":
                    break
                j += 1
            if j >= n:
                raise LexError(
                    "bad-message", "消息中的「{」没有对应的「}」", "unclosed '{' in message", body_offset + i
                )
            if literal:
                parts.append(_decode_piece("".join(literal), body_offset))
                literal = []
            hole = body[i + 1 : j]
            if not hole.strip():
                raise LexError(
                    "bad-message", "消息中的「{}」是空的", "empty '{}' in message", body_offset + i, 2
                )
            parts.append(HoleText(hole, body_offset + i + 1))
            i = j + 1
            continue
        if ch == "}":
            if i + 1 < n and body[i + 1] == "}":
                literal.append("}")
                i += 2
                continue
            raise LexError(
                "bad-message",
                "消息中单独的「}」：字面的花括号写作「}}」",
                "lone '}' in message: write '}}' for a literal brace",
                body_offset + i,
            )
        if ch == "\\" and i + 1 < n:
            literal.append(body[i : i + 2])
            i += 2
            continue
        literal.append(ch)
        i += 1
    if literal:
        parts.append(_decode_piece("".join(literal), body_offset))
    return parts


def _decode_piece(raw: str, offset: int) -> str:
    try:
        return decode_string('"' + raw + '"')
    except LexError as err:
        err.offset += offset - 1
        raise


_GLUED = re.compile(
    r"(?:(?<![A-Za-z0-9_])(" + "|".join(sorted(KEYWORDS, key=len, reverse=True)) + r")(?=[^\x00-\x7f]))"
    r"|(?:(?<=[^\x00-\x7f\s])(" + "|".join(sorted(KEYWORDS, key=len, reverse=True)) + r")(?![A-Za-z0-9_]))"
)


def glued_keyword(word: str) -> str | None:
    """Return the keyword glued to Chinese text inside ``word`` (``if执行率`` → ``if``), if any."""
    m = _GLUED.search(word)
    if m is None:
        return None
    return m.group(1) or m.group(2)
