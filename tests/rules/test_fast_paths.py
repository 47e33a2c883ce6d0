"""The speed-ups keep the semantics: message holes built without the parser have the parser's spans;
memoised defs give the interpreter's values and step counts; results built without validation behave
like validated ones."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from indicator_lib.errors import RuleEvaluationError, RuleSyntaxError
from indicator_lib.rules import HostFunction, compile_rules
from indicator_lib.rules import ast as a
from indicator_lib.rules._lexer import KEYWORDS, normalise
from indicator_lib.rules._parser import _parse_sub, _simple_path, parse
from indicator_lib.rules._paths import PathFinder, identity_paths
from indicator_lib.rules._source import Source
from indicator_lib.rules.results import RuleResult

from .models import SelfEval


def _spans(node: a.Node) -> list[tuple[str, a.Span | None]]:
    return [(type(n).__name__, getattr(n, "span", None)) for n in a.walk(node)]


_WORD = st.sampled_from(["i", "name", "实际值", "x_1", "self", "值3", "ｉ", "Ab"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=4), st.integers(0, 5), st.integers(0, 40))
def test_simple_path_is_what_the_parser_builds(words: list[str], line_off: int, col_off: int) -> None:
    text = ".".join(words)
    fast = _simple_path(text, line_off, col_off)
    slow = _parse_sub(Source.of(text, "x"), text, "expr", line_off, col_off)
    assert fast is not None
    assert fast == slow
    assert _spans(fast) == _spans(slow)


@pytest.mark.parametrize("text", ["i. name", " i", "i.in", "if", "f(i)", "i[0]", "1", "i.", "a + b"])
def test_simple_path_declines_anything_else(text: str) -> None:
    assert _simple_path(text, 0, 0) is None


def test_keywords_are_declined() -> None:
    assert all(_simple_path(f"i.{kw}", 0, 0) is None for kw in KEYWORDS if kw.isidentifier())


def test_message_hole_spans_in_a_file() -> None:
    text = (
        'check c "C" for i in self.indicators =\n  i.weight > 100\n  message "「{i.name}」 {i.weight + 1}"\n'
    )
    check = parse(text).decls[0]
    assert isinstance(check, a.Check) and check.message is not None
    path, total = (p for p in check.message.parts if isinstance(p, a.Expr))
    assert isinstance(path, a.Field)
    assert [span for _, span in _spans(path)] == [a.Span(3, 14, 3, 20), a.Span(3, 14, 3, 15)]
    assert _spans(total)[0][1] == a.Span(3, 24, 3, 36)


MEMO = """\
input SelfEval
def 平方(i: Indicator) = (i.actual ?? 0) * (i.actual ?? 0) + (i.target ?? 0) * (i.target ?? 0) + 0 * i.weight
def 加倍(i: Indicator) = 平方(i) + 平方(i)
score s "S" for i in self.indicators = 加倍(i) + 平方(i)
check c "C" for i in self.indicators = 平方(i) < 1000000
  message "{i.name}: {平方(i)}"
let 合计 = sum(平方(i) for i in self.indicators)
"""


def _record(n: int, actual: str) -> dict[str, Any]:
    return {
        "project": "p",
        "indicators": [
            {"name": f"指标{k}", "level1": "产出指标", "weight": 10, "target": 100, "actual": actual}
            for k in range(n)
        ],
    }


def test_memoised_def_gives_the_interpreters_results() -> None:
    rules = compile_rules(MEMO, input=SelfEval)
    assert "id(" in rules._compiled.source  # 平方 is memoised
    record = _record(3, "2000")
    fast, slow = rules.evaluate(record), rules.interpret(record)
    assert fast.model_dump() == slow.model_dump()
    assert fast.values["合计"] == Decimal(3 * (2000 * 2000 + 100 * 100))
    assert [f.message for f in fast.findings] == [f"指标{k}: 4010000" for k in range(3)]


def _smallest_limit(monkeypatch: pytest.MonkeyPatch, text: str, backend: str, record: Any) -> int:
    """The smallest step limit under which ``backend`` evaluates ``record`` without a step-limit."""
    import indicator_lib.rules._compiler as compiler
    import indicator_lib.rules._interpreter as interpreter

    limit = 1
    while True:
        monkeypatch.setattr(compiler, "MAX_STEPS", limit)
        monkeypatch.setattr(interpreter, "MAX_STEPS", limit)
        try:
            getattr(compile_rules(text, input=SelfEval), backend)(record)
        except RuleEvaluationError as err:
            assert err.diagnostics[0].code == "step-limit"
            limit += 1
            continue
        return limit


def test_static_steps_charge_each_item_the_calls_it_can_make(monkeypatch: pytest.MonkeyPatch) -> None:
    # The interpreter counts the calls made: 4 items × (1 + 4 calls) for s, 4 × (1 + 1) for c (no
    # message: every item passes), 4 × (1 + 1) for 合计 = 36. The compiled code charges each item
    # 1 + the calls its expressions can make: s 4 × 5, c 4 × (1 + 1 + 1 in the message), 合计 4 × 2.
    limits = {b: _smallest_limit(monkeypatch, MEMO, b, _record(4, "3")) for b in ("interpret", "evaluate")}
    assert limits == {"interpret": 36, "evaluate": 40}


BRANCHY = """input SelfEval
def f0(x: number) = x + 1
def f1(x: number) = f0(x) + f0(x)
def f2(x: number) = f1(x) + f1(x)
def f3(x: number) = f2(x) + f2(x)
def g(x: number) = if x > 0 then f3(x) else f3(x) + f3(x)
let r = g(self.count)
"""


def test_runtime_steps_when_a_static_charge_could_exceed_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # g(1) makes 1 + 15 calls; statically both branches count, 1 + 45 = 46. Under a limit below 46
    # the compiled code counts calls one by one, exactly as the interpreter does.
    import indicator_lib.rules._compiler as compiler

    record = {"count": 1}
    limits = {b: _smallest_limit(monkeypatch, BRANCHY, b, record) for b in ("interpret", "evaluate")}
    assert limits == {"interpret": 16, "evaluate": 16}
    monkeypatch.setattr(compiler, "MAX_STEPS", 45)
    assert "G[2] += 1\n" in compile_rules(BRANCHY, input=SelfEval)._compiled.source
    monkeypatch.setattr(compiler, "MAX_STEPS", 46)
    static = compile_rules(BRANCHY, input=SelfEval)
    assert "G[2] += 1\n" not in static._compiled.source
    assert static.evaluate(record).values["r"] == Decimal(16)


def test_results_built_without_validation_behave_like_models() -> None:
    rules = compile_rules(MEMO, input=SelfEval)
    one = rules.evaluate_many([_record(2, "1")])[0]
    assert isinstance(one, RuleResult)
    again = RuleResult.model_validate_json(one.model_dump_json())
    assert again.model_dump(mode="json") == one.model_dump(mode="json")
    assert again.scores == one.scores and again.findings == one.findings
    with pytest.raises(ValidationError):
        setattr(one.scores[0], "explanation", "x")  # noqa: B010
    assert one.scores[1].model_fields_set == set(type(one.scores[1]).model_fields)


_TEXT = st.text(
    alphabet=st.sampled_from([*"ab =\"'`#\n“”‘’（）＂＇＃｀，：\u3000。执行率\\", "\uff01", "\uff5e"]),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_normalise_changes_only_full_width_characters(text: str) -> None:
    out = normalise(text)
    assert len(out) == len(text)
    for before, after in zip(text, out, strict=True):
        if before != after:
            assert before == "\u3000" or 0xFF01 <= ord(before) <= 0xFF5E
    if not any(ch == "\u3000" or 0xFF01 <= ord(ch) <= 0xFF5E for ch in text):
        assert out is text


class _Leaf(BaseModel):
    v: int = 0


class _Node(BaseModel):
    leaf: _Leaf | None = None
    leaves: list[_Leaf] = []
    nested: list[list[_Leaf]] = []


class _Root(BaseModel):
    a: _Node
    b: list[_Node] = []


def test_path_finder_finds_what_the_full_map_holds() -> None:
    shared = _Leaf(v=1)
    root = _Root(
        a=_Node(leaf=shared, leaves=[_Leaf(), shared], nested=[[_Leaf()], []]),
        b=[_Node(leaves=[_Leaf(v=2)]), _Node(leaf=_Leaf(v=3))],
    )
    root.b[0].leaves.append(shared)
    full = identity_paths(root)
    objects = [root, shared, root.a, *root.a.leaves, *root.a.nested, *root.b, *root.b[0].leaves, 5]
    for order in (objects, list(reversed(objects))):
        finder = PathFinder(root)
        assert [finder.path(o) for o in order] == [full.get(id(o), "") for o in order]
    assert full[id(shared)] in {"a.leaf", "a.leaves[1]", "b[0].leaves[1]"}


def test_same_text_parses_once_and_errors_repeat() -> None:
    text = "let 执行率 = 1\n"
    assert parse(text, "a.rules") is parse(text, "a.rules")
    assert parse(text, "b.rules") == parse(text, "a.rules")
    for _ in range(2):
        with pytest.raises(RuleSyntaxError):
            parse("let = 1\n", "bad.rules")


def test_message_holes_render_whatever_a_host_function_returns() -> None:
    lying = HostFunction(lambda x: Decimal("2.50"), params=["text"], returns="text")
    rules = compile_rules(
        'input SelfEval\ncheck c = false\n  message "{f(self.project)} {self.budget} {self.project}"\n',
        input=SelfEval,
        functions={"f": lying},
    )
    for run in (rules.evaluate, rules.interpret):
        assert run({"project": "p"}).findings[0].message == "2.5 空 p"
