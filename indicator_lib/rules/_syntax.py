"""Syntax problems: lark's exceptions in words, with hints for habits from Excel and Chinese input.

Decides: the stable codes, the expected tokens in words, and the hints (``=`` for ``==``, units after
numbers, keywords glued to Chinese text, full-width punctuation, keywords used as names, ``??``
mixed with operators) of :class:`~indicator_lib.errors.RuleSyntaxError`; spans of sub-texts (table
cells, message holes) shifted to their place in the file.
"""

from __future__ import annotations

import re
import unicodedata

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from indicator_lib.rules import ast as a
from indicator_lib.rules._lexer import KEYWORDS, glued_keyword

__all__ = ["Problem", "shift", "translate"]


class Problem(Exception):
    """A syntax problem: a stable code, the message in Chinese and English, and where."""

    def __init__(self, code: str, message: str, message_en: str, span: a.Span) -> None:
        super().__init__(message_en)
        self.code = code
        self.message = message
        self.message_en = message_en
        self.span = span


def shift(span: a.Span, line_off: int, col_off: int) -> a.Span:
    """Move a span of a sub-text (starting at the offsets) to its place in the file."""
    if not line_off and not col_off:
        return span
    return a.Span(
        span.line + line_off,
        span.column + (col_off if span.line == 1 else 0),
        span.end_line + line_off,
        span.end_column + (col_off if span.end_line == 1 else 0),
    )


# ---- syntax error translation -------------------------------------------------------------------

_WORDS = {
    "NAME": ("名称", "a name"),
    "QNAME": ("名称", "a name"),
    "NUMBER": ("数字", "a number"),
    "STRING": ("字符串", "a string"),
    "CMP": ("比较运算符", "a comparison operator"),
    "ROW": ("表格行", "a table row"),
    "$END": ("文件结尾", "end of input"),
}

_CJK_PUNCT_EN = {
    "。": ".",
    "、": ",",
    "【": "[",
    "】": "]",
    "《": "<",
    "》": ">",
    "—": "-",
    "…": "...",
    "·": ".",
}


def _expected_words(parser: Lark, expected: set[str]) -> tuple[str, str]:
    zh: list[str] = []
    en: list[str] = []
    for name in sorted(expected):
        if name in _WORDS:
            w_zh, w_en = _WORDS[name]
        else:
            try:
                term = parser.get_terminal(name)
            except KeyError:  # pragma: no cover - lark internals
                continue
            value = term.pattern.value if term.pattern.type == "str" else name.lower()
            w_zh = w_en = f"`{value}`"
        if w_zh not in zh:
            zh.append(w_zh)
        if w_en not in en:
            en.append(w_en)
    if len(zh) > 10:
        zh = [*zh[:10], "…"]
        en = [*en[:10], "…"]
    return "、".join(zh), ", ".join(en)


def _line_of(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line - 1] if 1 <= line <= len(lines) else ""


def translate(err: UnexpectedInput, text: str, line_off: int, col_off: int, parser: Lark) -> Problem:
    """Turn lark's exception on ``text`` (a sub-text at the offsets) into a problem with hints."""
    if isinstance(err, UnexpectedCharacters):
        span = shift(a.Span(err.line, err.column, err.line, err.column + 1), line_off, col_off)
        pos = err.pos_in_stream or 0
        ch = text[pos] if pos < len(text) else ""
        if ch in "\"'“‘":
            return Problem(
                "unterminated-string",
                "字符串没有结束引号（字符串不能跨行）",
                "unterminated string (strings are single-line)",
                span,
            )
        if ch and ord(ch) > 127 and unicodedata.category(ch)[0] in "PS":
            ascii_ = _CJK_PUNCT_EN.get(ch)
            tip_zh = f"，是否应为「{ascii_}」" if ascii_ else ""
            tip_en = f"; did you mean '{ascii_}'" if ascii_ else ""
            return Problem(
                "full-width-char",
                f"这里不能用中文标点「{ch}」{tip_zh}？请切换到英文输入法",
                f"Chinese punctuation {ch!r} is not allowed here{tip_en}? switch the input method to English",
                span,
            )
        return Problem(
            "unexpected-character",
            f"无法识别的字符「{ch}」",
            f"unexpected character {ch!r}",
            span,
        )
    if isinstance(err, UnexpectedToken) and err.token.type != "$END":
        tok: Token = err.token
        span = shift(
            a.Span(tok.line or 1, tok.column or 1, tok.end_line or 1, tok.end_column or 2), line_off, col_off
        )
        expected: set[str] = set(err.accepts or err.expected)
        exp_zh, exp_en = _expected_words(parser, expected)
        value = str(tok.value)
        line_text = _line_of(text, tok.line or 1)
        for word in re.findall(r"[^\W\d]\w*", line_text):
            kw = glued_keyword(word)
            if kw is not None and not word.isascii():
                at = line_text.find(word)
                line_no = (tok.line or 1) + line_off
                col = at + 1 + (col_off if tok.line == 1 else 0)
                span = a.Span(line_no, col, line_no, col + len(word))
                return Problem(
                    "keyword-glued",
                    f"关键字「{kw}」与中文连在一起（「{word}」被读成一个名称）：请在「{kw}」前后加空格",
                    f"keyword '{kw}' is glued to Chinese text ('{word}' reads as one name): "
                    f"put spaces around '{kw}'",
                    span,
                )
        prev = text[: tok.start_pos].rstrip() if tok.start_pos is not None else ""
        if tok.type == "EQUAL" and prev and (prev[-1].isalnum() or prev[-1] in ")]\"'”’`_%"):
            return Problem(
                "assign-not-compare",
                "「=」不是比较运算符：比较相等请用「==」",
                "'=' is not a comparison: use '==' to compare",
                span,
            )
        if tok.type in ("NAME", "QNAME") and tok.start_pos is not None:
            before = text[: tok.start_pos]
            if re.search(r"\d[\d_]*(\.\d[\d_]*)?[%万亿]?$", before):
                return Problem(
                    "unit-after-number",
                    f"数字后不能跟单位「{value}」：单位不是数字的一部分，请删去"
                    "（金额写作 250万 而不是 250万元）",
                    f"a unit ({value!r}) cannot follow a number: units are not part of numbers "
                    "(write 250万, not 250万元)",
                    span,
                )
        if tok.type == "COALESCE" or (
            tok.type in ("PLUS", "MINUS", "STAR", "SLASH", "CMP")
            and "??" in line_text[: (tok.column or 1) - 1]
        ):
            return Problem(
                "coalesce-needs-parens",
                "「??」两边只能是名称、路径、调用、字面量或括号表达式："
                "请加括号，如 (i.score ?? 0) * i.weight",
                "'??' takes a name, path, call, literal or parenthesised expression on each side: "
                "add parentheses, e.g. (i.score ?? 0) * i.weight",
                span,
            )
        if value in KEYWORDS and ("NAME" in expected or "QNAME" in expected):
            return Problem(
                "keyword-as-name",
                f"「{value}」是关键字，不能用作名称：如确需此名，请写作 `{value}`",
                f"'{value}' is a keyword and cannot be a name; write `{value}` in backticks if you need it",
                span,
            )
        return Problem(
            "unexpected-token",
            f"此处不应出现「{value}」" + (f"，应为：{exp_zh}" if exp_zh else ""),
            f"unexpected {value!r}" + (f"; expected {exp_en}" if exp_en else ""),
            span,
        )
    lines = text.split("\n")
    last = len(lines)
    col = len(lines[-1]) + 1
    expected_end: set[str] = set(getattr(err, "expected", None) or ())
    exp_zh, exp_en = _expected_words(parser, expected_end)
    tail_zh = f"，应为：{exp_zh}" if exp_zh else ""
    tail_en = f"; expected {exp_en}" if exp_en else ""
    return Problem(
        "unexpected-end",
        f"规则文本意外结束{tail_zh}",
        f"unexpected end of input{tail_en}",
        shift(a.Span(last, col, last, col + 1), line_off, col_off),
    )
