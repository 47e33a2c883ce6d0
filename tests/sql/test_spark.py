"""The Spark SQL rendering runs on a local PySpark session and agrees with DuckDB (skipped without pyspark).

Spark needs Java 17. The spec's example ruleset is used: the shipped self-evaluation ruleset also
agrees (run once by hand, see docs/sql.md «Spark») but Spark's analyser needs a 3 GB heap and two
minutes for its query, too slow for the suite.
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from indicator_lib import sql
from indicator_lib.rules import compile_rules
from tests.sql.conftest import DATA, assert_same, python_rows

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed: the Spark SQL test is skipped")


@pytest.fixture(scope="module")
def spark() -> Any:
    if shutil.which("java") is None:
        pytest.skip("no Java runtime: the Spark SQL test is skipped")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_spark_equals_python(spark: Any, se_docs: list[Any]) -> None:
    text = (DATA / "spec_example.rules").read_text(encoding="utf-8")
    rules = compile_rules(text, name="spec_example.rules")
    for name, table in sql.tables_from_documents(rules, se_docs).items():
        spark.createDataFrame(table).createOrReplaceTempView(name)
    rows = [tuple(r) for r in spark.sql(sql.to_sql(rules, "spark", pretty=False)).collect()]
    assert_same(python_rows(rules, se_docs), rows)
