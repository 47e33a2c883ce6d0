"""The shipped monitoring ruleset (绩效运行监控 lights) in SQL agrees with Python on generated inputs."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_lib import sql
from tests.sql.conftest import assert_same, python_rows, sql_rows

monitoring = pytest.importorskip("indicator_lib.monitoring")

_num = st.one_of(
    st.none(), st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False)
)


@st.composite
def _row(draw: Any) -> Any:
    return monitoring.MonitorRow(
        name=draw(st.sampled_from(["资助人数", "完成率", "满意度", None])),
        level1=draw(st.sampled_from(["产出指标", "效益指标", "满意度指标", None])),
        kind=draw(st.sampled_from(["定量", "定性"])),
        direction=draw(st.sampled_from(["正向", "反向", "等于"])),
        dimension=draw(st.sampled_from(["count", "money", "ratio", "time", None])),
        prorate=draw(st.sampled_from([None, True, False])),
        target=draw(_num),
        actual=draw(_num),
        status=draw(st.sampled_from(["达成", "部分达成", "未达成", None])),
        problem=draw(st.sampled_from([None, "单位不符"])),
    )


@st.composite
def _input(draw: Any) -> Any:
    return monitoring.MonitorInput(
        month=draw(st.integers(1, 12)),
        indicators=draw(st.lists(_row(), max_size=6)),
        budget_adjusted=draw(_num),
        budget_executed=draw(_num),
    )


@functools.cache
def _rules() -> Any:
    return monitoring.monitoring_ruleset()


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.lists(_input(), min_size=1, max_size=30))
def test_monitoring_duckdb_equals_python(docs: list[Any]) -> None:
    rules = _rules()
    assert_same(python_rows(rules, docs), sql_rows(sql.evaluate_table(rules, docs)))


@settings(
    max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(docs=st.lists(_input(), min_size=5, max_size=20))
def test_monitoring_postgres_equals_python(pg_conn: Any, docs: list[Any]) -> None:
    rules = _rules()
    got = sql.evaluate_table(rules, docs, engine="postgres", connection=pg_conn)
    assert_same(python_rows(rules, docs), sql_rows(got))
