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
    exec(compile(source, str(TUTORIAL), "exec", dont_inherit=True), namespace)
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
        rules.register_ruleset(NATIONAL, national_text())
    compile_block(text, f"docs-block-{index}")


@pytest.mark.parametrize("index", range(len(ERROR_BLOCKS)))
def test_rules_error_block_fails_with_the_code_it_names(index: int) -> None:
    text = ERROR_BLOCKS[index]
    expected = re.match(r"# error\[([a-z-]+)\]\n", text)
    assert expected, "a rules-error block starts with '# error[CODE]'"
    with pytest.raises((RuleSyntaxError, RuleCheckError)) as info:
        compile_block(text, f"docs-error-{index}")
    assert isinstance(info.value, RuleError)
    assert [d.code for d in info.value.diagnostics] == [expected.group(1)]
    assert all(d.line is not None and d.column is not None for d in info.value.diagnostics)


def example_record() -> dict[str, Any]:
    (data,) = blocks("json")
    loaded: dict[str, Any] = json.loads(data)
    return loaded


def test_worked_example_scores() -> None:
    result = compile_block(national_text(), "自评.rules").evaluate(example_record())
    values = {(s.id, s.path or ""): s.value for s in result.scores}
    assert values[("budget_execution", "")] == Decimal("10.00")  # round(min(89.974 / 90, 1) × 10, 2)
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
    record["indicators"][0]["actual"] = 20  # ≥ 12: full marks, but over 130% without an explanation
    record["indicators"][3]["actual"] = 15  # reverse, ≥ 2 × 7.5 → 0 (and no over-achievement warning)
    result = compile_block(national_text(), "自评.rules").evaluate(record)
    values = {(s.id, s.path or ""): s.value for s in result.scores}
    assert values[("budget_execution", "")] is None
    assert values[("quantitative", "indicators[1]")] is None
    assert values[("quantitative", "indicators[3]")] == Decimal("0")
    assert result.total == Decimal("20") + 15 + 14 + 10
    rules_hit = {(f.rule, f.path or "", f.severity) for f in result.findings}
    assert ("missing_actual", "indicators[1]", "error") in rules_hit
    assert ("deviation_explained", "indicators[0]", "warning") in rules_hit
    assert ("deviation_explained", "indicators[3]", "warning") not in rules_hit
    assert not result.passed


def variant(marker: str) -> str:
    (text,) = [b for b in RULES_BLOCKS if marker in b and "extends" in b]
    return text


def test_provincial_variants() -> None:
    rules.register_ruleset(NATIONAL, national_text())
    record = example_record()
    record["indicators"][1]["actual"] = "0.5"  # 0.5 / 0.95 × 15 = 7.89
    national = compile_block(national_text(), "自评.rules").evaluate(record)
    sichuan = compile_block(variant("四川"), "四川.rules").evaluate(record)
    yunnan = compile_block(variant("云南"), "云南.rules").evaluate(record)

    # 10 + 20 + 7.89 + 15 + 13.80 + 14 + 10 = 90.69 nationally: 优 under 90/80/60 and under 80/70/60
    assert national.total == sichuan.total == Decimal("90.69")
    record["indicators"][0]["actual"] = 6  # 6 / 12 × 20 = 10 → total 80.69: 良 (national), 优 (Sichuan)
    national = compile_block(national_text(), "自评.rules").evaluate(record)
    sichuan = compile_block(variant("四川"), "四川.rules").evaluate(record)
    assert (national.total, national.grade, sichuan.grade) == (Decimal("80.69"), "良", "优")
    assert "level_weights" in compile_block(national_text(), "n").check_ids
    assert "level_weights" not in compile_block(variant("四川"), "四川.rules").check_ids

    # Yunnan: budget row out of 20 (keeps its place first), indicator weights must total 80
    budget = yunnan.scores[0]
    assert (budget.id, budget.max, budget.value) == ("budget_execution", Decimal("20"), Decimal("19.99"))
    assert [f.rule for f in yunnan.findings if f.severity == "error"] == ["weights_total"]
    (weights,) = [f for f in yunnan.findings if f.rule == "weights_total"]
    assert weights.message == "三级指标分值合计为 90，应为 80"


def test_the_error_shown_in_the_tutorial_is_what_the_library_prints() -> None:
    (shown,) = [b for b in blocks("text") if b.startswith("自评.rules:")]
    (wrong,) = [b for b in ERROR_BLOCKS if "i.targt" in b]
    with pytest.raises(RuleCheckError) as info:
        compile_block(wrong, "自评.rules")
    assert str(info.value).rstrip("\n") == shown.rstrip("\n")
