"""The ``indicator-lib target`` command."""

from __future__ import annotations

import json

import pytest

from indicator_lib.cli import main


def test_human_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["target", "≥95%"]) == 0
    out = capsys.readouterr().out
    assert "quantitative" in out
    assert "0.95 ratio" in out


def test_json_split_form(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["target", "95", "--op", "≥", "--unit", "百分比", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "quantitative"
    assert (data["op"], data["value"], data["unit"], data["base_value"]) == (">=", "95", "%", "0.95")


def test_year_resolves_relative_dates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["target", "年底前", "--year", "2024", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["kind"], data["op"], data["end"]) == ("period", "<=", "2024-12-31")


def test_warnings_are_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["target", "28.8万元", "--unit", "%"]) == 0
    assert "warning[unit-conflict]" in capsys.readouterr().out


def test_compare_with_actual(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["target", "≤100万元", "--actual", "89.974", "--actual-unit", "万元", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["comparison"]["outcome"] == "met"
    assert data["comparison"]["ratio"] == "0.899740"


def test_several_values_as_a_json_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["target", "是", "—", "效果明显", "--json"]) == 0
    kinds = [d["kind"] for d in json.loads(capsys.readouterr().out)]
    assert kinds == ["boolean", "empty", "qualitative"]
