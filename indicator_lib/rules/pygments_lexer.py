r"""Pygments lexer for the rules language (``.rules`` files).

Decides how rule text is highlighted in documentation and editors. It follows the lexical rules of
``spec/rules-language.md`` without parsing:

- keywords are English words on word boundaries, so ``score预算`` stays one name, as the parser reads
  it; any word after ``.`` is a field name (``i.max``); ``max(`` is the built-in, ``max 10`` the clause;
- full-width punctuation (U+FF01–FF5E: ``（ ） ， ： ％ ＞ ＝``) is highlighted like its ASCII twin;
- ``"…"``, ``'…'``, ``“…”`` and ``‘…’`` are strings; only ``message`` strings have ``{…}``
  interpolation holes (``{{`` and ``}}`` are literal braces); ``“`` closes only with ``”``;
  escapes other than ``\n \t \\ \" \' \“ \” \‘ \’`` are ``Error`` tokens;
- numbers may carry ``%``, ``万`` or ``亿``; a unit glued to a number (``250万元``, ``12人``) is an
  ``Error`` token, because units are not part of numbers;
- a line whose first non-blank character is ``|`` is a decision-table row: ``|`` separates cells,
  ``=>`` marks an output column in the header, a cell (or a comma-separated test) of just ``-`` is the
  wildcard, ``?`` is the value under test, and a Markdown ``|---|`` line is punctuation;
- characters the language does not accept (``、``, ``【``, a lone ``?`` outside a table) are ``Error``.

Pygments is the ``pygments`` extra: this is the only module that imports it, and nothing in the core
imports this module. It is registered through the ``pygments.lexers`` entry point, so with
``indicator-lib[pygments]`` installed ``pygments.lexers.get_lexer_by_name("rules")`` finds it.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pygments.lexer import RegexLexer, bygroups, default, include, words
from pygments.token import (
    Comment,
    Error,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Whitespace,
)

__all__ = ["RulesLexer"]


def _fw(ascii_text: str) -> str:
    """Return a regex for ``ascii_text`` where each character may also be its full-width form."""
    return "".join(f"[{re.escape(c)}{re.escape(chr(ord(c) + 0xFEE0))}]" for c in ascii_text)


_DECLARATIONS = (
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
)
_KEYWORDS = ("hit", "for", "where", "if", "then", "else", "when", "max", "severity", "message")
_WORD_OPERATORS = ("and", "or", "not", "is", "in")
_CONSTANTS = ("null", "true", "false")
_PREDEFINED = ("self", "total")
_BUILTINS = (
    "min",
    "max",
    "abs",
    "round",
    "floor",
    "ceil",
    "clamp",
    "coalesce",
    "len",
    "lower",
    "upper",
    "contains",
    "startswith",
    "endswith",
    "date",
    "year",
    "month",
    "day",
    "days_between",
    "ratio",
    "sum",
    "count",
    "avg",
    "all",
    "any",
    "list",
)
_TYPES = ("number", "text", "bool", "date", "list")
_HIT_POLICIES = ("first", "unique", "collect", "sum")
_SEVERITIES = ("error", "warning", "info")

_HSPACE = r"[^\S\n]+"
_IDENT = r"[^\W\d]\w*"
_BACKTICK = r"`[^`\n]+`"
_NAME = rf"(?:{_IDENT}|{_BACKTICK})"
_DIGITS = r"[0-9０-９][0-9０-９_]*"
_DOT = "[.．]"
_NUMBER = rf"{_DIGITS}(?:{_DOT}{_DIGITS})?[%％万亿]?"
_CALL = r"(?=[^\S\n]*[(（])"
_PIPE = "[|｜]"
_OPERATORS = "|".join(
    (
        *(_fw(op) for op in ("=>", "==", "!=", "<>", "<=", ">=", "??")),
        "[≠≤≥]",
        *(_fw(op) for op in "<>+-*/="),
    )
)
_PUNCTUATION = "|".join(_fw(p) for p in "()[],:")

# state suffix -> (opening quote, closing quote, token); `“` closes only with `”`, as in the grammar
_QUOTES = {
    "dq": ('"', '"', String.Double),
    "sq": ("'", "'", String.Single),
    "cdq": ("“", "”", String.Double),
    "csq": ("‘", "’", String.Single),
}

_Rule = tuple[Any, ...]


def _string_state(close: str, token: Any, *, interpolate: bool) -> list[_Rule]:
    """Rules for the inside of a string closed by ``close``."""
    rules: list[_Rule] = [
        (close, token, "#pop"),
        (r"\\[nt\\\"'“”‘’]", String.Escape),
        (r"\\.?", Error),
        (r"\n", Error, "#pop"),
    ]
    if interpolate:
        rules += [
            (r"\{\{|\}\}", String.Escape),
            (r"\{", String.Interpol, "hole"),
            (rf"[^\\\n{{}}{close}]+", token),
            (r"\}", token),
        ]
    else:
        rules.append((rf"[^\\\n{close}]+", token))
    return rules


def _string_rules() -> list[_Rule]:
    """Return the openers of message strings (with holes) and plain strings, for each quote."""
    rules: list[_Rule] = []
    for kind, (open_, _, token) in _QUOTES.items():
        rules.append(
            (rf"(message)([^\S\n]*)({open_})", bygroups(Keyword, Whitespace, token), f"message-{kind}")
        )
    rules += [(open_, token, f"string-{kind}") for kind, (open_, _, token) in _QUOTES.items()]
    return rules


def _string_states() -> dict[str, list[_Rule]]:
    """Return the inside-of-string states for each quote, plain and message."""
    states = {}
    for kind, (_, close, token) in _QUOTES.items():
        states[f"string-{kind}"] = _string_state(close, token, interpolate=False)
        states[f"message-{kind}"] = _string_state(close, token, interpolate=True)
    return states


class RulesLexer(RegexLexer):  # type: ignore[misc]  # pygments ships no type information
    """Highlight ``.rules`` files (the indicator_lib rules language).

    Registered as the Pygments lexer ``rules`` (alias ``indicator-rules``, files ``*.rules``).

    Example:
        >>> from pygments import highlight
        >>> from pygments.formatters import TerminalFormatter
        >>> source = "let 执行率 = ratio(self.executed, self.budget)"
        >>> text = highlight(source, RulesLexer(), TerminalFormatter())

    """

    name = "indicator_lib rules"
    aliases: ClassVar[list[str]] = ["rules", "indicator-rules"]
    filenames: ClassVar[list[str]] = ["*.rules"]
    mimetypes: ClassVar[list[str]] = ["text/x-indicator-rules"]
    url = "https://pypi.org/project/indicator-lib/"

    tokens: ClassVar[dict[str, list[_Rule]]] = {
        "root": [
            # a Markdown separator line under a decision table's header
            (
                rf"^([^\S\n]*)({_PIPE}(?:[^\S\n]*:?-{{2,}}:?[^\S\n]*{_PIPE})+)",
                bygroups(Whitespace, Punctuation),
            ),
            (rf"^([^\S\n]*)({_PIPE})", bygroups(Whitespace, Punctuation), "tablerow"),
            (r"\n", Whitespace),
            (_HSPACE, Whitespace),
            (r"#.*?$", Comment.Single),
            (rf"(input)({_HSPACE})({_NAME})", bygroups(Keyword.Declaration, Whitespace, Name.Class)),
            (rf"(let)({_HSPACE})({_NAME})", bygroups(Keyword.Declaration, Whitespace, Name.Variable)),
            (
                rf"(def|table)({_HSPACE})({_NAME})",
                bygroups(Keyword.Declaration, Whitespace, Name.Function),
            ),
            (
                rf"(score|check|drop)({_HSPACE})({_NAME})",
                bygroups(Keyword.Declaration, Whitespace, Name.Label),
            ),
            (
                rf"(hit)({_HSPACE})({'|'.join(_HIT_POLICIES)})\b",
                bygroups(Keyword, Whitespace, Keyword.Pseudo),
            ),
            (
                rf"(severity)({_HSPACE})({'|'.join(_SEVERITIES)})\b",
                bygroups(Keyword, Whitespace, Keyword.Pseudo),
            ),
            # `实际: number` in a def or table header, `xs: list[number]`
            (
                rf"({_fw(':')})([^\S\n]*)(?=(?:{'|'.join(_TYPES)})\b)",
                bygroups(Punctuation, Whitespace),
                "type",
            ),
            (words(_DECLARATIONS, suffix=r"\b"), Keyword.Declaration),
            include("expression"),
        ],
        "expression": [
            *_string_rules(),
            # after `.` any word is a field name (`i.max`, `i.score`)
            (rf"({_DOT})([^\S\n]*)({_NAME})", bygroups(Punctuation, Whitespace, Name.Attribute)),
            (rf"((?>{_NUMBER}))({_IDENT})", bygroups(Number, Error)),
            (_NUMBER, Number),
            (_BACKTICK, Name),
            # `max(…)` is the built-in; `max EXPR` in a score is the clause keyword
            (words(_BUILTINS, suffix=_CALL), Name.Builtin),
            (words(_KEYWORDS, suffix=r"\b"), Keyword),
            (words(_WORD_OPERATORS, suffix=r"\b"), Operator.Word),
            (words(_CONSTANTS, suffix=r"\b"), Keyword.Constant),
            (words(_PREDEFINED, suffix=r"\b"), Name.Builtin.Pseudo),
            (_IDENT + _CALL, Name.Function),
            (_IDENT, Name),
            (_OPERATORS, Operator),
            (_PUNCTUATION, Punctuation),
        ],
        "type": [
            (_HSPACE, Whitespace),
            (words(_TYPES, suffix=r"\b"), Keyword.Type),
            (_fw("["), Punctuation),
            (_fw("]"), Punctuation),
            default("#pop"),
        ],
        "tablerow": [
            (r"\n", Whitespace, "#pop"),
            # a cell, or one test in a cell, that is just `-`: the wildcard
            (
                r"(?<=[|｜,，])([^\S\n]*)([-－])(?=[^\S\n]*[|｜,，])",
                bygroups(Whitespace, Keyword.Pseudo),
            ),
            (_HSPACE, Whitespace),
            (r"#.*?$", Comment.Single),
            (_PIPE, Punctuation),
            # `?` is the value under test
            (rf"{_fw('?')}(?!{_fw('?')})", Name.Builtin.Pseudo),
            include("expression"),
        ],
        "hole": [
            (r"\}", String.Interpol, "#pop"),
            (r"\n", Error, "#pop:2"),
            (_HSPACE, Whitespace),
            include("expression"),
        ],
        **_string_states(),
    }
