"""The public API: compile/evaluate, host functions, registries, input validation, explanations,
rendering, safety and limits."""

from __future__ import annotations

import datetime as dt
import json
import threading
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel

import indicator_lib
from indicator_lib.errors import (
    DataLoadError,
    IndicatorLibError,
    RuleCheckError,
    RuleEvaluationError,
    RuleSyntaxError,
)
from indicator_lib.rules import (
    HostFunction,
    RuleResult,
    Ruleset,
    compile_rules,
    host_function,
    load_ruleset,
    parse,
    register_input_type,
    register_ruleset,
)
from indicator_lib.rules._lexer import MAX_SOURCE_CHARS
from indicator_lib.rules._parser import MAX_DEPTH, build_parser

from .models import Indicator, SelfEval

SELF_EVAL = """\
ruleset "项目支出绩效自评" version "2020.1"
input SelfEval
let 执行率 = ratio(self.executed, self.budget)
def 正向(实际: number, 目标: number, 分值: number) =
  if 实际 >= 目标 then 分值 else 实际 / 目标 * 分值
score budget_execution "预算执行率" max 10 = min(执行率, 1) * 10
score indicator "指标得分" for i in self.indicators where i.kind == "定量" max i.weight =
  正向(i.actual, i.target, i.weight)
grade total
  >= 90: "优"
  >= 80: "良"
  >= 60: "中"
  else:  "差"
check missing_target "指标值完整" for i in self.indicators severity error =
  i.target is not null
  message "三级指标「{i.name}」未填写年度指标值"
"""

RECORD = {
    "budget": 90,
    "executed": "89.974",
    "indicators": [
        {"name": "资助人数", "target": 100, "actual": 95, "weight": 40},
        {"name": "满意度", "target": "0.9", "actual": "0.95", "weight": 50},
    ],
}


@pytest.fixture(scope="module")
def rules() -> Ruleset:
    return compile_rules(SELF_EVAL, input=SelfEval, name="self.rules")


def test_grammar_is_conflict_free_under_strict_mode() -> None:
    parser = build_parser(strict=True)
    assert parser.parse("let a = 1", start="start") is not None


def test_facade_exports() -> None:
    assert indicator_lib.compile_rules is compile_rules
    assert indicator_lib.load_ruleset is load_ruleset
    assert indicator_lib.Ruleset is Ruleset
    assert indicator_lib.RuleResult is RuleResult


def test_evaluate_dict_and_model_agree(rules: Ruleset) -> None:
    by_dict = rules.evaluate(RECORD)
    by_model = rules.evaluate(SelfEval.model_validate(RECORD))
    assert by_dict == by_model
    assert by_dict.total == Decimal("9.997111111111111111111111111") + 38 + 50
    assert by_dict.grade == "优"
    assert by_dict.passed
    assert [s.path for s in by_dict.scores] == ["", "indicators[0]", "indicators[1]"]
    assert by_dict.values["执行率"] == Decimal("89.974") / Decimal(90)


def test_explanations_show_values(rules: Ruleset) -> None:
    result = rules.evaluate(RECORD)
    assert result.scores[0].explanation == "预算执行率 = min(ratio(89.974, 90), 1) × 10 = 9.9971…"
    assert result.scores[1].explanation == "指标得分 = 正向(95, 100, 40)[95 / 100 × 40] = 38"
    assert "指标得分" in result.render_text()
    quiet = rules.evaluate(RECORD, explain=False)
    assert all(s.explanation == "" for s in quiet.scores)


def test_max_cap_is_explained() -> None:
    rs = compile_rules("input SelfEval\nscore s max 10 = self.count * 2\n", input=SelfEval)
    line = rs.evaluate({"count": 7}).scores[0]
    assert line.value == 10 and "超过上限" in line.explanation


def test_result_serialises_to_json(rules: Ruleset) -> None:
    data = json.loads(rules.evaluate(RECORD).model_dump_json())
    assert data["grade"] == "优"
    assert data["scores"][1]["value"] == "38.00"
    assert data["ruleset"] == "项目支出绩效自评" and data["version"] == "2020.1"


def test_findings_are_library_findings(rules: Ruleset) -> None:
    record = {**RECORD, "indicators": [{"name": "缺", "actual": 1}]}
    result = rules.evaluate(record)
    assert not result.passed
    finding = next(f for f in result.findings if f.rule == "missing_target")
    assert isinstance(finding, indicator_lib.Finding)
    assert (finding.label, finding.severity, finding.path) == ("指标值完整", "error", "indicators[0]")
    assert finding.message == "三级指标「缺」未填写年度指标值"
    assert finding.explanation == "指标值完整 = 空 is not null = 否"


def test_evaluate_many(rules: Ruleset) -> None:
    results = rules.evaluate_many([RECORD, RECORD])
    assert len(results) == 2 and results[0].total == results[1].total


def test_bad_dict_input_names_the_field(rules: Ruleset) -> None:
    with pytest.raises(DataLoadError) as info:
        rules.evaluate({"budget": "很多", "indicators": [{"name": "a", "weight": "x"}]})
    fields = {d.field for d in info.value.diagnostics}
    assert {"budget", "indicators[0].weight"} <= fields
    assert all(d.code == "bad-input" for d in info.value.diagnostics)


def test_ruleset_is_shareable_between_threads(rules: Ruleset) -> None:
    expected = rules.evaluate(RECORD, explain=False).total
    totals: list[Decimal] = []

    def work() -> None:
        for _ in range(50):
            totals.append(rules.evaluate(RECORD, explain=False).total)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert totals == [expected] * 200


# ---- host functions -------------------------------------------------------------------------------


def test_host_function_with_signature() -> None:
    catalog = {"资助学生人数"}
    fn = HostFunction(lambda name: name in catalog, params=["text"], returns="bool")
    rs = compile_rules(
        "input SelfEval\ncheck known for i in self.indicators = in_catalog(i.name)\n",
        input=SelfEval,
        functions={"in_catalog": fn},
    )
    result = rs.evaluate({"indicators": [{"name": "资助学生人数"}, {"name": "其他"}]})
    assert [f.path for f in result.findings] == ["indicators[1]"]


def test_host_function_decorator_from_annotations() -> None:
    @host_function
    def bonus(x: Decimal, label: str) -> Decimal:
        return x * 2 if label == "a" else x

    rs = compile_rules(
        'input SelfEval\nlet v = bonus(self.budget, "a")\n', input=SelfEval, functions={"bonus": bonus}
    )
    assert rs.evaluate({"budget": 3}).values["v"] == 6


def test_host_function_is_type_checked() -> None:
    fn = HostFunction(lambda s: True, params=["text"], returns="bool")
    with pytest.raises(RuleCheckError) as info:
        compile_rules(
            'input SelfEval\nlet a = f(1)\nlet b = f("x", 2)\n', input=SelfEval, functions={"f": fn}
        )
    assert [d.code for d in info.value.diagnostics] == ["type-mismatch", "arity"]


def test_host_function_that_raises_is_an_evaluation_error() -> None:
    def boom(x: Decimal) -> Decimal:
        raise ZeroDivisionError("boom")

    rs = compile_rules(
        "input SelfEval\nlet v = boom(self.budget)\n", input=SelfEval, functions={"boom": boom}
    )
    for run in (rs.evaluate, rs.interpret):
        with pytest.raises(RuleEvaluationError) as info:
            run({"budget": 1})
        diag = info.value.diagnostics[0]
        assert diag.code == "host-function-failed" and diag.line == 2 and diag.column == 9


def test_host_function_name_cannot_shadow_builtin() -> None:
    with pytest.raises(RuleCheckError) as info:
        compile_rules("input SelfEval\n", input=SelfEval, functions={"round": lambda x: x})
    assert info.value.code == "bad-host-function"


# ---- registries -------------------------------------------------------------------------------------


def test_input_type_by_registered_name() -> None:
    class Registered(BaseModel):
        amount: float | None = None

    register_input_type(Registered)
    rs = compile_rules("input Registered\nlet v = self.amount * 3\n")
    assert rs.evaluate({"amount": 0.1}).values["v"] == Decimal("0.3")
    assert rs.input_model is Registered


def test_unknown_input_type_suggests() -> None:
    with pytest.raises(RuleCheckError) as info:
        compile_rules("input SelfEvaluatoin\nlet v = 1\n")
    assert info.value.code == "unknown-input-type"


def test_load_registered_ruleset_and_unknown_name() -> None:
    register_ruleset("api_test_rules", "input SelfEval\nscore s = 5\n")
    rs = load_ruleset("api_test_rules", input=SelfEval)
    assert rs.evaluate({}).total == 5
    with pytest.raises(RuleCheckError) as info:
        load_ruleset("api_test_rulez")
    assert info.value.code == "unknown-ruleset"
    assert "api_test_rules" in info.value.diagnostics[0].message


def test_no_input_type_is_an_error() -> None:
    with pytest.raises(RuleCheckError) as info:
        compile_rules("let v = 1\n")
    assert info.value.code == "no-input"


# ---- diagnostics ----------------------------------------------------------------------------------


def test_checker_collects_every_error_with_did_you_mean() -> None:
    text = "input SelfEval\nlet a = self.bugdet\nlet b = self.indicators[0].wieght\nlet c = 执行率\n"
    with pytest.raises(RuleCheckError) as info:
        compile_rules(text, input=SelfEval, name="multi.rules")
    diags = info.value.diagnostics
    assert [(d.code, d.line) for d in diags] == [
        ("unknown-field", 2),
        ("unknown-field", 3),
        ("unknown-name", 4),
    ]
    assert "budget" in diags[0].message and "budget" in diags[0].message_en
    assert "weight" in diags[1].message


def test_rendering_is_pinned() -> None:
    with pytest.raises(RuleCheckError) as info:
        compile_rules(
            'input SelfEval\nlet k = count(i for i in self.indicators if i.kind == "定量指标")\n',
            input=SelfEval,
            name="rules/self.rules",
        )
    assert str(info.value) == (
        "rules/self.rules:2:55: error[bad-enum-literal]: "
        "「定量指标」不是 kind 允许的值（定量、定性），是否为「定量」？\n"
        "  / '定量指标' is not a value kind admits (定量, 定性); did you mean '定量'?\n"
        ' 2 | let k = count(i for i in self.indicators if i.kind == "定量指标")\n'
        "   |                                                       ^^^^^^^^^^"
    )


def test_full_width_keeps_columns() -> None:
    with pytest.raises(RuleCheckError) as info:
        compile_rules("input SelfEval\nlet a = （self．bugdet）\n", input=SelfEval)
    d = info.value.diagnostics[0]
    assert (d.code, d.line, d.column, d.end_column) == ("unknown-field", 2, 15, 21)


def test_cell_errors_point_into_the_row() -> None:
    text = "input SelfEval\ntable t(x: number) hit first\n  | x | => y |\n  | >= + | 1 |\n"
    with pytest.raises(RuleSyntaxError) as info:
        compile_rules(text, input=SelfEval)
    d = info.value.diagnostics[0]
    assert (d.code, d.line, d.column) == ("unexpected-token", 4, 8)


# ---- safety and limits --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expr",
    [
        "self.__class__",
        "self.model_dump",
        "self.__dict__",
        "self.indicators.__len__",
        '__import__("os")',
        'eval("1")',
        "self.project.upper",
        'getattr(self, "budget")',
    ],
)
def test_no_path_to_python_attributes_or_builtins(expr: str) -> None:
    with pytest.raises((RuleCheckError, RuleSyntaxError)):
        compile_rules(f"input SelfEval\nlet v = {expr}\n", input=SelfEval)


def test_source_size_limit() -> None:
    with pytest.raises(RuleSyntaxError) as info:
        parse("#" * (MAX_SOURCE_CHARS + 1))
    assert info.value.code == "too-long"


def test_nesting_depth_limit() -> None:
    with pytest.raises(RuleSyntaxError) as info:
        parse("let a = " + "-(" * (MAX_DEPTH + 5) + "1" + ")" * (MAX_DEPTH + 5))
    assert info.value.code == "too-deep"


def test_step_limit_on_nested_loops() -> None:
    rs = compile_rules(
        "input SelfEval\nlet v = sum(sum(sum(1 for c in self.tags) for b in self.tags) for a in self.tags)\n",
        input=SelfEval,
    )
    assert rs.evaluate({"tags": ["x"] * 10}).values["v"] == 1000
    with pytest.raises(RuleEvaluationError) as info:
        rs.evaluate({"tags": ["x"] * 120})
    assert info.value.code == "step-limit"


def test_warnings_do_not_fail_compilation() -> None:
    rs = compile_rules(
        "input SelfEval\ntable t(x: number) hit unique\n  | x | => y |\n  | > 1 | 1 |\n  | [0, 5] | 2 |\n",
        input=SelfEval,
    )
    assert [w.code for w in rs.warnings] == ["table-overlap"]
    assert rs.warnings[0].severity == "warning"


def test_every_error_derives_from_the_root() -> None:
    for cls in (RuleSyntaxError, RuleCheckError, RuleEvaluationError, DataLoadError):
        assert issubclass(cls, IndicatorLibError)


def test_datetime_and_float_inputs() -> None:
    rs = compile_rules(
        "input SelfEval\nlet d = days_between(self.start, self.end)\nlet s = sum(self.amounts)\n",
        input=SelfEval,
    )
    r = rs.evaluate(
        {"start": dt.date(2024, 1, 1), "end": dt.datetime(2024, 1, 31, 23, 0), "amounts": [0.1, 0.2]}
    )
    assert r.values == {"d": Decimal(30), "s": Decimal("0.3")}


def test_enum_fields_compare_by_value() -> None:
    rs = compile_rules(
        'input SelfEval\nlet n = count(i for i in self.indicators if i.direction == "≤")\n', input=SelfEval
    )
    data: dict[str, Any] = {"indicators": [Indicator(name="a", direction="≤"), Indicator(name="b")]}
    assert rs.evaluate(data).values["n"] == 1
