"""review_goal inputs, review_many batches, a province's ruleset, the HTML report and the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from indicator_lib.cli import main
from indicator_lib.errors import SubmissionLoadError
from indicator_lib.review import ReviewReport, render_html, review_goal, review_many

from .conftest import DATA, good


def test_model_dict_and_path_agree(tmp_path: Path, catalog: Any) -> None:
    from indicator_lib.submissions import load_submission

    path = tmp_path / "goal.json"
    doc = good()
    doc["indicators"][0]["target"] = "1200人"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    by_dict = review_goal(doc, catalog=catalog)
    by_path = review_goal(path, catalog=catalog)
    by_model = review_goal(load_submission(doc), catalog=catalog)
    assert by_dict.findings == by_path.findings == by_model.findings
    assert by_dict.score == by_path.score == by_model.score
    assert by_path.source == str(path)


def test_unknown_keys_are_info_findings(catalog: Any) -> None:
    doc = good()
    doc["联系人"] = "张三"
    doc["indicators"][1]["指标解释2"] = "发放准确"
    report = review_goal(doc, catalog=catalog)
    unknown = {f.path for f in report.findings if f.rule == "unknown_field"}
    assert unknown == {"联系人", "indicators[1].指标解释2"}
    assert all(f.severity == "info" for f in report.findings)
    assert report.conclusion == "优"


def test_self_evaluation_is_not_a_goal_table() -> None:
    doc = {"kind": "self_evaluation", "fiscal_year": 2023, "project": {"name": "x"}}
    with pytest.raises(SubmissionLoadError) as info:
        review_goal(doc)
    assert info.value.code == "not-a-goal"


def test_bad_dict_raises_located_error() -> None:
    doc = good()
    doc["fiscal_year"] = "明年"
    with pytest.raises(SubmissionLoadError) as info:
        review_goal(doc)
    assert any(d.field == "fiscal_year" for d in info.value.diagnostics)


def test_empty_table_is_vetoed() -> None:
    doc = {"kind": "project_goal", "fiscal_year": 2024, "project": {"name": "空表"}}
    report = review_goal(doc)
    assert report.conclusion == "差"
    assert report.consequence == "不予安排预算"
    assert {"goal_missing", "no_output_indicator", "too_few_indicators"} <= {f.rule for f in report.findings}


def test_error_caps_conclusion_at_liang(catalog: Any) -> None:
    doc = good()
    doc["indicators"][0]["target"] = "≥1200"  # missing unit: one error, 3 points
    report = review_goal(doc, catalog=catalog)
    assert report.score == 89
    assert report.conclusion == "良"
    assert report.consequence == "完善后纳入预算"
    assert report.dimensions["完整性"].score == 27
    assert report.dimensions["完整性"].max == 30


def test_findings_grouped_by_dimension(catalog: Any) -> None:
    doc = good()
    doc["goals"] = {}
    doc["indicators"][1]["target"] = "28.8万元"
    doc["indicators"][1]["unit"] = "%"
    report = review_goal(doc, catalog=catalog)
    groups = report.by_dimension()
    assert [f.rule for f in groups["完整性"]] == ["goal_missing"]
    assert "unit_conflict" in [f.rule for f in groups["可行性"]]


PROVINCE = """
ruleset "某省绩效目标审核" version "2025"
extends "goal_review"

let 三级指标下限 = 8

grade 审核得分
  >= 85: "优"
  >= 70: "良"
  >= 60: "中"
  else:  "差"
"""


def test_province_ruleset_extends_goal_review(catalog: Any) -> None:
    report = review_goal(good(), catalog=catalog, ruleset=PROVINCE)
    assert "too_few_indicators" in {f.rule for f in report.findings}  # 6 < 8
    assert sum(d.score for d in report.dimensions.values() if d.score is not None) == 95
    assert report.score == 89  # an error caps the score at 89
    assert report.conclusion == "优"  # the province's band: >= 85


def test_review_many_reports_bad_files_and_reviews_the_rest(tmp_path: Path, catalog: Any) -> None:
    (tmp_path / "a_good.json").write_text(json.dumps(good(), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "b_broken.yaml").write_text("kind: project_goal\nfiscal_year: [2024\n", encoding="utf-8")
    (tmp_path / "c_bad.json").write_text('{"kind": "project_goal", "fiscal_year": 2024}', encoding="utf-8")
    reports = review_many([tmp_path], catalog=catalog)
    assert [Path(r.source).name for r in reports] == ["a_good.json", "b_broken.yaml", "c_bad.json"]
    assert reports[0].conclusion == "优"
    for bad in reports[1:]:
        assert bad.conclusion is None and not bad.loaded
        assert bad.findings and all(f.rule == "load_error" for f in bad.findings)
    mixed = review_many([good(), {"kind": "nonsense"}], catalog=catalog)
    assert mixed[0].conclusion == "优" and mixed[1].conclusion is None


def test_html_is_self_contained() -> None:
    reports = review_many(sorted(DATA.glob("real_*.yaml")))
    html = render_html(reports)
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert "<link" not in html and "src=" not in html
    assert "28.8万元" in html and "业务工作支出安排金额" in html  # the row's cells are shown
    assert "可行性" in html and "岳阳楼区价格认证鉴定中心" in html
    one = render_html(reports[0])
    assert "<table><tr><th>#</th>" not in one  # no summary for a single report


def test_html_escapes_text(catalog: Any) -> None:
    doc = good()
    doc["project"]["name"] = "<b>项目</b>"
    doc["indicators"][0]["name"] = "<script>alert(1)</script>"
    html = render_html(review_goal(doc, catalog=catalog))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_report_round_trips_json(catalog: Any) -> None:
    doc = good()
    doc["indicators"][0]["target"] = "*"
    report = review_goal(doc, catalog=catalog)
    again = ReviewReport.model_validate_json(report.model_dump_json())
    assert again == report


# ---- CLI -----------------------------------------------------------------------------------------


def test_cli_folder_summary_and_exit_status(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    status = main(["review", str(DATA), "--html", str(html)])
    out = capsys.readouterr().out
    assert status == 0  # no 差 among the real tables
    assert "[中]" in out and "unit_conflict" in out
    assert "合计" in out  # summary table for a folder
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_exit_one_on_cha(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text(
        '{"kind": "project_goal", "fiscal_year": 2024, "project": {"name": "空表"}}', encoding="utf-8"
    )
    assert main(["review", str(path)]) == 1
    assert "[差]" in capsys.readouterr().out


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["review", str(DATA / "real_16b_jichusheshi.yaml"), "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert status == 0
    assert payload[0]["conclusion"] == "良"
    assert {f["rule"] for f in payload[0]["findings"]} >= {"missing_unit"}


def test_cli_unreadable_file_exits_one(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("kind: [", encoding="utf-8")
    assert main(["review", str(path), "--min-severity", "error"]) == 1
    assert "无法审核" in capsys.readouterr().out


def test_explain_off_keeps_findings_and_score(catalog: Any) -> None:
    doc = good()
    doc["indicators"][0]["target"] = "1200"
    full = review_goal(doc, catalog=catalog)
    fast = review_goal(doc, catalog=catalog, explain=False)
    assert [(f.rule, f.path, f.severity, f.message) for f in fast.findings] == [
        (f.rule, f.path, f.severity, f.message) for f in full.findings
    ]
    assert fast.score == full.score and fast.conclusion == full.conclusion
    assert any(f.explanation for f in full.findings)


def test_strict_with_own_ruleset_raises_severity_only(catalog: Any) -> None:
    doc = good()
    doc["indicators"][0]["name"] = "受助学生人数"
    report = review_goal(doc, catalog=catalog, ruleset=PROVINCE, strict=True)
    (finding,) = [f for f in report.findings if f.rule == "indicator_not_in_catalog"]
    assert finding.severity == "error"


def test_catalogs_do_not_leak_between_threads(catalog: Any) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from indicator_lib.catalog import Catalog

    empty = Catalog([], name="empty")
    doc = good()
    doc["indicators"][0]["name"] = "受助学生人数"

    def run(cat: Any) -> bool:
        return any(f.rule == "indicator_not_in_catalog" for f in review_goal(doc, catalog=cat).findings)

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(run, [catalog, empty] * 8))
    assert results == [True, False] * 8


def test_cli_strict_and_ruleset_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = good()
    doc["indicators"][0]["name"] = "一个库里没有的指标名称"
    path = tmp_path / "goal.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    rules = tmp_path / "province.rules"
    rules.write_text(PROVINCE, encoding="utf-8")
    assert main(["review", str(path), "--strict", "--min-severity", "error"]) == 0
    out = capsys.readouterr().out
    assert "error[indicator_not_in_catalog]" in out and "[良]" in out
    assert main(["review", str(path), "--ruleset", str(rules)]) == 0
    assert "too_few_indicators" in capsys.readouterr().out


def test_cli_bad_ruleset_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["review", str(DATA / "real_27_nongcunwenhua.yaml"), "--ruleset", "no_such_ruleset"])
    assert status == 2
    assert "unknown-ruleset" in capsys.readouterr().err


def test_self_evaluations_in_a_folder_are_skipped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "goal.json").write_text(json.dumps(good(), ensure_ascii=False), encoding="utf-8")
    selfeval = {"kind": "self_evaluation", "fiscal_year": 2023, "project": {"name": "自评项目"}}
    (tmp_path / "selfeval.json").write_text(json.dumps(selfeval, ensure_ascii=False), encoding="utf-8")
    reports = review_many([tmp_path])
    assert [r.skipped for r in reports] == [False, True]
    assert reports[1].findings[0].rule == "not_a_goal"
    assert main(["review", str(tmp_path)]) == 0
    assert "[跳过]" in capsys.readouterr().out
