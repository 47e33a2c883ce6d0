"""The shipped goal-review ruleset in SQL, with SQL forms for its host functions, agrees with Python.

``goal_review.rules`` calls host functions. ``blank``, ``function_code_valid`` and
``function_code_known`` get SQL forms here (a template, and a code list from the shipped 支出功能分类
table); the catalog look-ups (``in_catalog``, ``nearest_catalog``) would be joins with a catalog
table in a real database, so both sides use the same stand-ins (every name is in the catalog).
Without the forms, the compile error names each call and its line.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from sqlglot import exp

from indicator_lib import sql
from indicator_lib._resources import catalogs_dir
from indicator_lib.errors import RuleCheckError
from indicator_lib.rules import HostFunction, compile_rules
from indicator_lib.submissions import ProjectGoal, load_submission
from tests.sql.conftest import ROOT, assert_same, python_rows, sql_rows


@functools.cache
def _rules() -> Any:
    from indicator_lib.review._host import HOST_FUNCTIONS

    fns = {
        name: HostFunction(impl, list(params), ret, null_strict=name != "blank")
        for name, (impl, params, ret) in HOST_FUNCTIONS.items()
    }
    fns["in_catalog"] = HostFunction(lambda name, code: True, ["text", "text"], "bool")
    fns["nearest_catalog"] = HostFunction(lambda name: "无", ["text"], "text")
    text = (catalogs_dir() / "rules" / "goal_review.rules").read_text(encoding="utf-8")
    return compile_rules(text, input=ProjectGoal, functions=fns, name="goal_review.rules")


def _forms() -> dict[str, Any]:
    from indicator_lib.codes import function_codes

    codes = sorted({c.code for c in function_codes()})
    return {
        "blank": "TRIM(COALESCE({0}, '')) = ''",
        "function_code_valid": "LENGTH(TRIM({0})) IN (3, 5, 7) AND TRIM({0}) ~ '^[0-9]+$'",
        "function_code_known": lambda a: exp.In(
            this=exp.Trim(this=a[0]), expressions=[exp.Literal.string(c) for c in codes]
        ),
        "in_catalog": "TRUE",
        "nearest_catalog": "'无'",
    }


@pytest.fixture(scope="module")
def goals() -> list[Any]:
    return [load_submission(p) for p in sorted(Path(ROOT / "examples" / "goals").iterdir())]


def test_without_sql_forms_each_call_is_named() -> None:
    with pytest.raises(RuleCheckError) as info:
        sql.to_sql(_rules())
    named = {d.source_line.strip() for d in info.value.diagnostics if d.source_line}
    assert all(d.code == "not-in-sql" for d in info.value.diagnostics)
    assert any("blank(" in line for line in named) and any("in_catalog(" in line for line in named)


def test_goal_review_duckdb_equals_python(goals: list[Any]) -> None:
    rules = _rules()
    assert_same(python_rows(rules, goals), sql_rows(sql.evaluate_table(rules, goals, functions=_forms())))


def test_goal_review_postgres_equals_python(goals: list[Any], pg_conn: Any) -> None:
    rules = _rules()
    got = sql.evaluate_table(rules, goals, engine="postgres", connection=pg_conn, functions=_forms())
    assert_same(python_rows(rules, goals), sql_rows(got))
