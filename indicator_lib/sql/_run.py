"""Running compiled rulesets: SQL text for a dialect, and evaluation on DuckDB or PostgreSQL.

Decides the result table: one row per score line, the total, each finding and the grade, with the
columns of :data:`RESULT_SCHEMA`, keyed by ``project_id`` and ordered as the Python backend orders a
result. DuckDB (in memory unless a connection is given) is the embedded default; ``postgres`` runs
on a psycopg 3 connection or DSN, uploading Arrow tables into temporary tables first when the
source is not already in the database. Compiled queries are cached per ruleset and options.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
from pydantic import BaseModel

from indicator_lib._optional import require
from indicator_lib.errors import DataLoadError, IndicatorLibError
from indicator_lib.sql._compile import RESULT_COLUMNS, CompiledSql, HostSql, compile_sql
from indicator_lib.sql._dialects import lower, sqlglot_dialect
from indicator_lib.sql._layout import SCALE, Layout, layout_of
from indicator_lib.sql._load import read_tables, tables_from_records, to_duckdb

__all__ = ["RESULT_SCHEMA", "compiled", "evaluate_table", "layout_for", "render", "source_tables"]

RESULT_SCHEMA = pa.schema(
    [
        pa.field("project_id", pa.int64()),
        pa.field("kind", pa.string()),
        pa.field("rule", pa.string()),
        pa.field("label", pa.string()),
        pa.field("path", pa.string()),
        pa.field("value", pa.decimal128(38, SCALE)),
        pa.field("max", pa.decimal128(38, SCALE)),
        pa.field("severity", pa.string()),
        pa.field("message", pa.string()),
        pa.field("message_en", pa.string()),
    ]
)

_CACHE: dict[
    tuple[int, tuple[tuple[str, int], ...], tuple[tuple[str, str], ...]], tuple[Any, Any, CompiledSql]
] = {}
_LOCK = threading.Lock()


def _checked(ruleset: Any) -> Any:
    checked = getattr(ruleset, "_checked", None)
    if checked is None:
        raise TypeError("expected a compiled Ruleset (indicator_lib.compile_rules / load_ruleset)")
    return checked


def layout_for(ruleset: Any) -> Layout:
    """Return the relational layout of a ruleset's input type."""
    return layout_of(_checked(ruleset).input)


def compiled(
    ruleset: Any,
    functions: Mapping[str, HostSql] | None = None,
    tables: Mapping[str, str] | None = None,
) -> CompiledSql:
    """Compile (once, cached per ruleset and options) a ruleset to its SQL tree."""
    key = (
        id(ruleset),
        tuple(sorted((k, id(v)) for k, v in (functions or {}).items())),
        tuple(sorted((tables or {}).items())),
    )
    with _LOCK:
        found = _CACHE.get(key)
    if found is not None and found[0] is ruleset:
        return found[2]
    result = compile_sql(_checked(ruleset), functions=functions, tables=tables)
    with _LOCK:
        if len(_CACHE) > 256:
            _CACHE.clear()
        _CACHE[key] = (ruleset, dict(functions or {}), result)  # held: their id()s cannot be reused
    return result


def render(tree: Any, dialect: str, *, pretty: bool = True) -> str:
    """Render a compiled tree as SQL text in ``dialect``."""
    name = sqlglot_dialect(dialect)
    text: str = lower(tree, name).sql(dialect=name, pretty=pretty)
    return text


def _text(plan: CompiledSql, dialect: str) -> str:
    key = (dialect, False)
    text = plan.texts.get(key)
    if text is None:
        text = plan.texts[key] = render(plan.query, dialect, pretty=False)
    return text


def source_tables(source: Any, layout: Layout) -> dict[str, pa.Table]:
    """Turn any supported source into the layout's Arrow tables.

    A source is: documents (pydantic models of the input type, or dicts validated into it), a
    mapping of table name → ``pyarrow.Table`` or file path, or a folder of ``<table>.parquet`` /
    ``<table>.csv`` files.
    """
    if isinstance(source, (str, Path)):
        return read_tables(source, layout)
    if isinstance(source, Mapping):
        return read_tables(source, layout)
    if isinstance(source, Iterable):
        records = list(source)
        if all(isinstance(r, BaseModel) for r in records):
            return tables_from_records(records, layout)
    raise DataLoadError(
        "无法识别的数据来源：应为文档列表、表名到 Arrow 表/文件的映射，或数据文件夹",
        "unrecognised data source: expected documents, a mapping of table name to Arrow table or file, "
        "or a folder",
        code="bad-source",
    )


def _duckdb(sql: str, tables: Mapping[str, pa.Table] | None, connection: Any) -> pa.Table:
    duckdb = require("duckdb", purpose="SQL 批量评分 / batch scoring in SQL")
    con = connection if connection is not None else duckdb.connect()
    try:
        if tables is not None:
            to_duckdb(tables, con)
        table: pa.Table = con.sql(sql).to_arrow_table()
        return table
    finally:
        if connection is None:
            con.close()


def _postgres(sql: str, tables: Mapping[str, pa.Table] | None, connection: Any) -> pa.Table:
    psycopg = require("psycopg", purpose="PostgreSQL")
    own = isinstance(connection, str)
    con = psycopg.connect(connection) if own else connection
    try:
        with con.cursor() as cur:
            if tables is not None:
                for name, table in tables.items():
                    upload_postgres(cur, name, table)
            cur.execute(sql)
            rows = cur.fetchall()
        return _rows_to_arrow(rows)
    finally:
        if own:
            con.close()
        else:
            con.rollback()


_PG_TYPES = {
    pa.types.is_integer: "BIGINT",
    pa.types.is_decimal: "NUMERIC(38, 10)",
    pa.types.is_boolean: "BOOLEAN",
    pa.types.is_date: "DATE",
}


def _pg_type(t: pa.DataType) -> str:
    for test, name in _PG_TYPES.items():
        if test(t):
            return name
    return "TEXT"


def upload_postgres(cur: Any, name: str, table: pa.Table) -> None:
    """Create a temporary table ``name`` from an Arrow table (COPY, in the current transaction)."""
    cols = ", ".join(f'"{f.name}" {_pg_type(f.type)}' for f in table.schema)
    cur.execute(f'DROP TABLE IF EXISTS pg_temp."{name}"')
    cur.execute(f'CREATE TEMP TABLE "{name}" ({cols}) ON COMMIT DROP')
    names = ", ".join(f'"{f.name}"' for f in table.schema)
    with cur.copy(f'COPY "{name}" ({names}) FROM STDIN') as copy:
        for row in zip(*[table.column(k).to_pylist() for k in range(table.num_columns)], strict=True):
            copy.write_row(row)


def _rows_to_arrow(rows: list[tuple[Any, ...]]) -> pa.Table:
    columns: list[list[Any]] = [[] for _ in RESULT_COLUMNS]
    for row in rows:
        for k, v in enumerate(row):
            columns[k].append(v)
    arrays = []
    for f, values in zip(RESULT_SCHEMA, columns, strict=True):
        if pa.types.is_decimal(f.type):
            values = [None if v is None else Decimal(v) for v in values]
        arrays.append(pa.array(values, type=f.type) if f.name != "project_id" else pa.array(values))
    return pa.Table.from_arrays(arrays, names=list(RESULT_COLUMNS))


def evaluate_table(
    ruleset: Any,
    source: Any = None,
    *,
    engine: str = "duckdb",
    connection: Any = None,
    functions: Mapping[str, HostSql] | None = None,
    tables: Mapping[str, str] | None = None,
) -> pa.Table:
    """Score many documents at once in SQL.

    Args:
        ruleset: A compiled :class:`~indicator_lib.rules.Ruleset`.
        source: Documents, a mapping of table name → Arrow table or file, or a folder of Parquet/CSV
            files; None to use the tables already in ``connection``.
        engine: ``"duckdb"`` (embedded default) or ``"postgres"``.
        connection: A DuckDB connection, or for PostgreSQL a psycopg connection or DSN.
        functions: SQL forms of the ruleset's host functions, by name.
        tables: Table names to read instead of the layout's own (when ``source`` is None).

    Returns:
        An Arrow table with the columns of :data:`RESULT_SCHEMA`, one row per score line, total,
        finding and grade, ordered by project.

    Raises:
        RuleCheckError: The ruleset uses something with no SQL form (code ``not-in-sql``).
        DataLoadError: The source cannot be read.
        MissingDependencyError: duckdb or psycopg is not installed.

    """
    layout = layout_for(ruleset)
    data = source_tables(source, layout) if source is not None else None
    plan = compiled(ruleset, functions, None if data is not None else tables)
    if engine == "duckdb":
        return _duckdb(_text(plan, "duckdb"), data, connection)
    if engine in ("postgres", "postgresql"):
        if connection is None:
            raise IndicatorLibError(
                "PostgreSQL 引擎需要 connection（psycopg 连接或 DSN）",
                "the postgres engine needs connection= (a psycopg connection or a DSN)",
                code="no-connection",
            )
        return _postgres(_text(plan, "postgres"), data, connection)
    raise IndicatorLibError(
        f"未知引擎「{engine}」：可选 duckdb、postgres",
        f"unknown engine {engine!r}: choose duckdb or postgres",
        code="unknown-engine",
    )
