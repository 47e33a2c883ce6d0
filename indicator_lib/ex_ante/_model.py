"""The ex-ante assessment document (事前绩效评估) and its report.

Decides the shape of an assessment: the project, optionally the money asked for and the weights of
the five dimensions (立项必要性, 投入经济性, 绩效目标合理性, 实施方案可行性, 筹资合规性), and the
experts, each scoring every dimension from 0 to 100 with a note, and possibly marking a veto
(一票否决: e.g. 筹资不合规) with its reason. Fields have English names and accept the Chinese ones
as aliases (``立项必要性``, ``专家``, ``否决`` …); unknown keys are an error naming the field, so a
misspelt dimension never silently scores 0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

from indicator_lib.findings import Finding
from indicator_lib.submissions import Project

__all__ = [
    "DIMENSIONS",
    "Conclusion",
    "DimensionNotes",
    "DimensionResult",
    "DimensionScores",
    "DimensionWeights",
    "ExAnteAssessment",
    "ExAnteReport",
    "ExpertReview",
]

Conclusion = Literal["予以支持", "部分支持", "不予支持"]

#: field name → Chinese dimension name, in the usual order.
DIMENSIONS: dict[str, str] = {
    "necessity": "立项必要性",
    "economy": "投入经济性",
    "goals": "绩效目标合理性",
    "feasibility": "实施方案可行性",
    "compliance": "筹资合规性",
}

_CONFIG = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, str_strip_whitespace=True)


def _alias(field: str, *more: str) -> Any:
    return Field(default=None, validation_alias=AliasChoices(field, DIMENSIONS[field], *more))


class DimensionScores(BaseModel):
    """One expert's scores, 0–100 per dimension (None: not scored).

    Attributes:
        necessity: 立项必要性.
        economy: 投入经济性.
        goals: 绩效目标合理性.
        feasibility: 实施方案可行性.
        compliance: 筹资合规性.

    """

    model_config = _CONFIG

    necessity: Decimal | None = _alias("necessity", "必要性")
    economy: Decimal | None = _alias("economy", "经济性")
    goals: Decimal | None = _alias("goals", "目标合理性", "绩效目标")
    feasibility: Decimal | None = _alias("feasibility", "可行性")
    compliance: Decimal | None = _alias("compliance", "合规性")


class DimensionNotes(BaseModel):
    """One expert's notes per dimension.

    Attributes:
        necessity: 立项必要性.
        economy: 投入经济性.
        goals: 绩效目标合理性.
        feasibility: 实施方案可行性.
        compliance: 筹资合规性.

    """

    model_config = _CONFIG

    necessity: str | None = _alias("necessity", "必要性")
    economy: str | None = _alias("economy", "经济性")
    goals: str | None = _alias("goals", "目标合理性", "绩效目标")
    feasibility: str | None = _alias("feasibility", "可行性")
    compliance: str | None = _alias("compliance", "合规性")


class DimensionWeights(BaseModel):
    """Weights of the dimensions in points (None: the ruleset's default).

    Attributes:
        necessity: 立项必要性.
        economy: 投入经济性.
        goals: 绩效目标合理性.
        feasibility: 实施方案可行性.
        compliance: 筹资合规性.

    """

    model_config = _CONFIG

    necessity: Decimal | None = _alias("necessity", "必要性")
    economy: Decimal | None = _alias("economy", "经济性")
    goals: Decimal | None = _alias("goals", "目标合理性", "绩效目标")
    feasibility: Decimal | None = _alias("feasibility", "可行性")
    compliance: Decimal | None = _alias("compliance", "合规性")


class ExpertReview(BaseModel):
    """One expert's review.

    Attributes:
        name: The expert (专家).
        scores: Scores per dimension, 0–100.
        notes: Notes per dimension (评审意见).
        veto: The expert found a veto item failing (一票否决, e.g. 筹资不合规).
        veto_reason: Why.
        opinion: The expert's overall opinion (text).

    """

    model_config = _CONFIG

    name: str | None = Field(default=None, validation_alias=AliasChoices("name", "专家", "姓名", "专家姓名"))
    scores: DimensionScores = Field(
        default_factory=DimensionScores, validation_alias=AliasChoices("scores", "评分", "得分")
    )
    notes: DimensionNotes = Field(
        default_factory=DimensionNotes, validation_alias=AliasChoices("notes", "意见", "说明")
    )
    veto: bool = Field(default=False, validation_alias=AliasChoices("veto", "否决", "一票否决"))
    veto_reason: str | None = Field(
        default=None, validation_alias=AliasChoices("veto_reason", "否决理由", "否决原因")
    )
    opinion: str | None = Field(
        default=None, validation_alias=AliasChoices("opinion", "总体意见", "评审意见")
    )

    @field_validator("veto", mode="before")
    @classmethod
    def _veto(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value.strip() in ("是", "true", "True", "yes", "1", "否决")
        return value


class ExAnteAssessment(BaseModel):
    """事前绩效评估 of one project (``kind: ex_ante``).

    Attributes:
        kind: Always ``ex_ante``.
        fiscal_year: The budget year asked for.
        project: The project.
        money: 申请金额 (万元), if given.
        weights: Dimension weights overriding the ruleset's defaults.
        experts: The experts' reviews.

    """

    model_config = _CONFIG

    kind: Literal["ex_ante"] = Field(default="ex_ante", validation_alias=AliasChoices("kind", "类型"))
    fiscal_year: int | None = Field(
        default=None, validation_alias=AliasChoices("fiscal_year", "年度", "预算年度")
    )
    project: Project = Field(validation_alias=AliasChoices("project", "项目"))
    money: Decimal | None = Field(default=None, validation_alias=AliasChoices("money", "申请金额", "金额"))
    weights: DimensionWeights = Field(
        default_factory=DimensionWeights, validation_alias=AliasChoices("weights", "权重", "分值")
    )
    experts: list[ExpertReview] = Field(
        default_factory=list, validation_alias=AliasChoices("experts", "专家", "专家评审")
    )

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip() in ("事前绩效评估", "事前评估", "ex-ante"):
            return "ex_ante"
        return value


class DimensionResult(BaseModel):
    """One dimension of the report.

    Attributes:
        key: The field name (``necessity`` …).
        name: The Chinese dimension name.
        weight: Its weight in points.
        average: The experts' average score, 0–100 (2 places, half up), or None.
        points: ``average / 100 × weight`` (2 places, half up), or None.
        low: The lowest expert score.
        high: The highest expert score.
        scored_by: Number of experts who scored it.
        notes: The experts' notes, as ``name：note``.

    """

    model_config = ConfigDict(frozen=True)

    key: str
    name: str
    weight: Decimal | None
    average: Decimal | None
    points: Decimal | None
    low: Decimal | None
    high: Decimal | None
    scored_by: int
    notes: list[str]


class ExAnteReport(BaseModel):
    """The result of an ex-ante assessment.

    Attributes:
        source: Where the document came from.
        project: 项目名称.
        code: 项目编码.
        dimensions: The five dimensions.
        total: The weighted total (points), 2 places.
        conclusion: 予以支持, 部分支持 or 不予支持.
        vetoed: A veto item failed (the conclusion is then 不予支持 whatever the total).
        veto_reasons: Why (Chinese).
        findings: Problems in the assessment and the veto.
        ruleset: The ruleset used.

    """

    model_config = ConfigDict(frozen=True)

    source: str
    project: str
    code: str | None
    dimensions: list[DimensionResult]
    total: Decimal
    conclusion: Conclusion | None
    vetoed: bool
    veto_reasons: list[str]
    findings: list[Finding]
    ruleset: str
