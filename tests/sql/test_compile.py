"""What cannot go to SQL is a located compile error; SQL forms for host functions; every dialect renders."""

from __future__ import annotations

from typing import Any

import pytest
import sqlglot
from sqlglot import exp

from indicator_lib import sql
from indicator_lib.errors import RuleCheckError
from indicator_lib.rules import compile_rules, load_ruleset
from indicator_lib.rules._builtins import AGGREGATES, BUILTINS
from indicator_lib.sql._functions import aggregate_sql, expand
from tests.sql.conftest import DATA, assert_same, python_rows, sql_rows

HOSTED = """ruleset "hosted"
input SelfEvaluation
check named "有名称" for i in self.indicators =
  not blank(i.name)
score s = if shouty(self.project.name) then 1 else 0
"""


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _shouty(text: str) -> bool:
    return text.upper() == text


def _hosted() -> Any:
    from indicator_lib.rules import HostFunction

    return compile_rules(
        HOSTED,
        name="hosted.rules",
        functions={
            "blank": HostFunction(_blank, ["text"], "bool", null_strict=False),
            "shouty": HostFunction(_shouty, ["text"], "bool"),
        },
    )


def test_host_function_without_sql_form_is_a_located_error() -> None:
    with pytest.raises(RuleCheckError) as info:
        sql.to_sql(_hosted())
    diags = info.value.diagnostics
    assert [d.code for d in diags] == ["not-in-sql", "not-in-sql"]
    assert [d.line for d in diags] == [4, 5]
    assert "blank" in diags[0].message_en and diags[0].file == "hosted.rules"
    assert "宿主函数" in diags[0].message


def test_host_functions_with_sql_forms_agree(se_docs: list[Any]) -> None:
    rules = _hosted()
    forms = {
        "blank": "TRIM(COALESCE({0}, '')) = ''",
        "shouty": lambda args: exp.EQ(this=exp.Upper(this=args[0]), expression=args[0].copy()),
    }
    got = sql.evaluate_table(rules, se_docs, functions=forms)
    assert_same(python_rows(rules, se_docs), sql_rows(got))


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("let xs = [1, 2]\nscore s = sum(x for x in xs)", 3, "lists of input records"),
        (
            "table t(x: number) hit collect\n  | x | => y |\n  | - | 1 |\nscore s = count(t(1))",
            2,
            "hit collect",
        ),
        ("score s = self.indicators[self.fiscal_year].weight", 2, "literal"),
    ],
)
def test_constructs_without_sql_form(text: str, line: int, what: str) -> None:
    rules = compile_rules(f"input SelfEvaluation\n{text}\n", name="x.rules")
    with pytest.raises(RuleCheckError) as info:
        sql.to_sql(rules)
    diag = info.value.diagnostics[0]
    assert diag.code == "not-in-sql" and diag.line == line and what in diag.message_en


@pytest.fixture(scope="module")
def self_evaluation() -> Any:
    return load_ruleset("self_evaluation")


def test_unknown_dialect(self_evaluation: Any) -> None:
    with pytest.raises(RuleCheckError) as info:
        sql.to_sql(self_evaluation, dialect="sybase")
    assert info.value.diagnostics[0].code == "unknown-dialect"


@pytest.mark.parametrize(
    ("dialect", "reads_as"),
    [
        ("duckdb", "duckdb"),
        ("postgres", "postgres"),
        ("kingbase", "postgres"),
        ("opengauss", "postgres"),
        ("spark", "spark"),
        ("oracle", "oracle"),
        ("dameng", "oracle"),
    ],
)
def test_every_dialect_renders_and_parses_back(dialect: str, reads_as: str, self_evaluation: Any) -> None:
    text = sql.to_sql(self_evaluation, dialect=dialect)
    assert "IL_DIV" not in text and "__il_" not in text and "{pre}" not in text
    small = compile_rules((DATA / "spec_example.rules").read_text(encoding="utf-8"))
    tree = sqlglot.parse_one(sql.to_sql(small, dialect=dialect), dialect=reads_as)
    assert tree.find(exp.With) is not None


def test_division_is_exact_in_postgres_and_via_double_in_duckdb() -> None:
    rules = compile_rules("input SelfEvaluation\nscore s = 1 / 3\n")
    assert "DECIMAL(65, 30)" in sql.to_sql(rules, "postgres")
    assert "DOUBLE" in sql.to_sql(rules, "duckdb")
    assert "NUMBER(38, 10)" in sql.to_sql(rules, "oracle")


def test_every_builtin_and_aggregate_declares_a_sql_form_that_parses() -> None:
    for b in BUILTINS.values():
        assert b.sql is not None, b.name
        arity = b.max_args or b.min_args + 1
        tree = expand(b.sql, [exp.column(f"x{k}") for k in range(arity)])
        assert "__il_" not in tree.sql(), b.name
    assert {n for n, agg in AGGREGATES.items() if agg.sql is None} == {"list"}
    for name, agg in AGGREGATES.items():
        if agg.sql is not None:
            assert "__il_" not in aggregate_sql(name, exp.column("v"), "bool").sql()


def test_template_holes_fill_with_copies_and_keep_precedence() -> None:
    arg = exp.Add(this=exp.column("a"), expression=exp.column("b"))
    tree = expand("NOT {0} AND {1|0} = LEAST({*})", [arg])
    assert tree.sql() == "NOT (a + b) AND 0 = LEAST(a + b)"
    assert arg.parent is None
    assert expand("IL_NUM({0})", [exp.column("a")]).sql() == "CAST(a AS DECIMAL(38, 10))"


def test_a_bad_template_is_a_clear_error() -> None:
    with pytest.raises(RuleCheckError, match="argument 2 is missing"):
        expand("ABS({1})", [exp.column("a")])
    with pytest.raises(RuleCheckError, match="invalid SQL template"):
        expand("ABS(({0}", [exp.column("a")])
    with pytest.raises(RuleCheckError, match="no SQL form"):
        aggregate_sql("list", exp.column("a"), "number")


def test_table_names_can_be_replaced(self_evaluation: Any) -> None:
    text = sql.to_sql(
        self_evaluation,
        "postgres",
        tables={"indicators": "perf.pm_perf_indicator_v", "projects": "perf.pm_project_v"},
    )
    assert "perf.pm_perf_indicator_v" in text and "perf.pm_project_v" in text
    assert " indicators " not in text
