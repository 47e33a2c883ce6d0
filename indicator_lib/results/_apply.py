"""结果应用: turn evaluation grades into next year's budget actions with ``results.rules``.

Decides how a report is read (duck-typed: a scoring ``ScoreReport``, any object or mapping with a
``grade``, optionally ``recheck_grade``, ``project``, ``code``, ``department``, ``money``) and how
grade words are normalised (优秀 → 优, 良好 → 良, 中等/合格/一般 → 中, 较差/不合格 → 差); the
policy itself — which grade gives which action — is the decision table in
``catalogs/rules/results.rules``. A grade that is none of these is kept as written and gives the
action ``manual``: nothing is decided silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from indicator_lib._rulesets import RulesetCache
from indicator_lib.findings import Finding

if TYPE_CHECKING:
    from indicator_lib.rules import Ruleset

__all__ = [
    "ACTION_LABELS",
    "DEFAULT_RULESET",
    "Action",
    "ActionKind",
    "ResultInput",
    "apply_results",
    "normalize_grade",
    "results_ruleset",
]

#: The shipped ruleset (``catalogs/rules/results.rules``).
DEFAULT_RULESET = "results"

Grade = Literal["优", "良", "中", "差"]
ActionKind = Literal["priority", "continue", "cut", "suspend", "cancel", "manual"]

#: Chinese wording of each action.
ACTION_LABELS: dict[str, str] = {
    "priority": "优先保障",
    "continue": "继续支持",
    "cut": "按比例压减预算并整改",
    "suspend": "暂停安排预算并限期整改",
    "cancel": "取消或暂停项目，下年不安排预算",
    "manual": "等级不明，需人工研判",
}

_GRADE_WORDS: dict[str, Grade] = {
    "优": "优",
    "优秀": "优",
    "良": "良",
    "良好": "良",
    "中": "中",
    "中等": "中",
    "一般": "中",
    "合格": "中",
    "差": "差",
    "较差": "差",
    "不合格": "差",
}

_RULESETS = RulesetCache(lambda: ResultInput)


class ResultInput(BaseModel):
    """The input of ``results.rules``: one project's grades.

    Attributes:
        project: 项目名称.
        grade: The self-evaluation grade (优/良/中/差), or None.
        recheck_grade: The re-check (抽评/复核) grade, or None when not re-checked.

    """

    model_config = ConfigDict(frozen=True)

    project: str | None = None
    grade: Grade | None = None
    recheck_grade: Grade | None = None


class Action(BaseModel):
    """What next year's budget does with one project.

    Attributes:
        project: 项目名称.
        code: 项目编码.
        department: 主管部门.
        source: Where the report came from (its ``source``, or ``[i]``).
        grade: The self-evaluation grade as given.
        recheck_grade: The re-check grade as given, or None.
        effective_grade: The grade that decided (re-check over self), normalised, or None.
        action: ``priority``, ``continue``, ``cut``, ``suspend``, ``cancel`` or ``manual``.
        action_label: The action in Chinese.
        next_budget: 下年预算: 优先保障, 正常安排, 按比例压减, 不安排 or 人工研判.
        rectify: Rectification (整改) is required and tracked.
        cut_ratio: Share of the budget cut (0.10 = 10%; 1 for no budget), None for ``manual``.
        cut_amount: ``money × cut_ratio`` (2 places, half up) when the money is known.
        reason: Why (Chinese).
        reason_en: Why (English).
        findings: The ruleset's findings for this project.

    """

    model_config = ConfigDict(frozen=True)

    project: str | None
    code: str | None
    department: str | None
    source: str
    grade: str | None
    recheck_grade: str | None
    effective_grade: Grade | None
    action: ActionKind
    action_label: str
    next_budget: str
    rectify: bool
    cut_ratio: Decimal | None
    cut_amount: Decimal | None
    reason: str
    reason_en: str
    findings: list[Finding]


def normalize_grade(value: Any) -> Grade | None:
    """Return 优/良/中/差 for a grade word (优秀, 良好, 合格 …), or None when it is not one."""
    if not isinstance(value, str):
        return None
    word = value.strip()
    return _GRADE_WORDS.get(word) or _GRADE_WORDS.get(word.removesuffix("等级").removesuffix("级"))


def results_ruleset(name_or_text: str = DEFAULT_RULESET) -> Ruleset:
    """Return a compiled results ruleset (cached): a name, a ``.rules`` path or rules text."""
    return _RULESETS.get(name_or_text)


def _get(report: Any, *names: str) -> Any:
    for name in names:
        value = report.get(name) if isinstance(report, Mapping) else getattr(report, name, None)
        if value is not None:
            return value
    return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    name = getattr(value, "name", None)
    if name is None and isinstance(value, Mapping):
        name = value.get("name")
    return None if name is None else str(name)


def _money(value: Any) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return None
    return None


def _reason(action: str, grade: str | None, recheck: str | None, effective: Grade | None) -> tuple[str, str]:
    said = f"复核等级「{recheck}」" if recheck is not None else f"自评等级「{grade}」"
    said_en = f"re-check grade {recheck!r}" if recheck is not None else f"self-evaluation grade {grade!r}"
    if action == "manual":
        return (
            f"{said}不是优、良、中、差之一，需人工研判",
            f"{said_en} is not one of 优/良/中/差; decide by hand",
        )
    if action == "cancel" and grade is not None and normalize_grade(grade) == "差" and effective != "差":
        said, said_en = f"自评等级「{grade}」", f"self-evaluation grade {grade!r}"
    english = {
        "priority": "funding has priority",
        "continue": "funding continues",
        "cut": "the budget is cut in proportion and the project rectified",
        "suspend": "no budget next year; rectify before funding resumes",
        "cancel": "the project is cancelled or suspended; no budget next year",
    }[action]
    return f"{said} → {ACTION_LABELS[action]}", f"{said_en}: {english}"


def apply_results(reports: Iterable[Any], *, ruleset: str | None = None) -> list[Action]:
    """Decide next year's budget action for each evaluated project (结果应用).

    Args:
        reports: Objects or mappings with a ``grade`` (a scoring ``ScoreReport``, or
            ``{project, grade, recheck_grade}``); ``recheck_grade``, ``code``, ``department``,
            ``money`` and ``source`` are used when present.
        ruleset: A results ruleset name, ``.rules`` path or text (default ``results``).

    Returns:
        One :class:`Action` per report, in input order.

    Raises:
        RuleError: A custom ruleset does not compile, or evaluation failed.

    """
    compiled = results_ruleset(ruleset or DEFAULT_RULESET)
    actions: list[Action] = []
    for index, report in enumerate(reports):
        raw_grade = _get(report, "grade", "self_grade", "自评等级")
        raw_recheck = _get(report, "recheck_grade", "复核等级")
        grade_text = None if raw_grade is None else str(raw_grade)
        recheck_text = None if raw_recheck is None else str(raw_recheck)
        grade, recheck = normalize_grade(grade_text), normalize_grade(recheck_text)
        project = _text(_get(report, "project", "name", "项目名称"))
        facts = ResultInput(project=project, grade=grade, recheck_grade=recheck)
        if recheck_text is not None and recheck is None:
            facts = ResultInput(project=project)
        result = compiled.evaluate(facts)
        values = result.values
        action = str(values.get("动作") or "manual")
        if action not in ACTION_LABELS:
            action = "manual"
        ratio = values.get("压减比例")
        ratio = ratio if isinstance(ratio, Decimal) else None
        money = _money(_get(report, "money", "金额"))
        cut = (
            None
            if money is None or ratio is None
            else (money * ratio).quantize(Decimal("0.01"), ROUND_HALF_UP)
        )
        effective = recheck if recheck is not None else grade
        zh, en = _reason(action, grade_text, recheck_text, effective if action != "manual" else None)
        project_obj = _get(report, "project")
        nested = project_obj is not None and not isinstance(project_obj, str)
        code = _get(report, "code", "项目编码") or (_get(project_obj, "code") if nested else None)
        department = _text(_get(report, "department", "主管部门"))
        if department is None and nested:
            department = _text(_get(project_obj, "department"))
        actions.append(
            Action(
                project=project,
                code=None if code is None else str(code),
                department=department,
                source=str(_get(report, "source") or f"[{index}]"),
                grade=grade_text,
                recheck_grade=recheck_text,
                effective_grade=effective if action != "manual" else None,
                action=action,
                action_label=ACTION_LABELS[action],
                next_budget=str(values.get("下年预算") or "人工研判"),
                rectify=bool(values.get("整改")),
                cut_ratio=ratio,
                cut_amount=cut,
                reason=zh,
                reason_en=en,
                findings=list(result.findings),
            )
        )
    return actions
