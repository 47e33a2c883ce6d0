"""The ``indicator-lib graph`` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from indicator_lib.cli import main
from tests.graph.graph_support import DATA


def test_clean_plan_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(DATA / "clean.yaml")]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "100.00%" in captured.err


def test_problem_plan_prints_findings_and_writes_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outs = {ext: tmp_path / f"plan.{ext}" for ext in ("svg", "html", "dot", "graphml")}
    argv = ["graph", str(DATA / "problems.yaml")]
    for ext, path in outs.items():
        argv += [f"--{ext}", str(path)]
    assert main(argv) == 1
    out = capsys.readouterr().out
    assert "error[project_without_task] projects[4]:" in out
    assert "warning[task_without_project]" in out
    for path in outs.values():
        assert path.stat().st_size > 500


def test_json_and_english_output(capsys: pytest.CaptureFixture[str]) -> None:
    main(["graph", str(DATA / "problems.yaml"), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert {"nodes", "edges", "findings", "coverage"} <= set(data)
    main(["graph", str(DATA / "problems.yaml"), "--english"])
    assert "serves no task" in capsys.readouterr().out


def test_unreadable_plan_is_a_diagnostic_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "kind: department_plan\nfiscal_year: 2024\ndepartment: {name: x}\ntasks: [{id: T1, budget: 十万}]\n",
        encoding="utf-8",
    )
    assert main(["graph", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "bad.yaml" in err


def test_cli_parser_does_not_import_networkx() -> None:
    code = (
        "import sys; from indicator_lib.cli import build_parser; build_parser(); "
        "print('networkx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
