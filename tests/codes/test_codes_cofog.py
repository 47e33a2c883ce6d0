"""The COFOG crosswalk: weights sum to 1, fallbacks from 项 to 款 to 类, bad crosswalk files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicator_lib._resources import catalogs_dir
from indicator_lib.codes import cofog_for, shipped_function_codes
from indicator_lib.codes._cofog import read_crosswalk
from indicator_lib.errors import CatalogLoadError, CatalogLookupError

TABLE = shipped_function_codes()
FOLDER = catalogs_dir() / "function_codes"


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([fc.code for fc in TABLE]))
def test_every_shipped_code_maps_and_weights_sum_to_one(code: str) -> None:
    shares = cofog_for(code)
    assert shares
    assert sum((s.weight for s in shares), Decimal(0)) == Decimal(1)
    assert all(isinstance(s.weight, Decimal) and s.name_en for s in shares)
    assert code.startswith(shares[0].mapped_from)


def test_examples_from_the_brief_and_fallbacks() -> None:
    assert [(s.cofog, s.weight) for s in cofog_for("210")] == [("07", Decimal(1))]
    assert [s.cofog for s in cofog_for("20805")] == ["10.2"]
    assert cofog_for("2080505")[0].mapped_from == "20805"
    assert cofog_for("2010101")[0].mapped_from == "20101"
    assert cofog_for("2120102")[0].mapped_from == "21201"
    assert [s.cofog for s in cofog_for("2050203")] == ["09.2"]
    multi = cofog_for("20502")
    assert len(multi) == 3 and sum(s.weight for s in multi) == 1


def test_every_class_is_mapped_itself() -> None:
    for fc in TABLE:
        if fc.level == "类":
            assert cofog_for(fc.code)[0].mapped_from == fc.code


@pytest.mark.parametrize("code", ["2", "20x", "299", "2990101"])
def test_bad_or_unmapped_code_raises(code: str) -> None:
    with pytest.raises(CatalogLookupError):
        cofog_for(code)


def test_a_broken_crosswalk_is_rejected_with_located_errors(tmp_path: Path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text(
        "code,cofog,weight,note\n205,09,0.5,\n206,99.9,1,\n207,08,abc,\n20x,08,1,\n", encoding="utf-8"
    )
    with pytest.raises(CatalogLoadError) as info:
        read_crosswalk(bad, FOLDER / "cofog_classification.csv")
    assert {(d.code, d.line) for d in info.value.diagnostics} == {
        ("crosswalk-unknown-cofog", 3),
        ("crosswalk-bad-weight", 4),
        ("crosswalk-bad-code", 5),
        ("crosswalk-weights-sum", 2),
    }
