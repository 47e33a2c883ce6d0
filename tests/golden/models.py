"""The input models golden cases are written against (independent of indicator_lib.submissions)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel


class Op(StrEnum):
    GE = "≥"
    LE = "≤"
    EQ = "="


class Item(BaseModel):
    name: str = ""
    kind: Literal["定量", "定性"] = "定量"
    level1: Literal["产出指标", "效益指标", "满意度指标"] = "产出指标"
    op: Op = Op.GE
    value: Decimal | None = None
    target: Decimal | None = None
    weight: Decimal = Decimal(10)
    flag: bool | None = None


class Golden(BaseModel):
    n: Decimal | None = None
    m: Decimal | None = None
    f: float | None = None
    i: int | None = None
    t: str | None = None
    u: str | None = None
    b: bool | None = None
    c: bool | None = None
    d: dt.date | None = None
    e: dt.date | None = None
    ts: dt.datetime | None = None
    kind: Literal["定量", "定性"] | None = None
    op: Op | None = None
    nums: list[Decimal | None] = []
    floats: list[float] = []
    texts: list[str] = []
    items: list[Item] = []
    budget: Decimal | None = None
    executed: Decimal | None = None


MODELS = {"Golden": Golden, "Item": Item}
