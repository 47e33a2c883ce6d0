"""Golden rows: each direction rule, band, unit case and row finding, as data (data/golden_rows.yaml)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import yaml

from indicator_lib.scoring import score_self_evaluation
from tests.scoring.conftest import DATA, self_evaluation

CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "golden_rows.yaml").read_text(encoding="utf-8"))

ROW_KEYS = {"declared": "declared_score"}


def _num(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_row(case: dict[str, Any]) -> None:
    row = {ROW_KEYS.get(k, k): v for k, v in case["row"].items()}
    report = score_self_evaluation(self_evaluation([row]), ruleset=case.get("ruleset"))
    scored = report.rows[0]
    expect = case["expect"]
    assert scored.kind == expect["kind"]
    if "computed" in expect:
        assert scored.computed == _num(expect["computed"])
        if expect["computed"] is not None:
            assert str(scored.computed) == expect["computed"]
    if "band" in expect:
        assert scored.band == tuple(Decimal(b) for b in expect["band"])
    elif expect["kind"] != "定性":
        assert scored.band is None
    if "points" in expect:
        assert scored.points == _num(expect["points"])
    row_findings = sorted(f.rule for f in report.findings if f.path == "indicators[0]")
    assert row_findings == sorted(expect["rules"])
    assert list(scored.rules) == [f.rule for f in report.findings if f.path == "indicators[0]"]


def test_every_row_finding_id_has_a_golden_case() -> None:
    covered = {rule for case in CASES for rule in case["expect"]["rules"]}
    assert covered == {
        "declared_above_rule",
        "declared_below_rule",
        "qualitative_out_of_band",
        "actual_missing",
        "actual_not_comparable",
        "unit_mismatch",
        "deviation_unexplained",
    }
