"""Every ```rules block of the tutorial (docs/rules-language.md) compiles; every ```rules-error fails.

The input types are the tutorial's own ``# tutorial-model`` Python block, executed here, so the page
and the test cannot drift apart. The worked example (the whole 10号 ruleset on the page's JSON) is
evaluated and its numbers checked by hand.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

rules = pytest.importorskip("indicator_lib.rules")
if not hasattr(rules, "compile_rules"):  # pragma: no cover - only while the core is being written
    pytest.skip("the rules core is not there yet", allow_module_level=True)

from indicator_lib.errors import RuleCheckError, RuleError, RuleSyntaxError  # noqa: E402

TUTORIAL = Path(__file__).parent.parent.parent / "docs" / "rules-language.md"
TEXT = TUTORIAL.read_text(encoding="utf-8")
NATIONAL = "项目支出绩效自评"


def blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", TEXT, flags=re.S | re.M)


def tutorial_models() -> dict[str, Any]:
    (source,) = [b for b in blocks("python") if b.startswith("# tutorial-model")]
    namespace: dict[str, Any] = {"__name__": "tutorial_model"}
    exec(compile(source, str(TUTORIAL), "exec"), namespace)
    return namespace


MODELS = tutorial_models()
RECORD = MODELS["自评表"]
RULES_BLOCKS = blocks("rules")
ERROR_BLOCKS = blocks("rules-error")


def compile_block(text: str, name: str) -> Any:
    return rules.compile_rules(text, input=RECORD, name=name)


def national_text() -> str:
    (text,) = [
        b for b in RULES_BLOCKS if f'ruleset "{NATIONAL}"' in b and "grade total" in b and "table" in b
    ]
    return text


def test_the_tutorial_has_its_blocks() -> None:
    assert len(RULES_BLOCKS) >= 12
    assert len(ERROR_BLOCKS) >= 8


@pytest.mark.parametrize("index", range(len(RULES_BLOCKS)))
def test_rules_block_compiles(index: int) -> None:
    text = RULES_BLOCKS[index]
    if "extends" in text:
        pytest.skip("variants are compiled against their parent in test_provincial_variants")
    compile_block(text, f"docs-block-{index}")


@pytest.mark.parametrize("index", range(len(ERROR_BLOCKS)))
def test_rules_error_block_fails(index: int) -> None:
    with pytest.raises((RuleSyntaxError, RuleCheckError)) as info:
        compile_block(ERROR_BLOCKS[index], f"docs-error-{index}")
    assert isinstance(info.value, RuleError)
    assert info.value.diagnostics
    assert all(d.line is not None and d.code for d in info.value.diagnostics)


def example_record() -> dict[str, Any]:
    (data,) = blocks("json")
    loaded: dict[str, Any] = json.loads(data)
    return loaded


def test_worked_example_scores() -> None:
    result = compile_block(national_text(), "自评.rules").evaluate(example_record())
    values = {(s.id, s.path): s.value for s in result.scores}
    assert values[("budget_execution", None)] == Decimal("10.00") or values.get(
        ("budget_execution", "")
    ) == Decimal("10.00")
    by_path = {path: value for (sid, path), value in values.items() if sid != "budget_execution"}
    assert by_path == {
        "indicators[0]": Decimal("20"),
        "indicators[1]": Decimal("14.21"),  # 0.9 / 0.95 × 15 = 14.2105…
        "indicators[2]": Decimal("15"),
        "indicators[3]": Decimal("13.80"),  # (1 − (8.1 − 7.5) / 7.5) × 15
        "indicators[4]": Decimal("14"),  # 定性: declared 14 inside [12, 15]
        "indicators[5]": Decimal("10"),
    }
    assert result.total == Decimal("97.01")
    assert result.grade == "优"
    assert result.passed
    assert [f.rule for f in result.findings] == []


def test_null_handling_in_the_worked_example() -> None:
    record = example_record()
    record["budget"] = 0
    del record["indicators"][1]["actual"]
    record["indicators"][3]["actual"] = 20  # ≥ 2 × 7.5 → 0, and over 130% without an explanation
    result = compile_block(national_text(), "自评.rules").evaluate(record)
    values = {(s.id, s.path or ""): s.value for s in result.scores}
    assert values[("budget_execution", "")] is None
    assert values[("quantitative", "indicators[1]")] is None
    assert values[("quantitative", "indicators[3]")] == Decimal("0")
    assert result.total == Decimal("20") + 15 + 14 + 10
    rules_hit = {(f.rule, f.path or "", f.severity) for f in result.findings}
    assert ("missing_actual", "indicators[1]", "error") in rules_hit
    assert ("deviation_explained", "indicators[3]", "warning") in rules_hit
    assert not result.passed
