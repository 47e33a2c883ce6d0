"""``Ruleset.to_sql`` and ``Ruleset.evaluate_table``: thin delegates to :mod:`indicator_lib.sql`."""

from __future__ import annotations

from typing import Any

import pytest

from indicator_lib import sql
from indicator_lib.errors import RuleCheckError
from indicator_lib.rules import compile_rules, load_ruleset
from tests.sql.conftest import assert_same, python_rows, sql_rows


def test_to_sql_is_the_module_function() -> None:
    rules = load_ruleset("self_evaluation")
    for dialect in ("duckdb", "postgres", "oracle"):
        assert rules.to_sql(dialect) == sql.to_sql(rules, dialect)
    assert rules.to_sql() == sql.to_sql(rules, "duckdb")
    tables = {"indicators": "perf.pm_perf_indicator_v"}
    assert "perf.pm_perf_indicator_v" in rules.to_sql("postgres", tables=tables, pretty=False)


def test_to_sql_names_what_cannot_go_to_sql() -> None:
    rules = compile_rules("input SelfEvaluation\nscore s = 1\n", name="x.rules")
    with pytest.raises(RuleCheckError, match="unsupported SQL dialect"):
        rules.to_sql("mysql")


def test_evaluate_table_equals_python(se_docs: list[Any]) -> None:
    rules = load_ruleset("self_evaluation")
    table = rules.evaluate_table(se_docs)
    assert table.column_names[0] == "project_id"
    assert_same(python_rows(rules, se_docs), sql_rows(table))


def test_evaluate_table_on_postgres(se_docs: list[Any], pg_conn: Any) -> None:
    rules = load_ruleset("self_evaluation")
    got = rules.evaluate_table(se_docs, engine="postgres", connection=pg_conn)
    assert_same(python_rows(rules, se_docs), sql_rows(got))
