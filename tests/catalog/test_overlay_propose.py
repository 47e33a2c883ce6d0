"""Overlay of a provincial library, and the 先入库、后使用 gate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from indicator_lib.catalog import Catalog, Indicator, IndicatorRejectedError, load_catalog
from indicator_lib.codes import function_codes
from indicator_lib.errors import Diagnostic, IndicatorLibError

Make = Callable[..., Indicator]


@pytest.fixture
def province(data_dir: Path) -> Catalog:
    return load_catalog(data_dir / "province_anhui.csv")


def test_overlay_replaces_extends_and_reports(shipped: Catalog, province: Catalog) -> None:
    merged = shipped.overlay(province)
    assert len(merged) == len(shipped) + 2
    assert merged.lookup("SOC-011").unit == "元/人·年"
    assert [i.id for i in merged][: len(shipped)] == [i.id for i in shipped]  # replaced in place
    by_id = {(c.kind, c.id): c for c in merged.conflicts}
    unit_change = by_id[("replaced", "SOC-011")]
    # a replacing entry is taken whole: columns the province leaves out become empty
    assert set(unit_change.fields) == {"unit", "definition", "source", "fund_uses", "tags"}
    assert unit_change.severity == "warning"  # the unit changes how targets read
    retired = by_id[("replaced", "SOC-013")]
    assert "status" in retired.fields and retired.severity == "info"
    dup = by_id[("duplicate_name", "AH-208-001")]
    assert dup.base.id == "SOC-024" and dup.severity == "warning"
    assert ("duplicate_name", "AH-208-002") not in by_id
    assert len(merged.conflicts) == 3
    finding = dup.to_finding()
    assert finding.rule == "overlay_duplicate_name" and "SOC-024" in finding.message


def test_overlay_leaves_inputs_alone_and_hides_retired(shipped: Catalog, province: Catalog) -> None:
    merged = shipped.overlay(province)
    assert shipped.lookup("SOC-011").unit == "元/人·月"
    assert shipped.conflicts == ()
    ids = [i.id for i in merged.for_code("2082001")]
    assert "SOC-013" not in ids and "AH-208-002" in ids
    assert "SOC-013" in [i.id for i in merged.for_code("2082001", include_retired=True)]
    assert "SOC-013" not in [i.id for i in merged.search("扶贫临时救助标准")]


def test_overlay_of_identical_entries_has_no_conflict(shipped: Catalog) -> None:
    same = Catalog([shipped.lookup("FW-007")], name="copy")
    assert shipped.overlay(same).conflicts == ()
    assert shipped.overlay(same) == shipped


def test_overlay_conflicts_accumulate(shipped: Catalog, province: Catalog, make: Make) -> None:
    city = Catalog([make(id="SOC-011", name="农村低保标准", level2="质量指标", unit="元/人·月")], name="city")
    merged = shipped.overlay(province).overlay(city)
    assert [c.id for c in merged.conflicts].count("SOC-011") == 2
    assert merged.name == "shipped+" + str(province.name) + "+city"


# -- propose ----------------------------------------------------------------------------------


def rules(findings: list) -> set[str]:  # type: ignore[type-arg]
    return {f.rule for f in findings}


def test_a_good_indicator_has_no_findings(shipped: Catalog, make: Make) -> None:
    good = make(id="EDU-900", name="课后服务覆盖学校数", function_codes="2050202", unit="所")
    assert shipped.propose(good) == []
    assert len(shipped.with_indicator(good)) == len(shipped) + 1
    assert "EDU-900" not in shipped


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({"name": ""}, "empty_name"),
        ({"name": "  "}, "empty_name"),
        ({"name": "-"}, "placeholder_name"),
        ({"name": "*"}, "placeholder_name"),
        ({"name": "_"}, "placeholder_name"),
        ({"name": "无"}, "placeholder_name"),
        ({"name": "长" * 101}, "name_too_long"),
        ({"id": "FW-007", "name": "新指标"}, "duplicate_id"),
        ({"name": "资助学生人数", "function_codes": "2050203"}, "duplicate_name"),
        ({"name": "资助学生人数。", "function_codes": "2050203"}, "duplicate_name"),
        ({"name": "资助学生总人数", "function_codes": "205"}, "near_duplicate_name"),
        ({"name": "资助学生人数", "function_codes": "21305"}, "near_duplicate_name"),
        ({"unit": ""}, "missing_unit"),
        ({"function_codes": "2059999"}, "unknown_function_code"),
        ({"function_codes": "99901"}, "unknown_function_code"),
        ({"definition": ""}, "missing_definition"),
    ],
)
def test_each_finding_is_triggered(
    shipped: Catalog, make: Make, fields: dict[str, object], rule: str
) -> None:
    base = {"id": "NEW-1", "name": "课后服务覆盖学校数", "function_codes": "2050202", "unit": "所"}
    base.update(fields)
    findings = shipped.propose(make(**base))
    assert rule in rules(findings)
    assert all(f.message and f.message_en and f.path for f in findings)


def test_findings_not_triggered_at_the_edges(shipped: Catalog, make: Make) -> None:
    assert "name_too_long" not in rules(shipped.propose(make(id="N-1", name="长" * 100)))
    assert "placeholder_name" not in rules(shipped.propose(make(id="N-2", name="无害化处理量")))
    qualitative = make(id="N-3", name="课后服务规范性", kind="定性", unit="")
    assert "missing_unit" not in rules(shipped.propose(qualitative))
    # same name in another framework is not a duplicate
    other_fw = make(id="N-4", name="预算执行率", level1="过程", level2="资金管理")
    assert "duplicate_name" in rules(shipped.propose(other_fw))
    goal_version = make(id="N-5", name="预算执行率", level1="产出指标", level2="时效指标")
    assert "duplicate_name" not in rules(shipped.propose(goal_version))
    # a retired entry does not block its name
    retired = Catalog([make(id="OLD", name="老指标", status="retired")])
    assert rules(retired.propose(make(id="NEW", name="老指标"))) == set()


def test_errors_come_first_and_explain(shipped: Catalog, make: Make) -> None:
    findings = shipped.propose(
        make(id="FW-007", name="资助学生人数", function_codes="205", unit="", definition="")
    )
    severities = [f.severity for f in findings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    dup = next(f for f in findings if f.rule == "duplicate_name")
    assert "EDU-001" in dup.message and "EDU-001" in dup.explanation


def test_revision_with_higher_version_replaces(shipped: Catalog) -> None:
    old = shipped.lookup("EDU-001")
    new = old.model_copy(update={"version": 2, "unit": "人次"})
    findings = shipped.propose(new)
    assert [f.rule for f in findings] == ["revision"]
    revised = shipped.with_indicator(new)
    assert revised.lookup("EDU-001").version == 2 and len(revised) == len(shipped)
    assert "duplicate_id" in rules(shipped.propose(old.model_copy(update={"unit": "人次"})))


def test_with_indicator_refuses_on_errors(shipped: Catalog, make: Make) -> None:
    with pytest.raises(IndicatorRejectedError) as info:
        shipped.with_indicator(make(id="X-1", name="*", unit="", function_codes="2059999"))
    codes = {d.code for d in info.value.diagnostics}
    assert codes == {"placeholder_name", "missing_unit", "unknown_function_code"}
    assert isinstance(info.value, IndicatorLibError) and isinstance(info.value, ValueError)


def test_warnings_do_not_block(shipped: Catalog, make: Make) -> None:
    cand = make(id="X-2", name="资助学生总人数", function_codes="205", definition="")
    assert rules(shipped.propose(cand)) == {"near_duplicate_name", "missing_definition"}
    assert "X-2" in shipped.with_indicator(cand)


class _OldEdition:
    """A user's code table that only knows 205 and 20502."""

    def validate(self, code: str) -> list[Diagnostic]:
        if code in ("205", "20502"):
            return []
        return [
            Diagnostic(code="code-unknown", message="本版本中没有该科目", message_en="not in this edition")
        ]


def test_propose_uses_a_given_code_table(shipped: Catalog, make: Make) -> None:
    cand = make(id="X-3", name="课后服务覆盖学校数", function_codes="2050202")
    assert shipped.propose(cand) == []
    findings = shipped.propose(cand, codes=_OldEdition())
    assert [f.rule for f in findings] == ["unknown_function_code"]
    assert findings[0].path == "function_codes[0]"
    assert function_codes().validate("2050202") == []
