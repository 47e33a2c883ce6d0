"""Results evaluated without explanations build their score and finding models on first use; every
way of reading a result sees exactly what an eagerly built result shows."""

from __future__ import annotations

import copy
import pickle
import threading
from typing import Any

import pytest
from pydantic import BaseModel

from indicator_lib.rules import RuleResult, Ruleset, compile_rules
from indicator_lib.rules.results import _RAW

from .models import SelfEval
from .test_api import SELF_EVAL

RECORD: dict[str, Any] = {
    "budget": 90,
    "executed": "89.974",
    "indicators": [
        {"name": "资助人数", "target": None, "actual": 95, "weight": 40},
        {"name": "满意度", "target": "0.9", "actual": "0.95", "weight": 50},
    ],
}


@pytest.fixture(scope="module")
def rules() -> Ruleset:
    return compile_rules(SELF_EVAL, input=SelfEval, name="self.rules")


def lazy(rules: Ruleset) -> RuleResult:
    result = rules.evaluate(RECORD, explain=False)
    assert _RAW in result.__dict__
    return result


def eager(rules: Ruleset) -> RuleResult:
    result = rules.evaluate(RECORD, explain=False)
    _ = result.scores
    assert _RAW not in result.__dict__
    return result


def test_cheap_fields_do_not_build(rules: Ruleset) -> None:
    result = lazy(rules)
    built = eager(rules)
    assert (result.total, result.grade, result.passed) == (built.total, built.grade, False)
    assert set(result.values) == {"执行率"}
    assert _RAW in result.__dict__


def test_dump_json_and_field_order_match_a_built_result(rules: Ruleset) -> None:
    built = eager(rules)
    assert lazy(rules).model_dump() == built.model_dump()
    assert list(lazy(rules).model_dump()) == list(RuleResult.model_fields)
    assert lazy(rules).model_dump_json() == built.model_dump_json()
    assert lazy(rules).model_dump(include={"findings"}) == {"findings": built.model_dump()["findings"]}
    assert [f.rule for f in lazy(rules).findings] == ["indicator", "missing_target"]
    assert lazy(rules).score("indicator") == built.score("indicator")


def test_nested_in_another_model_dumps_whole(rules: Ruleset) -> None:
    class Wrapper(BaseModel):
        result: RuleResult

    built = eager(rules)
    inner = lazy(rules)
    wrapper = Wrapper.model_construct(result=inner)
    assert wrapper.model_dump()["result"] == built.model_dump()
    assert Wrapper.model_construct(result=lazy(rules)).model_dump_json() == (
        Wrapper.model_construct(result=built).model_dump_json()
    )


def test_equality_repr_copy_pickle_iter(rules: Ruleset) -> None:
    built = eager(rules)
    assert lazy(rules) == built
    assert built == lazy(rules)
    assert lazy(rules) != rules.evaluate({**RECORD, "budget": 100}, explain=False)
    assert repr(lazy(rules)) == repr(built)
    assert copy.copy(lazy(rules)) == built
    assert copy.deepcopy(lazy(rules)) == built
    assert lazy(rules).model_copy() == built
    assert pickle.loads(pickle.dumps(lazy(rules))) == built
    assert dict(lazy(rules)) == dict(built)
    assert lazy(rules).render_text() == built.render_text()


def test_serialisation_schema_is_the_models_own() -> None:
    props = RuleResult.model_json_schema(mode="serialization")["properties"]
    assert props["scores"] == {"items": {"$ref": "#/$defs/ScoreLine"}, "title": "Scores", "type": "array"}
    assert props["total"]["type"] == "string"
    assert list(props) == list(RuleResult.model_fields)


def test_unknown_attribute_still_raises(rules: Ruleset) -> None:
    with pytest.raises(AttributeError):
        _ = lazy(rules).nonexistent  # type: ignore[attr-defined]


def test_threads_see_the_same_lists(rules: Ruleset) -> None:
    result = lazy(rules)
    seen: list[int] = []
    barrier = threading.Barrier(4)

    def read() -> None:
        barrier.wait()
        seen.append(id(result.scores))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(seen)) == 1
    assert id(result.scores) == seen[0]
