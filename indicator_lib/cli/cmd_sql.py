"""``indicator-lib sql``: a ruleset as SQL for a database, its table layout, or a batch run.

``indicator-lib sql RULES --dialect postgres`` prints the query a DBA runs; ``--ddl`` prints the
``CREATE TABLE`` statements of the layout instead; ``--run DATA`` scores a folder of
``projects``/``indicators``/``budget`` Parquet or CSV files (or a DuckDB database file) with DuckDB
(or PostgreSQL, ``--engine postgres --dsn …``) and prints the results or writes them to ``--out``
(``.parquet`` or ``.csv``). RULES is a ``.rules`` file or the name of a shipped ruleset.

The options and the code behind them are shared: ``indicator-lib rules sql FILE.rules`` adds the
same options (:func:`add_sql_options`, :func:`emit`) and ``indicator-lib score --engine`` scores
through :func:`score_data` and prints with :func:`print_projects`. DATA is a folder of tables, a
``.duckdb`` file, or one table file (``indicators.parquet`` …), which stands for its folder.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

__all__ = ["add_sql_options", "emit", "load_rules", "print_projects", "register", "score_data"]


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
    add_sql_options(parser)
    parser.set_defaults(func=_run)


def add_sql_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--dialect``, ``--ddl``, ``--table``, ``--run``, ``--engine``, ``--dsn`` and ``--out``."""
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


def load_rules(spec: str) -> Any:
    """Compile a ``.rules`` file, or load the shipped ruleset of that name."""
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
    return emit(load_rules(args.rules), args)


def emit(rules: Any, args: argparse.Namespace) -> int:
    """Print the SQL, the DDL or the batch results of ``rules`` as the options ask; exit status 0."""
    from indicator_lib import sql

    tables = _tables(args.table)
    if args.ddl:
        print(sql.ddl(rules, args.dialect))
        return 0
    if args.run is None:
        print(sql.to_sql(rules, args.dialect, tables=tables or None))
        return 0
    result = score_data(rules, args.run, engine=args.engine, dsn=args.dsn, tables=tables)
    if args.out:
        _write(result, Path(args.out))
        print(
            f"{result.num_rows} 行结果已写入 {args.out} / {result.num_rows} result rows written to {args.out}"
        )
    else:
        _print(result)
    return 0


def score_data(
    rules: Any,
    source: str,
    *,
    engine: str = "duckdb",
    dsn: str | None = None,
    tables: dict[str, str] | None = None,
) -> Any:
    """Score DATA with ``rules`` in SQL; the results as a ``pyarrow.Table``.

    Args:
        rules: A compiled ruleset.
        source: A folder of Parquet/CSV tables, one table file (its folder is read), a ``.duckdb``
            file, or (PostgreSQL, without ``dsn``) the DSN of a database holding the tables.
        engine: ``duckdb`` or ``postgres``.
        dsn: The PostgreSQL server to upload the data to and score in.
        tables: Table names to read instead of the layout's (tables already in a database).

    Returns:
        The results of :func:`indicator_lib.sql.evaluate_table`.

    Raises:
        DataLoadError: A table file not named after a table of the layout.

    """
    from indicator_lib import sql

    data = _folder_of(Path(source), rules)
    if engine == "postgres":
        return sql.evaluate_table(
            rules,
            data if data.exists() else None,
            engine="postgres",
            connection=dsn or source,
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


def _folder_of(path: Path, rules: Any) -> Path:
    """Return the folder a table file stands for (another file name is an error naming the choices)."""
    if not path.is_file() or path.suffix.lower() not in (".parquet", ".csv"):
        return path
    from indicator_lib import sql

    names = list(sql.layout_for(rules).tables)
    if path.stem not in names:
        from indicator_lib.errors import DataLoadError

        listed = "、".join(f"{n}.parquet" for n in names)
        raise DataLoadError(
            f"数据文件应按表命名（{listed}，或 .csv），或给出其所在文件夹，得到 {path.name}",
            f"a data file must be named after a table ({', '.join(names)}; .parquet or .csv), "
            f"or give its folder; got {path.name}",
            code="bad-table-file",
            file=str(path),
        )
    return path.parent


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


def print_projects(table: Any, *, min_rank: int = 2) -> int:
    """Print per project (in key order) its total and grade, then the findings; return the errors' count.

    Args:
        table: Results of :func:`indicator_lib.sql.evaluate_table`.
        min_rank: Show findings whose severity rank (error 0, warning 1, info 2) is at most this.

    """
    from indicator_lib.cli._common import SEVERITY_RANK, num
    from indicator_lib.cli._common import table as text_table

    projects: dict[Any, dict[str, Any]] = {}
    for row in table.to_pylist():
        p = projects.setdefault(row["project_id"], {"total": None, "grade": "", "findings": []})
        if row["kind"] == "total":
            p["total"] = row["value"]
        elif row["kind"] == "grade":
            p["grade"] = row["message"] or ""
        elif row["kind"] == "finding":
            p["findings"].append(row)
    projects = {k: projects[k] for k in sorted(projects, key=lambda k: (type(k).__name__, k))}
    rows: list[tuple[str, ...]] = [("项目 / project", "得分 / total", "等级 / grade", "错误", "警告")]
    errors = 0
    for key, p in projects.items():
        sev = [f["severity"] for f in p["findings"]]
        errors += sev.count("error")
        rows.append(
            (str(key), num(p["total"]), p["grade"] or "—", str(sev.count("error")), str(sev.count("warning")))
        )
    for line in text_table(rows):
        print(line)
    for key, p in projects.items():
        for f in p["findings"]:
            if SEVERITY_RANK.get(f["severity"], 2) <= min_rank:
                where = f" {f['path']}" if f["path"] else ""
                print(f"{key}\t[{f['severity']}] {f['rule']}{where}\t{f['message'] or ''}".rstrip())
    return errors
