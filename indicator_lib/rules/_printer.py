"""AST → canonical rules text, such that ``parse(print(ast)) == ast``.

Decides: the canonical form uses ASCII operators (``!=``, ``<=``, ``>=``), plain decimals for numbers
(``95%`` prints as ``0.95``), double-quoted strings (single-quoted inside message holes), backticks
only for names that are not identifiers or are keywords, the fewest parentheses that keep the tree,
and parentheses around an ``if``/``when`` that is not in the last (``else``) position.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from indicator_lib.rules import ast as a
from indicator_lib.rules._lexer import KEYWORDS

__all__ = ["format_number", "print_expr", "print_module"]

_IDENT = re.compile(r"[^\W\d]\w*")

# precedence levels: 0 if/when, 1 or, 2 and, 3 not, 4 comparison, 5 operand, 6 sum, 7 product,
# 8 unary minus, 9 postfix/atom
_LEVEL_BINARY = {"or": 1, "and": 2, "+": 6, "-": 6, "*": 7, "/": 7}


def format_number(value: Decimal) -> str:
    """Return ``value`` as a plain decimal without exponent (``1E+2`` → ``100``)."""
    text = format(value, "f")
    if text.startswith("-0") and value == 0:
        text = text[1:]
    return text


def _name(name: str) -> str:
    if _IDENT.fullmatch(name) and name not in KEYWORDS:
        return name
    return f"`{name}`"


def _field_name(name: str) -> str:
    return name if _IDENT.fullmatch(name) else f"`{name}`"


def _func_name(name: str) -> str:
    return name if name == "max" else _name(name)


def _string(value: str, quote: str = '"') -> str:
    out = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace(quote, "\\" + quote)
    return f"{quote}{out}{quote}"


def _level(e: a.Expr) -> int:
    if isinstance(e, (a.If, a.When)):
        return 0
    if isinstance(e, a.Binary):
        if e.op == "-" and _is_neg(e) and not isinstance(e.right, a.Number):
            return 8
        return _LEVEL_BINARY[e.op]
    if isinstance(e, a.Not):
        return 3
    if isinstance(e, (a.Compare, a.IsNull, a.Member)):
        return 4
    if isinstance(e, a.Coalesce):
        return 5
    if isinstance(e, a.Number) and e.value.is_signed() and e.value != 0:
        return 8
    return 9


def _is_neg(e: a.Binary) -> bool:
    return e.op == "-" and isinstance(e.left, a.Number) and e.left.value == 0 and not e.left.value.is_signed()


class _Printer:
    def __init__(self, quote: str = '"') -> None:
        self.quote = quote

    def expr(self, e: a.Expr, need: int = 0) -> str:
        text = self._raw(e)
        if _level(e) < need:
            return f"({text})"
        return text

    def _wrapped_branch(self, e: a.Expr) -> str:
        if isinstance(e, (a.If, a.When)):
            return f"({self._raw(e)})"
        return self.expr(e)

    def _raw(self, e: a.Expr) -> str:
        return _DISPATCH[type(e)](self, e)

    def number(self, e: a.Number) -> str:
        return format_number(e.value)

    def string(self, e: a.String) -> str:
        text = _string(e.value, self.quote)
        if self.quote == "'":
            text = text.replace('"', '\\"')
        return text

    def bool_(self, e: a.Bool) -> str:
        return "true" if e.value else "false"

    def null(self, e: a.Null) -> str:
        return "null"

    def placeholder(self, e: a.Placeholder) -> str:
        return "?"

    def name(self, e: a.Name) -> str:
        return _name(e.name)

    def field(self, e: a.Field) -> str:
        return f"{self.expr(e.obj, 9)}.{_field_name(e.name)}"

    def index(self, e: a.Index) -> str:
        return f"{self.expr(e.obj, 9)}[{self.expr(e.index)}]"

    def call(self, e: a.Call) -> str:
        return f"{_func_name(e.func)}({', '.join(self.expr(x) for x in e.args)})"

    def agg(self, e: a.Agg) -> str:
        cond = f" if {self.expr(e.cond)}" if e.cond is not None else ""
        head = f"{_func_name(e.func)}({self.expr(e.elem)} for {_name(e.var)}"
        return f"{head} in {self.expr(e.iterable, 1)}{cond})"

    def list_(self, e: a.ListLit) -> str:
        return "[" + ", ".join(self.expr(x) for x in e.items) + "]"

    def not_(self, e: a.Not) -> str:
        return f"not {self.expr(e.operand, 3)}"

    def binary(self, e: a.Binary) -> str:
        if _is_neg(e) and not isinstance(e.right, a.Number):
            return f"-{self.expr(e.right, 8)}"
        level = _LEVEL_BINARY[e.op]
        return f"{self.expr(e.left, level)} {e.op} {self.expr(e.right, level + 1)}"

    def compare(self, e: a.Compare) -> str:
        parts = [self.expr(e.operands[0], 5)]
        for op, operand in zip(e.ops, e.operands[1:], strict=True):
            parts.append(f"{op} {self.expr(operand, 5)}")
        return " ".join(parts)

    def is_null(self, e: a.IsNull) -> str:
        return f"{self.expr(e.operand, 5)} is {'not ' if e.negated else ''}null"

    def member(self, e: a.Member) -> str:
        return f"{self.expr(e.item, 5)} {'not in' if e.negated else 'in'} {self.expr(e.container, 5)}"

    def coalesce(self, e: a.Coalesce) -> str:
        return " ?? ".join(self.expr(x, 9) for x in e.operands)

    def if_(self, e: a.If) -> str:
        return (
            f"if {self._wrapped_branch(e.cond)} then {self._wrapped_branch(e.then)} else {self.expr(e.else_)}"
        )

    def when(self, e: a.When) -> str:
        parts = [f"when {self._wrapped_branch(c)} then {self._wrapped_branch(v)}" for c, v in e.branches]
        return " ".join(parts) + f" else {self.expr(e.else_)}"


_DISPATCH: dict[type, Callable[[_Printer, Any], str]] = {
    a.Number: _Printer.number,
    a.String: _Printer.string,
    a.Bool: _Printer.bool_,
    a.Null: _Printer.null,
    a.Placeholder: _Printer.placeholder,
    a.Name: _Printer.name,
    a.Field: _Printer.field,
    a.Index: _Printer.index,
    a.Call: _Printer.call,
    a.Agg: _Printer.agg,
    a.ListLit: _Printer.list_,
    a.Not: _Printer.not_,
    a.Binary: _Printer.binary,
    a.Compare: _Printer.compare,
    a.IsNull: _Printer.is_null,
    a.Member: _Printer.member,
    a.Coalesce: _Printer.coalesce,
    a.If: _Printer.if_,
    a.When: _Printer.when,
}


def print_expr(e: a.Expr) -> str:
    """Return the canonical text of one expression."""
    return _Printer().expr(e)


def _type(t: a.TypeRef) -> str:
    text = ".".join([_name(t.parts[0]), *(_field_name(p) for p in t.parts[1:])])
    if t.arg is not None:
        text += f"[{_type(t.arg)}]"
    return text


def _params(params: tuple[a.Param, ...]) -> str:
    return ", ".join(f"{_name(p.name)}: {_type(p.type)}" for p in params)


def _loop(loop: a.Loop | None, p: _Printer) -> str:
    if loop is None:
        return ""
    cond = f" where {p.expr(loop.cond)}" if loop.cond is not None else ""
    return f" for {_name(loop.var)} in {p.expr(loop.iterable, 1)}{cond}"


def _message(m: a.Message) -> str:
    inner = _Printer("'")
    out: list[str] = []
    for part in m.parts:
        if isinstance(part, str):
            text = part.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace('"', '\\"')
            out.append(text.replace("{", "{{").replace("}", "}}"))
        else:
            out.append("{" + inner.expr(part) + "}")
    return '"' + "".join(out) + '"'


def _test(t: a.UnaryTest, p: _Printer) -> str:
    if isinstance(t, a.AnyTest):
        return "-"
    if isinstance(t, a.CmpTest):
        return f"{t.op} {p.expr(t.value, 5)}"
    if isinstance(t, a.InTest):
        return f"{'not in' if t.negated else 'in'} {p.expr(t.container, 5)}"
    if isinstance(t, a.NullTest):
        return "is not null" if t.negated else "is null"
    if isinstance(t, a.Interval):
        return (
            f"{'[' if t.low_closed else '('}{p.expr(t.low)}, {p.expr(t.high)}{']' if t.high_closed else ')'}"
        )
    assert isinstance(t, a.ExprTest)
    return p.expr(t.expr)


def _table(d: a.Table, p: _Printer) -> list[str]:
    lines = [f"table {_name(d.name)}({_params(d.params)}) hit {d.policy}"]
    header = [_name(n) for n in d.inputs] + [f"=> {_name(n)}" for n in d.outputs]
    lines.append("  | " + " | ".join(header) + " |")
    lines.append("  |" + "|".join("---" for _ in header) + "|")
    for row in d.rows:
        cells = [", ".join(_test(t, p) for t in c.tests) for c in row.cells]
        cells += [p.expr(o) for o in row.outputs]
        lines.append("  | " + " | ".join(cells) + " |")
    return lines


def print_module(m: a.Module) -> str:
    """Return the canonical text of a whole module."""
    p = _Printer()
    lines: list[str] = []
    for d in m.decls:
        if isinstance(d, a.RulesetDecl):
            version = f" version {_string(d.version)}" if d.version is not None else ""
            lines.append(f"ruleset {_string(d.name)}{version}")
        elif isinstance(d, a.InputDecl):
            lines.append(f"input {_name(d.type_name)}")
        elif isinstance(d, a.Extends):
            lines.append(f"extends {_string(d.name)}")
        elif isinstance(d, a.Drop):
            lines.append(f"drop {_name(d.name)}")
        elif isinstance(d, a.Let):
            lines.append(f"let {_name(d.name)} = {p.expr(d.expr)}")
        elif isinstance(d, a.Def):
            lines.append(f"def {_name(d.name)}({_params(d.params)}) = {p.expr(d.body)}")
        elif isinstance(d, a.Table):
            lines.extend(_table(d, p))
        elif isinstance(d, a.Score):
            label = f" {_string(d.label)}" if d.label is not None else ""
            max_ = f" max {p.expr(d.max)}" if d.max is not None else ""
            lines.append(f"score {_name(d.name)}{label}{_loop(d.loop, p)}{max_} = {p.expr(d.expr)}")
        elif isinstance(d, a.Check):
            label = f" {_string(d.label)}" if d.label is not None else ""
            sev = f" severity {d.severity}" if d.severity is not None else ""
            msg = f" message {_message(d.message)}" if d.message is not None else ""
            lines.append(f"check {_name(d.name)}{label}{_loop(d.loop, p)}{sev} = {p.expr(d.cond)}{msg}")
        elif isinstance(d, a.Grade):
            lines.append("grade " + ".".join([_name(d.path[0]), *(_field_name(x) for x in d.path[1:])]))
            for band in d.bands:
                lines.append(f"  {band.op} {p.expr(band.value)}: {_string(band.label)}")
            if d.else_label is not None:
                lines.append(f"  else: {_string(d.else_label)}")
    return "\n".join(lines) + "\n"
