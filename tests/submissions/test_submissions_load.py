from __future__ import annotations

import json
from pathlib import Path

import pytest

from indicator_lib.errors import SubmissionLoadError
from indicator_lib.submissions import (
    DepartmentPlan,
    ProjectGoal,
    SelfEvaluation,
    load_submission,
    load_submissions,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
_SUBDIRS = ("goals", "self_evaluations", "excel")
_MINE = (p for sub in _SUBDIRS for p in (EXAMPLES / sub).glob("*") if p.suffix in (".json", ".yaml", ".xlsx"))
MINE = [*sorted(_MINE), EXAMPLES / "plans" / "19_yueyanglou_jiagerending.yaml"]


@pytest.mark.parametrize("path", MINE, ids=lambda p: p.name)
def test_every_example_loads(path: Path) -> None:
    doc = load_submission(path)
    expected = {"goals": ProjectGoal, "self_evaluations": SelfEvaluation, "plans": DepartmentPlan}.get(
        path.parent.name
    )
    if expected is not None:
        assert isinstance(doc, expected)
    assert doc.indicators


def test_real_defects_survive_conversion() -> None:
    doc = load_submission(EXAMPLES / "self_evaluations" / "21_suixi_linshijiuzhu.json")
    assert isinstance(doc, SelfEvaluation)
    row = doc.indicators[3]
    assert row.target is not None and row.target.op == ">=" and row.target.value == 4754
    assert row.actual is not None and row.actual.value == 4604
    assert row.declared_score == 5 and row.core
    plan = load_submission(EXAMPLES / "plans" / "19_yueyanglou_jiagerending.yaml")
    first = plan.indicators[0].target
    assert first is not None and "unit-conflict" in first.warning_codes
    ev = load_submission(EXAMPLES / "self_evaluations" / "01_chizhou_weituoyewu.yaml")
    assert isinstance(ev, SelfEvaluation)
    total, fiscal = ev.budget_row("total"), ev.budget_row("fiscal")
    assert total is not None and total.adjusted == 0
    assert fiscal is not None and str(fiscal.adjusted) == "89.974"


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def test_broken_yaml_gives_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", "kind: project_goal\nfiscal_year: 2023\nproject: {name: x\nfunds: 1\n")
    with pytest.raises(SubmissionLoadError) as info:
        load_submission(path)
    diag = info.value.diagnostics[0]
    assert diag.code == "bad-yaml" and diag.file == str(path) and diag.line is not None and diag.line >= 3
    assert "YAML" in diag.message and diag.message_en.startswith("invalid YAML")


def test_broken_json_gives_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", '{"kind": "project_goal",\n "fiscal_year": 2023,,\n}')
    with pytest.raises(SubmissionLoadError) as info:
        load_submission(path)
    diag = info.value.diagnostics[0]
    assert (diag.code, diag.line, diag.column) == ("bad-json", 2, 22)
    assert "2:22" in str(info.value)


def test_wrong_types_name_the_field_and_line(tmp_path: Path) -> None:
    text = (
        "kind: project_goal\nfiscal_year: 2023\nproject:\n  项目名称: x\nindicators:\n"
        "  - {name: a, target: ≥1个}\n  - {name: b, 分值: 很多}\n"
    )
    with pytest.raises(SubmissionLoadError) as info:
        load_submission(write(tmp_path, "types.yaml", text))
    diag = info.value.diagnostics[0]
    assert diag.field == "indicators[1].weight"
    assert diag.line == 7
    assert "分值" in diag.message and "很多" in diag.message
    assert "number" in diag.message_en


def test_missing_required_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "missing.json", json.dumps({"kind": "self_evaluation", "project": {}}))
    with pytest.raises(SubmissionLoadError) as info:
        load_submission(path)
    fields = {d.field for d in info.value.diagnostics}
    assert fields == {"fiscal_year", "project.name"}
    assert all(d.code == "missing-field" and d.file == str(path) for d in info.value.diagnostics)
    assert "Traceback" not in str(info.value)


def test_missing_and_unknown_kind() -> None:
    with pytest.raises(SubmissionLoadError) as info:
        load_submission({"fiscal_year": 2023, "project": {"name": "x"}})
    assert info.value.code == "missing-kind"
    assert isinstance(
        load_submission({"fiscal_year": 2023, "project": {"name": "x"}}, kind="project_goal"), ProjectGoal
    )
    with pytest.raises(SubmissionLoadError) as info:
        load_submission({"kind": "budget", "fiscal_year": 2023})
    assert info.value.code == "unknown-kind"


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # a sparse 50 MB file: instant to make
    with pytest.raises(SubmissionLoadError) as info:
        load_submission(path)
    assert info.value.code == "file-too-large"
    small = write(
        tmp_path,
        "small.json",
        json.dumps({"kind": "project_goal", "fiscal_year": 2023, "project": {"name": "x"}}),
    )
    with pytest.raises(SubmissionLoadError):
        load_submission(small, max_bytes=10)


def test_nonexistent_path_and_folder_and_suffix(tmp_path: Path) -> None:
    for source, code in ((tmp_path / "nope.json", "file-not-found"), (tmp_path, "is-a-directory")):
        with pytest.raises(SubmissionLoadError) as info:
            load_submission(source)
        assert info.value.code == code
    with pytest.raises(SubmissionLoadError) as info:
        load_submission(write(tmp_path, "x.csv", "a,b"))
    assert info.value.code == "unsupported-format"


def test_gb18030_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "gbk.json"
    path.write_bytes(
        json.dumps(
            {"kind": "project_goal", "fiscal_year": 2023, "project": {"项目名称": "临时救助"}},
            ensure_ascii=False,
        ).encode("gb18030")
    )
    assert load_submission(path).project.name == "临时救助"  # type: ignore[union-attr]


def test_batch_reports_each_bad_file_and_loads_the_rest(tmp_path: Path) -> None:
    good = {"kind": "project_goal", "fiscal_year": 2023, "project": {"name": "x"}}
    write(tmp_path, "a_good.json", json.dumps(good))
    write(tmp_path, "b_bad.yaml", "kind: [\n")
    write(tmp_path, "c_types.json", json.dumps({**good, "fiscal_year": "明年"}))
    write(
        tmp_path,
        "d_many.yaml",
        "kind: project_goal\nfiscal_year: 2023\nproject: {name: y}\n---\nkind: nope\n",
    )
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "e_list.json", json.dumps([good, good]))
    with (tmp_path / "f_huge.json").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    result = load_submissions(tmp_path)
    assert sorted(Path(d.source).name for d in result.documents) == [
        "a_good.json",
        "d_many.yaml#0",
        "e_list.json#0",
        "e_list.json#1",
    ]
    assert {Path(k).name: e.code for k, e in result.errors.items()} == {
        "b_bad.yaml": "bad-yaml",
        "c_types.json": "not-a-number",
        "d_many.yaml#1": "unknown-kind",
        "f_huge.json": "file-too-large",
    }
    assert not result.ok and len(result) == 4 and len(list(result)) == 4
    with pytest.raises(SubmissionLoadError) as info:
        result.raise_errors()
    assert len(info.value.diagnostics) == len(result.diagnostics()) >= 4


def test_model_passes_through() -> None:
    doc = load_submission({"kind": "project_goal", "fiscal_year": 2023, "project": {"name": "x"}})
    assert load_submission(doc) is doc
