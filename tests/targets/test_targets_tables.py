"""Golden tables: every 指标值 / 实际完成值 in the real data, and every form the spec lists."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from indicator_lib.targets import TargetValue, parse_target
from indicator_lib.targets._parse import parse_target_uncached

HERE = Path(__file__).parent


def load_table(name: str) -> list[Any]:
    with (HERE / name).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [pytest.param(row, id=f"{row['source']}:{row['raw'] or '<blank>'}:{row['unit']}") for row in rows]


ROWS = load_table("realdata_values.csv") + load_table("forms.csv")


def _args(row: dict[str, str]) -> dict[str, object]:
    return {
        "op": row["op"] or None,
        "unit": row["unit"] or None,
        "fiscal_year": int(row["fiscal_year"]) if row["fiscal_year"] else None,
    }


def _dec(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _check(v: TargetValue, row: dict[str, str]) -> None:
    assert v.raw == row["raw"]
    assert v.kind == row["kind"]
    assert v.op == (row["exp_op"] or None)
    assert v.value == _dec(row["value"])
    assert v.unit == (row["exp_unit"] or None)
    assert v.base_value == _dec(row["base_value"])
    assert v.base_unit == (row["base_unit"] or None)
    assert v.upper == _dec(row["upper"])
    assert v.start == _date(row["start"])
    assert v.end == _date(row["end"])
    assert v.flag == ({"True": True, "False": False}.get(row["flag"]))
    assert v.text == (row["text"] or None)
    assert v.warning_codes == tuple(filter(None, row["warnings"].split("|")))


@pytest.mark.parametrize("row", ROWS)
def test_table(row: dict[str, str]) -> None:
    _check(parse_target(row["raw"], **_args(row)), row)  # type: ignore[arg-type]


@pytest.mark.parametrize("row", ROWS)
def test_grammar_agrees_with_fast_path(row: dict[str, str]) -> None:
    fast = parse_target_uncached(row["raw"], **_args(row))  # type: ignore[arg-type]
    slow = parse_target_uncached(row["raw"], fast=False, **_args(row))  # type: ignore[arg-type]
    assert fast == slow


def test_real_tables_are_all_covered() -> None:
    sources = {p.values[0]["source"] for p in load_table("realdata_values.csv")}
    assert sources == {"01", "02", "04", "07", "08", "13", "16", "19", "21", "27", "29"}
