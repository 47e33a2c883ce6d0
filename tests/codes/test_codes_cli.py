"""``indicator-lib codes``: lookup, search, year, JSON, unknown codes."""

from __future__ import annotations

import json

import pytest

from indicator_lib.cli import main


def test_lookup_prints_name_level_ancestors_and_cofog(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codes", "2050203"]) == 0
    out = capsys.readouterr().out
    assert "2050203  初中教育  [项]" in out
    assert "205 教育支出 › 20502 普通教育" in out
    assert "COFOG 09.2" in out and "Secondary education" in out


def test_search(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codes", "--search", "学前"]) == 0
    assert "2050201" in capsys.readouterr().out
    assert main(["codes", "--search", "无此科目名称"]) == 1


def test_year_shows_the_rename(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codes", "210", "--year", "2018"]) == 0
    out = capsys.readouterr().out
    assert "医疗卫生与计划生育支出" in out and "卫生健康支出" in out


def test_json_outputs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codes", "2050203", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "初中教育"
    assert [a["code"] for a in data["ancestors"]] == ["205", "20502"]
    assert data["cofog"][0]["weight"] == "1"
    assert main(["codes", "--search", "学前", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["code"] == "2050201"
    assert main(["codes", "207", "210", "--json", "--year", "2018"]) == 0
    both = json.loads(capsys.readouterr().out)
    assert [d["code"] for d in both] == ["207", "210"] and all(d["rename_note"] for d in both)


def test_unknown_code_prints_did_you_mean_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codes", "2050208"]) == 2
    err = capsys.readouterr().err
    assert "error[code-unknown]" in err and "2050205" in err


def test_no_argument(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codes"]) == 2
