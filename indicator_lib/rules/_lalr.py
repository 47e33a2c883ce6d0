"""A tight LALR(1) driver over lark's own tables: text → AST without lark trees or lark tokens.

Decides: how a text that *parses* is turned into AST nodes quickly. The grammar, its LALR tables and
its terminals are lark's (``grammars/rules.lark`` built by :func:`indicator_lib.rules._parser.
build_parser`); this module only replays them:

* one compiled alternation of lark's terminals (in lark's own order, keywords folded into the word
  terminal exactly as lark's lexer folds them) scans the whole text; a word spelled like a keyword
  is the keyword when the parser state accepts the keyword, else a name — what lark's contextual
  lexer decides in the same state;
* shift/reduce runs on lark's parse table; each reduction applies lark's tree-shaping rules
  (filtered anonymous tokens, ``None`` for absent ``[optional]`` parts, ``_rule`` splicing, ``?rule``
  single-child pass-through) and calls the builder's method for the rule with the node's span;
* spans are lark's ``propagate_positions`` spans: a node starts where the first token it covers
  starts (filtered keywords and brackets included) and ends where the last one ends; a node that is
  passed through keeps its own span while the text it covers grows (``(a + b)``);
* the depth of lark's tree is tracked (heights), so the depth limit is checked as before.

Anything this driver does not accept — a token no state accepts, a character no terminal matches,
a too-deep tree — raises :class:`Fallback`; the caller then runs lark itself on the same text, so
every syntax diagnostic is produced exactly as before. Good paths are fast; error paths may be slow.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from indicator_lib.rules.ast import NOWHERE, Span

if TYPE_CHECKING:
    from lark import Lark

_F = TypeVar("_F", bound=Callable[..., Any])

__all__ = ["Fallback", "FastParser", "Tok", "spanless"]


class Fallback(Exception):
    """The fast path cannot decide this text; the caller parses it with lark instead."""


class Tok(NamedTuple):
    """A token: the attributes of a lark ``Token`` that the AST builder reads (``value`` is the text)."""

    type: str
    value: str
    line: int
    column: int
    end_line: int
    end_column: int
    kw: str | None  # the keyword terminal this word is when the parser state accepts it


def spanless(method: _F) -> _F:
    """Mark a builder method that ignores its span: the driver passes ``NOWHERE`` instead of one."""
    method.spanless = True  # type: ignore[attr-defined]
    return method


def _span_maker() -> Callable[[int, int, int, int], Span]:
    """Return a constructor of :class:`Span` that skips the frozen dataclass ``__init__`` (2x faster).

    It fills the four slots through their descriptors, as the dataclass's own ``__init__`` does
    through ``object.__setattr__``; the result is an ordinary, equal, immutable ``Span``.
    """
    new = object.__new__
    slots = vars(Span)
    set_line = slots["line"].__set__
    set_column = slots["column"].__set__
    set_end_line = slots["end_line"].__set__
    set_end_column = slots["end_column"].__set__

    def make(line: int, column: int, end_line: int, end_column: int) -> Span:
        span: Span = new(Span)
        set_line(span, line)
        set_column(span, column)
        set_end_line(span, end_line)
        set_end_column(span, end_column)
        return span

    return make


_new_span = _span_maker()

# builds a Tok from a tuple in C (no Python-level __new__)
_make: Any = tuple.__new__

_END = Tok("$END", "", 0, 0, 0, 0, None)

Builder = Callable[[Any, Span, list[Any]], Any]
# size of the expansion, the rule's origin, kind, how children are picked, the builder function,
# whether the builder ignores the span
_Desc = tuple[int, str, int, Any, Builder | None, bool]

# reduction kinds
_PASS = 0  # ``?rule`` with one child and nothing filtered: the value and its extent stay
_SPLICE = 1  # ``_rule``: a list of children spliced into the parent
_NODE = 2  # a node built by the builder (or passed through by ``?rule`` when one child is left)
_ONE = 3  # a node built by the builder from the one symbol of its expansion (``name: NAME``)


def _sort_key(term: Any) -> tuple[int, int, int, str]:
    return (-term.priority, -term.pattern.max_width, -len(term.pattern.value), term.name)


class FastParser:
    """Lark's LALR tables and terminals, replayed by a loop of our own (see the module docstring)."""

    def __init__(self, lark: Lark, rules: dict[str, Builder]) -> None:
        """Take the tables of ``lark`` (LALR, contextual lexer) and the builder functions by rule name."""
        table = lark.parser.parser.parser.parse_table
        self.start_states: dict[str, int] = dict(table.start_states)
        self.end_states: dict[str, int] = dict(table.end_states)
        ignore = set(lark.ignore_tokens)
        terminals = sorted(lark.terminals, key=_sort_key)
        regex_terms = [t for t in terminals if t.pattern.type == "re"]
        embedded: dict[str, dict[str, str]] = {}
        skip: set[str] = set()
        for term in terminals:
            if term.pattern.type != "str":
                continue
            for rterm in regex_terms:
                if rterm.priority != term.priority:
                    continue
                m = re.match(rterm.pattern.to_regexp(), term.pattern.value)
                if m is not None and m.group(0) == term.pattern.value:
                    embedded.setdefault(rterm.name, {})[term.pattern.value] = term.name
                    if frozenset(term.pattern.flags) <= frozenset(rterm.pattern.flags):
                        skip.add(term.name)
        kept = [t for t in terminals if t.name not in skip]
        self._regex = re.compile(
            "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in kept) + r"|(?P<_ERROR>[\s\S])"
        )
        self._ignore = frozenset(ignore)
        self._embedded = embedded
        states: dict[int, dict[str, tuple[bool, Any]]] = {}
        descs: dict[Any, _Desc] = {}
        options = lark.options
        for state, actions in table.states.items():
            row: dict[str, tuple[bool, Any]] = {}
            for sym, (action, arg) in actions.items():
                if action.name == "Shift":
                    row[str(sym)] = (True, arg)
                else:
                    desc = descs.get(arg)
                    if desc is None:
                        desc = descs[arg] = self._describe(arg, rules, options.maybe_placeholders)
                    row[str(sym)] = (False, desc)
            states[state] = row
        if set(states) != set(range(len(states))):  # pragma: no cover - lark numbers states 0..n-1
            raise ValueError("unexpected parse-table state numbering")
        self._states = [states[i] for i in range(len(states))]
        # (state below, state on top, lookahead) -> the state after a run of pass-through reductions
        self._chains: dict[tuple[int, int, str], int] = {}

    @staticmethod
    def _describe(rule: Any, rules: dict[str, Builder], placeholders: bool) -> _Desc:
        expansion = rule.expansion
        size = len(expansion)
        opts = rule.options
        empty = opts.empty_indices if placeholders else ()
        if empty:
            bits = "".join(str(int(b)) for b in empty)
            nones = [len(ones) for ones in bits.split("0")]
        else:
            nones = [0] * (size + 1)
        include: list[tuple[int, bool, int]] = []
        pending = 0
        for i, sym in enumerate(expansion):
            pending += nones[i]
            if opts.keep_all_tokens or not (sym.is_term and sym.filter_out):
                include.append((i, not sym.is_term and sym.name.startswith("_"), pending))
                pending = 0
        trailing = pending + nones[size]
        origin = str(rule.origin.name)
        expand1 = bool(opts.expand1) and not rule.alias
        name = str(rule.alias or origin)
        simple = not trailing and all(not e and not n for _, e, n in include)
        if expand1 and size == 1 and simple and len(include) == 1:
            return (size, origin, _PASS, None, None, True)
        if size == 1 and simple and len(include) == 1 and not expand1 and not origin.startswith("_"):
            build = rules[name]
            return (size, origin, _ONE, None, build, getattr(build, "spanless", False))
        plan = (tuple(i for i, _, _ in include) if simple else tuple(include), simple, trailing, expand1)
        if origin.startswith("_"):
            return (size, origin, _SPLICE, plan, None, True)
        builder = rules.get(name)
        if builder is None and not (expand1 and simple and len(include) == 1):  # pragma: no cover
            raise ValueError(f"no builder for rule {name!r}")
        return (size, origin, _NODE, plan, builder, getattr(builder, "spanless", False))

    def _chain(self, below: int, top: int, typ: str) -> int:
        """Return the state after the pass-through reductions ``typ`` triggers on top of ``below``."""
        states = self._states
        act = states[top].get(typ)
        while act is not None and not act[0] and act[1][2] == _PASS:
            top = states[below][act[1][1]][1]
            act = states[top].get(typ)
        return top

    def tokens(self, text: str) -> list[Tok]:
        """Scan ``text`` into tokens (ignored ones dropped); raise :class:`Fallback` on a bad character."""
        out: list[Tok] = []
        append = out.append
        line = 1
        line_start = 0
        ignore = self._ignore
        embedded = self._embedded
        make = _make
        for m in self._regex.finditer(text):
            kind = m.lastgroup
            assert kind is not None
            value = m.group()
            if kind in ignore:
                if "\n" in value:
                    line += value.count("\n")
                    line_start = m.start() + value.rindex("\n") + 1
                continue
            if kind == "_ERROR":
                raise Fallback
            column = m.start() - line_start + 1
            words = embedded.get(kind)
            kw = words.get(value) if words else None
            append(make(Tok, (kind, value, line, column, line, column + len(value), kw)))
        if line != text.count("\n") + 1:  # a token spanning lines: lark's positions, not ours
            raise Fallback
        return out

    def parse(self, text: str, start: str, builder: Any, line_off: int, col_off: int, max_depth: int) -> Any:
        """Parse ``text`` from ``start``; build with ``builder``; spans shifted by the offsets.

        Four stacks run side by side: states, values, and for each value the first and last token
        it covers (``None`` for an empty reduction) and the height of lark's tree below it.
        """
        toks = self.tokens(text)
        toks.append(_END)
        states = self._states
        chains = self._chains
        end_state = self.end_states[start]
        st = [self.start_states[start]]
        vals: list[Any] = []
        los: list[Tok | None] = []
        his: list[Tok | None] = []
        hs: list[int] = []
        shifted = bool(line_off or col_off)
        new_span = _new_span
        # what the lark path gives a node that covers no token: NOWHERE, shifted like any span
        empty = Span(line_off, 0, line_off, 0) if shifted else NOWHERE
        st_push, vals_push, los_push, his_push, hs_push = (
            st.append,
            vals.append,
            los.append,
            his.append,
            hs.append,
        )
        for tok in toks:
            typ = tok.type
            if tok.kw is not None and tok.kw in states[st[-1]]:
                typ = tok.kw
                tok = _make(Tok, (typ, *tok[1:]))
            while True:
                act = states[st[-1]].get(typ)
                if act is None:
                    raise Fallback
                if act[0]:
                    st_push(act[1])
                    vals_push(tok)
                    los_push(tok)
                    his_push(tok)
                    hs_push(0)
                    break
                size, origin, kind, plan, build, nospan = act[1]
                if kind == _PASS:
                    key = (st[-2], st[-1], typ)
                    top = chains.get(key)
                    if top is None:
                        top = chains[key] = self._chain(st[-2], st[-1], typ)
                    st[-1] = top
                    if top == end_state and tok is _END:
                        return vals[-1]
                    continue
                if kind == _ONE:  # replace the top in place; the extent stays
                    lo = los[-1]
                    hi = his[-1]
                    if nospan or lo is None or hi is None:
                        span = empty
                    elif shifted:
                        span = new_span(
                            lo.line + line_off,
                            lo.column + (col_off if lo.line == 1 else 0),
                            hi.end_line + line_off,
                            hi.end_column + (col_off if hi.end_line == 1 else 0),
                        )
                    else:
                        span = new_span(lo.line, lo.column, hi.end_line, hi.end_column)
                    vals[-1] = build(builder, span, [vals[-1]])
                    height = hs[-1] + 1
                    if height > max_depth:
                        raise Fallback
                    hs[-1] = height
                    top = st[-1] = states[st[-2]][origin][1]
                    if top == end_state and tok is _END:
                        return vals[-1]
                    continue
                if size:
                    base = len(vals) - size
                    items = vals[base:]
                    lo = los[base]
                    if lo is None:
                        lo = next((p for p in los[base:] if p is not None), None)
                    hi = his[-1]
                    if hi is None:
                        hi = next((p for p in reversed(his[base:]) if p is not None), None)
                    height = max(hs[base:]) if size > 1 else hs[-1]
                else:
                    base = len(vals)
                    items = []
                    lo = hi = None
                    height = 0
                keep, simple, trailing, expand1 = plan
                if simple:
                    children = [items[i] for i in keep]
                else:
                    children = []
                    for i, expand, nones in keep:
                        if nones:
                            children += [None] * nones
                        if expand:
                            children += items[i]
                        else:
                            children.append(items[i])
                    if trailing:
                        children += [None] * trailing
                if kind == _SPLICE:
                    value = children
                elif expand1 and len(children) == 1:
                    value = children[0]
                else:
                    if nospan or lo is None or hi is None:
                        span = empty
                    elif shifted:
                        span = new_span(
                            lo.line + line_off,
                            lo.column + (col_off if lo.line == 1 else 0),
                            hi.end_line + line_off,
                            hi.end_column + (col_off if hi.end_line == 1 else 0),
                        )
                    else:
                        span = new_span(lo.line, lo.column, hi.end_line, hi.end_column)
                    value = build(builder, span, children)
                    height += 1
                    if height > max_depth:
                        raise Fallback
                if size == 1:  # replace the top in place
                    st[-1] = states[st[-2]][origin][1]
                    vals[-1] = value
                    hs[-1] = height
                else:
                    del st[base + 1 :], vals[base:], los[base:], his[base:], hs[base:]
                    st_push(states[st[-1]][origin][1])
                    vals_push(value)
                    los_push(lo)
                    his_push(hi)
                    hs_push(height)
                if st[-1] == end_state and tok is _END:
                    return vals[-1]
        raise Fallback  # pragma: no cover - $END always ends in the end state or fails above
