"""Test input models (the project's submissions models are not used here on purpose)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel


class Direction(StrEnum):
    GE = "≥"
    LE = "≤"
    EQ = "="


class Indicator(BaseModel):
    name: str
    level1: Literal["产出指标", "效益指标", "满意度指标", "成本指标"] = "产出指标"
    kind: Literal["定量", "定性"] = "定量"
    direction: Direction = Direction.GE
    target: Decimal | None = None
    actual: Decimal | None = None
    weight: Decimal = Decimal(10)
    declared_score: float | None = None


class SelfEval(BaseModel):
    project: str = "项目"
    budget: Decimal | None = None
    executed: Decimal | None = None
    start: dt.date | None = None
    end: dt.datetime | None = None
    count: int = 0
    ratio_f: float | None = None
    tags: list[str] = []
    amounts: list[float] = []
    indicators: list[Indicator] = []
