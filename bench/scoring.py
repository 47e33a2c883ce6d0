"""Benchmark: score a province's year of self-evaluations (5,688, Zhejiang) with the shipped rules.

Generates N seeded self-evaluations (realistic defects: missed targets declared in full, met targets
marked down, missing actuals, reverse and qualitative rows, unit conversions, weights that do not
add up), validates them into ``SelfEvaluation`` models (not timed), then times

  (a) ``score_many(models)`` — the shipped ``self_evaluation.rules`` through the compiled ruleset,
      building a full ``ScoreReport`` per document (explanations off, as for bulk runs);
  (b) a hand-written Python scorer with the same rules (Decimal, half-up rounding) — the floor.

It prints the time of each and the ratio (a)/(b), measured in the same run, and checks that both
agree on every document: each row's kind, computed score and points, the 预算执行率 points, total,
grade and the set of (finding ID, path). A disagreement is printed and makes the exit status 1.

Run from the repository root::

    .venv/bin/python bench/scoring.py            # 5,688 documents
    .venv/bin/python bench/scoring.py --n 500    # a quick run
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from indicator_lib.scoring import score_many, scoring_ruleset
from indicator_lib.submissions import BudgetRow, SelfEvaluation, load_submission

# ------------------------------------------------------------------------------------------------
# Seeded documents
# ------------------------------------------------------------------------------------------------

_LEVELS = (
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("效益指标", "社会效益指标"),
    ("满意度指标", "服务对象满意度指标"),
)
_GRADES = ("达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差", "基本完成")


def _row(rng: random.Random, k: int, level: tuple[str, str], weight: int) -> dict[str, Any]:
    row: dict[str, Any] = {"level1": level[0], "level2": level[1], "name": f"指标{k}", "weight": weight}
    shape = rng.random()
    if shape < 0.2:
        row["target"] = rng.choice(["效果明显", "显著提升", "是"])
        row["actual"] = rng.choice([*_GRADES, row["target"]])
        row["declared_score"] = Decimal(rng.randint(0, weight * 10)) / 10
        return row
    op = rng.choice(["≥", "≥", ">", "≤", "<", "=", ""])
    unit = rng.choice(["人", "%", "万元", "个", "元/户"])
    target = Decimal(rng.randint(1, 5000))
    factor = Decimal(rng.randint(40, 200)) / 100
    actual = (target * factor).quantize(Decimal("0.01"))
    if rng.random() < 0.02:
        actual = -actual
    actual_unit = unit
    if unit == "万元" and rng.random() < 0.3:
        actual, actual_unit = actual * 10000, "元"
    elif rng.random() < 0.1:
        actual_unit = ""
    elif rng.random() < 0.01:
        actual_unit = "次"
    row["target"] = f"{op}{target}{unit}"
    row["actual"] = None if rng.random() < 0.03 else f"{actual}{actual_unit}"
    if rng.random() < 0.9:
        row["declared_score"] = weight if rng.random() < 0.7 else Decimal(rng.randint(0, weight * 100)) / 100
    if rng.random() < 0.3:
        row["deviation"] = "客观原因"
    return row


def generate(n: int, seed: int) -> list[dict[str, Any]]:
    """Return ``n`` seeded self-evaluations as exchange-format dicts."""
    rng = random.Random(seed)
    docs = []
    for d in range(n):
        adjusted = Decimal(rng.randint(100, 500000)) / 100
        executed = (adjusted * Decimal(rng.randint(50, 105)) / 100).quantize(Decimal("0.01"))
        total_row: dict[str, Any] = {
            "source": "total",
            "adjusted": adjusted,
            "executed": executed,
            "weight": 10,
        }
        if rng.random() < 0.05:
            total_row = {"source": "total", "adjusted": 0, "executed": 0, "weight": 10}
        if rng.random() < 0.8:
            total_row["declared_score"] = 10 if rng.random() < 0.5 else Decimal(rng.randint(0, 1000)) / 100
        budget = [
            total_row,
            {"source": "fiscal", "adjusted": adjusted, "executed": executed},
            {"source": "other"},
        ]
        weights = [20, 15, 15, 20, 10, 10] if rng.random() < 0.9 else [20, 20, 15, 20, 10, 15]
        levels = [_LEVELS[0], _LEVELS[1], _LEVELS[1], _LEVELS[2], _LEVELS[2], _LEVELS[3]]
        rows = [_row(rng, k, levels[k], w) for k, w in enumerate(weights)]
        doc: dict[str, Any] = {
            "kind": "self_evaluation",
            "fiscal_year": 2023,
            "project": {"name": f"项目{d}"},
            "budget": budget,
            "indicators": rows,
        }
        if rng.random() < 0.7:
            doc["declared_total"] = 100 if rng.random() < 0.5 else rng.randint(60, 100)
        if rng.random() < 0.5:
            doc["declared_grade"] = rng.choice(["优", "良", "中", "优秀", "良好"])
        docs.append(doc)
    return docs


# ------------------------------------------------------------------------------------------------
# The hand-written scorer: the rules of self_evaluation.rules, in plain Python
# ------------------------------------------------------------------------------------------------

CENT = Decimal("0.01")
TOL = Decimal("0.01")
BANDS = {
    "achieved": (Decimal("0.8"), Decimal(1)),
    "partial": (Decimal("0.6"), Decimal("0.8")),
    "not-achieved": (Decimal(0), Decimal("0.6")),
}


def _r2(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def _positive(a: Decimal, t: Decimal, w: Decimal) -> Decimal:
    return w if a >= t else (a / t * w if t != 0 else Decimal(0))


def _reverse(a: Decimal, t: Decimal, w: Decimal) -> Decimal:
    if a <= t:
        return w
    if a >= 2 * t:
        return Decimal(0)
    return (1 - (a - t) / t) * w


def _read(i: Any) -> tuple[str, Decimal | None, Decimal | None, str | None]:
    """Return (kind, target number, actual number, grade) for an indicator row."""
    t, a = i.target, i.actual
    quantitative = t is not None and a is not None and t.kind == "quantitative" and a.kind == "quantitative"
    if quantitative and t.value is not None and a.value is not None:
        if a.unit and t.unit and a.unit != t.unit:
            if a.base_value is not None and t.base_value is not None and a.base_unit == t.base_unit:
                return "定量", t.base_value, max(a.base_value, Decimal(0)), None
            return "单位不符", None, None, None
        return "定量", t.value, max(a.value, Decimal(0)), None
    grade = None
    if a is not None:
        if a.grade is not None:
            grade = a.grade
        elif a.flag is not None and t is not None and t.flag is not None:
            grade = "achieved" if a.flag == t.flag else "not-achieved"
        elif a.text and t is not None and a.text == t.text:
            grade = "achieved"
    return ("定性" if grade else "无法计分"), None, None, grade


def _by_direction(op: str | None, a: Decimal, t: Decimal, w: Decimal) -> Decimal:
    if op in (">=", ">"):
        return _positive(a, t, w)
    if op in ("<=", "<"):
        return _reverse(a, t, w)
    if t == 0:
        return w if a <= 0 else Decimal(0)
    return _positive(a, t, w)


def hand_score(doc: SelfEvaluation) -> dict[str, Any]:
    """Score one document the way self_evaluation.rules does; return comparable results."""
    findings: set[tuple[str, str]] = set()
    total_row = next((b for b in doc.budget if b.source == "total"), None)
    sources = [b for b in doc.budget if b.source != "total"]

    def amount(b: BudgetRow) -> Decimal | None:
        return b.adjusted if b.adjusted is not None else b.initial

    filled = any(amount(b) is not None for b in sources)
    src_budget = sum((amount(b) or Decimal(0) for b in sources), Decimal(0))
    src_exec = sum((b.executed or Decimal(0) for b in sources), Decimal(0))
    total_amount = amount(total_row) if total_row is not None else None
    budget: Decimal | None
    executed: Decimal | None
    if total_row is not None and total_amount is not None and total_amount > 0:
        budget, executed = total_amount, total_row.executed
    elif filled:
        budget, executed = src_budget, src_exec
    else:
        budget = executed = None
    rate = executed / budget if budget and executed is not None else None
    budget_points = _r2(min(max(rate, Decimal(0)), Decimal(1)) * 10) if rate is not None else None
    for k, b in enumerate(doc.budget):
        bad_sum = (
            b.source == "total"
            and filled
            and (
                (amount(b) is not None and amount(b) != src_budget)
                or (b.executed is not None and b.executed != src_exec)
            )
        )
        over = b.executed is not None and amount(b) is not None and b.executed > amount(b)  # type: ignore[operator]
        if bad_sum or over:
            findings.add(("budget_rows_inconsistent", f"budget[{k}]"))
    declared_budget = total_row.declared_score if total_row is not None else None
    if (
        declared_budget is not None
        and budget_points is not None
        and abs(declared_budget - budget_points) > TOL
    ):
        findings.add(("execution_rate_mismatch", ""))
    rows: list[tuple[str, Decimal | None, Decimal]] = []
    for k, i in enumerate(doc.indicators):
        path = f"indicators[{k}]"
        kind, t, a, grade = _read(i)
        w = i.weight
        computed = points = None
        if w is None:
            rows.append(("未计分", None, Decimal(0)))
            continue
        if i.actual is None or i.actual.kind == "empty":
            findings.add(("actual_missing", path))
        elif kind == "无法计分":
            findings.add(("actual_not_comparable", path))
        deviation = False
        if kind == "定量":
            assert t is not None and a is not None and i.target is not None
            computed = _r2(min(max(_by_direction(i.target.op, a, t, w), Decimal(0)), w))
            points = computed
            met = _by_direction(i.target.op, a, t, Decimal(1)) >= 1
            deviation = not met or (t > 0 and a >= t * Decimal("1.3"))
            if i.declared_score is not None:
                if i.declared_score > computed + TOL:
                    findings.add(("declared_above_rule", path))
                if i.declared_score < computed - TOL:
                    findings.add(("declared_below_rule", path))
        elif kind == "定性":
            assert grade is not None
            lo, hi = (_r2(f * w) for f in BANDS[grade])
            d = i.declared_score if i.declared_score is not None else lo
            points = _r2(min(max(d, lo), hi))
            deviation = grade != "achieved"
            if i.declared_score is not None and not (lo - TOL <= i.declared_score <= hi + TOL):
                findings.add(("qualitative_out_of_band", path))
        elif kind == "单位不符":
            findings.add(("unit_mismatch", path))
        if deviation and not i.deviation:
            findings.add(("deviation_unexplained", path))
        rows.append((kind, computed, points if points is not None else Decimal(0)))
    total = (budget_points or Decimal(0)) + sum((p for _, _, p in rows), Decimal(0))
    grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
    weights = [i.weight for i in doc.indicators if i.weight is not None]
    budget_weight = (
        total_row.weight if total_row is not None and total_row.weight is not None else Decimal(10)
    )
    if sum(weights, Decimal(0)) != 90 or budget_weight != 10:
        findings.add(("weights_total_mismatch", ""))
    sat = [i for i in doc.indicators if i.level1 == "满意度指标" or i.level2 == "服务对象满意度指标"]
    out = sum((i.weight or 0 for i in doc.indicators if i.level1 in ("产出指标", "成本指标")), Decimal(0))
    ben = sum((i.weight or 0 for i in doc.indicators if i.level1 == "效益指标" and i not in sat), Decimal(0))
    sat_w = sum((i.weight or 0 for i in sat), Decimal(0))
    if (out, ben, sat_w) != (50, 30 + (0 if sat else 10), 10 if sat else 0):
        findings.add(("level_weights_mismatch", ""))
    if doc.declared_total is not None:
        scored = [i for i in doc.indicators if i.weight is not None]
        declared_sum = None
        if all(i.declared_score is not None for i in scored) and declared_budget is not None:
            declared_sum = sum((i.declared_score or Decimal(0) for i in scored), Decimal(0)) + declared_budget
        if abs(doc.declared_total - total) > TOL or (
            declared_sum is not None and abs(doc.declared_total - declared_sum) > TOL
        ):
            findings.add(("total_mismatch", ""))
    if doc.declared_grade:
        g = doc.declared_grade
        norm = (
            "优" if g.startswith("优") else "良" if g.startswith("良") else "中" if g.startswith("中") else g
        )
        if norm != grade:
            findings.add(("grade_mismatch", ""))
    return {
        "rows": rows,
        "budget_points": budget_points,
        "total": total,
        "grade": grade,
        "findings": findings,
    }


def _from_report(report: Any) -> dict[str, Any]:
    return {
        "rows": [(r.kind, r.computed, r.points) for r in report.rows],
        "budget_points": report.budget_points,
        "total": report.total,
        "grade": report.grade,
        "findings": {(f.rule, f.path) for f in report.findings},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5688, help="documents to score (default: 5,688)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    t0 = time.perf_counter()
    ruleset = scoring_ruleset()
    compile_s = time.perf_counter() - t0
    docs = generate(args.n, args.seed)
    t0 = time.perf_counter()
    models = [load_submission(d) for d in docs]
    load_s = time.perf_counter() - t0
    assert all(isinstance(m, SelfEvaluation) for m in models)

    score_many(models[:50], ruleset=ruleset)  # warm-up
    t0 = time.perf_counter()
    reports = score_many(models, ruleset=ruleset)
    lib_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    hand = [hand_score(m) for m in models]  # type: ignore[arg-type]
    hand_s = time.perf_counter() - t0

    bad = 0
    for k, (report, expected) in enumerate(zip(reports, hand, strict=True)):
        got = _from_report(report)
        if got != expected:
            bad += 1
            if bad <= 5:
                print(f"DISAGREE doc {k}:")
                for key in got:
                    if got[key] != expected[key]:
                        print(f"  {key}: library {got[key]!r}\n  {' ' * len(key)}  hand    {expected[key]!r}")
    flagged = sum(1 for r in reports if r.by_rule("declared_above_rule"))
    print(f"documents                 {args.n:>10,}")
    print(f"compile ruleset           {compile_s * 1000:>10.1f} ms (once, cached)")
    print(f"load/validate (not timed) {load_s:>10.2f} s")
    print(f"library score_many        {lib_s:>10.2f} s  ({lib_s / args.n * 1e6:,.0f} µs/doc)")
    print(f"hand-written scorer       {hand_s:>10.2f} s  ({hand_s / args.n * 1e6:,.0f} µs/doc)")
    print(f"ratio library / hand      {lib_s / hand_s:>10.1f} x")
    print(f"documents with a declared score above the rules: {flagged:,}")
    print(f"agreement                 {args.n - bad:,} / {args.n:,}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
