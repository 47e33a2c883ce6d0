from __future__ import annotations

import json
from pathlib import Path

import pytest

from indicator_lib.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["catalog", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_catalog_for_code_groups_by_levels(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "2050203")
    assert status == 0
    assert out.splitlines()[0] == "2050203  教育支出 › 普通教育 › 初中教育"
    assert "【绩效目标】" in out and "【重点评价】" in out and "【部门整体】" in out
    goal = out.index("【绩效目标】")
    assert out.index("  产出指标", goal) < out.index("    数量指标", goal) < out.index("EDU-003", goal)
    assert out.index("EDU-003") < out.index("GEN-001")  # keyed to the 项 before common ones


def test_catalog_for_code_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "2081902", "--json", "--no-common")
    data = json.loads(out)
    assert status == 0 and data["code"] == "2081902" and data["name"] == "农村最低生活保障金支出"
    assert data["indicators"][0]["id"] == "SOC-001"
    assert all(i["function_codes"] for i in data["indicators"])


def test_catalog_search(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--search", "满意度", "--limit", "5")
    assert status == 0 and len(out.splitlines()) == 5 and all("满意" in line for line in out.splitlines())
    status, out, _ = run(capsys, "--search", "满意度", "--json")
    assert json.loads(out)["query"] == "满意度"
    status, out, _ = run(capsys, "--search", "量子计算机")
    assert status == 1


def test_catalog_show_one_and_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--id", "FW-007")
    assert status == 0 and "资金到位率=（实际到位资金/预算资金）×100%" in out
    status, _, err = run(capsys, "--id", "FW-07")
    assert status == 2 and "FW-007" in err and "Traceback" not in err


def test_catalog_bad_code_is_a_diagnostic(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "20x")
    assert status == 2 and "error[bad-function-code]" in err


def test_catalog_user_file_and_overlay(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    path = str(data_dir / "province_anhui.csv")
    status, out, _ = run(capsys, "2082001", "--file", path, "--json")
    assert {i["id"] for i in json.loads(out)["indicators"]} == {"AH-208-001", "AH-208-002"}
    status, out, _ = run(capsys, "2082001", "--overlay", path)
    assert status == 0 and "warning[overlay_duplicate_name]" in out and "AH-208-002" in out
    status, _, err = run(capsys, "205", "--file", str(data_dir / "bad_rows.csv"))
    assert status == 2 and "bad_rows.csv:3:6 [指标方向]" in err


def test_catalog_summary(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys)
    assert status == 0 and "重点评价" in out and "205" in out
    status, out, _ = run(capsys, "--json")
    assert json.loads(out)["indicators"] >= 150
