"""The fast backend: compiles a checked program into Python functions (generated source).

Decides: generated code, not closures. Measured on the 10号 self-evaluation benchmark (bench/rules.py),
a first closure-per-node backend cost about 16× the hand-written function (every node a Python
call, ≈700 µs/input); straight-line generated code with locals, small ``def``s inlined, larger shared
ones memoised, and one function per score or check with its items inline, ≈55 µs (the hand-written
function: ≈23 µs; see docs/rules-reference.md for the current numbers).
Safety: the generated text contains only fixed templates, generated names (``t12``, ``p0``), integer
indexes into a constants list ``K`` (every literal, function and node lives there, never in the
text) and field names the checker found in the input model (valid identifiers, else read with
``getattr`` and a constant). The code runs with empty ``__builtins__``. Semantics, evaluation order,
step counting and error attribution are exactly the interpreter's (the oracle): each sub-expression
becomes statements assigning a temporary; lazy operators become ``if`` blocks. Pure ``def``s called
from several places are memoised per evaluation by argument identity (:func:`_memoised`).
Steps: a ``def``/``table`` call has no loop of its own and cannot recurse, so the calls an expression
can make are bounded statically (:class:`_Costs`). Unless some single charge could exceed the limit,
the code charges each item of a loop 1 + the calls its expressions can make (all branches summed), and
each declaration once for the calls outside its loop, instead of counting calls one by one: an upper
bound of the interpreter's count, and a memo hit costs nothing. Otherwise (a program whose static
expansion could exceed the limit by itself) calls are counted one by one, exactly as the interpreter
does, memo hits counting again the steps the first call took.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from indicator_lib.rules import ast as a
from indicator_lib.rules._builtins import AGGREGATES, BUILTINS
from indicator_lib.rules._checker import Checked
from indicator_lib.rules._outcome import (
    NO_ITEM,
    RawFinding,
    RawResult,
    RawScore,
    check_finding,
    label_of,
    null_score,
)
from indicator_lib.rules._paths import PathFinder, static_path
from indicator_lib.rules._types import DATE, NUMBER, TEXT, ListT, RecordT, Type, base_of
from indicator_lib.rules._values import (
    CONTEXT,
    MAX_STEPS,
    EvalFailure,
    add,
    compare,
    member,
    render,
    render_number,
    step_limit,
    sub,
    to_value,
)

__all__ = ["CompiledProgram", "compile_program"]

_UNSET: Any = object()
_INLINE_NODES = 60
_INLINE_DEPTH = 4
_MEMO_NODES = 16
_PATHS = 64
_ORDERED = (NUMBER, TEXT, DATE)
_RAISING_BUILTINS = frozenset({"round", "date"})


def _field_any(o: Any, name: str, conv: Callable[[Any], Any] | None) -> Any:
    from pydantic import BaseModel

    if o is None:
        return None
    if isinstance(o, dict):
        v = o.get(name)
    elif isinstance(o, BaseModel) and name in type(o).__pydantic_fields__:
        v = getattr(o, name)
    else:
        return None
    return conv(v) if conv is not None else v


def _index(o: Any, i: Any) -> Any:
    if o is None or i is None or not isinstance(i, Decimal) or i != i.to_integral_value():
        return None
    k = int(i)
    return o[k] if 0 <= k < len(o) else None


def _unique(name: str, first: int, second: int) -> EvalFailure:
    return EvalFailure(
        "unique-violation",
        f"hit unique 表「{name}」同时命中第 {first} 行和第 {second} 行",
        f"unique table {name!r} matched rows {first} and {second}",
    )


def _places(e: a.Expr) -> int | None:
    if isinstance(e, a.Number) and e.value == e.value.to_integral_value() and abs(e.value) <= 28:
        return int(e.value)
    return None


def _quantize(x: Decimal, quantum: Decimal) -> Decimal:
    # Positional arguments: C decimal parses keyword arguments about five times slower.
    try:
        return x.quantize(quantum, ROUND_HALF_UP, CONTEXT)
    except InvalidOperation:
        return x


def _safe_attr(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_")


class _Costs:
    """Static step costs: how many ``def``/``table`` calls evaluating a node can make at most.

    The calls in the per-item parts of a comprehension are not included: its loop charges them per
    item at run time (``len(items) × per_item``). Branches are summed, not maxed (an upper bound).
    """

    def __init__(self, p: Checked) -> None:
        self.p = p
        self.decls: dict[str, int] = {}
        self.nodes: dict[int, int] = {}  # by id(): the checked program keeps every node alive
        self.largest = 0  # the largest per-item charge of a comprehension seen so far

    def of(self, n: a.Node | None) -> int:
        if n is None:
            return 0
        found = self.nodes.get(id(n))
        if found is not None:
            return found
        if isinstance(n, a.Agg):
            total = self.of(n.iterable)
            self.largest = max(self.largest, self.per_item(n.cond, n.elem))
        elif isinstance(n, (a.Number, a.String, a.Name, a.Bool, a.Null, a.Placeholder)):
            total = 0
        elif isinstance(n, a.Field):
            total = self.of(n.obj)
        elif isinstance(n, a.Binary):
            total = self.of(n.left) + self.of(n.right)
        elif isinstance(n, a.Compare):
            total = sum(self.of(x) for x in n.operands)
        elif isinstance(n, a.Call):
            total = sum(self.of(x) for x in n.args)
            if self.p.info.call_kind.get(id(n)) in ("def", "table"):
                total += 1 + self.decl(n.func)
        else:
            total = 0
            if isinstance(n, a.Call) and self.p.info.call_kind.get(id(n)) in ("def", "table"):
                total = 1 + self.decl(n.func)
            for c in a.children(n):
                total += self.of(c)
        self.nodes[id(n)] = total
        return total

    def per_item(self, *parts: a.Node | None) -> int:
        return 1 + sum(self.of(x) for x in parts)

    def decl(self, name: str) -> int:
        found = self.decls.get(name)
        if found is None:
            root: a.Node = self.p.defs[name].body if name in self.p.defs else self.p.tables[name]
            found = self.decls[name] = self.of(root)
        return found

    def worst(self) -> int:
        """Return the largest charge the program's code makes at once (compared with the limit)."""
        p = self.p
        charges = [0]
        for name in (*p.defs, *p.tables):
            charges.append(self.decl(name))
        for let in p.lets.values():
            charges.append(self.of(let.expr))
        decls: list[a.Score | a.Check] = [*p.scores, *p.checks]
        for d in decls:
            charges.append(self.of(d.loop.iterable) if d.loop is not None else 0)
            charges.append(self.per_item(*_item_parts(d)))
        if p.grade is not None:
            charges.append(self.of(p.grade) + self.of(p.grade_expr))
        charges.append(self.largest)
        return max(charges)


def _item_parts(d: a.Score | a.Check) -> list[a.Node | None]:
    """Return what a score or check evaluates per item: ``where``, expression, cap or message."""
    parts: list[a.Node | None] = [d.loop.cond if d.loop is not None else None]
    if isinstance(d, a.Score):
        parts += [d.expr, d.max]
    else:
        parts += [d.cond, d.message]
    return parts


class _Gen:
    def __init__(self, p: Checked) -> None:
        self.p = p
        self.costs = _Costs(p)
        # Static steps: def/table calls are charged per item (or per declaration) from their static
        # cost instead of one by one, unless some charge could exceed the limit by itself.
        self.static = self.costs.worst() <= MAX_STEPS
        self.fn_memo: dict[int, str] = {}
        self.alive: set[str] = {"G[0]"}
        self.loop_prefix: str | None = None  # the static path of the declaration loop's items
        self.item_memo: dict[tuple[str, str], int] = {}
        # Atoms known never null: items of lists whose items cannot be null, fields that cannot be null
        # of such values, def parameters that every call passes such values.
        self.nonnull: set[str] = set()
        self.param_nonnull: dict[str, list[bool]] = {}
        self.K: list[Any] = []
        self._kid: dict[tuple[str, str], int] = {}
        self.n = 0
        self.lines: list[str] = []
        self.ind = 0
        self.let_slot = {name: 4 + k for k, name in enumerate(p.lets)}
        self.let_fn = {name: f"let_{k}" for k, name in enumerate(p.lets)}
        self.def_fn = {name: f"def_{k}" for k, name in enumerate(p.defs)}
        self.table_fn = {name: f"table_{k}" for k, name in enumerate(p.tables)}
        self.size = 4 + len(p.lets)
        self.inlining: list[str] = []
        self.def_size: dict[str, int] = {}
        self.def_agg: dict[str, bool] = {}
        self.memo_slot: dict[str, int] = {}
        self.needed: set[str] = set()
        self._paths: dict[str, str] = {}
        for name in _memoised(p):
            # Two slots: values keyed by arguments alive for the whole evaluation; (arguments, value)
            # pairs for the others (the memo keeps them alive, so their identities stay theirs).
            self.memo_slot[name] = self.size
            self.size += 2

    # ---- emission helpers

    def const(self, v: Any, key: str | None = None) -> str:
        if key is not None or not isinstance(v, (str, Decimal)):
            return self.obj(v)
        ident = (type(v).__name__, str(v))
        found = self._kid.get(ident)
        if found is None:
            self.K.append(v)
            found = len(self.K) - 1
            self._kid[ident] = found
        return f"K[{found}]"

    def obj(self, v: Any) -> str:
        self.K.append(v)
        return f"K[{len(self.K) - 1}]"

    def nullable(self, atom: str) -> bool:
        """Return False for atoms that can never be null (constants, booleans, facts of the types)."""
        return not (atom.startswith("K[") or atom in ("True", "False", "G[0]") or atom in self.nonnull)

    def _items_nonnull(self, items: a.Expr) -> bool:
        t = self.p.info.types.get(id(items))
        return isinstance(t, ListT) and t.elem_nonnull

    def guard(self, atoms: list[str], extra: str = "") -> str:
        """``None if a is None or … else`` for the atoms that may be null (empty when none may)."""
        tests = [f"{x} is None" for x in atoms if self.nullable(x)]
        if extra:
            tests.append(extra)
        return f"None if {' or '.join(tests)} else " if tests else ""

    def tmp(self) -> str:
        self.n += 1
        return f"t{self.n}"

    def emit(self, line: str) -> None:
        self.lines.append("    " * self.ind + line)

    def type_of(self, e: a.Expr) -> Type:
        return base_of(self.p.info.types.get(id(e), NUMBER))

    def function(self, name: str, params: list[str], body: Callable[[], str], charge: int = 0) -> None:
        self.emit(f"def {name}({', '.join(['G', *params])}):")
        self.ind += 1
        start = self.begin(charge)
        result = body()
        self.emit(f"return {result}")
        self.end(start)
        self.ind -= 1
        self.emit("")

    def begin(self, charge: int = 0) -> int:
        """Start a generated function's body: charge its static steps; return where memo loads go."""
        if self.static and charge:
            self._steps(str(charge))
        self.fn_memo = {}
        return len(self.lines)

    def end(self, start: int) -> None:
        """Load the memo dicts the function used once, at its start (static steps only)."""
        pad = "    " * self.ind
        loads = []
        for slot, m in self.fn_memo.items():
            loads += [f"{pad}{m} = G[{slot}]", f"{pad}if {m} is None:", f"{pad}    {m} = G[{slot}] = {{}}"]
        self.lines[start:start] = loads
        self.fn_memo = {}

    # ---- expressions

    def expr(self, e: a.Expr, scope: dict[str, str]) -> str:
        return _DISPATCH[type(e)](self, e, scope)

    def _number(self, e: a.Number, scope: dict[str, str]) -> str:
        return self.const(e.value)

    def _string(self, e: a.String, scope: dict[str, str]) -> str:
        return self.const(e.value)

    def _bool(self, e: a.Bool, scope: dict[str, str]) -> str:
        return "True" if e.value else "False"

    def _null(self, e: a.Null, scope: dict[str, str]) -> str:
        return "None"

    def _placeholder(self, e: a.Placeholder, scope: dict[str, str]) -> str:
        return scope["?"]

    def _name(self, e: a.Name, scope: dict[str, str]) -> str:
        if e.name in scope:
            return scope[e.name]
        if e.name in self.p.lets:
            t = self.tmp()
            slot = self.let_slot[e.name]
            self.emit(f"{t} = G[{slot}]")
            self.emit(f"if {t} is _UNSET:")
            self.emit(f"    {t} = G[{slot}] = {self.let_fn[e.name]}(G)")
            return t
        if e.name == "self":
            return "G[0]"
        return "G[1]"

    def _field(self, e: a.Field, scope: dict[str, str]) -> str:
        kind, conv = self.p.info.field_conv[id(e)]
        o = self.expr(e.obj, scope)
        t = self.tmp()
        if kind == "model" and _safe_attr(e.name):
            read = f"{o}.{e.name}"
            if conv is not None:
                read = f"{self.obj(conv)}({read})"
            self.emit(f"{t} = {self.guard([o])}{read}")
            rec = self.p.info.types.get(id(e.obj))
            f = rec.fields.get(e.name) if isinstance(rec, RecordT) else None
            if f is not None and f.nonnull and not self.nullable(o):
                self.nonnull.add(t)
        elif kind == "dict":
            self.emit(f"{t} = {self.guard([o])}{o}.get({self.const(e.name)})")
        else:
            self.emit(f"{t} = _field_any({o}, {self.const(e.name)}, {self.obj(conv)})")
        return t

    def _index(self, e: a.Index, scope: dict[str, str]) -> str:
        o = self.expr(e.obj, scope)
        i = self.expr(e.index, scope)
        t = self.tmp()
        self.emit(f"{t} = _index({o}, {i})")
        return t

    def _list(self, e: a.ListLit, scope: dict[str, str]) -> str:
        items = [self.expr(x, scope) for x in e.items]
        t = self.tmp()
        self.emit(f"{t} = [{', '.join(items)}]")
        return t

    def _not(self, e: a.Not, scope: dict[str, str]) -> str:
        x = self.expr(e.operand, scope)
        t = self.tmp()
        self.emit(f"{t} = None if {x} is None else not {x}")
        return t

    def _binary(self, e: a.Binary, scope: dict[str, str]) -> str:
        t = self.tmp()
        if e.op in ("and", "or"):
            stop, other = ("False", "True") if e.op == "and" else ("True", "False")
            left = self.expr(e.left, scope)
            self.emit(f"if {left} is {stop}:")
            self.emit(f"    {t} = {stop}")
            self.emit("else:")
            self.ind += 1
            right = self.expr(e.right, scope)
            both = f"{left} is {other} and {right} is {other}"
            self.emit(f"{t} = {stop} if {right} is {stop} else ({other} if {both} else None)")
            self.ind -= 1
            return t
        left = self.expr(e.left, scope)
        right = self.expr(e.right, scope)
        guard = self.guard([left, right])
        lt, rt = self.type_of(e.left), self.type_of(e.right)
        plain = e.op == "*" or (e.op == "+" and lt == rt and lt in (NUMBER, TEXT))
        if not guard and (plain or (e.op == "-" and lt is NUMBER and rt is NUMBER)):
            self.nonnull.add(t)  # arithmetic on never-null values (not a division: ÷ 0 gives null)
        if e.op == "*":
            self.emit(f"{t} = {guard}{left} * {right}")
        elif e.op == "/":
            self.emit(f"{t} = {self.guard([left, right], f'not {right}')}{left} / {right}")
        elif e.op == "+":
            if lt == rt and lt in (NUMBER, TEXT):
                self.emit(f"{t} = {guard}{left} + {right}")
            else:
                self.emit(f"{t} = _add({left}, {right})")
        elif lt is NUMBER and rt is NUMBER:
            self.emit(f"{t} = {guard}{left} - {right}")
        else:
            self.emit(f"{t} = _sub({left}, {right})")
        return t

    def _cmp_code(self, op: str, left: str, right: str, lt: Type, rt: Type) -> str:
        if lt == rt and lt in _ORDERED:
            return f"{self.guard([left, right])}{left} {op} {right}"
        return f"_cmp({self.const(op)}, {left}, {right})"

    def _compare(self, e: a.Compare, scope: dict[str, str]) -> str:
        t = self.tmp()
        left = self.expr(e.operands[0], scope)
        ltype = self.type_of(e.operands[0])
        if len(e.ops) == 1:
            right = self.expr(e.operands[1], scope)
            self.emit(f"{t} = {self._cmp_code(e.ops[0], left, right, ltype, self.type_of(e.operands[1]))}")
            return t
        self.emit(f"{t} = True")
        depth = 0
        for op, operand in zip(e.ops, e.operands[1:], strict=True):
            right = self.expr(operand, scope)
            rtype = self.type_of(operand)
            c = self.tmp()
            self.emit(f"{c} = {self._cmp_code(op, left, right, ltype, rtype)}")
            self.emit(f"if {c} is False:")
            self.emit(f"    {t} = False")
            self.emit("else:")
            self.ind += 1
            depth += 1
            self.emit(f"if {c} is None:")
            self.emit(f"    {t} = None")
            left, ltype = right, rtype
        self.emit("pass")
        self.ind -= depth
        return t

    def _is_null(self, e: a.IsNull, scope: dict[str, str]) -> str:
        x = self.expr(e.operand, scope)
        t = self.tmp()
        self.emit(f"{t} = {x} is {'not ' if e.negated else ''}None")
        return t

    def _member(self, e: a.Member, scope: dict[str, str]) -> str:
        t = self.tmp()
        item = self.expr(e.item, scope)
        c = e.container
        if (
            isinstance(c, a.ListLit)
            and c.items
            and all(isinstance(x, a.String) for x in c.items)
            and self.type_of(e.item) is TEXT
        ):
            values = self.const(frozenset(x.value for x in c.items if isinstance(x, a.String)), key="set")
            self.emit(f"{t} = {self.guard([item])}({item} {'not in' if e.negated else 'in'} {values})")
            return t
        container = self.expr(c, scope)
        self.emit(f"{t} = _member({item}, {container})")
        if e.negated:
            self.emit(f"{t} = {t} if {t} is None else not {t}")
        return t

    def _coalesce(self, e: a.Coalesce, scope: dict[str, str]) -> str:
        t = self.tmp()
        first = self.expr(e.operands[0], scope)
        self.emit(f"{t} = {first}")
        depth = 0
        for x in e.operands[1:]:
            self.emit(f"if {t} is None:")
            self.ind += 1
            depth += 1
            value = self.expr(x, scope)
            self.emit(f"{t} = {value}")
        self.ind -= depth
        return t

    def _branch(self, t: str, e: a.Expr, scope: dict[str, str]) -> None:
        self.ind += 1
        value = self.expr(e, scope)
        self.emit(f"{t} = {value}")
        self.ind -= 1

    def _if(self, e: a.If, scope: dict[str, str]) -> str:
        t = self.tmp()
        c = self.expr(e.cond, scope)
        self.emit(f"if {c} is True:")
        self._branch(t, e.then, scope)
        self.emit("else:")
        self._branch(t, e.else_, scope)
        return t

    def _when(self, e: a.When, scope: dict[str, str]) -> str:
        t = self.tmp()
        depth = 0
        for cond, value in e.branches:
            c = self.expr(cond, scope)
            self.emit(f"if {c} is True:")
            self._branch(t, value, scope)
            self.emit("else:")
            self.ind += 1
            depth += 1
        v = self.expr(e.else_, scope)
        self.emit(f"{t} = {v}")
        self.ind -= depth
        return t

    def _per_item(self, items: str, *parts: a.Node | None) -> str:
        """Return the steps a loop over ``items`` costs: per item 1, and its calls' under static steps."""
        w = self.costs.per_item(*parts) if self.static else 1
        return f"len({items})" if w == 1 else f"len({items}) * {w}"

    def _steps(self, amount: str) -> None:
        self.emit(f"G[2] += {amount}")
        self.emit(f"if G[2] > {MAX_STEPS}:")
        self.emit("    raise _step_limit()")

    def _agg(self, e: a.Agg, scope: dict[str, str]) -> str:
        t = self.tmp()
        items = self.expr(e.iterable, scope)
        var = self.tmp()
        inner = dict(scope)
        inner[e.var] = var
        if self._items_nonnull(e.iterable):
            self.nonnull.add(var)
        self.emit(f"if {items} is None:")
        self.emit(f"    {t} = None")
        self.emit("else:")
        self.ind += 1
        self._steps(self._per_item(items, e.cond, e.elem))
        acc = self.tmp()
        self.emit(f"{acc} = {self.const(Decimal(0))}" if e.func == "sum" else f"{acc} = []")
        self.emit(f"for {var} in {items}:")
        self.ind += 1
        if e.cond is not None:
            c = self.expr(e.cond, inner)
            self.emit(f"if {c} is not True:")
            self.emit("    continue")
        v = self.expr(e.elem, inner)
        if e.func == "sum":
            self.emit(f"if {v} is not None:")
            self.emit(f"    {acc} = {acc} + {v}")
        else:
            self.emit(f"{acc}.append({v})")
        self.ind -= 1
        if e.func == "sum":
            self.emit(f"{t} = {acc}")
        else:
            self.emit(f"{t} = {self.obj(AGGREGATES[e.func].impl)}({acc})")
        self.ind -= 1
        return t

    def _call(self, e: a.Call, scope: dict[str, str]) -> str:
        t = self.tmp()
        if not self._may_fail(e):
            self._call_inner(e, scope, t)
            return t
        self.emit("try:")
        self.ind += 1
        self._call_inner(e, scope, t)
        self.ind -= 1
        self.emit("except _EvalFailure as failure:")
        self.emit("    if failure.node is None:")
        self.emit(f"        failure.node = {self.obj(e)}")
        self.emit("    raise")
        return t

    def _call_inner(self, e: a.Call, scope: dict[str, str], t: str) -> None:
        kind = self.p.info.call_kind[id(e)]
        args = [self.expr(x, scope) for x in e.args]
        if kind == "builtin":
            b = BUILTINS[e.func]
            fn = self.obj(b.impl)
            call = f"{fn}({', '.join(args)})"
            if e.func in ("min", "max") and len(args) == 2 and self.type_of(e) is NUMBER:
                x, y = args
                call = f"{y} if {y} {'<' if e.func == 'min' else '>'} {x} else {x}"
            elif e.func == "round" and len(e.args) == 2 and _places(e.args[1]) is not None:
                places = _places(e.args[1])
                assert places is not None
                quantum = self.const(Decimal(1).scaleb(-places))
                self.emit(f"{t} = {self.guard(args[:1])}_quantize({args[0]}, {quantum})")
                return
            if b.null_strict and args:
                self.emit(f"{t} = {self.guard(args)}{call}")
            else:
                self.emit(f"{t} = {call}")
        elif kind == "agg":
            fn = self.obj(AGGREGATES[e.func].over_list)
            self.emit(f"{t} = None if {args[0]} is None else {fn}(list({args[0]}))")
        elif kind == "host":
            host = self.p.hosts[e.func]
            if host.null_strict and args:
                self.emit(f"{t} = None")
                self.emit(f"if not ({' or '.join(f'{x} is None' for x in args)}):")
                self.ind += 1
            self.emit("try:")
            self.emit(f"    {t} = {self.obj(host.fn)}({', '.join(args)})")
            self.emit("except _Exception as exc:")
            self.emit(f"    raise {self.obj(host)}.failure(exc) from exc")
            self.emit(f"{t} = _to_value({t})")
            if host.null_strict and args:
                self.ind -= 1
        else:
            if not self.static:
                self._steps("1")
            if kind == "def" and e.func in self.memo_slot:
                self._memo_call(e.func, args, t)
                return
            if kind == "def" and self._inlinable(e.func):
                d = self.p.defs[e.func]
                self.inlining.append(e.func)
                value = self.expr(d.body, {p.name: x for p, x in zip(d.params, args, strict=True)})
                self.inlining.pop()
                self.emit(f"{t} = {value}")
                return
            if kind == "def":
                self.needed.add(e.func)
                self._record_args(e.func, args)
            fn = self.def_fn[e.func] if kind == "def" else self.table_fn[e.func]
            self.emit(f"{t} = {fn}({', '.join(['G', *args])})")

    def _memo_call(self, name: str, args: list[str], t: str) -> None:
        """Call a memoised def: per evaluation, keyed by the arguments' identities.

        The memo keeps the arguments alive (so an identity cannot be reused while the entry exists)
        and the steps the call took, which a later hit counts again, as the interpreter would.
        """
        slot = self.memo_slot[name]
        key = f"id({args[0]})" if len(args) == 1 else f"({', '.join(f'id({x})' for x in args)})"
        self.needed.add(name)
        self._record_args(name, args)
        call = f"{self.def_fn[name]}({', '.join(['G', *args])})"
        if self.static and args == ["v"] and self.loop_prefix is not None:
            # The item of a declaration loop over a path of the input: keyed by its index there.
            found = self.item_memo.get((name, self.loop_prefix))
            if found is None:
                found = self.item_memo[(name, self.loop_prefix)] = self.size
                self.size += 1
            mk = self.fn_memo.setdefault(found, f"M{found}")
            self.emit(f"{t} = {mk}.get(k, _UNSET)")
            self.emit(f"if {t} is _UNSET:")
            self.emit(f"    {t} = {mk}[k] = {call}")
            return
        if self.static:
            alive = all(x.startswith("K[") or x in self.alive for x in args)
            slot += not alive
            m = self.fn_memo.setdefault(slot, f"M{slot}")
            if alive:
                # The arguments live as long as the evaluation: the value alone is kept.
                self.emit(f"{t} = {m}.get({key}, _UNSET)")
                self.emit(f"if {t} is _UNSET:")
                self.emit(f"    {t} = {m}[{key}] = {call}")
                return
            h = self.tmp()
            self.emit(f"{h} = {m}.get({key})")
            self.emit(f"if {h} is None:")
            self.emit(f"    {t} = {call}")
            self.emit(f"    {m}[{key}] = (({', '.join(args)},), {t})")
            self.emit("else:")
            self.emit(f"    {t} = {h}[1]")
            return
        m, h, s0 = self.tmp(), self.tmp(), self.tmp()
        self.emit(f"{m} = G[{slot}]")
        self.emit(f"if {m} is None:")
        self.emit(f"    {m} = G[{slot}] = {{}}")
        self.emit(f"{h} = {m}.get({key})")
        self.emit(f"if {h} is None:")
        self.emit(f"    {s0} = G[2]")
        self.emit(f"    {t} = {call}")
        self.emit(f"    {m}[{key}] = (({', '.join(args)},), {t}, G[2] - {s0})")
        self.emit("else:")
        self.emit(f"    {t} = {h}[1]")
        self.emit(f"    if {h}[2]:")
        self.emit(f"        G[2] += {h}[2]")
        self.emit(f"        if G[2] > {MAX_STEPS}:")
        self.emit("            raise _step_limit()")

    def _record_args(self, name: str, args: list[str]) -> None:
        """Note which arguments of a call to ``name``'s function are never null (all calls must agree)."""
        mask = [not self.nullable(x) for x in args]
        seen = self.param_nonnull.get(name)
        self.param_nonnull[name] = (
            mask if seen is None else [x and y for x, y in zip(seen, mask, strict=True)]
        )

    def _may_fail(self, e: a.Call) -> bool:
        """Return True if evaluating ``e`` can raise a failure this call must be blamed for."""
        kind = self.p.info.call_kind[id(e)]
        if kind == "def" and self.static:
            # Every call in the body that can fail blames itself first; only a comprehension's step
            # charge (in the arguments or directly in the body) raises unblamed.
            return self._has_agg(e.func) or any(isinstance(n, a.Agg) for x in e.args for n in a.walk(x))
        if kind in ("def", "table", "host") or (kind == "builtin" and e.func in _RAISING_BUILTINS):
            return True
        return any(isinstance(n, a.Agg) for x in e.args for n in a.walk(x))

    def _has_agg(self, name: str) -> bool:
        found = self.def_agg.get(name)
        if found is None:
            found = self.def_agg[name] = any(isinstance(n, a.Agg) for n in a.walk(self.p.defs[name].body))
        return found

    def _inlinable(self, name: str) -> bool:
        size = self.def_size.get(name)
        if size is None:
            size = sum(1 for _ in a.walk(self.p.defs[name].body))
            self.def_size[name] = size
        return size <= _INLINE_NODES and len(self.inlining) < _INLINE_DEPTH

    # ---- score and check loops (one generated function per declaration, items inline)

    def _loop_head(self, d: a.Score | a.Check) -> str | None:
        """Emit the items of a loop into ``kept`` (pairs of index and item); return the path prefix."""
        loop = d.loop
        self.alive = {"G[0]"}
        if loop is None:
            if self.static and (charge := self.costs.per_item(*_item_parts(d)) - 1):
                self._steps(str(charge))
            self.emit("kept = ((0, _NO_ITEM),)")
            return None
        if self.static and (charge := self.costs.of(loop.iterable)):
            self._steps(str(charge))
        items = self.expr(loop.iterable, {})
        prefix = static_path(loop.iterable)
        if prefix is not None:
            self.alive.add("v")  # an item of the input: alive for the whole evaluation
            self.loop_prefix = prefix
        if self._items_nonnull(loop.iterable):
            self.nonnull.add("v")
        self.emit(f"if {items} is None:")
        self.emit("    kept = ()")
        self.emit("else:")
        self.ind += 1
        self._steps(self._per_item(items, *_item_parts(d)))
        if loop.cond is None:
            self.emit(f"kept = enumerate({items})")
        else:
            self.emit("kept = []")
            self.emit(f"for k, v in enumerate({items}):")
            self.ind += 1
            c = self.expr(loop.cond, {loop.var: "v"})
            self.emit(f"if {c} is True:")
            self.emit("    kept.append((k, v))")
            self.ind -= 1
        self.ind -= 1
        return None if prefix is None else prefix + "["

    def _path_code(self, loop: a.Loop | None, prefix: str | None) -> str:
        """Code for the item's path: the first :data:`_PATHS` paths of a plain loop are constants."""
        if loop is None:
            return '""'
        if prefix is not None:
            paths = self._paths.get(prefix)
            if paths is None:
                paths = self._paths[prefix] = self.obj(tuple(f"{prefix}{n}]" for n in range(_PATHS)))
            return f'({paths}[k] if k < {_PATHS} else {self.const(prefix)} + str(k) + "]")'
        return "_path_of(G, v)"

    def score_loop(self, k: int, s: a.Score) -> None:
        self.emit(f"def score_{k}(G, scores, findings, total):")
        self.ind += 1
        start = self.begin()
        decl = self.obj(s)
        prefix = self._loop_head(s)
        scope = {s.loop.var: "v"} if s.loop is not None else {}
        self.emit("for k, v in kept:")
        self.ind += 1
        value = self.expr(s.expr, scope)
        cap = self.expr(s.max, scope) if s.max is not None else "None"
        self.emit(f"value = {value}")
        if cap != "None":
            sure = "" if not self.nullable(cap) else f"{cap} is not None and "
            self.emit(f"if value is not None and {sure}value > {cap}:")
            self.emit(f"    value = {cap}")
        self.emit(f"path = {self._path_code(s.loop, prefix)}")
        key = self.obj((s.name, label_of(s)))
        self.emit(f"scores.append(({key}, path, value, {cap}, v, {value}, {decl}))")  # a RawScore
        self.emit("if value is None:")
        self.emit(f"    findings.append(_null_score({decl}, path, v))")
        self.emit("else:")
        self.emit("    total = total + value")
        self.ind -= 1
        self.emit("return total")
        self.end(start)
        self.alive = {"G[0]"}
        self.loop_prefix = None
        self.nonnull.discard("v")
        self.ind -= 1
        self.emit("")

    def check_loop(self, k: int, c: a.Check) -> None:
        self.emit(f"def check_{k}(G, findings):")
        self.ind += 1
        start = self.begin()
        decl = self.obj(c)
        prefix = self._loop_head(c)
        scope = {c.loop.var: "v"} if c.loop is not None else {}
        self.emit("for k, v in kept:")
        self.ind += 1
        cond = self.expr(c.cond, scope)
        self.emit(f"if {cond} is not True:")
        self.ind += 1
        path = self._path_code(c.loop, prefix)
        if c.message is not None:
            self.emit(f"if {cond} is False:")
            self.ind += 1
            parts = [
                self.const(p) if isinstance(p, str) else self._rendered(p, scope) for p in c.message.parts
            ]
            # The parts (texts and numbers) are kept and joined on first read (message_text).
            literal = len(c.message.parts) == 1 and isinstance(c.message.parts[0], str)
            text = parts[0] if literal else f"({', '.join(parts)},)" if parts else "''"
            severity = self.const(c.severity or "error")
            key = self.obj((c.name, label_of(c)))
            # a RawFinding
            self.emit(f"findings.append(({key}, {severity}, {text}, '', {path}, v, False, {decl}))")
            self.ind -= 1
            self.emit("else:")
            self.emit(f"    findings.append(_check_finding({decl}, {path}, {cond}, None, v))")
        else:
            self.emit(f"findings.append(_check_finding({decl}, {path}, {cond}, None, v))")
        self.ind -= 2
        self.emit("return None")
        self.end(start)
        self.alive = {"G[0]"}
        self.loop_prefix = None
        self.nonnull.discard("v")
        self.ind -= 1
        self.emit("")

    def grade(self, grade: a.Grade, value: a.Expr) -> None:
        """Emit ``grade(G)``: the graded value, then every band's bound, then the first band that holds."""
        self.emit("def grade(G):")
        self.ind += 1
        start = self.begin(self.costs.of(grade) + self.costs.of(value))
        v = self.expr(value, {})
        bounds = [self.expr(b.value, {}) for b in grade.bands]
        self.emit(f"if {v} is None:")
        self.emit("    return None")
        known = self.p.info.types
        for band, bound in zip(grade.bands, bounds, strict=True):
            typed = id(value) in known and id(band.value) in known
            lt = self.type_of(value) if typed else None
            rt = self.type_of(band.value) if typed else None
            if lt is not None and lt == rt and lt in _ORDERED:
                test = f"{self.guard([v, bound])}{v} {band.op} {bound}"
            else:
                test = f"_cmp({self.const(band.op)}, {v}, {bound})"
            self.emit(f"if ({test}) is True:")
            self.emit(f"    return {self.const(band.label)}")
        self.emit(f"return {'None' if grade.else_label is None else self.const(grade.else_label)}")
        self.end(start)
        self.ind -= 1
        self.emit("")

    def let_values(self) -> None:
        """Emit ``let_values(G)``: every let (computed now if no rule needed it), by name."""
        self.emit("def let_values(G):")
        self.ind += 1
        start = self.begin()
        pairs = []
        for name in self.p.lets:
            t = self._name(a.Name(name), {})
            pairs.append(f"{self.const(name)}: {t}")
        self.emit("return {" + ", ".join(pairs) + "}")
        self.end(start)
        self.ind -= 1
        self.emit("")

    def _rendered(self, e: a.Expr, scope: dict[str, str]) -> str:
        """Emit ``e`` and return code giving a message part: its value rendered, or a number as is.

        The expected type's case comes first; the value's type is checked, not trusted (a host
        function may return something other than it declares).
        """
        x = self.expr(e, scope)
        t = self.tmp()
        kind = self.type_of(e)
        if kind is TEXT and not self.nullable(x):
            return x  # a text field that cannot be null: a str
        if kind is TEXT:
            self.emit(f"{t} = {x} if type({x}) is str else _render({x})")
        elif kind is NUMBER:
            self.emit(f"{t} = {x} if type({x}) is _Decimal else _render({x})")
        else:
            self.emit(f"{t} = _render({x})")
        return t

    # ---- tables

    def table(self, t: a.Table) -> None:
        params = [f"p{k}" for k in range(len(t.params))]
        scope = {p.name: py for p, py in zip(t.params, params, strict=True)}
        col = {name: scope[name] for name in t.inputs}
        self.emit(f"def {self.table_fn[t.name]}({', '.join(['G', *params])}):")
        self.ind += 1
        start = self.begin()
        if t.policy == "unique":
            self.emit("hit = 0")
            self.emit("out = None")
        elif t.policy in ("collect", "sum"):
            self.emit("outs = []")
        for k, row in enumerate(t.rows):
            m = self._row_match(row, t, col, scope)
            self.emit(f"if {m}:")
            self.ind += 1
            out = self._row_output(t, row, scope)
            if t.policy == "first":
                self.emit(f"return {out}")
            elif t.policy == "unique":
                self.emit("if hit:")
                self.emit(f"    raise _unique({self.const(t.name)}, hit, {k + 1})")
                self.emit(f"hit = {k + 1}")
                self.emit(f"out = {out}")
            else:
                self.emit(f"outs.append({out})")
            self.ind -= 1
        if t.policy == "first":
            self.emit("return None")
        elif t.policy == "unique":
            self.emit("return out")
        elif t.policy == "collect":
            self.emit("return outs")
        else:
            self.emit(f"return {self.obj(AGGREGATES['sum'].impl)}(outs)")
        self.end(start)
        self.ind -= 1
        self.emit("")

    def _row_output(self, t: a.Table, row: a.TableRow, scope: dict[str, str]) -> str:
        outs = [self.expr(x, scope) for x in row.outputs]
        if len(outs) == 1:
            return outs[0]
        pairs = ", ".join(f"{self.const(n)}: {v}" for n, v in zip(t.outputs, outs, strict=True))
        return "{" + pairs + "}"

    def _row_match(self, row: a.TableRow, t: a.Table, col: dict[str, str], scope: dict[str, str]) -> str:
        m = self.tmp()
        self.emit(f"{m} = False")
        depth = 0
        for name, cell in zip(t.inputs, row.cells, strict=True):
            if any(isinstance(x, a.AnyTest) for x in cell.tests):
                continue
            c = self._cell(cell, col[name], scope)
            self.emit(f"if {c}:")
            self.ind += 1
            depth += 1
        self.emit(f"{m} = True")
        self.ind -= depth
        return m

    def _cell(self, cell: a.Cell, v: str, scope: dict[str, str]) -> str:
        c = self.tmp()
        depth = 0
        for k, test in enumerate(cell.tests):
            b = self._test(test, v, scope)
            self.emit(f"{c} = {b}")
            if k < len(cell.tests) - 1:
                self.emit(f"if not {c}:")
                self.ind += 1
                depth += 1
        self.ind -= depth
        return c

    def _test(self, test: a.UnaryTest, v: str, scope: dict[str, str]) -> str:
        if isinstance(test, a.NullTest):
            return f"{v} is {'not ' if test.negated else ''}None"
        b = self.tmp()
        self.emit(f"if {v} is None:")
        self.emit(f"    {b} = False")
        self.emit("else:")
        self.ind += 1
        if isinstance(test, a.CmpTest):
            x = self.expr(test.value, scope)
            self.emit(f"{b} = _cmp({self.const(test.op)}, {v}, {x}) is True")
        elif isinstance(test, a.InTest):
            c = test.container
            want = "False" if test.negated else "True"
            if isinstance(c, a.ListLit) and c.items and all(isinstance(i, a.String) for i in c.items):
                texts = self.const(frozenset(i.value for i in c.items if isinstance(i, a.String)), key="set")
                self.emit(f"if type({v}) is str:")
                self.emit(f"    {b} = {v} {'not in' if test.negated else 'in'} {texts}")
                self.emit("else:")
                self.ind += 1
                x = self.expr(c, scope)
                self.emit(f"{b} = _member({v}, {x}) is {want}")
                self.ind -= 1
            else:
                x = self.expr(c, scope)
                self.emit(f"{b} = _member({v}, {x}) is {want}")
        elif isinstance(test, a.Interval):
            lo = self.expr(test.low, scope)
            self.emit(f"{b} = _cmp({self.const('>=' if test.low_closed else '>')}, {v}, {lo}) is True")
            self.emit(f"if {b}:")
            self.ind += 1
            hi = self.expr(test.high, scope)
            self.emit(f"{b} = _cmp({self.const('<=' if test.high_closed else '<')}, {v}, {hi}) is True")
            self.ind -= 1
        else:
            assert isinstance(test, a.ExprTest)
            if test.predicate:
                inner = dict(scope)
                inner["?"] = v
                x = self.expr(test.expr, inner)
                self.emit(f"{b} = {x} is True")
            else:
                x = self.expr(test.expr, scope)
                self.emit(f"{b} = _cmp({self.const('==')}, {v}, {x}) is True")
        self.ind -= 1
        return b


_DISPATCH: dict[type, Callable[[_Gen, Any, dict[str, str]], str]] = {
    a.Number: _Gen._number,
    a.String: _Gen._string,
    a.Bool: _Gen._bool,
    a.Null: _Gen._null,
    a.Placeholder: _Gen._placeholder,
    a.Name: _Gen._name,
    a.Field: _Gen._field,
    a.Index: _Gen._index,
    a.ListLit: _Gen._list,
    a.Not: _Gen._not,
    a.Binary: _Gen._binary,
    a.Compare: _Gen._compare,
    a.IsNull: _Gen._is_null,
    a.Member: _Gen._member,
    a.Coalesce: _Gen._coalesce,
    a.If: _Gen._if,
    a.When: _Gen._when,
    a.Agg: _Gen._agg,
    a.Call: _Gen._call,
}


class CompiledProgram:
    """A compiled program: immutable, safe to share between threads (each run has its own frame)."""

    __slots__ = ("checks", "grade", "lets", "scores", "source", "template")

    def __init__(
        self,
        template: list[Any],
        scores: list[Callable[..., Decimal]],
        checks: list[Callable[..., None]],
        grade: Callable[[list[Any]], str | None] | None,
        lets: Callable[[list[Any]], dict[str, Any]],
        source: str,
    ) -> None:
        self.template = template
        self.scores = scores
        self.checks = checks
        self.grade = grade
        self.lets = lets
        self.source = source

    def run(self, record: Any) -> RawResult:
        """Evaluate on one validated record."""
        G = self.template.copy()
        G[0] = record
        scores: list[RawScore] = []
        findings: list[RawFinding] = []
        total = Decimal(0)
        for score_fn in self.scores:
            total = score_fn(G, scores, findings, total)
        G[1] = total
        for check_fn in self.checks:
            check_fn(G, findings)
        grade = self.grade(G) if self.grade is not None else None
        return RawResult(scores, total, grade, findings, self.lets(G))


def _decl_roots(p: Checked) -> list[a.Node]:
    roots: list[a.Node] = [*p.lets.values(), *p.defs.values(), *p.tables.values(), *p.scores, *p.checks]
    if p.grade is not None:
        roots.append(p.grade)
    if p.grade_expr is not None:
        roots.append(p.grade_expr)
    return roots


def _memoised(p: Checked) -> list[str]:
    """Return the defs worth memoising per evaluation, in declaration order.

    A def is memoised when it is called from at least two places, has parameters, its body (with the
    defs it calls expanded) has at least :data:`_MEMO_NODES` nodes, and it reaches no host function
    (host functions are the only calls that might not be pure). Defs are pure and total otherwise,
    so calling one again with the same argument objects gives the same value.
    """
    sites: dict[str, int] = {}
    for root in _decl_roots(p):
        for n in a.walk(root):
            if isinstance(n, a.Call) and p.info.call_kind.get(id(n)) == "def":
                sites[n.func] = sites.get(n.func, 0) + 1
    size: dict[str, int] = {}
    hosted: dict[str, bool] = {}

    def measure(name: str) -> int:
        if name not in size:
            total, host = 0, False
            root: a.Node = p.defs[name].body if name in p.defs else p.tables[name]
            for n in a.walk(root):
                total += 1
                kind = p.info.call_kind.get(id(n)) if isinstance(n, a.Call) else None
                if isinstance(n, a.Call) and kind in ("def", "table"):
                    total += measure(n.func)
                    host = host or hosted[n.func]
                elif kind == "host":
                    host = True
            size[name], hosted[name] = total, host
        return size[name]

    return [
        name
        for name, d in p.defs.items()
        if d.params and sites.get(name, 0) >= 2 and measure(name) >= _MEMO_NODES and not hosted[name]
    ]


def _callers_first(p: Checked) -> list[str]:
    """Return the defs ordered so that every def comes before the defs its body calls."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        seen.add(name)
        for n in a.walk(p.defs[name].body):
            if isinstance(n, a.Call) and p.info.call_kind.get(id(n)) == "def" and n.func not in seen:
                visit(n.func)
        order.append(name)

    for name in p.defs:
        if name not in seen:
            visit(name)
    return order[::-1]


def _path_of(G: list[Any], item: Any) -> str:
    finder = G[3]
    if finder is None:
        finder = G[3] = PathFinder(G[0])
    return str(finder.path(item))


def compile_program(program: Checked) -> CompiledProgram:
    """Generate, compile and load the Python functions of a checked program."""
    g = _Gen(program)
    for name, let in program.lets.items():
        body = lambda let=let: g.expr(let.expr, {})  # noqa: E731
        g.function(g.let_fn[name], [], body, g.costs.of(let.expr))
    for t in program.tables.values():
        g.table(t)
    for k, score in enumerate(program.scores):
        g.score_loop(k, score)
    for k, check in enumerate(program.checks):
        g.check_loop(k, check)
    if program.grade is not None and program.grade_expr is not None:
        g.grade(program.grade, program.grade_expr)
    g.let_values()
    # Callers before callees: when a def's function is emitted every call to it has been seen, so
    # its parameters that every call passes a never-null value are known never null.
    for name in _callers_first(program):
        if name not in g.needed:
            continue
        d = program.defs[name]
        params = [f"p{k}" for k in range(len(d.params))]
        scope = {p.name: py for p, py in zip(d.params, params, strict=True)}
        sure = {py for py, ok in zip(params, g.param_nonnull.get(name, []), strict=False) if ok}
        g.nonnull |= sure
        g.function(g.def_fn[name], params, lambda d=d, scope=scope: g.expr(d.body, scope))  # type: ignore[misc]
        g.nonnull -= sure
    source = "\n".join(g.lines) + "\n"
    namespace: dict[str, Any] = {
        "__builtins__": {},
        "K": g.K,
        "_UNSET": _UNSET,
        "_EvalFailure": EvalFailure,
        "_step_limit": step_limit,
        "_unique": _unique,
        "_field_any": _field_any,
        "_index": _index,
        "_add": add,
        "_sub": sub,
        "_cmp": compare,
        "_member": member,
        "_quantize": _quantize,
        "_null_score": null_score,
        "_check_finding": check_finding,
        "_render": render,
        "_render_number": render_number,
        "_path_of": _path_of,
        "_NO_ITEM": NO_ITEM,
        "len": len,
        "list": list,
        "str": str,
        "enumerate": enumerate,
        "id": id,
        "type": type,
        "_Decimal": Decimal,
        "_Exception": Exception,
        "_to_value": to_value,
    }
    exec(compile(source, f"<rules {program.name}>", "exec"), namespace)

    scores = [namespace[f"score_{k}"] for k in range(len(program.scores))]
    checks = [namespace[f"check_{k}"] for k in range(len(program.checks))]
    grade = namespace["grade"] if program.grade is not None and program.grade_expr is not None else None
    template: list[Any] = [None] * g.size
    template[2] = 0
    for slot in g.let_slot.values():
        template[slot] = _UNSET
    return CompiledProgram(template, scores, checks, grade, namespace["let_values"], source)
