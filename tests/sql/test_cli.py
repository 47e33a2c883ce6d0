"""``indicator-lib rules sql`` and ``score --engine``: the same code as ``indicator-lib sql``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest

from indicator_lib import sql
from indicator_lib.cli import main
from indicator_lib.rules import load_ruleset
from tests.sql.conftest import DATA


@pytest.fixture(scope="module")
def data_dir(se_docs: list[Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tables")
    for name, table in sql.tables_from_documents(load_ruleset("self_evaluation"), se_docs).items():
        pq.write_table(table, folder / f"{name}.parquet")
    return folder


def test_rules_sql_prints_the_same_sql_as_sql(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "spec_example.rules")
    assert main(["sql", path, "--dialect", "postgres"]) == 0
    expected = capsys.readouterr().out
    assert main(["rules", "sql", path, "--dialect", "postgres"]) == 0
    assert capsys.readouterr().out == expected
    assert "WITH base AS" in expected
    assert main(["rules", "sql", path, "--ddl"]) == 0
    assert "CREATE TABLE indicators" in capsys.readouterr().out


def test_rules_sql_runs_and_reports_errors(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(DATA / "spec_example.rules")
    assert main(["rules", "sql", path, "--run", str(data_dir)]) == 0
    assert "budget_execution" in capsys.readouterr().out
    assert main(["rules", "sql", path, "--dialect", "mysql"]) == 2
    assert "unsupported SQL dialect" in capsys.readouterr().err


def _python_totals(se_docs: list[Any]) -> list[tuple[str, str]]:
    from indicator_lib.cli._common import num

    rules = load_ruleset("self_evaluation")
    return [(num(r.total), r.grade or "—") for r in (rules.evaluate(d, explain=False) for d in se_docs)]


def test_score_engine_duckdb_prints_totals_grades_and_findings(
    data_dir: Path, se_docs: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["score", "--engine", "duckdb", str(data_dir)])
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "得分 / total" in lines[0]
    for k, (total, grade) in enumerate(_python_totals(se_docs)):
        cells = lines[1 + k].split()
        assert cells[:3] == [str(k), total, grade]
    rules = load_ruleset("self_evaluation")
    results = [rules.evaluate(d, explain=False) for d in se_docs]
    errors = any(f.severity == "error" for r in results for f in r.findings)
    assert status == (1 if errors else 0)
    for r_k, r in enumerate(results):
        for f in r.findings:
            assert any(line.startswith(f"{r_k}\t[{f.severity}] {f.rule}") for line in lines)


def test_score_engine_reads_one_table_file_as_its_folder(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["score", "--engine", "duckdb", str(data_dir)])
    whole = capsys.readouterr().out
    main(["score", "--engine", "duckdb", str(data_dir / "indicators.parquet")])
    assert capsys.readouterr().out == whole
    main(["score", "--engine", "duckdb", "--json", str(data_dir)])
    rows = json.loads(capsys.readouterr().out)
    assert {r["kind"] for r in rows} >= {"score", "total", "grade"}


def test_score_engine_errors_are_clear(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "DATA.parquet"
    other.write_bytes((data_dir / "projects.parquet").read_bytes())
    assert main(["score", "--engine", "duckdb", str(other)]) == 2
    err = capsys.readouterr().err
    assert "DATA.parquet" in err and "named after a table" in err
    assert main(["score", "--engine", "duckdb", "--html", str(tmp_path / "r.html"), str(data_dir)]) == 2
    assert "--html cannot be used with --engine" in capsys.readouterr().err


def test_score_engine_postgres(data_dir: Path, pg_conn: Any, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    from tests.sql.conftest import DEFAULT_DSN

    dsn = os.environ.get("INDICATOR_LIB_PG_DSN", DEFAULT_DSN)
    main(["score", "--engine", "duckdb", str(data_dir)])
    expected = capsys.readouterr().out
    main(["score", "--engine", "postgres", "--dsn", dsn, str(data_dir)])
    assert capsys.readouterr().out == expected
