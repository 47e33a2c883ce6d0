"""The typed answers of the graph's queries: coverage, the impact of a cut, the score roll-up.

They are frozen pydantic models, so they serialise to JSON (Decimals as strings) like every other
result of the library. Money is in 万元, shares and ratios are Decimals, never floats.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

__all__ = ["Coverage", "CutImpact", "Rollup"]


class Coverage(BaseModel):
    """How much of the project money is traced through a task to a duty.

    Attributes:
        total: The budget of all projects (万元; a project without a budget counts 0).
        traced: The part of it that reaches a duty through a task, share-weighted.
        ratio: ``traced / total`` rounded half up to 4 places, None when ``total`` is 0.
        untraced: Keys of the projects any part of whose money reaches no duty.

    """

    model_config = ConfigDict(frozen=True)

    total: Decimal
    traced: Decimal
    ratio: Decimal | None
    untraced: list[str]


class CutImpact(BaseModel):
    """What cutting one project takes away.

    Attributes:
        project: The key of the project cut.
        budget: Its budget (万元), None if not stated.
        tasks: Money each task loses (万元), by task id.
        duties: Money each duty loses (万元, through its tasks and sub-duties), by duty id.
        indicators: Names of the project's own indicators that go with it.
        tasks_left_without_project: Tasks that would have no project left.
        duties_left_without_money: Duties no project money would reach any more.

    """

    model_config = ConfigDict(frozen=True)

    project: str
    budget: Decimal | None
    tasks: dict[str, Decimal]
    duties: dict[str, Decimal]
    indicators: list[str]
    tasks_left_without_project: list[str]
    duties_left_without_money: list[str]


class Rollup(BaseModel):
    """Project scores rolled up, weighted by the money each project brings.

    Attributes:
        department: The department's score: all scored projects weighted by their budget.
        duties: Per duty, the scored projects weighted by the money that reaches the duty.
        tasks: Per task, the scored projects weighted by the money that reaches the task.
        unscored: Keys of the projects that had no score (left out of every weight).
        places: The decimal places every score was rounded to (half up).

    """

    model_config = ConfigDict(frozen=True)

    department: Decimal | None
    duties: dict[str, Decimal | None]
    tasks: dict[str, Decimal | None]
    unscored: list[str]
    places: int
