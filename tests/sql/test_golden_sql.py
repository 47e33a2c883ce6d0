"""Every golden case of the rules language (tests/golden/*.yaml) that SQL supports agrees with Python.

A case whose ruleset has no SQL form (``not-in-sql``: lists held in values, ``hit collect``, …) is
skipped with the reason; cases that expect an error are the Python backends' business. An ``expr``
case becomes a score (numbers) or a failing check whose message shows the value (anything else), so
the value itself is compared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from indicator_lib import sql
from indicator_lib.errors import RuleCheckError
from indicator_lib.rules import compile_rules, register_ruleset
from tests.golden.models import Golden
from tests.sql.conftest import assert_same, python_rows, sql_rows

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def _cases() -> list[Any]:
    out = []
    for path in sorted(GOLDEN.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, text in (data.get("register") or {}).items():
            register_ruleset(name, text)
        for case in data["cases"]:
            if "error" not in case:
                out.append(pytest.param(case, id=f"{path.stem}:{case['name']}"))
    return out


def _text(case: dict[str, Any]) -> str:
    if "rules" in case:
        return str(case["rules"])
    probe = compile_rules(f"input Golden\nlet result = {case['expr']}\n", input=Golden)
    kind = getattr(probe._checked.let_types["result"], "name", "")
    shown = (
        "score result_value = result" if kind == "number" else 'check result_shown = false message "{result}"'
    )
    return f"input Golden\nlet result = {case['expr']}\n{shown}\n"


@pytest.mark.parametrize("case", _cases())
def test_golden_case_in_duckdb(case: dict[str, Any]) -> None:
    rules = compile_rules(_text(case), input=Golden, name=case["name"])
    try:
        sql.to_sql(rules)
    except RuleCheckError as exc:
        assert {d.code for d in exc.diagnostics} == {"not-in-sql"}
        pytest.skip(f"no SQL form: {exc.diagnostics[0].message_en}")
    docs = [Golden.model_validate(case.get("input") or {})]
    assert_same(python_rows(rules, docs), sql_rows(sql.evaluate_table(rules, docs)))
