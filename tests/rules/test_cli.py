"""The ``indicator-lib rules`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indicator_lib.cli import main

RULES = """\
ruleset "自评" version "1"
input SelfEval
let 执行率 = ratio(self.executed, self.budget)
score budget_execution "预算执行率" max 10 = min(执行率, 1) * 10
check missing "指标值完整" for i in self.indicators = i.target is not null message "「{i.name}」缺指标值"
"""
MODEL = "tests.rules.models:SelfEval"


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    rules = tmp_path / "se.rules"
    rules.write_text(RULES, encoding="utf-8")
    data = tmp_path / "d.json"
    data.write_text(
        json.dumps({"budget": 90, "executed": 89.974, "indicators": [{"name": "a"}]}), encoding="utf-8"
    )
    return rules, data


def test_check_ok(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check", str(files[0]), "--input", MODEL]) == 0
    assert "ok" in capsys.readouterr().out


def test_check_renders_diagnostics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.rules"
    bad.write_text("input SelfEval\nscore s = self.bugdet + 1\n", encoding="utf-8")
    assert main(["rules", "check", str(bad), "--input", MODEL]) == 2
    err = capsys.readouterr().err
    assert "bad.rules:2:16: error[unknown-field]" in err and "^^^" in err and "budget" in err


def test_run_text_and_json(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "run", str(files[0]), str(files[1]), "--input", MODEL, "--explain"]) == 1
    out = capsys.readouterr().out
    assert "预算执行率 = min(ratio(89.974, 90), 1) × 10 = 9.9971…" in out
    assert main(["rules", "run", str(files[0]), str(files[1]), "--input", MODEL, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["findings"][0]["message"] == "「a」缺指标值"


def test_run_bad_json(files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    assert main(["rules", "run", str(files[0]), str(bad), "--input", MODEL]) == 2
    assert "bad-json" in capsys.readouterr().err


def test_fmt_prints_canonical_text(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "fmt", str(files[0])]) == 0
    assert capsys.readouterr().out.startswith('ruleset "自评" version "1"\ninput SelfEval\n')


def test_extends_finds_sibling_files(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    child = files[0].parent / "child.rules"
    child.write_text('extends "se"\ndrop missing\n', encoding="utf-8")
    assert main(["rules", "run", str(child), str(files[1]), "--input", MODEL]) == 0
