"""Benchmark: 指标值 parsing speed on a realistic mix, against a plain ``re`` baseline.

Run ``python bench/targets.py``. The mix is every value in ``tests/targets/*.csv`` (the real
published tables and the spec's forms) plus generated variants of the common shapes
(``≥95%``, ``>=21933人``, ``不少于12种``, ``95%以上``, ``90%-100%``, ``2025年12月``, split-column
values). Numbers are values per second on one core; ratios are against the baseline measured in
the same run: one regular expression and a Decimal, reading relation, number and unit only (no
units table, no comparatives, no periods, no warnings, no model).

Three measures:

* ``uncached``: :func:`parse_target_uncached` on all-distinct values (no per-value cache);
* ``cached, realistic repeats``: :func:`parse_target` over a stream where values repeat as in
  real submissions (the generated pool is 1/5 of the stream length);
* ``cached, warm``: the same stream a second time.
"""

from __future__ import annotations

import csv
import random
import re
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indicator_lib.targets import parse_target  # noqa: E402
from indicator_lib.targets._parse import _cached, parse_target_uncached  # noqa: E402

OPS = ["≥", "≥", "≥", ">=", "≤", "<=", "=", "", "", "≧", "﹦", "不少于", "不低于", "不超过"]
UNITS = [
    "%",
    "%",
    "%",
    "人",
    "人次",
    "万元",
    "元",
    "个",
    "次",
    "项",
    "户",
    "元/人*月",
    "天",
    "个月",
    "米",
    "亩",
    "百分比",
]
PHRASES = [
    "效果明显",
    "显著提升",
    "稳步提高",
    "持续改善",
    "达成预期指标",
    "优良",
    "长期",
    "应保尽保",
    "严格执行相关制度规定",
]
OTHER = ["是", "否", "—", "/", "", "2023.07-2024.01", "2025年12月", "2024年6月30日前", "90%-100%", "[90,100]"]


def real_values() -> list[tuple[str, str | None, str | None]]:
    out = []
    for name in ("realdata_values.csv", "forms.csv"):
        with (ROOT / "tests" / "targets" / name).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                out.append((row["raw"], row["op"] or None, row["unit"] or None))
    return out


def generated(rng: random.Random, n: int) -> list[tuple[str, str | None, str | None]]:
    out: list[tuple[str, str | None, str | None]] = []
    for i in range(n):
        r = rng.random()
        num = (
            str(rng.randint(1, 100000))
            if rng.random() < 0.7
            else f"{rng.randint(1, 999)}.{rng.randint(0, 99)}"
        )
        if r < 0.70:
            out.append((f"{rng.choice(OPS)}{num}{rng.choice(UNITS)}", None, None))
        elif r < 0.78:
            out.append(
                (f"{num}{rng.choice(UNITS)}{rng.choice(['以上', '以内', '及以上', '以下'])}", None, None)
            )
        elif r < 0.86:
            out.append((num, rng.choice(["≥", "=", "≤", "﹦"]), rng.choice(["%", "元", "人", "百分比"])))
        elif r < 0.93:
            out.append((f"{rng.choice(PHRASES)}{'' if rng.random() < 0.8 else i}", None, None))
        elif r < 0.97:
            out.append((rng.choice(OTHER), None, None))
        else:
            a = rng.randint(1, 90)
            out.append((f"{a}%-{a + rng.randint(1, 10)}%", None, None))
    return out


_BASELINE_RE = re.compile(r"^\s*([≥≧>=<≤≦＝﹦]*)\s*(\d+(?:\.\d+)?)\s*(\S*)\s*$")


def baseline(text: str) -> tuple[str, Decimal, str] | None:
    m = _BASELINE_RE.match(text)
    if m is None:
        return None
    return m.group(1), Decimal(m.group(2)), m.group(3)


def rate(fn, items) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for text, op, unit in items:
        fn(text, op=op, unit=unit)
    return len(items) / (time.perf_counter() - start)


def main() -> None:
    rng = random.Random(20240601)
    n = 100_000
    real = real_values()
    distinct = list({v: None for v in generated(rng, n * 2)})[:n]  # all-distinct values
    pool = real + generated(rng, n // 5)
    stream = [rng.choice(pool) for _ in range(n)]

    parse_target_uncached("≥95%")
    parse_target_uncached("2023.07-2024.01")  # builds the lark parser outside the timing
    base_rate = rate(lambda t, op=None, unit=None: baseline(t), distinct)
    uncached = rate(parse_target_uncached, distinct)
    _cached.cache_clear()
    cold = rate(parse_target, stream)
    warm = rate(parse_target, stream)
    print(
        f"mix: {len(distinct)} distinct generated values; stream of {len(stream)} values from a pool of "
        f"{len(pool)} ({len(real)} real/spec values + generated)"
    )
    print(f"baseline (one re + Decimal)      {base_rate:12,.0f} values/s   1.00x")
    print(f"parse_target, uncached           {uncached:12,.0f} values/s   {uncached / base_rate:.2f}x")
    print(f"parse_target, cached (repeats)   {cold:12,.0f} values/s   {cold / base_rate:.2f}x")
    print(f"parse_target, cached (warm)      {warm:12,.0f} values/s   {warm / base_rate:.2f}x")


if __name__ == "__main__":
    main()
