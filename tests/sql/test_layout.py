"""The relational layout, its loaders (models, Arrow, Parquet, CSV) and the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.csv as pacsv  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest

from indicator_lib import sql
from indicator_lib.cli import main
from indicator_lib.errors import DataLoadError
from indicator_lib.rules import compile_rules
from tests.sql.conftest import DATA, assert_same, python_rows, sql_rows


@pytest.fixture(scope="module")
def rules() -> Any:
    return compile_rules((DATA / "spec_example.rules").read_text(encoding="utf-8"), name="spec_example.rules")


def test_layout_of_self_evaluation(rules: Any) -> None:
    layout = sql.layout_for(rules)
    assert list(layout.tables) == [
        "projects",
        "budget",
        "indicators",
        "indicators_target_warnings",
        "indicators_actual_warnings",
    ]
    warnings = layout.tables["indicators_target_warnings"]
    assert warnings.parent == "indicators" and [c.name for c in warnings.columns] == [
        "code",
        "message",
        "message_en",
    ]
    names = {c.name: c.kind for c in layout.tables["indicators"].columns}
    assert names["target_base_value"] == "number" and names["target_kind"] == "text"
    assert names["actual_start"] == "date" and names["core"] == "bool"
    root = {c.name for c in layout.root.columns}
    assert {"project_name", "project_department_name", "declared_total", "fiscal_year"} <= root
    assert ("extra",) in layout.root.skipped


def test_tables_from_documents(rules: Any, se_docs: list[Any]) -> None:
    tables = sql.tables_from_documents(rules, se_docs)
    assert tables["projects"].num_rows == len(se_docs)
    assert tables["indicators"].num_rows == sum(len(d.indicators) for d in se_docs)
    assert tables["indicators"].schema.field("target_value").type == pa.decimal128(38, 10)
    assert tables["indicators"].column("idx").to_pylist()[:3] == [0, 1, 2]
    warned = sum(len(i.target.warnings) for d in se_docs for i in d.indicators if i.target is not None)
    assert tables["indicators_target_warnings"].num_rows == warned


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_folder_of_files_scores_the_same(rules: Any, se_docs: list[Any], tmp_path: Path, suffix: str) -> None:
    for name, table in sql.tables_from_documents(rules, se_docs).items():
        if suffix == ".csv":
            pacsv.write_csv(table, tmp_path / f"{name}.csv")
        else:
            pq.write_table(table, tmp_path / f"{name}.parquet")
    assert_same(python_rows(rules, se_docs), sql_rows(sql.evaluate_table(rules, tmp_path)))


def test_arrow_tables_may_omit_columns(rules: Any, se_docs: list[Any]) -> None:
    tables = sql.tables_from_documents(rules, se_docs)
    slim = {
        name: t.drop_columns([c for c in t.column_names if c.startswith("goals_")])
        for name, t in tables.items()
    }
    assert_same(python_rows(rules, se_docs), sql_rows(sql.evaluate_table(rules, slim)))


def test_missing_key_column_names_the_file(rules: Any, tmp_path: Path) -> None:
    pq.write_table(pa.table({"project_name": ["甲"]}), tmp_path / "projects.parquet")
    with pytest.raises(DataLoadError) as info:
        sql.evaluate_table(rules, tmp_path)
    diag = info.value.diagnostics[0]
    assert (
        diag.code == "missing-key-column"
        and diag.field == "project_id"
        and "projects.parquet" in (diag.file or "")
    )


def test_missing_folder(rules: Any, tmp_path: Path) -> None:
    with pytest.raises(DataLoadError):
        sql.evaluate_table(rules, tmp_path / "nowhere")


@pytest.mark.parametrize("dialect", ["duckdb", "postgres", "spark", "oracle"])
def test_ddl(rules: Any, dialect: str) -> None:
    text = sql.ddl(rules, dialect)
    assert text.count("CREATE TABLE") == 5 and "target_base_value" in text and "parent_idx" in text


def test_duckdb_connection_with_tables_already_there(rules: Any, se_docs: list[Any]) -> None:
    import duckdb

    from indicator_lib.sql._load import to_duckdb

    con = duckdb.connect()
    to_duckdb(sql.tables_from_documents(rules, se_docs), con, names={"indicators": "pm_perf_indicator"})
    got = sql.evaluate_table(rules, connection=con, tables={"indicators": "pm_perf_indicator"})
    assert_same(python_rows(rules, se_docs), sql_rows(got))


def test_cli_prints_sql_ddl_and_scores(
    rules: Any, se_docs: list[Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = DATA / "spec_example.rules"
    assert main(["sql", str(path), "--dialect", "postgres"]) == 0
    assert "WITH base AS" in capsys.readouterr().out
    assert main(["sql", str(path), "--ddl"]) == 0
    assert "CREATE TABLE indicators" in capsys.readouterr().out
    for name, table in sql.tables_from_documents(rules, se_docs).items():
        pq.write_table(table, tmp_path / f"{name}.parquet")
    assert main(["sql", str(path), "--run", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "budget_execution" in out and "grade" in out
    assert main(["sql", str(path), "--run", str(tmp_path), "--out", str(tmp_path / "r.parquet")]) == 0
    assert pq.read_table(tmp_path / "r.parquet").num_rows == len(python_rows(rules, se_docs))
    assert main(["sql", str(tmp_path / "missing.rules")]) == 2
