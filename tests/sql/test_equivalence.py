"""The SQL backend agrees with the Python backend, result row by result row (Decimal to Decimal).

Shipped self-evaluation rulesets and the spec's example on the real examples, on DuckDB and on a
real PostgreSQL server; generated documents (Hypothesis) on DuckDB.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_lib import sql
from indicator_lib.rules import compile_rules, load_ruleset
from tests.sql.conftest import DATA, assert_same, python_rows, sql_rows

SHIPPED = [
    "self_evaluation",
    "self_evaluation_sichuan",
    "self_evaluation_reverse_ratio",
    "self_evaluation_grades_80_70_60",
    "self_evaluation_execution_20",
]


@functools.cache
def _ruleset(name: str) -> Any:
    if name.endswith(".rules"):
        return compile_rules((DATA / name).read_text(encoding="utf-8"), name=name)
    return load_ruleset(name)


@pytest.mark.parametrize("name", [*SHIPPED, "spec_example.rules"])
def test_duckdb_equals_python(name: str, se_docs: list[Any]) -> None:
    rules = _ruleset(name)
    assert_same(python_rows(rules, se_docs), sql_rows(sql.evaluate_table(rules, se_docs)))


@pytest.mark.parametrize("name", ["self_evaluation", "self_evaluation_reverse_ratio", "spec_example.rules"])
def test_postgres_equals_python(name: str, se_docs: list[Any], pg_conn: Any) -> None:
    rules = _ruleset(name)
    got = sql.evaluate_table(rules, se_docs, engine="postgres", connection=pg_conn)
    assert_same(python_rows(rules, se_docs), sql_rows(got))


def test_postgres_reads_tables_in_the_database(se_docs: list[Any], pg_conn: Any) -> None:
    from indicator_lib.sql._run import upload_postgres

    rules = _ruleset("spec_example.rules")
    tables = sql.tables_from_documents(rules, se_docs)
    with pg_conn.cursor() as cur:
        for name, table in tables.items():
            upload_postgres(cur, f"pm_{name}", table)
        got = sql.evaluate_table(
            rules,
            engine="postgres",
            connection=pg_conn,
            tables={"projects": "pm_projects", "indicators": "pm_indicators", "budget": "pm_budget"},
        )
    assert_same(python_rows(rules, se_docs), sql_rows(got))


# ---- generated documents ------------------------------------------------------------------------

_UNITS = ["%", "个", "人", "万元", "天"]
_OPS = ["≥", "≤", "=", ">", "<", ""]
_LEVELS = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("效益指标", "社会效益指标"),
    ("满意度指标", "服务对象满意度指标"),
    ("成本指标", "经济成本指标"),
]
_QUAL = [
    "达成年度指标",
    "部分达成年度指标并具有一定效果",
    "未达成年度指标且效果较差",
    "效果明显",
    "是",
    "否",
    "",
]

_num = st.decimals(min_value=0, max_value=2000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def _indicator(draw: Any) -> dict[str, Any]:
    level1, level2 = draw(st.sampled_from(_LEVELS))
    unit = draw(st.sampled_from(_UNITS))
    quantitative = draw(st.booleans())
    if quantitative:
        target = f"{draw(st.sampled_from(_OPS))}{draw(_num)}{unit}"
        actual = draw(st.one_of(st.just(""), _num.map(lambda v: f"{v}{unit}"), _num.map(str)))
    else:
        target = draw(st.sampled_from(["效果明显", "是", "达到预期"]))
        actual = draw(st.sampled_from(_QUAL))
    return {
        "level1": level1,
        "level2": level2,
        "name": draw(st.sampled_from(["资助人数", "合格率", "满意度", "完成及时率", "成本"])),
        "target": target,
        "actual": actual,
        "weight": draw(st.one_of(st.none(), st.integers(0, 20))),
        "declared_score": draw(st.one_of(st.none(), st.decimals(0, 20, places=2))),
        "deviation": draw(st.sampled_from([None, "", "原因"])),
    }


@st.composite
def _document(draw: Any) -> dict[str, Any]:
    budget = []
    for source in draw(st.lists(st.sampled_from(["total", "fiscal", "other"]), max_size=3, unique=True)):
        budget.append(
            {
                "source": source,
                "initial": draw(st.one_of(st.none(), _num)),
                "adjusted": draw(st.one_of(st.none(), _num)),
                "executed": draw(st.one_of(st.none(), _num)),
                "weight": draw(st.sampled_from([None, 10])),
                "declared_score": draw(st.one_of(st.none(), _num)),
            }
        )
    return {
        "kind": "self_evaluation",
        "fiscal_year": 2023,
        "project": {"name": "生成项目"},
        "budget": budget,
        "indicators": draw(st.lists(_indicator(), max_size=6)),
        "declared_total": draw(st.one_of(st.none(), st.decimals(0, 110, places=2))),
        "declared_grade": draw(st.sampled_from([None, "优", "良", "中", "差", "合格"])),
    }


def _models(rules: Any, docs: list[dict[str, Any]]) -> list[Any]:
    return [rules.input_model.model_validate(d) for d in docs]


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.lists(_document(), min_size=1, max_size=25))
def test_generated_documents_self_evaluation(docs: list[dict[str, Any]]) -> None:
    rules = _ruleset("self_evaluation")
    models = _models(rules, docs)
    assert_same(python_rows(rules, models), sql_rows(sql.evaluate_table(rules, models)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_document(), min_size=1, max_size=8))
def test_generated_documents_spec_example(docs: list[dict[str, Any]]) -> None:
    rules = _ruleset("spec_example.rules")
    models = _models(rules, docs)
    assert_same(python_rows(rules, models), sql_rows(sql.evaluate_table(rules, models)))


def test_values_are_decimals(se_docs: list[Any]) -> None:
    table = sql.evaluate_table(_ruleset("self_evaluation"), se_docs)
    values = [v for v in table.column("value").to_pylist() if v is not None]
    assert values and all(isinstance(v, Decimal) for v in values)
