"""Review goal submissions with a compiled ruleset: :func:`review_goal` and :func:`review_many`.

Decides the review pipeline: a document (model, dict or path) is loaded into a
:class:`~indicator_lib.submissions.ProjectGoal` (a 单位整体 :class:`DepartmentPlan` is reviewed
as a goal table of the unit, its 年度总体目标 and indicators); the shipped ruleset
(``goal_review``, or ``goal_review_strict`` with ``strict=True``) or the caller's is evaluated
with the caller's catalog; the result becomes a :class:`ReviewReport`: findings (plus an ``info``
finding per unknown key kept in ``extra``), one score per dimension (the ruleset's score lines),
the score (the ruleset's ``审核得分`` when it declares one, else ``total``), the conclusion (its
grade) and the budget consequence.

Rulesets are compiled once per name or text and cached; the catalog is handed to the host
functions per call (:mod:`._host`), so reviews may run in threads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from indicator_lib._rulesets import RulesetCache
from indicator_lib.errors import IndicatorLibError, SubmissionLoadError
from indicator_lib.findings import Finding
from indicator_lib.review._english import english_message
from indicator_lib.review._host import HOST_FUNCTIONS, using_catalog
from indicator_lib.review._report import (
    CONSEQUENCES,
    CONSEQUENCES_EN,
    DimensionScore,
    IndicatorRow,
    ReviewReport,
    row_index,
    sort_findings,
)

if TYPE_CHECKING:
    from indicator_lib.catalog import Catalog
    from indicator_lib.rules import Ruleset
    from indicator_lib.submissions import ProjectGoal

__all__ = ["DEFAULT_RULESET", "STRICT_RULESET", "goal_ruleset", "review_goal", "review_many"]

#: The shipped rulesets (``catalogs/rules/<name>.rules``).
DEFAULT_RULESET = "goal_review"
STRICT_RULESET = "goal_review_strict"

#: The let a ruleset may declare to grade something other than ``total`` (e.g. after a veto).
SCORE_LET = "审核得分"
#: Suffix of the lets listing each dimension's check IDs (``完整性检查项``).
DIMENSION_LET_SUFFIX = "检查项"


def _host_functions() -> dict[str, Any]:
    from indicator_lib.rules import HostFunction

    return {
        name: HostFunction(impl, params, returns, null_strict=name != "blank")
        for name, (impl, params, returns) in HOST_FUNCTIONS.items()
    }


def _project_goal() -> type[ProjectGoal]:
    from indicator_lib.submissions import ProjectGoal

    return ProjectGoal


_RULESETS = RulesetCache(_project_goal, functions=_host_functions)


def goal_ruleset(name_or_text: str = DEFAULT_RULESET) -> Ruleset:
    """Return a compiled goal-review ruleset (cached), with the review host functions registered.

    Args:
        name_or_text: A shipped or registered ruleset name (``goal_review``,
            ``goal_review_strict``), a path to a ``.rules`` file, or the rules text itself
            (typically a province's ruleset that ``extends "goal_review"``).

    Returns:
        The compiled ruleset, input type ``ProjectGoal``.

    Raises:
        RuleSyntaxError: The text does not parse.
        RuleCheckError: The text does not check against ``ProjectGoal``.

    """
    return _RULESETS.get(name_or_text)


def _as_goal(doc: Any) -> tuple[ProjectGoal, str]:
    """Load ``doc`` and return it as a ProjectGoal with its source name."""
    from indicator_lib.submissions import DepartmentPlan, ProjectGoal, load_submission

    if isinstance(doc, str | os.PathLike):
        source = str(doc)
        loaded = load_submission(doc)
    elif isinstance(doc, Mapping):
        source = "<dict>"
        loaded = load_submission(doc, kind=None if "kind" in doc else "project_goal")
    else:
        source = "<model>"
        loaded = doc
    if isinstance(loaded, ProjectGoal):
        return loaded, source
    if isinstance(loaded, DepartmentPlan):
        return _plan_as_goal(loaded), source
    kind = getattr(loaded, "kind", type(loaded).__name__)
    raise SubmissionLoadError(
        f"「{source}」是 {kind}，不是绩效目标表（project_goal 或 department_plan），无法进行目标审核",
        f"{source!r} is a {kind}, not a goal table (project_goal or department_plan); it cannot be "
        "goal-reviewed",
        code="not-a-goal",
        file=source,
    )


def _plan_as_goal(plan: Any) -> ProjectGoal:
    """View a 单位整体 goal table as a goal table of the unit: name, 年度总体目标, indicators."""
    from indicator_lib.submissions import ProjectGoal
    from indicator_lib.submissions.models import Funds, Project, ProjectGoals

    name = plan.department.name or plan.department.code or "单位整体"
    budget = [task.budget for task in plan.tasks if task.budget is not None]
    funds = Funds(total=sum(budget, Decimal(0))) if budget else Funds()
    return ProjectGoal.model_construct(
        kind="project_goal",
        fiscal_year=plan.fiscal_year,
        project=Project.model_construct(name=name, department=plan.department),
        money_unit=plan.money_unit,
        funds=funds,
        goals=ProjectGoals.model_construct(annual=plan.goals.annual),
        indicators=list(plan.indicators),
        extra=dict(plan.extra),
    )


def _rows(goal: ProjectGoal) -> tuple[IndicatorRow, ...]:
    rows = []
    for index, ind in enumerate(goal.indicators):
        target = ind.target
        rows.append(
            IndicatorRow(
                index=index,
                level1=ind.level1_raw or ind.level1 or "",
                level2=ind.level2_raw or ind.level2 or "",
                name=ind.name or "",
                target=target.raw if target is not None else "",
                unit=(target.unit or "") if target is not None else "",
            )
        )
    return tuple(rows)


def _unknown_paths(goal: ProjectGoal) -> list[str]:
    """Paths of the keys kept in ``extra`` (what ``Record.unknown_fields`` finds, walked directly)."""
    if not _has_extra(goal):
        return []
    return goal.unknown_fields()


def _has_extra(goal: ProjectGoal) -> bool:
    project = goal.project
    records = (goal, project, project.department, project.unit, project.period, goal.funds, goal.goals)
    return any(r is not None and r.extra for r in records) or any(ind.extra for ind in goal.indicators)


def _unknown_field_findings(goal: ProjectGoal) -> list[Finding]:
    out = []
    for path in _unknown_paths(goal):
        key = path.rsplit(".", 1)[-1]
        out.append(
            Finding(
                rule="unknown_field",
                label="未知字段",
                severity="info",
                message=f"字段「{key}」未被识别或未被使用，已原样保留，未参与审核",
                message_en=f"field {key!r} was not recognised or not used; kept as given, not reviewed",
                path=path,
            )
        )
    return out


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return None


def _report(
    goal: ProjectGoal, source: str, compiled: Ruleset, *, strict: bool, shipped: bool, explain: bool
) -> ReviewReport:
    result = compiled.evaluate(goal, explain=explain)
    rows = _rows(goal)
    values: Mapping[str, Any] = result.values
    findings: list[Finding] = []
    for finding in result.findings:
        update: dict[str, Any] = {}
        if not finding.message_en:
            index = row_index(finding.path)
            row = rows[index] if index is not None and index < len(rows) else None
            update["message_en"] = english_message(finding.rule, row)
        if strict and not shipped and finding.rule == "indicator_not_in_catalog":
            update["severity"] = "error"
        findings.append(finding.model_copy(update=update) if update else finding)
    findings.extend(_unknown_field_findings(goal))

    dimensions: dict[str, DimensionScore] = {}
    dimension_of: dict[str, str] = {}
    for line in result.scores:
        label = line.label or line.id
        dimensions[label] = DimensionScore(
            dimension=label,
            score=_decimal(line.value),
            max=_decimal(line.max),
            explanation=line.explanation,
        )
        checks = values.get(f"{label}{DIMENSION_LET_SUFFIX}")
        if isinstance(checks, list | tuple):
            for check in checks:
                dimension_of.setdefault(str(check), label)

    score = _decimal(values.get(SCORE_LET)) if SCORE_LET in values else _decimal(result.total)
    conclusion = result.grade
    return ReviewReport(
        source=source,
        project=goal.project.name,
        fiscal_year=goal.fiscal_year,
        findings=sort_findings(findings),
        dimensions=dimensions,
        dimension_of=dimension_of,
        score=score,
        conclusion=conclusion,
        consequence=CONSEQUENCES.get(conclusion or "", ""),
        consequence_en=CONSEQUENCES_EN.get(conclusion or "", ""),
        rows=rows,
        ruleset=compiled.name,
    )


def review_goal(
    doc: Any,
    *,
    catalog: Catalog | None = None,
    ruleset: Ruleset | str | None = None,
    strict: bool = False,
    explain: bool = True,
) -> ReviewReport:
    """Review one goal table (绩效目标审核) and return every problem, the scores and a conclusion.

    Args:
        doc: A :class:`~indicator_lib.submissions.ProjectGoal` (or a 单位整体
            :class:`~indicator_lib.submissions.DepartmentPlan`), a dict in the exchange format, or
            a path to a JSON, YAML or Excel file.
        catalog: The indicator library the names are checked against (default: the shipped one).
        ruleset: A compiled ruleset, the name of a shipped or registered one, a ``.rules`` path, or
            rules text (a province's ruleset that ``extends "goal_review"``). Default: the shipped
            ``goal_review``.
        strict: 先入库、后使用: an indicator that is not in the catalog is an error (and costs
            points) instead of an info finding with suggestions. With a ruleset of the caller's,
            only the severity is raised.
        explain: Fill each finding's and score's ``explanation`` (the expression with its values);
            False is faster for bulk runs that only need the findings and the conclusion.

    Returns:
        The :class:`ReviewReport`: ``findings``, ``dimensions``, ``score``, ``conclusion``
        (优/良/中/差) and ``consequence`` (纳入预算 … 不予安排预算).

    Raises:
        SubmissionLoadError: ``doc`` cannot be read or is not a goal table.
        RuleError: The ruleset given does not compile or fails to evaluate.

    """
    goal, source = _as_goal(doc)
    shipped = ruleset is None
    compiled = _RULESETS.resolve(ruleset, STRICT_RULESET if strict else DEFAULT_RULESET)
    with using_catalog(catalog):
        return _report(goal, source, compiled, strict=strict, shipped=shipped, explain=explain)


def _load_error_report(source: str, err: IndicatorLibError) -> ReviewReport:
    skipped = err.code == "not-a-goal"
    findings = tuple(
        Finding(
            rule="not_a_goal" if skipped else "load_error",
            label="非绩效目标表" if skipped else "无法读取",
            severity="info" if skipped else "error",
            message=diag.message,
            message_en=diag.message_en,
            path=diag.field or "",
            explanation=diag.location(),
        )
        for diag in err.diagnostics
    )
    return ReviewReport(source=source, findings=findings)


def _source_key(source: str) -> tuple[str, int, str]:
    """Order ``a.yaml`` < ``a.yaml#2`` < ``a.yaml#10`` < ``b.json`` (file, then part number)."""
    path, _, part = source.partition("#")
    return (path, int(part) if part.isdigit() else -1 if not part else 0, part)


def review_many(
    items: Iterable[Any] | str | os.PathLike[str],
    *,
    catalog: Catalog | None = None,
    ruleset: Ruleset | str | None = None,
    strict: bool = False,
    explain: bool = True,
) -> list[ReviewReport]:
    """Review many goal tables: files, folders, dicts or models; a bad one does not stop the rest.

    Each folder is searched (recursively) for ``.json``, ``.yaml``/``.yml`` and ``.xlsx`` files; a
    file holding several documents (a JSON list, YAML ``---`` documents, several sheets) gives one
    report each. A source that cannot be read gives a report with ``conclusion=None`` and one
    ``load_error`` finding per diagnostic; a document that is not a goal table (a self-evaluation in
    the same folder) gives a report with ``conclusion=None`` and one ``info`` finding
    ``not_a_goal`` (:attr:`ReviewReport.skipped`).

    Args:
        items: Paths, folders, dicts or models (or one path or folder).
        catalog: As for :func:`review_goal`.
        ruleset: As for :func:`review_goal`.
        strict: As for :func:`review_goal`.
        explain: As for :func:`review_goal`.

    Returns:
        One :class:`ReviewReport` per document, in input order (files of a folder sorted by name).

    """
    from indicator_lib.submissions import load_submissions

    sources = [items] if isinstance(items, str | os.PathLike) else list(items)
    reports: list[ReviewReport] = []

    def one(doc: Any, source: str) -> None:
        try:
            report = review_goal(doc, catalog=catalog, ruleset=ruleset, strict=strict, explain=explain)
        except SubmissionLoadError as err:
            reports.append(_load_error_report(source, err))
            return
        reports.append(
            report
            if report.source not in ("<model>", "<dict>")
            else report.model_copy(update={"source": source})
        )

    for position, item in enumerate(sources):
        if isinstance(item, str | os.PathLike):
            loaded = load_submissions([item])
            order: list[tuple[str, Any, SubmissionLoadError | None]] = [
                (doc.source, doc.document, None) for doc in loaded.documents
            ]
            order += [(name, None, err) for name, err in loaded.errors.items()]
            order.sort(key=lambda entry: _source_key(entry[0]))
            if not order:
                reports.append(
                    _load_error_report(
                        str(item),
                        SubmissionLoadError(
                            f"「{item}」中没有可读取的提交文件（.json、.yaml、.yml、.xlsx）",
                            f"no submission file (.json, .yaml, .yml, .xlsx) found in {str(item)!r}",
                            code="no-files",
                            file=str(item),
                        ),
                    )
                )
            for source, document, error in order:
                if error is not None:
                    reports.append(_load_error_report(source, error))
                else:
                    one(document, source)
        else:
            one(item, f"#{position + 1}")
    return reports
