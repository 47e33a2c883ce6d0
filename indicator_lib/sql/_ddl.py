"""DDL for the layout, and SQL templates for host functions.

Decides: ``CREATE TABLE`` statements come from the layout through sqlglot, so they render in every
supported dialect (numbers ``DECIMAL(38, 10)``, texts ``VARCHAR``, the key ``project_id`` as
``BIGINT`` and the position ``idx`` as ``INT``); a host function's SQL form may be written as a
template such as ``"TRIM(COALESCE({0}, '')) = ''"`` whose ``{0}``, ``{1}`` … stand for the
arguments, parsed once (PostgreSQL syntax) and filled in as expressions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import sqlglot
from sqlglot import exp

from indicator_lib.errors import RuleCheckError
from indicator_lib.sql._dialects import sqlglot_dialect
from indicator_lib.sql._layout import KEY, NUMERIC, PARENT, POSITION, Layout

__all__ = ["create_tables", "template_form"]

_SQL_TYPES = {"number": NUMERIC, "text": "VARCHAR", "bool": "BOOLEAN", "date": "DATE"}


def create_tables(layout: Layout, dialect: str) -> str:
    """Return the ``CREATE TABLE`` statements of ``layout`` in ``dialect``, separated by blank lines."""
    name = sqlglot_dialect(dialect)
    statements = []
    for spec in layout.tables.values():
        columns = [exp.ColumnDef(this=exp.to_identifier(KEY), kind=exp.DataType.build("BIGINT"))]
        if spec.parent is not None:
            columns.append(exp.ColumnDef(this=exp.to_identifier(PARENT), kind=exp.DataType.build("INT")))
        if spec.field is not None:
            columns.append(exp.ColumnDef(this=exp.to_identifier(POSITION), kind=exp.DataType.build("INT")))
        for c in spec.columns:
            columns.append(
                exp.ColumnDef(this=exp.to_identifier(c.name), kind=exp.DataType.build(_SQL_TYPES[c.kind]))
            )
        create = exp.Create(this=exp.Schema(this=exp.to_table(spec.name), expressions=columns), kind="TABLE")
        statements.append(create.sql(dialect=name, pretty=True) + ";")
    return "\n\n".join(statements)


_HOLE = re.compile(r"\{(\d+)\}")


@functools.lru_cache(maxsize=256)
def template_form(template: str) -> Callable[[list[exp.Expr]], exp.Expr]:
    """Turn a SQL template with ``{0}``, ``{1}`` … holes into a host function's SQL form.

    Raises:
        RuleCheckError: The template does not parse (code ``bad-sql-template``).

    """
    text = _HOLE.sub(lambda m: f"__il_arg_{m.group(1)}", template)
    try:
        tree = sqlglot.parse_one(text, dialect="postgres")
    except sqlglot.errors.ParseError as exc:
        raise RuleCheckError(
            f"宿主函数的 SQL 模板无法解析：{template}（{exc}）",
            f"the SQL template of a host function does not parse: {template} ({exc})",
            code="bad-sql-template",
        ) from None

    def build(args: list[exp.Expr]) -> exp.Expr:
        def fill(node: exp.Expr) -> exp.Expr:
            if isinstance(node, exp.Column) and not node.table and node.name.startswith("__il_arg_"):
                k = int(node.name.removeprefix("__il_arg_"))
                return args[k].copy()
            return node

        return tree.copy().transform(fill)

    return build
