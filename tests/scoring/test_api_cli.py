"""The public API (inputs, batches, bad input, custom rulesets) and the ``indicator-lib score`` CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from indicator_lib.cli import main
from indicator_lib.errors import RuleCheckError, RuleSyntaxError, SubmissionLoadError
from indicator_lib.scoring import ScoreReport, render_html, score_many, score_self_evaluation, scoring_ruleset
from indicator_lib.submissions import load_submission
from tests.scoring.conftest import DATA, self_evaluation, standard_rows

REAL = DATA / "real"
T21 = REAL / "21_suixi_linshijiuzhu.json"


def test_model_dict_and_path_give_the_same_scores() -> None:
    by_path = score_self_evaluation(T21)
    by_model = score_self_evaluation(load_submission(T21))
    raw = json.loads(T21.read_text(encoding="utf-8"))
    raw.pop("kind")
    by_dict = score_self_evaluation(raw)
    assert by_path.source == str(T21) and by_model.source == "<model>" and by_dict.source == "<dict>"
    for other in (by_model, by_dict):
        assert other.total == by_path.total
        assert [(f.rule, f.path) for f in other.findings] == [(f.rule, f.path) for f in by_path.findings]


def test_report_serialises_and_explains() -> None:
    report = score_self_evaluation(T21)
    data = report.model_dump(mode="json")
    assert data["rows"][3]["computed"] == "4.84" and data["total"] == "88.84"
    assert ScoreReport.model_validate(data) == report
    assert "4604" in report.rows[3].explanation
    assert report.flagged_first()[0].path == "indicators[3]"
    assert report.row_of(report.by_rule("declared_above_rule")[0]) == report.rows[3]
    assert not report.passed


def test_findings_are_sorted_errors_first() -> None:
    report = score_self_evaluation(T21)
    ranks = [{"error": 0, "warning": 1, "info": 2}[f.severity] for f in report.findings]
    assert ranks == sorted(ranks)


def test_not_a_self_evaluation() -> None:
    goal = {"kind": "project_goal", "fiscal_year": 2024, "project": {"name": "x"}}
    with pytest.raises(SubmissionLoadError) as err:
        score_self_evaluation(goal)
    assert err.value.diagnostics[0].code == "not-a-self-evaluation"


def test_bad_document_names_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"kind": "self_evaluation", "project": {"name": "x"}}), encoding="utf-8")
    with pytest.raises(SubmissionLoadError) as err:
        score_self_evaluation(bad)
    assert any(d.field and "fiscal_year" in d.field for d in err.value.diagnostics)


def test_score_many_over_a_folder_keeps_going(tmp_path: Path) -> None:
    for path in REAL.iterdir():
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    reports = score_many(tmp_path)
    assert len(reports) == 7
    broken = [r for r in reports if not r.loaded]
    assert len(broken) == 1 and broken[0].findings[0].rule == "load_error"
    assert [r.source for r in reports] == sorted(r.source for r in reports)
    mixed = score_many([self_evaluation(standard_rows()), {"kind": "project_goal"}])
    assert mixed[0].loaded and not mixed[1].loaded


def test_rulesets_by_name_text_file_and_compiled(tmp_path: Path) -> None:
    text = 'ruleset "宽松" version "1"\nextends "self_evaluation"\nlet 得分容差 = 0.2\n'
    path = tmp_path / "loose.rules"
    path.write_text(text, encoding="utf-8")
    for ruleset in (text, str(path), scoring_ruleset(text)):
        report = score_self_evaluation(T21, ruleset=ruleset)
        assert report.ruleset == "宽松"
        assert [f.path for f in report.by_rule("declared_above_rule")] == ["indicators[7]"]  # 0.16 tolerated
    assert scoring_ruleset("self_evaluation") is scoring_ruleset("self_evaluation")


def test_bad_rulesets() -> None:
    with pytest.raises(RuleCheckError) as err:
        scoring_ruleset("self_evalution")
    assert "self_evaluation" in str(err.value)
    with pytest.raises(RuleSyntaxError):
        scoring_ruleset('ruleset "x"\nextends "self_evaluation"\nlet a = = 1\n')


def test_html_is_self_contained_and_escaped() -> None:
    doc = self_evaluation([{"name": "<script>x</script>", "target": "≥1人", "actual": "0人", "weight": 90}])
    html = render_html([score_self_evaluation(doc), score_self_evaluation(T21)])
    assert "<script>x" not in html and "&lt;script&gt;" in html
    assert "declared_above_rule" in html and "4.84" in html and "http" not in html


def test_cli_table_and_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(T21)]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("[良] 计算 88.84")
    assert "declared_above_rule" in lines[3]  # the flagged rows come first, after the budget line
    clean = REAL / "07_lijiang_weipian.json"
    assert main(["score", str(clean), "--min-severity", "error"]) == 0
    assert "warning[declared_below_rule]" not in capsys.readouterr().out


def test_cli_json_html_summary_and_ruleset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_html = tmp_path / "r.html"
    assert (
        main(["score", str(REAL), "--json", "--html", str(out_html), "--ruleset", "self_evaluation_sichuan"])
        == 1
    )
    payload = json.loads(capsys.readouterr().out)
    assert len(payload) == 6 and {p["ruleset"] for p in payload} == {"self_evaluation_sichuan"}
    assert out_html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    main(["score", str(REAL)])
    out = capsys.readouterr().out
    assert "问题合计 / findings:" in out and "declared_above_rule 2" in out


def test_cli_unknown_ruleset_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(T21), "--ruleset", "nope"]) == 2
    assert "nope" in capsys.readouterr().err


def test_the_rules_blocks_in_docs_compile() -> None:
    text = (Path(__file__).parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")
    blocks = [part.split("```", 1)[0] for part in text.split("```rules\n")[1:]]
    assert blocks
    rows = standard_rows()[:4]
    rows[3] = {**rows[3], "weight": 40}  # no 满意度 indicator: its 10 points moved to 效益
    for block in blocks:
        ruleset = scoring_ruleset(block)
        report = score_self_evaluation(self_evaluation(rows), ruleset=ruleset)
        assert [f.rule for f in report.findings] == ["no_satisfaction"]
