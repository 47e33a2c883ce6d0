"""A failing check's message kept as parts and joined on first read reads as if joined at once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from indicator_lib.rules import compile_rules

from .models import SelfEval

RULES = """\
input SelfEval
check whole "整体" = self.count > 5
  message "{self.budget}"
check parts "各项" for i in self.indicators = i.actual >= i.target
  message "「{i.name}」{i.actual}/{i.target}，方向 {i.direction}，{i.actual > 0}，{self.start}，{self.tags}"
check plain "无占位" = self.count > 5
  message "计数不足"
"""


def _record() -> dict[str, object]:
    return {
        "budget": Decimal("1.50"),
        "start": dt.date(2024, 3, 1),
        "tags": ["甲", "乙"],
        "indicators": [
            {"name": "产量", "target": Decimal("100.00"), "actual": Decimal("9E+1")},
            {"name": "空值", "target": Decimal("100"), "actual": Decimal("-0.0")},
        ],
    }


def test_messages_read_as_the_interpreters() -> None:
    rules = compile_rules(RULES, input=SelfEval)
    record = _record()
    lazy = rules.evaluate_many([record])[0]
    explained = rules.evaluate(record)
    slow = rules.interpret(record)
    messages = [f.message for f in slow.findings]
    assert [f.message for f in lazy.findings] == messages
    assert [f.message for f in explained.findings] == messages
    assert messages == [
        "1.5",
        "「产量」90/100，方向 ≥，是，2024-03-01，[甲, 乙]",
        "「空值」0/100，方向 ≥，否，2024-03-01，[甲, 乙]",
        "计数不足",
    ]


def test_a_kept_message_does_not_follow_later_changes_to_the_input() -> None:
    rules = compile_rules(RULES, input=SelfEval)
    model = SelfEval.model_validate(_record())
    result = rules.evaluate_many([model])[0]
    model.tags.append("丙")
    model.indicators[0].name = "改名"
    assert result.findings[1].message == "「产量」90/100，方向 ≥，是，2024-03-01，[甲, 乙]"
