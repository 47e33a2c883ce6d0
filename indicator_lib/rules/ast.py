"""The typed syntax tree of the rules language: frozen, slotted dataclasses with a ``span``.

Decides: every node records where it came from (:class:`Span`, 1-based line and column, end
exclusive), but spans never take part in equality, so ``parse(print(ast)) == ast`` holds for the
canonical printer. Number literals hold their exact :class:`~decimal.Decimal` value (suffixes such as
``%`` and ``万`` are already applied). No lark type appears here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from decimal import Decimal

__all__ = [
    "Agg",
    "AnyTest",
    "Band",
    "Binary",
    "Bool",
    "Call",
    "Cell",
    "Check",
    "CmpTest",
    "Coalesce",
    "Compare",
    "Decl",
    "Def",
    "Drop",
    "Expr",
    "ExprTest",
    "Extends",
    "Field",
    "Grade",
    "If",
    "InTest",
    "Index",
    "InputDecl",
    "Interval",
    "IsNull",
    "Let",
    "ListLit",
    "Loop",
    "Member",
    "Message",
    "Module",
    "Name",
    "Node",
    "Not",
    "Null",
    "NullTest",
    "Number",
    "Param",
    "Placeholder",
    "RulesetDecl",
    "Score",
    "Span",
    "String",
    "Table",
    "TableRow",
    "TypeRef",
    "UnaryTest",
    "When",
    "children",
    "walk",
]


@dataclass(frozen=True, slots=True)
class Span:
    """Where a node is in its source: 1-based line/column of the start, and of the end (exclusive)."""

    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0


NOWHERE = Span()


@dataclass(frozen=True, slots=True)
class Node:
    """Base of every node."""


# ---- expressions -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expr(Node):
    """Base of expressions."""


@dataclass(frozen=True, slots=True)
class Number(Expr):
    """A number literal (``95%`` is held as ``0.95``)."""

    value: Decimal
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class String(Expr):
    """A text literal, escapes already decoded."""

    value: str
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Bool(Expr):
    """``true`` or ``false``."""

    value: bool
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Null(Expr):
    """``null``."""

    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Placeholder(Expr):
    """``?``: the value under test in a decision-table cell."""

    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Name(Expr):
    """A reference to a let, a parameter, a loop variable, ``self`` or ``total``."""

    name: str
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Field(Expr):
    """``obj.name``."""

    obj: Expr
    name: str
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Index(Expr):
    """``obj[index]``, 0-based; out of range gives null."""

    obj: Expr
    index: Expr
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Call(Expr):
    """``func(args…)``: a built-in, host function, ``def`` or ``table``."""

    func: str
    args: tuple[Expr, ...]
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Agg(Expr):
    """``func(elem for var in iterable [if cond])``."""

    func: str
    elem: Expr
    var: str
    iterable: Expr
    cond: Expr | None
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ListLit(Expr):
    """``[a, b, …]``."""

    items: tuple[Expr, ...]
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Not(Expr):
    """``not operand`` (three-valued)."""

    operand: Expr
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Binary(Expr):
    """``left op right`` for ``+ - * / and or``."""

    op: str
    left: Expr
    right: Expr
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Compare(Expr):
    """A comparison or a chain ``a <= b < c``; ``ops`` are canonical (``!=``, ``<=``, ``>=``)."""

    ops: tuple[str, ...]
    operands: tuple[Expr, ...]
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class IsNull(Expr):
    """``operand is [not] null``."""

    operand: Expr
    negated: bool
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Member(Expr):
    """``item [not] in container``."""

    item: Expr
    container: Expr
    negated: bool
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Coalesce(Expr):
    """``a ?? b ?? …``: the first operand that is not null."""

    operands: tuple[Expr, ...]
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class If(Expr):
    """``if cond then a else b`` (a null condition takes ``else``)."""

    cond: Expr
    then: Expr
    else_: Expr
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class When(Expr):
    """``when c1 then v1 [when c2 then v2 …] else v``."""

    branches: tuple[tuple[Expr, Expr], ...]
    else_: Expr
    span: Span = field(default=NOWHERE, compare=False, repr=False)


# ---- decision-table cells ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnaryTest(Node):
    """Base of the tests in a table input cell."""


@dataclass(frozen=True, slots=True)
class AnyTest(UnaryTest):
    """``-``: matches anything, null included."""

    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class CmpTest(UnaryTest):
    """``< 10%``, ``!= "达成"``."""

    op: str
    value: Expr
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class InTest(UnaryTest):
    """``in [...]`` / ``not in [...]``."""

    container: Expr
    negated: bool
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class NullTest(UnaryTest):
    """``is null`` / ``is not null``."""

    negated: bool
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Interval(UnaryTest):
    """``[a, b]``, ``[a, b)``, ``(a, b]``, ``(a, b)``."""

    low: Expr
    high: Expr
    low_closed: bool
    high_closed: bool
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ExprTest(UnaryTest):
    """A bare value (equality) or, when it uses ``?``, a boolean predicate."""

    expr: Expr
    predicate: bool
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Cell(Node):
    """One input cell: tests separated by commas, any of which may match."""

    tests: tuple[UnaryTest, ...]
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class TableRow(Node):
    """One rule row of a decision table."""

    cells: tuple[Cell, ...]
    outputs: tuple[Expr, ...]
    span: Span = field(default=NOWHERE, compare=False, repr=False)


# ---- declarations ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TypeRef(Node):
    """A type written in a parameter: ``number``, ``list[text]``, ``Target.op``."""

    parts: tuple[str, ...]
    arg: TypeRef | None = None
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Param(Node):
    """``name: type``."""

    name: str
    type: TypeRef
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Loop(Node):
    """``for var in iterable [where cond]`` on a score or check."""

    var: str
    iterable: Expr
    cond: Expr | None
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Message(Node):
    """An interpolated message: text pieces and ``{expr}`` holes, in order."""

    parts: tuple[str | Expr, ...]
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Band(Node):
    """One grade band ``>= 90: "优"``."""

    op: str
    value: Expr
    label: str
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Decl(Node):
    """Base of declarations."""


@dataclass(frozen=True, slots=True)
class RulesetDecl(Decl):
    """``ruleset "NAME" [version "V"]``."""

    name: str
    version: str | None
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class InputDecl(Decl):
    """``input TYPE``."""

    type_name: str
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Extends(Decl):
    """``extends "NAME"``."""

    name: str
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Drop(Decl):
    """``drop ID``."""

    name: str
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Let(Decl):
    """``let NAME = EXPR``."""

    name: str
    expr: Expr
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Def(Decl):
    """``def NAME(params) = EXPR``."""

    name: str
    params: tuple[Param, ...]
    body: Expr
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Table(Decl):
    """``table NAME(params) hit POLICY`` and its rows."""

    name: str
    params: tuple[Param, ...]
    policy: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    rows: tuple[TableRow, ...]
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Score(Decl):
    """``score ID ["LABEL"] [for …] [max EXPR] = EXPR``."""

    name: str
    label: str | None
    loop: Loop | None
    max: Expr | None
    expr: Expr
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Check(Decl):
    """``check ID ["LABEL"] [for …] [severity S] = COND [message "…"]``."""

    name: str
    label: str | None
    loop: Loop | None
    severity: str | None
    cond: Expr
    message: Message | None
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Grade(Decl):
    """``grade PATH`` and its bands."""

    path: tuple[str, ...]
    bands: tuple[Band, ...]
    else_label: str | None
    span: Span = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Module(Node):
    """A whole ``.rules`` file."""

    decls: tuple[Decl, ...]
    span: Span = field(default=NOWHERE, compare=False, repr=False)


_FIELDS: dict[type, tuple[str, ...]] = {}


def children(node: Node) -> Iterator[Node]:
    """Yield the direct child nodes of ``node`` (in field order)."""
    names = _FIELDS.get(type(node))
    if names is None:
        names = _FIELDS[type(node)] = tuple(f.name for f in fields(node) if f.name != "span")
    for name in names:
        value = getattr(node, name)
        if isinstance(value, Node):
            yield value
        elif isinstance(value, tuple):
            yield from _nodes_in(value)


def _nodes_in(value: object) -> Iterator[Node]:
    if isinstance(value, Node):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _nodes_in(item)


def walk(node: Node) -> Iterator[Node]:
    """Yield ``node`` and every node below it, depth first, without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(children(current))))
