"""The monitor, sample and ex-ante commands: text and JSON output, exit status, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indicator_lib.cli import main

ROOT = Path(__file__).resolve().parents[2] / "examples"


def test_monitor_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(ROOT / "monitoring" / "jiaoyu_zizhu_2024_07.yaml")
    assert main(["monitor", path, "--month", "7"]) == 1  # the project light is red
    out = capsys.readouterr().out
    assert "项目灯 / project: 红" in out and "[红] indicators[1] 资助宣传活动场次" in out
    assert main(["monitor", path, "--month", "12", "--json"]) in (0, 1)
    data = json.loads(capsys.readouterr().out)
    assert data["month"] == 12 and len(data["indicators"]) == 8


def test_monitor_bad_month(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(ROOT / "monitoring" / "jiaoyu_zizhu_2024_07.yaml")
    assert main(["monitor", path, "--month", "13"]) == 2
    err = capsys.readouterr().err
    assert "bad-month" in err and "1 到 12" in err and "Traceback" not in err
    with pytest.raises(SystemExit):
        main(["monitor", path, "--month", "七月"])


def test_sample_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(ROOT / "self_evaluations")
    args = ["sample", folder, "--ratio", "0.3", "--money-ratio", "0.4", "--seed", "2026"]
    assert main(args) == 0
    assert "数量与金额比例均已达到" in capsys.readouterr().out
    assert main([*args, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main([*args, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["items"] == first["items"]
    assert first["met"] is True and first["count"] >= 2
    assert main(["sample", folder, "--ratio", "0.5", "--seed", "1", "--max-count", "1"]) == 1
    assert "未达到 / not met" in capsys.readouterr().out


def test_ex_ante(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(ROOT / "ex_ante" / "shequ_yanglao_2025.yaml")
    assert main(["ex-ante", path]) == 0
    assert "结论 / conclusion: 予以支持" in capsys.readouterr().out
    assert main(["ex-ante", path, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["conclusion"] == "予以支持"
