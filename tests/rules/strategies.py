"""Hypothesis strategies: well-typed expression ASTs over the golden model, and matching inputs."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from indicator_lib.rules import ast as a

NUM_FIELDS = ("n", "m", "i", "f", "budget", "executed")
DECIMALS = st.sampled_from(
    [
        Decimal(x)
        for x in ("0", "1", "-1", "0.1", "0.2", "2.5", "-2.5", "3", "10", "90", "100", "0.005", "1E+3")
    ]
)


def _self_field(name: str) -> a.Expr:
    return a.Field(a.Name("self"), name)


def num_leaf(local: str | None = None) -> st.SearchStrategy[a.Expr]:
    options: list[st.SearchStrategy[a.Expr]] = [
        DECIMALS.map(a.Number),
        st.sampled_from(NUM_FIELDS).map(_self_field),
    ]
    if local is not None:
        options.append(st.just(a.Name(local)))
    return st.one_of(*options)


def text_leaf() -> st.SearchStrategy[a.Expr]:
    return st.one_of(
        st.text(alphabet='ab预算"\\{}\n\t ', max_size=4).map(a.String),
        st.sampled_from(["t", "u"]).map(_self_field),
    )


def bool_leaf() -> st.SearchStrategy[a.Expr]:
    return st.one_of(st.booleans().map(a.Bool), st.sampled_from(["b", "c"]).map(_self_field))


@st.composite
def num_expr(draw: st.DrawFn, depth: int = 3, local: str | None = None) -> a.Expr:
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        return draw(num_leaf(local))
    kind = draw(st.integers(0, 11))
    sub = num_expr(depth - 1, local)
    if kind <= 3:
        return a.Binary(draw(st.sampled_from("+-*/")), draw(sub), draw(sub))
    if kind == 4:
        return a.If(draw(bool_expr(depth - 1, local)), draw(sub), draw(sub))
    if kind == 5:
        return a.When(((draw(bool_expr(depth - 1, local)), draw(sub)),), draw(sub))
    if kind == 6:
        return a.Coalesce((draw(sub), draw(sub)))
    if kind == 7:
        func = draw(st.sampled_from(["min", "max", "ratio"]))
        return a.Call(func, (draw(sub), draw(sub)))
    if kind == 8:
        func = draw(st.sampled_from(["abs", "round", "floor", "ceil"]))
        if func == "round" and draw(st.booleans()):
            return a.Call("round", (draw(sub), a.Number(Decimal(draw(st.integers(-2, 3))))))
        return a.Call(func, (draw(sub),))
    if kind == 9:
        func = draw(st.sampled_from(["sum", "count", "min", "max", "avg"]))
        var = "x" if local != "x" else "y"
        cond = draw(st.one_of(st.none(), bool_expr(depth - 1, var)))
        return a.Agg(func, draw(num_expr(depth - 1, var)), var, _self_field("nums"), cond)
    if kind == 10:
        return a.Index(_self_field("nums"), draw(num_leaf(local)))
    return a.Binary("-", a.Number(Decimal(0)), draw(sub))


@st.composite
def bool_expr(draw: st.DrawFn, depth: int = 3, local: str | None = None) -> a.Expr:
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        return draw(bool_leaf())
    kind = draw(st.integers(0, 7))
    nsub = num_expr(depth - 1, local)
    bsub = bool_expr(depth - 1, local)
    if kind <= 1:
        ops = draw(
            st.sampled_from([("<",), ("<=",), (">",), (">=",), ("==",), ("!=",), ("<", "<="), (">=", ">")])
        )
        return a.Compare(ops, tuple(draw(nsub) for _ in range(len(ops) + 1)))
    if kind == 2:
        return a.Binary(draw(st.sampled_from(["and", "or"])), draw(bsub), draw(bsub))
    if kind == 3:
        return a.Not(draw(bsub))
    if kind == 4:
        return a.IsNull(draw(nsub), draw(st.booleans()))
    if kind == 5:
        return a.Member(draw(nsub), a.ListLit((draw(nsub), draw(nsub))), draw(st.booleans()))
    if kind == 6:
        var = "x" if local != "x" else "y"
        return a.Agg(
            draw(st.sampled_from(["all", "any"])),
            draw(bool_expr(depth - 1, var)),
            var,
            _self_field("nums"),
            None,
        )
    return a.Compare(("==",), (draw(text_leaf()), draw(text_leaf())))


OPTIONAL_DECIMAL = st.one_of(DECIMALS.map(str), DECIMALS.map(str), DECIMALS.map(str), st.none())
GOLDEN_INPUT = st.fixed_dictionaries(
    {
        "n": OPTIONAL_DECIMAL,
        "m": OPTIONAL_DECIMAL,
        "i": st.one_of(st.integers(-5, 5), st.none()),
        "f": st.one_of(st.floats(-10, 10, allow_nan=False).map(lambda x: round(x, 3)), st.none()),
        "budget": OPTIONAL_DECIMAL,
        "executed": OPTIONAL_DECIMAL,
        "t": st.one_of(st.sampled_from(["a", "ab", "预算"]), st.none()),
        "u": st.one_of(st.sampled_from(["a", "b"]), st.none()),
        "b": st.one_of(st.booleans(), st.none()),
        "c": st.one_of(st.booleans(), st.none()),
        "nums": st.lists(OPTIONAL_DECIMAL, max_size=4),
    },
)
