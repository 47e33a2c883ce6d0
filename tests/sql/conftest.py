"""Shared fixtures of the SQL-backend tests: documents, Python results as rows, one PostgreSQL server.

PostgreSQL: the DSN comes from ``INDICATOR_LIB_PG_DSN`` (exported by ``.ci/postgres.sh``) or the
script's default; when no server answers, the tests skip with a message — except under ``CI=true``,
where the fixture starts the server with ``.ci/postgres.sh`` and fails if that does not work.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sqlglot")
pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
DEFAULT_DSN = "postgresql://postgres@127.0.0.1:54329/postgres"


def self_evaluations() -> list[Any]:
    """The real self-evaluation examples shipped in examples/ (loaded once per call)."""
    from indicator_lib.submissions import load_submission

    return [load_submission(p) for p in sorted((ROOT / "examples" / "self_evaluations").iterdir())]


@pytest.fixture(scope="session")
def se_docs() -> list[Any]:
    return self_evaluations()


def _q(v: Any) -> Any:
    return v


def _close(e: Any, g: Any) -> bool:
    """Exact, except that a Python number with more than 10 decimals (a rule that does not round)
    agrees to 10⁻⁹ relative: SQL carries 10 decimals through each product and quotient."""
    if isinstance(e, Decimal) and isinstance(g, Decimal) and e.as_tuple().exponent < -10:  # type: ignore[operator]
        return abs(e - g) <= Decimal("1e-9") * max(Decimal(1), abs(e))
    return bool(e == g)


def python_rows(ruleset: Any, docs: list[Any]) -> list[tuple[Any, ...]]:
    """The Python backend's results in the SQL result's row shape (project_id = position)."""
    rows: list[tuple[Any, ...]] = []
    for n, doc in enumerate(docs):
        r = ruleset.evaluate(doc, explain=False)
        for s in r.scores:
            rows.append((n, "score", s.id, s.label, s.path, _q(s.value), _q(s.max), None, None, None))
        rows.append((n, "total", "total", "合计", "", _q(r.total), None, None, None, None))
        for f in r.findings:
            rows.append(
                (n, "finding", f.rule, f.label, f.path, None, None, f.severity, f.message, f.message_en)
            )
        if r_has_grade(ruleset):
            rows.append((n, "grade", "grade", "等级", "", None, None, None, r.grade, None))
    return rows


def r_has_grade(ruleset: Any) -> bool:
    return ruleset._checked.grade is not None


def sql_rows(table: Any) -> list[tuple[Any, ...]]:
    cols = [
        "project_id",
        "kind",
        "rule",
        "label",
        "path",
        "value",
        "max",
        "severity",
        "message",
        "message_en",
    ]
    data = table.to_pydict()
    return list(zip(*[data[c] for c in cols], strict=True))


def assert_same(expected: list[tuple[Any, ...]], got: list[tuple[Any, ...]]) -> None:
    """Row by row, so a failure shows the first differing line."""
    for k, (e, g) in enumerate(zip(expected, got, strict=False)):
        same = len(e) == len(g) and all(_close(x, y) for x, y in zip(e, g, strict=True))
        assert same, f"row {k} differs: {e!r} != {g!r}"
    assert len(expected) == len(got)


def _reachable(dsn: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(dsn, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture(scope="session")
def pg_dsn() -> Iterator[str]:
    pytest.importorskip("psycopg")
    dsn = os.environ.get("INDICATOR_LIB_PG_DSN", DEFAULT_DSN)
    if not _reachable(dsn):
        if os.environ.get("CI") == "true":
            out = subprocess.run(["bash", str(ROOT / ".ci" / "postgres.sh")], capture_output=True, text=True)
            lines = out.stdout.strip().splitlines()
            dsn = lines[-1] if out.returncode == 0 and lines else dsn
            if not _reachable(dsn):
                pytest.fail(f"CI=true but no PostgreSQL server at {dsn}: {out.stderr[-2000:]}")
        else:
            pytest.skip(f"no PostgreSQL server at {dsn} (run .ci/postgres.sh to start one)")
    yield dsn


@pytest.fixture(scope="session")
def pg_conn(pg_dsn: str) -> Iterator[Any]:
    import psycopg

    con = psycopg.connect(pg_dsn)
    yield con
    con.close()
