"""``indicator-lib sql``: a ruleset as SQL for a database, its table layout, or a batch run.

``indicator-lib sql RULES --dialect postgres`` prints the query a DBA runs; ``--ddl`` prints the
``CREATE TABLE`` statements of the layout instead; ``--run DATA`` scores a folder of
``projects``/``indicators``/``budget`` Parquet or CSV files (or a DuckDB database file) with DuckDB
(or PostgreSQL, ``--engine postgres --dsn …``) and prints the results or writes them to ``--out``
(``.parquet`` or ``.csv``). RULES is a ``.rules`` file or the name of a shipped ruleset.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``sql`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sql",
        help="规则集转换为 SQL、批量评分 / rulesets as SQL; batch scoring in DuckDB or PostgreSQL",
        description="把规则集编译为 SQL（供数据库管理员在库内运行），或用 DuckDB/PostgreSQL 批量评分 / "
        "compile a ruleset to SQL for a database, or score tables in bulk with DuckDB or PostgreSQL",
    )
    parser.add_argument(
        "rules", metavar="RULES", help="规则文件或内置规则集名 / a .rules file or a shipped ruleset name"
    )
    parser.add_argument(
        "--dialect",
        default="duckdb",
        help="SQL 方言：duckdb、postgres（kingbase、opengauss）、spark、oracle（dameng）/ SQL dialect",
    )
    parser.add_argument("--ddl", action="store_true", help="输出建表语句 / print CREATE TABLE statements")
    parser.add_argument(
        "--table",
        action="append",
        default=[],
        metavar="NAME=TABLE",
        help="改用库内表或视图名，如 indicators=pm_perf_indicator_v / read another table",
    )
    parser.add_argument(
        "--run", metavar="DATA", help="评分的数据：Parquet/CSV 文件夹或 .duckdb 文件 / data to score"
    )
    parser.add_argument(
        "--engine", default="duckdb", choices=["duckdb", "postgres"], help="评分引擎 / engine"
    )
    parser.add_argument("--dsn", help="PostgreSQL 连接串 / PostgreSQL DSN (with --engine postgres)")
    parser.add_argument("--out", help="结果写入 .parquet 或 .csv / write results to a file")
    parser.set_defaults(func=_run)


def _ruleset(spec: str) -> Any:
    from indicator_lib.rules import compile_rules, load_ruleset

    path = Path(spec)
    if path.suffix == ".rules" or path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            from indicator_lib.errors import DataLoadError

            raise DataLoadError(
                f"无法读取规则文件 {path}：{exc.strerror}",
                f"cannot read {path}: {exc.strerror}",
                code="no-rules-file",
                file=str(path),
            ) from None
        return compile_rules(text, name=path.name)
    return load_ruleset(spec)


def _tables(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, table = pair.partition("=")
        if not sep or not name or not table:
            from indicator_lib.errors import IndicatorLibError

            raise IndicatorLibError(
                f"--table 应写成 名称=表，得到「{pair}」",
                f"--table takes NAME=TABLE, got {pair!r}",
                code="bad-option",
            )
        out[name.strip()] = table.strip()
    return out


def _run(args: argparse.Namespace) -> int:
    from indicator_lib import sql

    rules = _ruleset(args.rules)
    tables = _tables(args.table)
    if args.ddl:
        print(sql.ddl(rules, args.dialect))
        return 0
    if args.run is None:
        print(sql.to_sql(rules, args.dialect, tables=tables or None))
        return 0
    result = _score(sql, rules, args, tables)
    if args.out:
        _write(result, Path(args.out))
        print(
            f"{result.num_rows} 行结果已写入 {args.out} / {result.num_rows} result rows written to {args.out}"
        )
    else:
        _print(result)
    return 0


def _score(sql: Any, rules: Any, args: argparse.Namespace, tables: dict[str, str]) -> Any:
    data = Path(args.run)
    if args.engine == "postgres":
        return sql.evaluate_table(
            rules,
            data if data.exists() else None,
            engine="postgres",
            connection=args.dsn or args.run,
            tables=tables or None,
        )
    if data.suffix == ".duckdb":
        import duckdb

        con = duckdb.connect(str(data), read_only=True)
        try:
            return sql.evaluate_table(rules, None, connection=con, tables=tables or None)
        finally:
            con.close()
    return sql.evaluate_table(rules, data)


def _write(table: Any, path: Path) -> None:
    if path.suffix.lower() == ".csv":
        import pyarrow.csv as pacsv  # type: ignore[import-untyped]

        pacsv.write_csv(table, path)
    else:
        import pyarrow.parquet as pq  # type: ignore[import-untyped]

        pq.write_table(table, path)


def _print(table: Any) -> None:
    from indicator_lib.rules._values import render_number

    for row in table.to_pylist():
        value = "" if row["value"] is None else render_number(row["value"])
        cap = "" if row["max"] is None else f" / {render_number(row['max'])}"
        text = row["message"] or ""
        sev = f"[{row['severity']}] " if row["severity"] else ""
        where = f" {row['path']}" if row["path"] else ""
        print(f"{row['project_id']}\t{row['kind']}\t{row['rule']}{where}\t{value}{cap}\t{sev}{text}".rstrip())
