"""Batch evaluation in SQL: rulesets compiled to run inside DuckDB, PostgreSQL, Spark or Oracle.

The same ``.rules`` file that scores one document in Python scores a year of them where the data
lives::

    from indicator_lib import load_ruleset
    from indicator_lib import sql

    rules = load_ruleset("self_evaluation")
    print(sql.to_sql(rules, dialect="postgres"))           # for a DBA to read and run
    table = sql.evaluate_table(rules, documents)           # DuckDB, embedded; an Arrow table

Documents are laid out as a ``projects`` table and one table per list of records (``indicators``,
``budget``) keyed by ``project_id`` (:func:`layout_for`, :func:`ddl`, docs/sql.md). Needs the
``sql`` extra (sqlglot, duckdb, pyarrow; psycopg for PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indicator_lib._optional import require

__all__ = ["ddl", "evaluate_table", "layout_for", "tables_from_documents", "to_sql"]


def _need() -> None:
    require("sqlglot", purpose="SQL 生成 / SQL generation")
    require("pyarrow", purpose="Arrow 表 / Arrow tables")


def to_sql(
    ruleset: Any,
    dialect: str = "duckdb",
    *,
    functions: Mapping[str, Any] | None = None,
    tables: Mapping[str, str] | None = None,
    pretty: bool = True,
) -> str:
    """Return the SQL text that scores every project of the layout's tables in one query.

    Args:
        ruleset: A compiled ruleset (``compile_rules`` / ``load_ruleset``).
        dialect: ``duckdb``, ``postgres`` (also ``kingbase``, ``opengauss``), ``spark`` or
            ``oracle`` (also ``dameng``).
        functions: SQL forms of host functions by name: a callable taking the argument expressions
            (sqlglot) and returning one, or a SQL template with ``{0}``, ``{1}`` … for the arguments.
        tables: Table names to read instead of ``projects``, ``indicators`` … (``schema.table``
            allowed), e.g. views over a production system's tables.
        pretty: Indent the SQL.

    Returns:
        The query; its result has one row per score line, total, finding and grade.

    Raises:
        RuleCheckError: Something in the ruleset has no SQL form (code ``not-in-sql``; each place is
            named with its line), or the dialect is unknown (``unknown-dialect``).

    """
    _need()
    from indicator_lib.sql._run import compiled, render

    plan = compiled(ruleset, _host_forms(functions), tables)
    return render(plan.query, dialect, pretty=pretty)


def evaluate_table(
    ruleset: Any,
    source: Any = None,
    *,
    engine: str = "duckdb",
    connection: Any = None,
    functions: Mapping[str, Any] | None = None,
    tables: Mapping[str, str] | None = None,
) -> Any:
    """Score many documents in SQL and return the results as a ``pyarrow.Table``.

    Args:
        ruleset: A compiled ruleset.
        source: Documents (models of the ruleset's input type), a mapping of table name → Arrow table
            or file path, a folder of ``projects.parquet``/``indicators.parquet``/… (or ``.csv``),
            or None to read the tables already in ``connection``.
        engine: ``"duckdb"`` (embedded, default) or ``"postgres"``.
        connection: A DuckDB connection, or for PostgreSQL a psycopg 3 connection or DSN.
        functions: SQL forms of host functions (as in :func:`to_sql`).
        tables: Table names to read (only when ``source`` is None).

    Returns:
        Columns ``project_id, kind, rule, label, path, value, max, severity, message, message_en``;
        ``kind`` is ``score``, ``total``, ``finding`` or ``grade`` (the grade label is in ``message``).

    Raises:
        RuleCheckError: The ruleset has something with no SQL form (code ``not-in-sql``).
        DataLoadError: The source cannot be read.
        MissingDependencyError: An optional dependency is missing.

    """
    _need()
    from indicator_lib.sql._run import evaluate_table as run

    return run(
        ruleset, source, engine=engine, connection=connection, functions=_host_forms(functions), tables=tables
    )


def layout_for(ruleset: Any) -> Any:
    """Return the relational layout (tables and columns) of a ruleset's input type."""
    _need()
    from indicator_lib.sql._run import layout_for as layout

    return layout(ruleset)


def tables_from_documents(ruleset: Any, documents: Any, *, ids: Any = None) -> dict[str, Any]:
    """Flatten documents into the layout's Arrow tables (``projects``, ``indicators``, ``budget``)."""
    _need()
    from indicator_lib.sql._load import tables_from_records
    from indicator_lib.sql._run import layout_for as layout

    model = ruleset.input_model
    records = [d if isinstance(d, model) else model.model_validate(d) for d in documents]
    return tables_from_records(records, layout(ruleset), ids=ids)


def ddl(ruleset: Any, dialect: str = "duckdb") -> str:
    """Return ``CREATE TABLE`` statements for the layout of a ruleset's input type."""
    _need()
    from indicator_lib.sql._ddl import create_tables

    return create_tables(layout_for(ruleset), dialect)


def _host_forms(functions: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not functions:
        return None
    from indicator_lib.sql._ddl import template_form

    return {name: template_form(form) if isinstance(form, str) else form for name, form in functions.items()}
