"""Runs every golden case (tests/golden/*.yaml) against BOTH the compiler and the interpreter.

A case has ``rules`` (a whole file) or ``expr`` (wrapped as ``let result = EXPR``), an optional
``input`` (a dict validated into the model ``Golden``), and either ``expect`` (fields of the result)
or ``error`` (a diagnostic code; ``error_kind`` syntax / check / evaluation).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from indicator_lib.errors import RuleCheckError, RuleError, RuleEvaluationError, RuleSyntaxError
from indicator_lib.rules import compile_rules, register_ruleset

from .models import Golden

HERE = Path(__file__).parent
KINDS = {"syntax": RuleSyntaxError, "check": RuleCheckError, "evaluation": RuleEvaluationError}


def _cases() -> list[Any]:
    out = []
    for path in sorted(HERE.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for reg_name, reg_text in (data.get("register") or {}).items():
            register_ruleset(reg_name, reg_text)
        for case in data["cases"]:
            out.append(pytest.param(case, id=f"{path.stem}:{case['name']}"))
    return out


CASES = _cases()


def _text(case: dict[str, Any]) -> str:
    if "rules" in case:
        return str(case["rules"])
    return f"let result = {case['expr']}\n"


def same(actual: Any, expected: Any) -> bool:
    if expected is None or isinstance(expected, bool):
        return actual is expected
    if isinstance(expected, (int, float)) or (isinstance(expected, str) and isinstance(actual, Decimal)):
        return isinstance(actual, Decimal) and actual == Decimal(str(expected))
    if isinstance(expected, str) and isinstance(actual, dt.date):
        return actual.isoformat() == expected
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(same(x, y) for x, y in zip(actual, expected, strict=True))
        )
    if isinstance(expected, dict):
        return (
            isinstance(actual, dict)
            and set(actual) == set(expected)
            and all(same(actual[k], v) for k, v in expected.items())
        )
    return bool(actual == expected)


def _check_result(result: Any, expect: dict[str, Any]) -> None:
    for key, want in expect.items():
        if key == "result":
            got = result.values["result"]
            assert same(got, want), f"result: {got!r} != {want!r}"
        elif key == "values":
            for name, v in want.items():
                assert same(result.values[name], v), f"values.{name}: {result.values[name]!r} != {v!r}"
        elif key == "total":
            assert same(result.total, want), f"total {result.total} != {want}"
        elif key == "grade":
            assert result.grade == want
        elif key == "passed":
            assert result.passed is want
        elif key == "scores":
            got = [(s.id, s.path, s.value) for s in result.scores]
            assert len(got) == len(want), got
            for (sid, path, value), w in zip(got, want, strict=True):
                assert sid == w["id"] and path == w.get("path", "") and same(value, w["value"]), (got, w)
        elif key == "findings":
            got = [(f.rule, f.severity, f.path) for f in result.findings]
            assert got == [(w["rule"], w["severity"], w.get("path", "")) for w in want], got
            for f, w in zip(result.findings, want, strict=True):
                if "message" in w:
                    assert f.message == w["message"]
        elif key == "explanations":
            texts = [s.explanation for s in result.scores]
            for w in want:
                assert w in texts, (w, texts)
        else:
            raise AssertionError(f"unknown expectation {key!r}")


@pytest.mark.parametrize("backend", ["compiled", "interpreted"])
@pytest.mark.parametrize("case", CASES)
def test_golden(case: dict[str, Any], backend: str) -> None:
    text = _text(case)
    data = case.get("input") or {}
    if "error" in case:
        kind = KINDS[case.get("error_kind", "check")]
        with pytest.raises(RuleError) as info:
            rules = compile_rules(text, input=Golden, name="golden.rules")
            if backend == "compiled":
                rules.evaluate(data)
            else:
                rules.interpret(data)
        assert isinstance(info.value, kind), info.value
        codes = [d.code for d in info.value.diagnostics]
        assert case["error"] in codes, codes
        if "line" in case:
            first = next(d for d in info.value.diagnostics if d.code == case["error"])
            assert (first.line, first.column) == (case["line"], case["column"]), first
        return
    rules = compile_rules(text, input=Golden, name="golden.rules")
    result = rules.evaluate(data) if backend == "compiled" else rules.interpret(data)
    _check_result(result, case["expect"])
    if "warnings" in case:
        assert [w.code for w in rules.warnings] == case["warnings"]
