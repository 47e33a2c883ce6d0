"""The unit table: loading, aliases, composition, lookups with did-you-mean."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from indicator_lib.errors import CatalogLookupError
from indicator_lib.targets import WARNING_CODES, parse_target, unit_table
from indicator_lib.targets._units import find_unit, to_base


def test_every_spelling_resolves_to_its_canonical_unit() -> None:
    table = unit_table()
    assert len(table) > 80
    for spelling in table.names:
        unit = table.get(spelling)
        assert unit is not None
        assert table.get(unit.name) is unit


@pytest.mark.parametrize(
    ("spelling", "name", "base", "factor"),
    [
        ("万", "万元", "元", "10000"),
        ("百分比", "%", "ratio", "0.01"),
        ("M", "米", "米", "1"),
        ("㎡", "平方米", "亩", "0.0015"),
        ("元/人*月", "元/人·月", "元/人·月", "1"),
        ("元/人/月", "元/人·月", "元/人·月", "1"),
        ("万元/公里", "万元/公里", "元/公里", "10000"),
        ("万人次", "万人次", "人次", "10000"),
        ("亿株", "亿株", "株", "100000000"),
        ("个批次", "批次", "批次", "1"),
    ],
)
def test_find_unit(spelling: str, name: str, base: str, factor: str) -> None:
    unit = find_unit(spelling)
    assert unit is not None
    assert (unit.name, unit.base, unit.factor) == (name, base, Decimal(factor))


def test_unknown_units() -> None:
    assert find_unit("瓦片") is None
    assert unit_table().get("瓦片") is None
    assert to_base(Decimal(3), "瓦片") is None
    with pytest.raises(CatalogLookupError) as info:
        unit_table().lookup("平方咪")
    assert info.value.code == "unit-unknown"
    assert "平方米" in str(info.value)


def test_unknown_unit_is_kept_with_a_warning() -> None:
    v = parse_target("≥3瓦片")
    assert (v.value, v.unit, v.base_value) == (Decimal(3), "瓦片", None)
    assert v.warning_codes == ("unit-unknown",)


def test_every_warning_code_is_documented() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "targets.md").read_text(encoding="utf-8")
    for code in WARNING_CODES:
        assert f"`{code}`" in doc, code


def test_importing_targets_does_not_load_lark() -> None:
    code = "import sys, indicator_lib.targets as t; t.parse_target('≥95%'); print('lark' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_facade_exports() -> None:
    import indicator_lib

    assert indicator_lib.parse_target("≥95%").base_value == Decimal("0.95")
    assert indicator_lib.TargetValue is type(indicator_lib.parse_target("1"))


def test_spreadsheet_numbers_are_read_as_their_text() -> None:
    v = parse_target(95, op="≥", unit="%")  # type: ignore[arg-type]
    assert (v.raw, v.op, v.value, v.base_value) == ("95", ">=", Decimal(95), Decimal("0.95"))
    assert parse_target(None).kind == "empty"
