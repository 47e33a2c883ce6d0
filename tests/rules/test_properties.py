"""Property tests: parse-or-syntax-error with a span inside the text, print/parse round trip,
and agreement of the compiled backend with the interpreter (the oracle)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_lib.errors import RuleError, RuleSyntaxError
from indicator_lib.rules import ast as a
from indicator_lib.rules import compile_rules, parse, parse_expr, print_expr, print_module
from tests.golden.models import Golden

from .strategies import GOLDEN_INPUT, bool_expr, num_expr

FRAGMENTS = st.sampled_from(
    [
        "score",
        "check",
        "let",
        "def",
        "table",
        "grade",
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
        "max",
        "severity",
        "message",
        "hit",
        "first",
        "x",
        "self",
        "执行率",
        "i.weight",
        "(",
        ")",
        "[",
        "]",
        ",",
        ":",
        "=",
        "==",
        "<",
        ">=",
        "≤",
        "+",
        "-",
        "*",
        "/",
        "??",
        "?",
        "|",
        "| - |",
        "=>",
        "1",
        "95%",
        "250万",
        "250万元",
        '"文本"',
        "'a'",
        "“中”",
        "`名(称)`",
        "#",
        "\n",
        " ",
        "（",
        "）",
        "，",
        "。",
        "\\",
        "{",
        "}",
        '"{x}"',
        "ruleset",
        "input",
        "extends",
        "drop",
        ".",
    ]
)
TEXTS = st.one_of(st.text(max_size=40), st.lists(FRAGMENTS, max_size=25).map(" ".join))


def _span_inside(text: str, err: RuleSyntaxError) -> None:
    lines = text.split("\n")
    for d in err.diagnostics:
        assert d.line is not None and d.column is not None, d
        assert 1 <= d.line <= len(lines), (d, text)
        assert 1 <= d.column <= len(lines[d.line - 1]) + 1, (d, text)
        assert d.code and d.message and d.message_en


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_parses_or_raises_syntax_error_inside_text(text: str) -> None:
    try:
        module = parse(text)
    except RuleSyntaxError as err:
        _span_inside(text, err)
    else:
        assert isinstance(module, a.Module)


@settings(max_examples=300, deadline=None)
@given(st.one_of(num_expr(), bool_expr()))
def test_print_parse_round_trip_expressions(expr: a.Expr) -> None:
    assert parse_expr(print_expr(expr)) == expr


@settings(max_examples=60, deadline=None)
@given(num_expr(), bool_expr())
def test_print_parse_round_trip_module(score: a.Expr, cond: a.Expr) -> None:
    module = a.Module(
        (
            a.RulesetDecl("名", "1"),
            a.InputDecl("Golden"),
            a.Let("v", score),
            a.Score("s", "得分", None, a.Number(score_max()), score),
            a.Check(
                "c",
                None,
                a.Loop("x", a.Field(a.Name("self"), "nums"), None),
                "warning",
                cond,
                a.Message(("值", a.Field(a.Name("self"), "t"), "{}")),
            ),
            a.Grade(("total",), (a.Band(">=", a.Number(score_max()), "优"),), "差"),
        )
    )
    assert parse(print_module(module)) == module


def score_max() -> Any:
    from decimal import Decimal

    return Decimal(10)


def _outcome(fn: Any, data: dict[str, Any]) -> Any:
    try:
        r = fn(data, explain=False)
    except RuleError as err:
        return ("error", err.code)
    return (
        [(type(v).__name__, str(v)) for v in r.values.values()],
        [(s.id, s.path, str(s.value), str(s.max)) for s in r.scores],
        str(r.total),
        r.grade,
        [(f.rule, f.severity, f.path, f.message) for f in r.findings],
    )


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(num_expr(), bool_expr(), GOLDEN_INPUT)
def test_compiler_agrees_with_interpreter(num: a.Expr, cond: a.Expr, data: dict[str, Any]) -> None:
    text = (
        "input Golden\n"
        f"let result = {print_expr(num)}\n"
        f"score s max 50 = {print_expr(num)}\n"
        f"score per for x in self.nums where x is not null = x * 2\n"
        f'check c = {print_expr(cond)} message "值{{self.n}}"\n'
        'grade total\n  >= 10: "高"\n  else: "低"\n'
    )
    rules = compile_rules(text, input=Golden)
    assert _outcome(rules.evaluate, data) == _outcome(rules.interpret, data)


JUNK = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=3),
    st.booleans(),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=2)), max_size=3),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    num_expr(), bool_expr(), st.dictionaries(st.sampled_from(["n", "m", "i", "f", "t", "b", "nums"]), JUNK)
)
def test_no_input_raises_anything_but_library_errors(num: a.Expr, cond: a.Expr, junk: dict[str, Any]) -> None:
    """Inputs that bypass validation (``model_construct``) still give a result or a library error."""
    text = (
        f"input Golden\nlet result = {print_expr(num)}\nscore s = {print_expr(num)}\n"
        f'check c = {print_expr(cond)} message "{{self.t}}{{self.n}}"\n'
    )
    rules = compile_rules(text, input=Golden)
    record = Golden.model_construct(**junk)
    for run in (rules.evaluate, rules.interpret):
        try:
            result = run(record)
        except RuleError:
            continue
        result.model_dump_json()
