"""Text → AST. With ``_lalr`` (the fast driver) and ``_syntax`` (error wording), the only lark users.

Decides: the grammar (``grammars/rules.lark``) is built once, LALR with positions, behind a lock. A
text is parsed by the fast driver over lark's own tables (:mod:`indicator_lib.rules._lalr`); when
the driver cannot (any syntax or build problem), lark parses the same text with positions and the
same builder runs on its tree, so every diagnostic comes from lark and :mod:`~indicator_lib.rules.
_syntax` (stable codes, expected tokens in words, hints for Excel and Chinese input habits) exactly
as before. Table rows and message holes are parsed again through the ``cell_tests`` / ``expr`` start
symbols, with their spans shifted to their place in the file. Limits: source size and syntax-tree
depth (lark's tree, also tracked by the driver). ``_parse_reference`` is the lark-only path, the
oracle of ``tests/rules/test_parse_fast.py``.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput

from indicator_lib._resources import read_grammar
from indicator_lib.errors import RuleSyntaxError
from indicator_lib.rules import ast as a
from indicator_lib.rules._lalr import Fallback, FastParser, Tok, spanless
from indicator_lib.rules._lexer import (
    KEYWORDS,
    MAX_SOURCE_CHARS,
    HoleText,
    LexError,
    decode_string,
    normalise,
    parse_number,
    split_message,
    split_row,
)
from indicator_lib.rules._source import Source, diagnostic
from indicator_lib.rules._syntax import Problem, shift, translate

__all__ = ["MAX_DEPTH", "build_parser", "parse", "parse_expr"]

MAX_DEPTH = 100

_LOCK = threading.Lock()
_PARSER: Lark | None = None
_FAST: FastParser | None = None

_CANON_OP = {"<>": "!=", "≠": "!=", "≤": "<=", "≥": ">=", "==": "==", "!=": "!=", "<": "<", "<=": "<="}
_CANON_OP.update({">": ">", ">=": ">="})


def build_parser(*, strict: bool = False) -> Lark:
    """Return the (cached) LALR parser; ``strict=True`` builds a fresh one with lark's strict mode."""
    global _PARSER
    if strict:
        return _make(strict=True)
    if _PARSER is None:
        with _LOCK:
            if _PARSER is None:
                _PARSER = _make(strict=False)
    return _PARSER


def _make(*, strict: bool) -> Lark:
    return Lark(
        read_grammar("rules.lark"),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=True,
        start=["start", "cell_tests", "expr"],
        strict=strict,
    )


def parse(text: str, name: str | None = None) -> a.Module:
    """Parse a whole ``.rules`` text.

    Args:
        text: The rules text.
        name: The file name used in diagnostics.

    Returns:
        The module's syntax tree.

    Raises:
        RuleSyntaxError: The text does not parse; the diagnostic says where and what was expected.

    """
    return _parse_module(text, name)


@functools.lru_cache(maxsize=64)
def _parse_module(text: str, name: str | None) -> a.Module:
    """Parse a whole text; the tree is immutable, so the same text and name share one (``extends``)."""
    source = Source.of(text, name)
    module = _run(source, "start", text)
    assert isinstance(module, a.Module)
    return module


def parse_expr(text: str, name: str | None = None) -> a.Expr:
    """Parse one expression (used by tests and tools)."""
    source = Source.of(text, name)
    expr = _run(source, "expr", text)
    assert isinstance(expr, a.Expr)
    return expr


def _parse_reference(text: str, name: str | None = None, start: str = "start") -> a.Node:
    """Parse through lark's tree only (no fast driver): the oracle the fast path is tested against."""
    return _run(Source.of(text, name), start, text, fast=False)


def _run(source: Source, start: str, text: str, *, fast: bool = True) -> a.Node:
    if len(text) > MAX_SOURCE_CHARS:
        raise RuleSyntaxError(
            diagnostic(
                source,
                a.Span(1, 1, 1, 2),
                "too-long",
                f"规则文本过长（{len(text)} 个字符，上限 {MAX_SOURCE_CHARS}）",
                f"rules text too long ({len(text)} characters, limit {MAX_SOURCE_CHARS})",
            )
        )
    norm = normalise(text)
    try:
        found: list[a.Placeholder] = []
        node = _parse_sub(source, norm, start, 0, 0, fast=fast, found=found)
        if found:  # the builder saw a ``?``: find any outside tables (those inside are allowed)
            if isinstance(node, a.Module):
                for decl in node.decls:
                    if not isinstance(decl, a.Table):
                        _forbid_placeholder(decl)
            else:
                _forbid_placeholder(node)
    except Problem as p:
        raise RuleSyntaxError(diagnostic(source, p.span, p.code, p.message, p.message_en)) from None
    return node


def _parse_sub(
    source: Source,
    text: str,
    start: str,
    line_off: int,
    col_off: int,
    *,
    fast: bool = True,
    found: list[a.Placeholder] | None = None,
) -> a.Node:
    """Parse ``text`` from ``start``: the fast driver first, lark itself if the driver cannot.

    ``fast=False`` is the reference path (lark's tree with positions, then the builder), also for
    every nested table cell and message hole; diagnostics always come from it. Placeholders built
    (here or in nested parses) are appended to ``found``.
    """
    if found is None:
        found = []
    if fast:
        driver = _fast_parser()
        try:
            build = _Build(source, line_off, col_off, True, found)
            node = driver.parse(text, start, build, line_off, col_off, MAX_DEPTH)
        except (Fallback, Problem):
            pass
        else:
            assert isinstance(node, a.Node)
            return node
    parser = build_parser()
    try:
        tree = parser.parse(text, start=start)
    except UnexpectedInput as err:
        raise translate(err, text, line_off, col_off, parser) from None
    _check_depth(tree, line_off, col_off)
    node = _Build(source, line_off, col_off, fast, found).build(tree)
    assert isinstance(node, a.Node)
    return node


def _fast_parser() -> FastParser:
    global _FAST
    if _FAST is None:
        parser = build_parser()
        with _LOCK:
            if _FAST is None:
                _FAST = FastParser(parser, _RULES)
    return _FAST


_SIMPLE_PATH = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)*")


def _simple_path(text: str, line_off: int, col_off: int) -> a.Expr | None:
    """Build ``name`` or ``name.field.field`` without the parser (the common message hole).

    Returns None unless ``text`` is exactly such a path of plain, non-keyword names; the nodes and
    spans are those the parser would build.
    """
    if not _SIMPLE_PATH.fullmatch(text):
        return None
    words = text.split(".")
    if any(w in KEYWORDS for w in words):
        return None
    line = 1 + line_off
    start = 1 + col_off
    end = start + len(words[0])
    node: a.Expr = a.Name(unicodedata.normalize("NFKC", words[0]), a.Span(line, start, line, end))
    for word in words[1:]:
        end += 1 + len(word)
        node = a.Field(node, unicodedata.normalize("NFKC", word), a.Span(line, start, line, end))
    return node


def _check_depth(tree: Tree[Any], line_off: int, col_off: int) -> None:
    stack: list[tuple[Tree[Any], int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            meta = node.meta
            span = shift(
                a.Span(
                    getattr(meta, "line", 1),
                    getattr(meta, "column", 1),
                    getattr(meta, "end_line", 1),
                    getattr(meta, "end_column", 2),
                ),
                line_off,
                col_off,
            )
            raise Problem(
                "too-deep",
                f"表达式嵌套过深（上限 {MAX_DEPTH} 层）：请用 let 拆分",
                f"expression nested too deeply (limit {MAX_DEPTH}); split it with let",
                span,
            )
        for child in node.children:
            if isinstance(child, Tree):
                stack.append((child, depth + 1))


def _forbid_placeholder(node: a.Node) -> None:
    for sub in a.walk(node):
        if isinstance(sub, a.Placeholder):
            raise Problem(
                "placeholder-outside-table",
                "「?」只能用在决策表的输入单元格中",
                "'?' may only be used in a decision-table input cell",
                sub.span,
            )


# ---- tree → AST -----------------------------------------------------------------------------------


def _meta_span(meta: Any) -> a.Span:
    if getattr(meta, "empty", True):
        return a.NOWHERE
    return a.Span(meta.line, meta.column, meta.end_line, meta.end_column)


def _name_text(tok: Token | Tok) -> str:
    text = str(tok.value)
    if tok.type == "QNAME":
        text = text[1:-1]
    return unicodedata.normalize("NFKC", text)


_SEPARATOR = re.compile(r"\s*:?-+:?\s*")
_HEADER_OUT = re.compile(r"\s*=>\s*(`[^`]+`|[^\W\d]\w*)\s*")
_HEADER_IN = re.compile(r"\s*(`[^`]+`|[^\W\d]\w*)\s*")


class _Build:
    """Builds AST nodes; spans shifted by the offsets of a sub-parse (cells, message holes).

    Each rule ``r`` of the grammar has a method ``r(span, children)``, called bottom-up by the fast
    driver (:mod:`indicator_lib.rules._lalr`) or by :meth:`build` on lark's tree (recursion is
    bounded: the tree's depth was checked first). Tokens are lark's or the driver's (same attributes).
    """

    def __init__(
        self, source: Source, line_off: int, col_off: int, fast: bool, found: list[a.Placeholder]
    ) -> None:
        self._source = source
        self._found = found
        self._line_off = line_off
        self._col_off = col_off
        self._fast = fast

    def build(self, tree: Tree[Token]) -> Any:
        """Return the AST of a parse tree."""
        children = [self.build(c) if type(c) is Tree else c for c in tree.children]
        rule = _RULES.get(tree.data)
        if rule is None:
            return Tree(tree.data, children, tree.meta)
        return rule(self, self._sp(tree.meta), children)

    def _sp(self, meta: Any) -> a.Span:
        return shift(_meta_span(meta), self._line_off, self._col_off)

    def _string(self, tok: Token | Tok) -> str:
        try:
            return decode_string(str(tok.value))
        except LexError as err:
            line = (tok.line or 1) + self._line_off
            col = (tok.column or 1) + err.offset + (self._col_off if tok.line == 1 else 0)
            raise Problem(
                err.code, err.message, err.message_en, a.Span(line, col, line, col + err.length)
            ) from None

    # ---- declarations

    def start(self, sp: a.Span, children: list[Any]) -> a.Module:
        return a.Module(tuple(children), sp)

    def ruleset_decl(self, sp: a.Span, children: list[Any]) -> a.RulesetDecl:
        name_tok, version = children
        return a.RulesetDecl(self._string(name_tok), version, sp)

    @spanless
    def version_clause(self, sp: a.Span, children: list[Any]) -> str:
        return self._string(children[0])

    def input_decl(self, sp: a.Span, children: list[Any]) -> a.InputDecl:
        return a.InputDecl(children[0][0], sp)

    def extends_decl(self, sp: a.Span, children: list[Any]) -> a.Extends:
        return a.Extends(self._string(children[0]), sp)

    def drop_decl(self, sp: a.Span, children: list[Any]) -> a.Drop:
        return a.Drop(children[0][0], sp)

    def let_decl(self, sp: a.Span, children: list[Any]) -> a.Let:
        return a.Let(children[0][0], children[1], sp)

    def def_decl(self, sp: a.Span, children: list[Any]) -> a.Def:
        return a.Def(children[0][0], children[1], children[2], sp)

    @spanless
    def params(self, sp: a.Span, children: list[Any]) -> tuple[a.Param, ...]:
        return tuple(c for c in children if c is not None)

    def param(self, sp: a.Span, children: list[Any]) -> a.Param:
        return a.Param(children[0][0], children[1], sp)

    def type_ref(self, sp: a.Span, children: list[Any]) -> a.TypeRef:
        parts = [children[0][0]]
        arg: a.TypeRef | None = None
        for child in children[1:]:
            if isinstance(child, a.TypeRef):
                arg = child
            elif child is not None:
                parts.append(child)
        return a.TypeRef(tuple(parts), arg, sp)

    @spanless
    def type_arg(self, sp: a.Span, children: list[Any]) -> a.TypeRef:
        ref = children[0]
        assert isinstance(ref, a.TypeRef)
        return ref

    def score_decl(self, sp: a.Span, children: list[Any]) -> a.Score:
        name, label, loop, max_, expr = children
        return a.Score(name[0], label, loop, max_, expr, sp)

    def check_decl(self, sp: a.Span, children: list[Any]) -> a.Check:
        name, label, loop, severity, cond, message = children
        return a.Check(name[0], label, loop, severity, cond, message, sp)

    @spanless
    def label(self, sp: a.Span, children: list[Any]) -> str:
        return self._string(children[0])

    def loop(self, sp: a.Span, children: list[Any]) -> a.Loop:
        name, iterable, cond = children
        return a.Loop(name[0], iterable, cond, sp)

    @spanless
    def where_clause(self, sp: a.Span, children: list[Any]) -> a.Expr:
        expr = children[0]
        assert isinstance(expr, a.Expr)
        return expr

    max_clause = where_clause

    @spanless
    def severity_clause(self, sp: a.Span, children: list[Any]) -> str:
        name: str = children[0][0]
        if name not in ("error", "warning", "info"):
            raise Problem(
                "bad-severity",
                f"未知的严重程度「{name}」：应为 error、warning 或 info",
                f"unknown severity {name!r}: expected error, warning or info",
                children[0][1],
            )
        return name

    def message_clause(self, sp: a.Span, children: list[Any]) -> a.Message:
        tok: Token | Tok = children[0]
        try:
            pieces = split_message(str(tok.value))
        except LexError as err:
            line = (tok.line or 1) + self._line_off
            col = (tok.column or 1) + err.offset + (self._col_off if tok.line == 1 else 0)
            raise Problem(
                err.code, err.message, err.message_en, a.Span(line, col, line, col + err.length)
            ) from None
        parts: list[str | a.Expr] = []
        for piece in pieces:
            if isinstance(piece, HoleText):
                line_off = (tok.line or 1) - 1 + self._line_off
                col_off = (tok.column or 1) + piece.offset - 1 + (self._col_off if tok.line == 1 else 0)
                expr = _simple_path(piece.text, line_off, col_off) or _parse_sub(
                    self._source, piece.text, "expr", line_off, col_off, fast=self._fast, found=self._found
                )
                assert isinstance(expr, a.Expr)
                parts.append(expr)
            else:
                parts.append(piece)
        return a.Message(tuple(parts), sp)

    def grade_decl(self, sp: a.Span, children: list[Any]) -> a.Grade:
        path = children[0]
        bands = tuple(c for c in children[1:-1] if isinstance(c, a.Band))
        else_label = children[-1]
        return a.Grade(path, bands, else_label, sp)

    @spanless
    def path(self, sp: a.Span, children: list[Any]) -> tuple[str, ...]:
        return (children[0][0], *children[1:])

    def band(self, sp: a.Span, children: list[Any]) -> a.Band:
        op_tok, value, label_tok = children
        return a.Band(_CANON_OP[op_tok.value], value, self._string(label_tok), sp)

    @spanless
    def else_band(self, sp: a.Span, children: list[Any]) -> str:
        return self._string(children[0])

    def table_decl(self, sp: a.Span, children: list[Any]) -> a.Table:
        name, params, policy, *rows = children
        if policy[0] not in ("first", "unique", "collect", "sum"):
            raise Problem(
                "bad-hit-policy",
                f"未知的命中策略「{policy[0]}」：应为 first、unique、collect 或 sum",
                f"unknown hit policy {policy[0]!r}: expected first, unique, collect or sum",
                policy[1],
            )
        inputs, outputs, body = self._table_rows(params, rows)
        return a.Table(name[0], params, policy[0], inputs, outputs, body, sp)

    def _row_problem(
        self, tok: Token | Tok, offset: int, length: int, code: str, zh: str, en: str
    ) -> Problem:
        line = (tok.line or 1) + self._line_off
        col = (tok.column or 1) + offset
        return Problem(code, zh, en, a.Span(line, col, line, col + max(length, 1)))

    def _table_rows(
        self, params: tuple[a.Param, ...], rows: list[Token | Tok]
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[a.TableRow, ...]]:
        header_tok = rows[0]
        try:
            header = split_row(str(header_tok.value).rstrip("\r"))
        except LexError as err:
            raise self._row_problem(
                header_tok, err.offset, err.length, err.code, err.message, err.message_en
            ) from None
        inputs: list[str] = []
        outputs: list[str] = []
        names = {p.name for p in params}
        for cell in header:
            m_out = _HEADER_OUT.fullmatch(cell.text)
            m_in = _HEADER_IN.fullmatch(cell.text)
            if m_out:
                word = unicodedata.normalize("NFKC", m_out.group(1).strip("`"))
                outputs.append(word)
                continue
            if m_in and not outputs:
                word = unicodedata.normalize("NFKC", m_in.group(1).strip("`"))
                if word not in names or word in inputs:
                    what_zh = "重复的" if word in inputs else "不是参数的"
                    what_en = "repeated" if word in inputs else "not a parameter:"
                    raise self._row_problem(
                        header_tok,
                        cell.offset,
                        len(cell.text),
                        "bad-table-header",
                        f"表头列「{word}」是{what_zh}列名：表头须把每个参数列出一次，再列出「=> 输出」",
                        f"header column {word!r} is {what_en} a header names each parameter once, "
                        "then '=> output' columns",
                    )
                inputs.append(word)
                continue
            raise self._row_problem(
                header_tok,
                cell.offset,
                len(cell.text),
                "bad-table-header",
                "表头应为参数名，之后是一个或多个「=> 输出名」",
                "a table header lists the parameter names, then one or more '=> name' outputs",
            )
        missing = [p.name for p in params if p.name not in inputs]
        if missing or not outputs:
            what_zh = f"缺少参数列 {'、'.join(missing)}" if missing else "缺少「=> 输出」列"
            what_en = (
                f"missing parameter columns {', '.join(missing)}" if missing else "no '=> output' column"
            )
            raise self._row_problem(
                header_tok,
                0,
                len(str(header_tok.value)),
                "bad-table-header",
                f"表头{what_zh}",
                f"header: {what_en}",
            )
        body: list[a.TableRow] = []
        for k, tok in enumerate(rows[1:]):
            raw = str(tok.value).rstrip("\r")
            try:
                cells = split_row(raw)
            except LexError as err:
                raise self._row_problem(
                    tok, err.offset, err.length, err.code, err.message, err.message_en
                ) from None
            if k == 0 and all(_SEPARATOR.fullmatch(c.text) for c in cells):
                continue
            if len(cells) != len(inputs) + len(outputs):
                raise self._row_problem(
                    tok,
                    0,
                    len(raw),
                    "bad-row",
                    f"这一行有 {len(cells)} 个单元格，表头有 {len(inputs) + len(outputs)} 列",
                    f"this row has {len(cells)} cells; the header has {len(inputs) + len(outputs)} columns",
                )
            body.append(self._row(tok, cells, len(inputs)))
        return tuple(inputs), tuple(outputs), tuple(body)

    def _row(self, tok: Token | Tok, cells: list[Any], n_inputs: int) -> a.TableRow:
        line_off = (tok.line or 1) - 1 + self._line_off
        parsed_in: list[a.Cell] = []
        parsed_out: list[a.Expr] = []
        for idx, cell in enumerate(cells):
            if not cell.text.strip():
                raise self._row_problem(
                    tok,
                    cell.offset,
                    len(cell.text),
                    "empty-cell",
                    "表格单元格不能为空：表示“任意值”请写「-」",
                    "a table cell may not be empty: write '-' for 'anything'",
                )
            col_off = (tok.column or 1) + cell.offset - 1
            if idx < n_inputs:
                node = _parse_sub(
                    self._source,
                    cell.text,
                    "cell_tests",
                    line_off,
                    col_off,
                    fast=self._fast,
                    found=self._found,
                )
                assert isinstance(node, a.Cell)
                parsed_in.append(node)
            else:
                expr = _parse_sub(
                    self._source, cell.text, "expr", line_off, col_off, fast=self._fast, found=self._found
                )
                assert isinstance(expr, a.Expr)
                _forbid_placeholder(expr)
                parsed_out.append(expr)
        line = (tok.line or 1) + self._line_off
        span = a.Span(line, tok.column or 1, line, (tok.end_column or 2))
        return a.TableRow(tuple(parsed_in), tuple(parsed_out), span)

    # ---- cells

    def cell_tests(self, sp: a.Span, children: list[Any]) -> a.Cell:
        tests = tuple(children)
        for test in tests:
            if not isinstance(test, a.ExprTest):
                _forbid_placeholder(test)
        return a.Cell(tests, sp)

    def any_test(self, sp: a.Span, children: list[Any]) -> a.AnyTest:
        return a.AnyTest(sp)

    def cmp_test(self, sp: a.Span, children: list[Any]) -> a.CmpTest:
        return a.CmpTest(_CANON_OP[children[0].value], children[1], sp)

    def in_test(self, sp: a.Span, children: list[Any]) -> a.InTest:
        return a.InTest(children[0], False, sp)

    def not_in_test(self, sp: a.Span, children: list[Any]) -> a.InTest:
        return a.InTest(children[0], True, sp)

    def null_test(self, sp: a.Span, children: list[Any]) -> a.NullTest:
        return a.NullTest(False, sp)

    def not_null_test(self, sp: a.Span, children: list[Any]) -> a.NullTest:
        return a.NullTest(True, sp)

    def interval(self, sp: a.Span, children: list[Any]) -> a.Interval:
        lo_tok, low, _comma, high, hi_tok = children
        return a.Interval(low, high, lo_tok.value == "[", hi_tok.value == "]", sp)

    def expr_test(self, sp: a.Span, children: list[Any]) -> a.UnaryTest:
        expr = children[0]
        predicate = any(isinstance(n, a.Placeholder) for n in a.walk(expr))
        if not predicate and isinstance(expr, a.ListLit) and len(expr.items) == 2:
            return a.Interval(expr.items[0], expr.items[1], True, True, sp)
        return a.ExprTest(expr, predicate, sp)

    # ---- expressions

    def if_expr(self, sp: a.Span, children: list[Any]) -> a.If:
        return a.If(children[0], children[1], children[2], sp)

    def when_expr(self, sp: a.Span, children: list[Any]) -> a.When:
        return a.When(tuple(children[:-1]), children[-1], sp)

    @spanless
    def when_branch(self, sp: a.Span, children: list[Any]) -> tuple[a.Expr, a.Expr]:
        return (children[0], children[1])

    def or_op(self, sp: a.Span, children: list[Any]) -> a.Binary:
        return a.Binary("or", children[0], children[1], sp)

    def and_op(self, sp: a.Span, children: list[Any]) -> a.Binary:
        return a.Binary("and", children[0], children[1], sp)

    def not_op(self, sp: a.Span, children: list[Any]) -> a.Not:
        return a.Not(children[0], sp)

    def compare(self, sp: a.Span, children: list[Any]) -> a.Compare:
        operands = tuple(children[0::2])
        ops = tuple(_CANON_OP[t.value] for t in children[1::2])
        if len(ops) > 1 and not (set(ops) <= {"<", "<="} or set(ops) <= {">", ">="}):
            raise Problem(
                "bad-chain",
                "比较链只能连续使用 < 和 <=，或连续使用 > 和 >=（如 0 <= x <= 1）；其他情况请用 and 连接",
                "a comparison chain is a run of < / <= or of > / >= (0 <= x <= 1); join others with 'and'",
                sp,
            )
        return a.Compare(ops, operands, sp)

    def is_null(self, sp: a.Span, children: list[Any]) -> a.IsNull:
        return a.IsNull(children[0], False, sp)

    def is_not_null(self, sp: a.Span, children: list[Any]) -> a.IsNull:
        return a.IsNull(children[0], True, sp)

    def in_op(self, sp: a.Span, children: list[Any]) -> a.Member:
        return a.Member(children[0], children[1], False, sp)

    def not_in_op(self, sp: a.Span, children: list[Any]) -> a.Member:
        return a.Member(children[0], children[1], True, sp)

    def coalesce(self, sp: a.Span, children: list[Any]) -> a.Coalesce:
        return a.Coalesce(tuple(children[0::2]), sp)

    def binop(self, sp: a.Span, children: list[Any]) -> a.Binary:
        return a.Binary(children[1].value, children[0], children[2], sp)

    def neg(self, sp: a.Span, children: list[Any]) -> a.Expr:
        operand = children[1]
        if isinstance(operand, a.Number):
            return a.Number(-operand.value, sp)
        return a.Binary("-", a.Number(Decimal(0), sp), operand, sp)

    def field(self, sp: a.Span, children: list[Any]) -> a.Field:
        return a.Field(children[0], children[1], sp)

    def index(self, sp: a.Span, children: list[Any]) -> a.Index:
        return a.Index(children[0], children[1], sp)

    def number(self, sp: a.Span, children: list[Any]) -> a.Number:
        return a.Number(parse_number(children[0].value), sp)

    def string(self, sp: a.Span, children: list[Any]) -> a.String:
        return a.String(self._string(children[0]), sp)

    def true(self, sp: a.Span, children: list[Any]) -> a.Bool:
        return a.Bool(True, sp)

    def false(self, sp: a.Span, children: list[Any]) -> a.Bool:
        return a.Bool(False, sp)

    def null(self, sp: a.Span, children: list[Any]) -> a.Null:
        return a.Null(sp)

    def placeholder(self, sp: a.Span, children: list[Any]) -> a.Placeholder:
        node = a.Placeholder(sp)
        self._found.append(node)
        return node

    def var(self, sp: a.Span, children: list[Any]) -> a.Name:
        return a.Name(children[0][0], sp)

    def call(self, sp: a.Span, children: list[Any]) -> a.Call:
        func = children[0]
        args = tuple(c for c in children[1:] if c is not None)
        return a.Call(func, args, sp)

    def agg(self, sp: a.Span, children: list[Any]) -> a.Agg:
        func, elem, var, iterable, cond = children
        return a.Agg(func, elem, var[0], iterable, cond, sp)

    @spanless
    def agg_filter(self, sp: a.Span, children: list[Any]) -> a.Expr:
        expr = children[-1]
        assert isinstance(expr, a.Expr)
        return expr

    @spanless
    def func_name(self, sp: a.Span, children: list[Any]) -> str:
        return _name_text(children[0])

    def list_lit(self, sp: a.Span, children: list[Any]) -> a.ListLit:
        return a.ListLit(tuple(c for c in children if c is not None), sp)

    def name(self, sp: a.Span, children: list[Any]) -> tuple[str, a.Span]:
        tok: Token | Tok = children[0]
        text = _name_text(tok)
        if tok.type == "NAME" and text in KEYWORDS:
            raise Problem(
                "keyword-as-name",
                f"「{text}」是关键字，不能用作名称：如确需此名，请写作 `{text}`",
                f"'{text}' is a keyword and cannot be a name; write `{text}` in backticks if you need it",
                sp,
            )
        return (text, sp)  # the span of its one token

    @spanless
    def field_name(self, sp: a.Span, children: list[Any]) -> str:
        return _name_text(children[0])


_RULES: dict[str, Callable[[_Build, Any, list[Any]], Any]] = {
    name: fn
    for name, fn in vars(_Build).items()
    if not name.startswith("_") and name != "build" and callable(fn)
}
