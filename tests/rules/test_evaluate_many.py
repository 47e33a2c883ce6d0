"""evaluate_many gives what evaluate gives, input by input, errors in the same order."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicator_lib.errors import DataLoadError, RuleEvaluationError
from indicator_lib.rules import compile_rules

from .models import SelfEval

RULES = """\
input SelfEval
score s "S" for i in self.indicators max i.weight = round(i.actual / i.target * i.weight, self.count)
check c "C" = self.budget > 0
"""


def test_models_and_dicts_mixed_give_what_evaluate_gives() -> None:
    rules = compile_rules(RULES, input=SelfEval)
    rows = [{"name": "a", "target": 10, "actual": 7}]
    inputs: list[object] = [
        SelfEval.model_validate({"budget": 1, "indicators": rows}),
        {"budget": 0, "indicators": rows, "count": 1},
        SelfEval(),
        {"budget": None},
    ]
    many = rules.evaluate_many(inputs)  # type: ignore[arg-type]
    one = [rules.evaluate(r, explain=False) for r in inputs]  # type: ignore[arg-type]
    assert [r.model_dump() for r in many] == [r.model_dump() for r in one]
    assert [r.scores[0].value if r.scores else None for r in many] == [Decimal(7), Decimal(7), None, None]


def test_an_evaluation_error_before_a_bad_input_comes_first() -> None:
    rules = compile_rules(RULES, input=SelfEval)
    row = {"name": "a", "target": 1, "actual": 1}
    bad_places = SelfEval.model_validate({"indicators": [row], "count": 99})
    with pytest.raises(RuleEvaluationError):
        rules.evaluate_many([SelfEval(), bad_places, {"budget": "not a number"}])
    with pytest.raises(DataLoadError):
        rules.evaluate_many([SelfEval(), {"budget": "not a number"}, bad_places])
