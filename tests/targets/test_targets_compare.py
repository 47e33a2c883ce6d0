"""Comparing actuals with targets in base units: a golden table plus API details."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from indicator_lib.targets import Comparison, parse_target

with (Path(__file__).parent / "compare_cases.csv").open(encoding="utf-8", newline="") as fh:
    CASES = [
        pytest.param(r, id=f"{r['target']} vs {r['actual']}{r['actual_unit']}") for r in csv.DictReader(fh)
    ]


@pytest.mark.parametrize("row", CASES)
def test_compare_table(row: dict[str, str]) -> None:
    target = parse_target(
        row["target"],
        op=row["target_op"] or None,
        unit=row["target_unit"] or None,
        fiscal_year=int(row["fiscal_year"]) if row["fiscal_year"] else None,
    )
    result = target.compare(row["actual"], unit=row["actual_unit"] or None)
    assert isinstance(result, Comparison)
    assert result.outcome == row["outcome"]
    assert result.met == {"True": True, "False": False}.get(row["met"])
    assert result.ratio == (Decimal(row["ratio"]) if row["ratio"] else None)
    assert result.direction == (row["direction"] or None)
    assert result.base_unit == (row["base_unit"] or None)
    assert result.message and result.message_en


def test_compare_accepts_parsed_values_and_numbers() -> None:
    target = parse_target("≤100万元")
    assert target.compare(parse_target("899740元")).met is True
    assert target.compare(Decimal("89.974"), unit="万元").ratio == Decimal("0.899740")
    assert target.compare(1000001, unit="元").met is False


def test_missing_relation_is_read_as_at_least_and_said_so() -> None:
    result = parse_target("90%").compare("85%")
    assert result.assumed_op is True
    assert result.met is False
    assert parse_target("≥90%").compare("95%").assumed_op is False


def test_base_values_are_reported() -> None:
    result = parse_target("≤100万元").compare("899740元")
    assert result.target_base == Decimal(1000000)
    assert result.actual_base == Decimal(899740)


def test_zero_target_has_no_ratio() -> None:
    result = parse_target("=0次").compare("0次")
    assert result.met is True
    assert result.ratio is None
