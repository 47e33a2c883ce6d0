"""抽评: draw a reproducible re-check sample that meets a count ratio and a money ratio at once.

Decides the sampling method finance uses to re-check self-evaluations (Zhejiang: at least 10% of
projects; Jinhua: 12% of projects covering 40% of the money). Both ratios are *minimums*:

1. **Targets.** ``k = ceil(count_ratio × N)`` projects and ``M = money_ratio × total money``.
2. **Certainty stratum.** Projects are ranked by money (largest first; ties by code). The fewest
   largest ``c`` projects are taken *with certainty* such that even the least favourable random
   draw of the remaining ``max(k − c, 0)`` projects (the smallest ones) still brings the money to
   ``M``. The money of the smallest certainty project is the reported threshold. Without a money
   ratio, ``c = 0``: the whole sample is random.
3. **Random part.** The remaining ``max(k − c, 0)`` projects are drawn at random from the rest,
   stratified when ``strata`` is given (by default none; ``"department"`` stratifies by 主管部门):
   each stratum gets a share proportional to its size (largest remainder, ties by stratum name),
   then a simple random sample inside it. Candidates are ordered by code before drawing, so the
   sample depends on the seed and the population, not on the order the documents came in.
4. **Capacity.** ``max_count`` caps the sample (the reviewers' capacity). When the cap makes a
   ratio unreachable the sample is the best the cap allows (the largest projects first) and the
   result says which ratio was missed and why; :attr:`SampleResult.met` is False.

Money is Decimal in 万元 (documents in 元 are converted); a project without money counts 0 toward
coverage and is named in ``warnings``. The same seed and population always give the same sample.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from indicator_lib.errors import IndicatorLibError

__all__ = [
    "SampleResult",
    "SampleUnit",
    "SampledProject",
    "SamplingError",
    "sample_for_review",
    "sample_unit",
]

_RATIO_PLACES = Decimal("0.0001")


class SamplingError(IndicatorLibError, ValueError):
    """Bad arguments to :func:`sample_for_review` (a ratio outside [0, 1], a bad record)."""


class SampleUnit(BaseModel):
    """One project of the population, as the sampler sees it.

    Attributes:
        code: 项目编码 (the project name when it has no code).
        name: 项目名称.
        department: 主管部门 name, or None.
        money: 项目金额 in 万元 (Decimal), or None when unknown.
        source: Where the record came from (a file name or ``[i]`` for the i-th input).
        document: The original document or record, untouched.

    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    code: str
    name: str
    department: str | None = None
    money: Decimal | None = None
    source: str = ""
    document: Any = Field(default=None, exclude=True, repr=False)


Reason = Literal["certainty", "random", "capacity"]


class SampledProject(BaseModel):
    """A project drawn into the sample, with the reason it was drawn.

    Attributes:
        unit: The project.
        reason: ``certainty`` (money at or above the threshold), ``random`` (drawn at random in
            its stratum) or ``capacity`` (the largest projects, when ``max_count`` made a ratio
            unreachable).
        reason_text: The reason in Chinese.
        stratum: The stratum it was drawn from (random draws only).

    """

    model_config = ConfigDict(frozen=True)

    unit: SampleUnit
    reason: Reason
    reason_text: str
    stratum: str | None = None


class SampleResult(BaseModel):
    """A drawn sample and whether it meets the ratios.

    Attributes:
        items: The sampled projects: certainty ones first (largest money first), then random ones.
        population: Number of projects in the population.
        population_money: Their total money (万元).
        count_ratio: The count ratio asked for.
        money_ratio: The money ratio asked for, or None.
        count_target: The minimum number of projects, ``ceil(count_ratio × population)``.
        money_target: The minimum money, ``money_ratio × population_money`` (None without a ratio).
        count: Number of projects sampled.
        money: Their money.
        achieved_count_ratio: ``count / population`` (4 places, half up).
        achieved_money_ratio: ``money / population_money`` (4 places, half up).
        count_met: The count target is met.
        money_met: The money target is met (True without a money ratio).
        met: Both are met.
        threshold: Money at or above which projects were taken with certainty, or None.
        seed: The seed.
        strata: How the random part was stratified (``department``, ``custom``, or None).
        messages: Why a target was missed (Chinese), empty when met.
        messages_en: The same in English.
        warnings: Records with unknown money, and similar notes (Chinese).

    """

    model_config = ConfigDict(frozen=True)

    items: list[SampledProject]
    population: int
    population_money: Decimal
    count_ratio: Decimal
    money_ratio: Decimal | None
    count_target: int
    money_target: Decimal | None
    count: int
    money: Decimal
    achieved_count_ratio: Decimal
    achieved_money_ratio: Decimal
    count_met: bool
    money_met: bool
    met: bool
    threshold: Decimal | None
    seed: int | str
    strata: str | None
    messages: list[str] = Field(default_factory=list)
    messages_en: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        """The codes of the sampled projects, in sample order."""
        return [item.unit.code for item in self.items]


# ---- reading the population ----------------------------------------------------------------------


def _decimal(value: Any, what: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise SamplingError(
            f"{what}应为数字，得到布尔值", f"{what} must be a number, got a boolean", code="bad-number"
        )
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise SamplingError(
            f"{what}应为数字，得到「{value}」", f"{what} must be a number, got {value!r}", code="bad-number"
        ) from None
    if not number.is_finite():
        raise SamplingError(
            f"{what}应为有限数字，得到「{value}」", f"{what} must be finite, got {value!r}", code="bad-number"
        )
    return number


def _document_money(doc: Any) -> Decimal | None:
    """Money of a loaded submission in 万元: 全年预算数 of the total row, else the sum of sources."""
    scale = Decimal("0.0001") if getattr(doc, "money_unit", "万元") == "元" else Decimal(1)
    budget = getattr(doc, "budget", None)
    if isinstance(budget, list) and budget:
        total = next((row for row in budget if row.source == "total"), None)
        if (
            total is not None
            and (total.adjusted if total.adjusted is not None else total.initial) is not None
        ):
            value = total.adjusted if total.adjusted is not None else total.initial
            return value * scale if value is not None else None
        parts = [row.adjusted if row.adjusted is not None else row.initial for row in budget]
        known = [p for p in parts if p is not None]
        return sum(known, Decimal(0)) * scale if known else None
    funds = getattr(doc, "funds", None)
    if funds is not None:
        if funds.total is not None:
            return Decimal(funds.total) * scale
        known = [v for v in (funds.fiscal, funds.carryover, funds.other) if v is not None]
        return sum(known, Decimal(0)) * scale if known else None
    return None


def sample_unit(record: Any, index: int = 0) -> SampleUnit:
    """Read one population record: a loaded submission, a ``LoadedSubmission`` or a mapping.

    A mapping gives ``code``, ``name``, ``department`` and ``money`` (万元), or the Chinese
    项目编码, 项目名称, 主管部门, 金额.

    Args:
        record: The record.
        index: Its position in the input (used as the source when it has none).

    Returns:
        The :class:`SampleUnit`.

    Raises:
        SamplingError: A mapping without a name or code, or money that is not a number.

    """
    if isinstance(record, SampleUnit):
        return record
    source = f"[{index}]"
    document = getattr(record, "document", None)
    if document is not None and hasattr(record, "source"):
        source = str(record.source)
        record = document
    if isinstance(record, Mapping):

        def pick(*keys: str) -> Any:
            return next((record[k] for k in keys if record.get(k) not in (None, "")), None)

        name = pick("name", "项目名称")
        code = pick("code", "项目编码")
        if name is None and code is None:
            raise SamplingError(
                f"第 {index} 条记录既无项目名称也无项目编码",
                f"record {index} has neither a name nor a code",
                code="bad-record",
                field=f"[{index}]",
            )
        department = pick("department", "主管部门")
        if isinstance(department, Mapping):
            department = department.get("name") or department.get("code")
        money = _decimal(pick("money", "金额", "项目金额"), f"第 {index} 条记录的金额 / record {index} money")
        return SampleUnit(
            code=str(code if code is not None else name),
            name=str(name if name is not None else code),
            department=None if department is None else str(department),
            money=money,
            source=str(record.get("source", source)),
            document=record,
        )
    project = getattr(record, "project", None)
    if project is None:
        raise SamplingError(
            f"第 {index} 条记录无法识别（应为已加载的申报文档或含 code/name/department/money 的字典）",
            f"record {index} is not recognised (expected a loaded submission or a mapping with "
            "code/name/department/money)",
            code="bad-record",
            field=f"[{index}]",
        )
    department = project.department.name or project.department.code if project.department else None
    return SampleUnit(
        code=project.code or project.name,
        name=project.name,
        department=department,
        money=_document_money(record),
        source=source,
        document=record,
    )


# ---- drawing -------------------------------------------------------------------------------------


def _ratio(value: Any, what: str) -> Decimal:
    number = _decimal(value, what)
    if number is None or not Decimal(0) <= number <= Decimal(1):
        raise SamplingError(
            f"{what}应在 0 到 1 之间（如 0.1 表示 10%），得到「{value}」",
            f"{what} must be between 0 and 1 (0.1 means 10%), got {value!r}",
            code="bad-ratio",
        )
    return number


def _money(unit: SampleUnit) -> Decimal:
    return unit.money if unit.money is not None and unit.money > 0 else Decimal(0)


def _allocate(sizes: dict[str, int], draws: int) -> dict[str, int]:
    """Split ``draws`` over strata in proportion to their sizes (largest remainder, ties by name)."""
    total = sum(sizes.values())
    if total == 0 or draws <= 0:
        return dict.fromkeys(sizes, 0)
    quotas = {name: Decimal(draws * size) / Decimal(total) for name, size in sizes.items()}
    share = {name: min(int(q), sizes[name]) for name, q in quotas.items()}
    left = draws - sum(share.values())
    order = sorted(sizes, key=lambda n: (-(quotas[n] - int(quotas[n])), n))
    while left > 0:
        progressed = False
        for name in order:
            if left and share[name] < sizes[name]:
                share[name] += 1
                left -= 1
                progressed = True
        if not progressed:
            break
    return share


def _stratum_key(strata: Any) -> tuple[Callable[[SampleUnit], str], str | None]:
    if strata is None:
        return (lambda _u: "全部"), None
    if strata == "department":
        return (lambda u: u.department or "（未填主管部门）"), "department"
    if callable(strata):
        fn = strata

        def key(unit: SampleUnit) -> str:
            value = fn(unit)
            return "（无分层）" if value is None else str(value)

        return key, "custom"
    raise SamplingError(
        f'strata 应为 None、"department" 或函数，得到「{strata}」',
        f"strata must be None, 'department' or a function, got {strata!r}",
        code="bad-strata",
    )


def _certainty_count(ranked: list[SampleUnit], k: int, target: Decimal) -> int:
    """Fewest largest projects such that the worst random completion still reaches ``target``."""
    n = len(ranked)
    prefix = [Decimal(0)]
    for unit in ranked:
        prefix.append(prefix[-1] + _money(unit))
    for c in range(n + 1):
        # ranked is by money, descending: the smallest k − c of ranked[c:] are its last ones.
        smallest = max(k - c, 0)
        worst = prefix[n] - prefix[n - smallest]
        if prefix[c] + worst >= target:
            return c
    return n


def sample_for_review(
    docs: Iterable[Any],
    *,
    count_ratio: Decimal | float | str = Decimal("0.10"),
    money_ratio: Decimal | float | str | None = None,
    strata: Literal["department"] | Callable[[SampleUnit], Any] | None = None,
    seed: int | str,
    max_count: int | None = None,
) -> SampleResult:
    """Draw a re-check (抽评) sample meeting a count ratio and a money ratio at once.

    The method is in the module docstring and ``docs/sampling.md``.

    Args:
        docs: Loaded submissions (``SelfEvaluation``, ``ProjectGoal``), ``LoadedSubmission`` items
            (a ``load_submissions`` result), or mappings ``{code, name, department, money}``.
        count_ratio: Minimum share of projects (0.10 = 10%).
        money_ratio: Minimum share of money (0.40 = 40%), or None for no money target.
        strata: None (no stratification), ``"department"`` (by 主管部门), or a function of a
            :class:`SampleUnit` returning its stratum.
        seed: The seed; the same seed and population give the same sample.
        max_count: The most projects the reviewers can take, or None for no cap.

    Returns:
        The :class:`SampleResult`: the sample with each project's reason, the achieved ratios and
        whether each target was met (with the reason when not).

    Raises:
        SamplingError: A ratio outside [0, 1], a negative ``max_count``, a bad record or ``strata``.

    """
    c_ratio = _ratio(count_ratio, "count_ratio（抽取数量比例）")
    m_ratio = None if money_ratio is None else _ratio(money_ratio, "money_ratio（抽取金额比例）")
    if max_count is not None and (isinstance(max_count, bool) or max_count < 0):
        raise SamplingError(
            f"max_count 应为非负整数，得到「{max_count}」",
            f"max_count must be a non-negative integer, got {max_count!r}",
            code="bad-max-count",
        )
    key, strata_name = _stratum_key(strata)
    units = [sample_unit(doc, i) for i, doc in enumerate(docs)]
    warnings = [f"「{u.name}」（{u.source}）金额未知，按 0 计入覆盖金额" for u in units if u.money is None]
    n = len(units)
    total = sum((_money(u) for u in units), Decimal(0))
    k = int((c_ratio * n).to_integral_value(rounding=ROUND_CEILING))
    m_target = None if m_ratio is None else m_ratio * total
    ranked = sorted(units, key=lambda u: (-_money(u), u.code, u.source))
    c = 0 if m_target is None else _certainty_count(ranked, k, m_target)
    cap = n if max_count is None else min(max_count, n)

    items: list[SampledProject] = []
    threshold: Decimal | None = None
    if max(k, c) > cap:
        chosen = ranked[:cap]
        items = [
            SampledProject(unit=u, reason="capacity", reason_text="抽取上限内按金额从大到小选取")
            for u in chosen
        ]
    else:
        certain = ranked[:c]
        if certain:
            threshold = _money(certain[-1])
        items = [
            SampledProject(
                unit=u, reason="certainty", reason_text=f"金额 {_money(u)} 万元 ≥ 必抽阈值 {threshold} 万元"
            )
            for u in certain
        ]
        rest = sorted(ranked[c:], key=lambda u: (u.code, u.source))
        groups: dict[str, list[SampleUnit]] = {}
        for u in rest:
            groups.setdefault(key(u), []).append(u)
        share = _allocate({name: len(g) for name, g in groups.items()}, k - c)
        rng = random.Random(str(seed))
        for name in sorted(groups):
            for u in rng.sample(groups[name], share[name]):
                text = "随机抽取" if strata_name is None else f"在「{name}」层中随机抽取"
                items.append(
                    SampledProject(
                        unit=u,
                        reason="random",
                        reason_text=text,
                        stratum=None if strata_name is None else name,
                    )
                )

    count = len(items)
    money = sum((_money(i.unit) for i in items), Decimal(0))
    count_met = count >= k
    money_met = m_target is None or money >= m_target
    messages: list[str] = []
    messages_en: list[str] = []
    if not count_met:
        messages.append(f"抽取上限 {cap} 个项目，达不到数量目标 {k} 个（{c_ratio:%}）")
        messages_en.append(f"the cap of {cap} projects cannot reach the count target of {k}")
    if not money_met:
        messages.append(f"抽取上限 {cap} 个项目内，金额最多 {money} 万元，达不到金额目标 {m_target} 万元")
        messages_en.append(
            f"within the cap of {cap} projects the money reaches at most {money}, short of {m_target}"
        )
    return SampleResult(
        items=items,
        population=n,
        population_money=total,
        count_ratio=c_ratio,
        money_ratio=m_ratio,
        count_target=k,
        money_target=m_target,
        count=count,
        money=money,
        achieved_count_ratio=_share(Decimal(count), Decimal(n)),
        achieved_money_ratio=_share(money, total),
        count_met=count_met,
        money_met=money_met,
        met=count_met and money_met,
        threshold=threshold,
        seed=seed,
        strata=strata_name,
        messages=messages,
        messages_en=messages_en,
        warnings=warnings,
    )


def _share(part: Decimal, whole: Decimal) -> Decimal:
    if whole == 0:
        return Decimal(0)
    return (part / whole).quantize(_RATIO_PLACES, rounding=ROUND_HALF_UP)
