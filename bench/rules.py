"""Benchmark: the rules language on 财预〔2020〕10号-style self-evaluation scoring.

Evaluates one ruleset (budget row, 12 indicator rows with direction rules, grade bands, 5 checks)
over N seeded, pre-validated inputs and prints microseconds per input for

  (a) indicator_lib's compiled ruleset (``evaluate_many`` and ``evaluate``),
  (b) a hand-written Python function with the same semantics (Decimal, nulls) — the floor,
  (c) the ``rule-engine`` package on the same logic, as closely as it can express it,

then the ratios lib/hand (target <= 1.5) and rule-engine/lib (target >= 20), and the compile time of
a generated 200-rule file (target < 100 ms). It also checks that (a) and (b) agree on every input
(scores, total, grade, the check findings) and that (c) agrees with (b) on totals and grades; a
disagreement is printed and makes the exit status 1, because a wrong benchmark is worthless.

Run from the repository root::

    python -m venv /tmp/bench-venv
    /tmp/bench-venv/bin/pip install -r bench/requirements.txt
    /tmp/bench-venv/bin/python bench/rules.py            # 100,000 inputs
    /tmp/bench-venv/bin/python bench/rules.py --n 2000   # a quick run

Without rule-engine installed, (c) is skipped with a note. rule-engine is slow, so by default it is
timed on the first 5,000 inputs (``--rule-engine-n``; 0 means all); µs per input is comparable.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, TypeAdapter

# --------------------------------------------------------------------------------------------
# The input model (defined here, so the benchmark does not depend on the submissions module)
# --------------------------------------------------------------------------------------------


class BenchIndicator(BaseModel):
    """One 三级 indicator row of a self-evaluation table."""

    name: str
    level1: Literal["产出指标", "效益指标", "满意度指标"]
    op: Literal[">=", ">", "<=", "<", "="]
    target: Decimal | None
    actual: Decimal | None
    weight: Decimal
    declared: Decimal | None = None
    explanation: str | None = None


class BenchSelfEvaluation(BaseModel):
    """A project's self-evaluation: budget row and indicator rows."""

    project: str
    budget: Decimal | None
    executed: Decimal | None
    indicators: list[BenchIndicator]


# --------------------------------------------------------------------------------------------
# The ruleset, written as the shipped self-evaluation ruleset reads
# --------------------------------------------------------------------------------------------

RULESET = """\
# 项目支出绩效自评评分规则（财预〔2020〕10号）：预算执行率 10 分，三级指标 90 分。
ruleset "项目支出绩效自评（基准）" version "2020.1"
input BenchSelfEvaluation

# 预算执行率 = min(全年执行数 / 全年预算数, 1) × 10
let 执行率 = ratio(self.executed, self.budget)
let 分值合计 = sum(i.weight for i in self.indicators)

# 实际值为负数的按 0 计算
def 实际值(i: BenchIndicator) = max(i.actual, 0)

# 正向指标（≥、>）：达到指标值得满分，否则按完成比例得分
def 正向(实际: number, 目标: number, 分值: number) =
  if 实际 >= 目标 then 分值 else 实际 / 目标 * 分值

# 反向指标（≤、<）：不超过指标值得满分；超过的按超出比例扣分，达到 2 倍指标值不得分
def 反向(实际: number, 目标: number, 分值: number) =
  when 实际 <= 目标 then 分值
  when 实际 >= 2 * 目标 then 0
  else (1 - (实际 - 目标) / 目标) * 分值

# 等于（=）：指标值为 0 的，实际值不大于 0 得满分、否则不得分；其余按正向计算
def 等于(实际: number, 目标: number, 分值: number) =
  when 目标 == 0 and 实际 <= 0 then 分值
  when 目标 == 0 and 实际 > 0 then 0
  else 正向(实际, 目标, 分值)

def 原始得分(i: BenchIndicator) =
  when i.op in [">=", ">"] then 正向(实际值(i), i.target, i.weight)
  when i.op in ["<=", "<"] then 反向(实际值(i), i.target, i.weight)
  else 等于(实际值(i), i.target, i.weight)

# 得分保留两位小数，四舍五入
def 指标得分(i: BenchIndicator) = round(原始得分(i), 2)

score budget_execution "预算执行率" max 10 = round(min(执行率, 1) * 10, 2)

score indicator "三级指标得分" for i in self.indicators max i.weight = 指标得分(i)

grade total
  >= 90: "优"
  >= 80: "良"
  >= 60: "中"
  else:  "差"

check missing_target "指标值完整" for i in self.indicators =
  i.target is not null
  message "三级指标「{i.name}」未填写年度指标值"

check missing_actual "实际完成值完整" for i in self.indicators =
  i.actual is not null
  message "三级指标「{i.name}」未填写实际完成值"

check weights_total "三级指标分值合计为 90" =
  分值合计 == 90
  message "三级指标分值合计为 {分值合计}，应为 90"

check declared_not_above "自评得分不高于计算得分" for i in self.indicators
    where i.declared is not null severity warning =
  (i.declared <= 指标得分(i)) ?? true
  message "「{i.name}」自评得分 {i.declared} 高于按规则计算的 {指标得分(i)}"

check deviation_explained "超额完成须说明原因" for i in self.indicators
    where i.op in [">=", ">"] and i.target > 0 and i.actual >= i.target * 130% severity warning =
  i.explanation is not null and len(i.explanation) > 0
  message "「{i.name}」实际完成值 {i.actual} 达到指标值 {i.target} 的 130% 以上，须说明原因"
"""

SCORE_IDS = ("budget_execution", "indicator")
CHECK_IDS = ("missing_target", "missing_actual", "weights_total", "declared_not_above", "deviation_explained")

# --------------------------------------------------------------------------------------------
# Seeded inputs
# --------------------------------------------------------------------------------------------

_WEIGHTS = (
    ("产出指标", ("10", "10", "10", "10", "5", "5")),
    ("效益指标", ("10", "10", "5", "5")),
    ("满意度指标", ("5", "5")),
)
_NAMES = (
    "资助学生人数",
    "设备采购数量",
    "验收合格率",
    "完成及时率",
    "单位成本",
    "培训人次",
    "受益人口数",
    "群众满意度",
    "故障率",
    "投诉次数",
    "道路养护里程",
    "覆盖率",
)


def _money(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(rng.randint(int(low * 100), int(high * 100))) / 100


def generate(n: int, seed: int) -> list[dict[str, Any]]:
    """Return ``n`` seeded self-evaluation records as plain dicts (about 5% of each kind of defect)."""
    rng = random.Random(seed)
    records = []
    for k in range(n):
        budget = (
            None if rng.random() < 0.01 else (Decimal(0) if rng.random() < 0.01 else _money(rng, 1, 5000))
        )
        executed = None
        if rng.random() > 0.01:
            executed = (budget or Decimal(100)) * Decimal(rng.randint(50, 110)) / 100
        indicators = []
        j = 0
        for level1, weights in _WEIGHTS:
            for weight in weights:
                op = rng.choice((">=", ">=", ">", "<=", "<", "="))
                target = Decimal(0) if rng.random() < 0.05 else _money(rng, 1, 1000)
                actual = target * Decimal(rng.randint(40, 200)) / 100 + (
                    Decimal(rng.randint(0, 3)) if target == 0 else 0
                )
                if rng.random() < 0.02:
                    actual = -_money(rng, 0, 10)
                row: dict[str, Any] = {
                    "name": _NAMES[j],
                    "level1": level1,
                    "op": op,
                    "target": None if rng.random() < 0.03 else target,
                    "actual": None if rng.random() < 0.03 else actual.quantize(Decimal("0.01")),
                    "weight": Decimal(weight),
                }
                if rng.random() < 0.7:
                    row["declared"] = Decimal(weight) - Decimal(rng.randint(0, 300)) / 100
                if rng.random() < 0.5:
                    row["explanation"] = rng.choice(("", "指标值设定偏低", "受疫情影响"))
                indicators.append(row)
                j += 1
        if rng.random() < 0.05:
            indicators[rng.randrange(12)]["weight"] += 1
        records.append(
            {"project": f"项目{k:06d}", "budget": budget, "executed": executed, "indicators": indicators}
        )
    return records


# --------------------------------------------------------------------------------------------
# (b) the hand-written floor: same semantics, plain Python
# --------------------------------------------------------------------------------------------

_CENT = Decimal("0.01")
_ZERO = Decimal(0)
_ONE = Decimal(1)
_TWO = Decimal(2)
_TEN = Decimal(10)
_NINETY = Decimal(90)
_DEVIATION = Decimal("1.30")


class Outcome(NamedTuple):
    """What the comparison looks at: score values in order, total, grade, check findings."""

    scores: tuple[Decimal | None, ...]
    total: Decimal
    grade: str | None
    findings: frozenset[tuple[str, str]]


def _hand_score(i: BenchIndicator) -> Decimal | None:
    t = i.target
    a = i.actual
    if a is None or t is None:
        return None
    if a < _ZERO:
        a = _ZERO
    w = i.weight
    if i.op in (">=", ">"):
        raw = w if a >= t else a / t * w
    elif i.op in ("<=", "<"):
        raw = w if a <= t else (_ZERO if a >= _TWO * t else (_ONE - (a - t) / t) * w)
    elif t == _ZERO:
        raw = w if a <= _ZERO else _ZERO
    else:
        raw = w if a >= t else a / t * w
    return raw.quantize(_CENT, ROUND_HALF_UP)


def hand_evaluate(rec: BenchSelfEvaluation) -> Outcome:
    """The same scoring written by hand: the speed floor and the correctness oracle."""
    budget, executed = rec.budget, rec.executed
    if budget is None or executed is None or budget == _ZERO:
        budget_score = None
    else:
        budget_score = min(min(executed / budget, _ONE) * _TEN, _TEN).quantize(_CENT, ROUND_HALF_UP)
    scores: list[Decimal | None] = [budget_score]
    findings: set[tuple[str, str]] = set()
    weights = _ZERO
    for k, i in enumerate(rec.indicators):
        path = f"indicators[{k}]"
        s = _hand_score(i)
        if s is not None and s > i.weight:
            s = i.weight
        scores.append(s)
        weights += i.weight
        if i.target is None:
            findings.add(("missing_target", path))
        if i.actual is None:
            findings.add(("missing_actual", path))
        if i.declared is not None and s is not None and i.declared > s:
            findings.add(("declared_not_above", path))
        t, a = i.target, i.actual
        positive = i.op in (">=", ">")
        if (
            positive
            and t is not None
            and a is not None
            and t > _ZERO
            and a >= t * _DEVIATION
            and not i.explanation
        ):
            findings.add(("deviation_explained", path))
    if weights != _NINETY:
        findings.add(("weights_total", ""))
    total = sum((s for s in scores if s is not None), _ZERO)
    grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
    return Outcome(tuple(scores), total, grade, frozenset(findings))


# --------------------------------------------------------------------------------------------
# (a) indicator_lib
# --------------------------------------------------------------------------------------------


def lib_outcome(result: Any) -> Outcome:
    """Reduce a ``RuleResult`` to what :class:`Outcome` compares."""
    scores = tuple(s.value for s in result.scores if s.id in SCORE_IDS)
    findings = frozenset((f.rule, f.path or "") for f in result.findings if f.rule in CHECK_IDS)
    return Outcome(scores, result.total, result.grade, findings)


# --------------------------------------------------------------------------------------------
# (c) rule-engine: no let/def, so the shared pieces are pasted in as text (what its users do)
# --------------------------------------------------------------------------------------------


def _re_round(x: str) -> str:
    # half up to 2 decimals; x is never negative here, so floor(x * 100 + 0.5) / 100 is 四舍五入
    return f"(({x}) * 100 + 0.5).floor / 100"


def rule_engine_rules() -> dict[str, str]:
    """The ruleset as rule-engine expressions.

    rule-engine has no ``let`` or ``def``: shared pieces are pasted in as text, and a value used twice
    is bound with a one-element comprehension (``[... for s in [SCORE]][0]``). Reading ``indicators``
    makes rule-engine convert the whole list, so every per-indicator output comes from one
    comprehension (``items``: score, then the four per-item check outcomes, then the weight).
    """
    a = "(i['actual'] < 0 ? 0 : i['actual'])"
    t = "i['target']"
    w = "i['weight']"
    positive = f"({a} >= {t} ? {w} : {a} / {t} * {w})"
    reverse = f"({a} <= {t} ? {w} : ({a} >= 2 * {t} ? 0 : (1 - ({a} - {t}) / {t}) * {w}))"
    equal = f"({t} == 0 ? ({a} <= 0 ? {w} : 0) : {positive})"
    raw = f"(i['op'] in ['>=', '>'] ? {positive} : (i['op'] in ['<=', '<'] ? {reverse} : {equal}))"
    score = f"(i['actual'] == null or {t} == null ? null : {_re_round(raw)})"
    deviation = (
        f"(i['op'] in ['>=', '>'] and {t} != null and i['actual'] != null and {t} > 0"
        f" and i['actual'] >= {t} * 1.3"
        " and (i['explanation'] == null or i['explanation'] == ''))"
    )
    row = (
        f"[s, {t} == null, i['actual'] == null, i['declared'] != null and s != null and i['declared'] > s,"
        f" {deviation}, {w}]"
    )
    return {
        "budget": "(budget == null or executed == null or budget == 0) ? null : "
        + _re_round("$min([executed / budget, 1]) * 10"),
        "items": f"[[{row} for s in [{score}]][0] for i in indicators]",
        "total": "$sum([s for s in scores if s != null])",
        "grade": "total >= 90 ? '优' : (total >= 80 ? '良' : (total >= 60 ? '中' : '差'))",
        "weights_total": "$sum(weights) != 90",
    }


_ITEM_CHECKS = ("missing_target", "missing_actual", "declared_not_above", "deviation_explained")


def make_rule_engine_evaluator() -> Callable[[dict[str, Any]], Outcome]:
    """Compile the rule-engine rules; return a function scoring one input dict."""
    rule_engine = importlib.import_module("rule_engine")
    ctx = rule_engine.Context()
    r = {name: rule_engine.Rule(text, context=ctx) for name, text in rule_engine_rules().items()}
    budget, items, total_rule, grade_rule, weights_rule = (
        r["budget"],
        r["items"],
        r["total"],
        r["grade"],
        r["weights_total"],
    )

    def evaluate(rec: dict[str, Any]) -> Outcome:
        rows = items.evaluate(rec)
        scores = (budget.evaluate(rec), *(row[0] for row in rows))
        total = total_rule.evaluate({"scores": scores})
        grade = grade_rule.evaluate({"total": total})
        findings = {
            (name, f"indicators[{n}]")
            for n, row in enumerate(rows)
            for name, failed in zip(_ITEM_CHECKS, row[1:5], strict=True)
            if failed
        }
        if weights_rule.evaluate({"weights": [row[5] for row in rows]}):
            findings.add(("weights_total", ""))
        return Outcome(tuple(scores), total, grade, frozenset(findings))

    return evaluate


# --------------------------------------------------------------------------------------------
# A generated 200-rule file for the compile-time measurement
# --------------------------------------------------------------------------------------------


def generated_ruleset(n_rules: int = 200, tag: str = "") -> str:
    """A ruleset of ``n_rules`` declarations: lets, defs, per-item scores and checks."""
    lines = [f'ruleset "生成的规则{tag}" version "1"', "input BenchSelfEvaluation", ""]
    for k in range(n_rules):
        kind = k % 4
        if kind == 0:
            lines.append(
                f'let 值{k} = sum(i.weight for i in self.indicators where i.level1 == "产出指标") + {k}'
            )
        elif kind == 1:
            lines.append(
                f"def 函数{k}(实际: number, 目标: number, 分值: number) =\n"
                f"  if 实际 >= 目标 then 分值 else round(实际 / 目标 * 分值, 2)"
            )
        elif kind == 2:
            lines.append(
                f'score s{k} "得分{k}" for i in self.indicators where i.op in [">=", ">"] max i.weight =\n'
                f"  函数{k - 1}(max(i.actual, 0), i.target, i.weight)"
            )
        else:
            lines.append(
                f'check c{k} "检查{k}" for i in self.indicators severity warning =\n'
                f"  (i.actual ?? 0) <= 值{k - 3} * 10\n"
                f'  message "「{{i.name}}」实际值 {{i.actual}} 超过 {{值{k - 3}}}"'
            )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


def _time(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _hand_many(records: Sequence[BenchSelfEvaluation]) -> list[Outcome]:
    return [hand_evaluate(r) for r in records]


def _load_compile_rules() -> Callable[..., Any] | None:
    try:
        compile_rules: Callable[..., Any] = importlib.import_module("indicator_lib.rules").compile_rules
    except (ImportError, AttributeError) as err:
        print(f"(a) indicator_lib                  skipped: {err}")
        return None
    return compile_rules


def _time_compile(compile_rules: Callable[..., Any], text: str, name: str) -> float:
    gc.collect()
    start = time.perf_counter()
    compile_rules(text, input=BenchSelfEvaluation, name=name)
    return time.perf_counter() - start


def _compare(name: str, got: Sequence[Outcome], want: Sequence[Outcome], *, full: bool) -> int:
    bad = 0
    for k, (g, w) in enumerate(zip(got, want, strict=True)):
        same = g.total == w.total and g.grade == w.grade
        if full:
            same = same and g.scores == w.scores and g.findings == w.findings
        if not same:
            bad += 1
            if bad <= 3:
                print(f"  MISMATCH {name} on input {k}:\n    got  {g}\n    want {w}")
    what = "scores, totals, grades and check findings" if full else "totals and grades"
    print(f"  {name}: {what} identical on {len(want) - bad:,}/{len(want):,} inputs")
    return bad


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of inputs (default 100,000)")
    parser.add_argument("--seed", type=int, default=20200210)
    parser.add_argument(
        "--explain-n", type=int, default=5_000, help="inputs timed for evaluate with explanations (0 = all)"
    )
    parser.add_argument(
        "--rule-engine-n", type=int, default=5_000, help="inputs timed for rule-engine (0 = all)"
    )
    args = parser.parse_args(argv)

    print(f"rules benchmark: {args.n:,} inputs, 12 indicators each, seed {args.seed}")
    raw = generate(args.n, args.seed)
    records = TypeAdapter(list[BenchSelfEvaluation]).validate_python(raw)

    failures = 0
    compile_rules = _load_compile_rules()
    ruleset = None
    if compile_rules is not None:
        compile_s, ruleset = _time(lambda: compile_rules(RULESET, input=BenchSelfEvaluation, name="bench"))

    # (a) and (b) are timed on the same chunks in turn, so a change in machine load hits both alike
    hand_s = lib_s = 0.0
    want: list[Outcome] = []
    got_many: list[Any] = []
    step = max(1, args.n // 10)
    for start in range(0, args.n, step):
        chunk = records[start : start + step]
        seconds, outcomes = _time(partial(_hand_many, chunk))
        hand_s += seconds
        want += outcomes
        if ruleset is not None:
            seconds, results_chunk = _time(partial(ruleset.evaluate_many, chunk))
            lib_s += seconds
            got_many += results_chunk
    hand_us = hand_s / args.n * 1e6
    results: dict[str, float] = {"hand": hand_us}
    print(f"(b) hand-written Python function   {hand_us:9.1f} µs/input")
    if ruleset is not None:
        m = args.n if args.explain_n <= 0 else min(args.n, args.explain_n)
        seconds, got_one = _time(lambda: [ruleset.evaluate(r) for r in records[:m]])
        results["lib"] = lib_s / args.n * 1e6
        results["lib_explain"] = seconds / m * 1e6
        print(f"(a) indicator_lib evaluate_many    {results['lib']:9.1f} µs/input  (no explanations)")
        print(
            f"(a) indicator_lib evaluate         {results['lib_explain']:9.1f} µs/input"
            f"  (with explanations; timed on {m:,} inputs)"
        )
        print(
            f"    (compiling the benchmark ruleset, the first compile in this process:"
            f" {compile_s * 1e3:.1f} ms)"
        )
        failures += _compare("lib evaluate_many vs hand", [lib_outcome(x) for x in got_many], want, full=True)
        failures += _compare("lib evaluate vs hand", [lib_outcome(x) for x in got_one], want[:m], full=True)

    try:
        evaluate_re = make_rule_engine_evaluator()
    except ImportError:
        print("(c) rule-engine                    skipped: not installed (see bench/requirements.txt)")
        evaluate_re = None
    if evaluate_re is not None:
        m = args.n if args.rule_engine_n <= 0 else min(args.n, args.rule_engine_n)
        dicts = [r.model_dump() for r in records[:m]]
        seconds, got_re = _time(lambda: [evaluate_re(d) for d in dicts])
        results["rule_engine"] = seconds / m * 1e6
        print(
            f"(c) rule-engine                    {results['rule_engine']:9.1f} µs/input"
            f"  (timed on {m:,} inputs)"
        )
        failures += _compare("rule-engine vs hand", got_re, want[:m], full=True)

    print()
    if compile_rules is not None and "lib" in results:
        best_lib = results["lib"]
        print(f"lib/hand          = {best_lib / hand_us:6.2f}   (target <= 1.5)")
        if "rule_engine" in results:
            print(f"rule-engine/lib   = {results['rule_engine'] / best_lib:6.1f}   (target >= 20)")

        text = generated_ruleset(200)
        first = _time_compile(compile_rules, text, "first")
        runs = [
            _time_compile(compile_rules, generated_ruleset(200, tag=f" {k}"), f"gen{k}") for k in range(7)
        ]
        print(
            f"compile 200 rules = {statistics.median(runs) * 1e3:6.1f} ms (median of 7 different files;"
            f" the first one {first * 1e3:.1f} ms)   (target < 100 ms)"
        )
    if failures:
        print(f"FAILED: {failures} disagreement(s) — the numbers above are not trustworthy")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
