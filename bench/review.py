"""Benchmark goal review: 10,000 generated goal tables of 10 indicators each, on one core.

Prints, measured in the same run:
  * validation  — pydantic validation alone (dict → ProjectGoal, targets parsed): the baseline;
  * review      — review_goal on the validated models (the compiled goal_review ruleset),
                  without explanations (explain=False, the bulk mode);
  * end to end  — review_goal on the dicts (validation + review), without explanations;
  * with explanations — review_goal(explain=True) on a tenth of the models, scaled up;
and each as a ratio of the baseline. Times are CPU seconds of this process (time.process_time), so
other work on the machine disturbs them less. The target is end to end under 10 s.

Usage: .venv/bin/python bench/review.py [N]
"""

from __future__ import annotations

import gc
import random
import sys
import time
from typing import Any

ROWS = [
    ("产出指标", "数量指标", "资助学生人数", ["≥1200人", "1200人", "≥{n}人"]),
    ("产出指标", "数量指标", "培训场次", ["≥{n}场", "{n}场", "*"]),
    ("产出指标", "质量指标", "资金发放准确率", ["=100%", "100%", "≥98%"]),
    ("产出指标", "质量指标", "验收合格率", ["≥95%", "95%", "达标"]),
    ("产出指标", "时效指标", "资金发放时间", ["{y}年12月底前", "{y}.03-{y}.11", "按月安排"]),
    ("成本指标", "经济成本指标", "项目总成本", ["≤{m}万元", "{m}万", "≤{big}万元"]),
    ("效益指标", "社会效益指标", "困难学生辍学率", ["≤1%", "1%", "明显下降"]),
    ("效益指标", "可持续影响指标", "政策持续发挥作用", ["长期", "持续改善", "是"]),
    ("满意度指标", "服务对象满意度指标", "受助学生满意度", ["≥90%", "90%", "≥85%"]),
    ("效益指标", "经济效益指标", "带动就业人数", ["≥{n}人", "{n}", "有效"]),
]


def generate(count: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    docs = []
    for k in range(count):
        year = rng.choice((2022, 2023, 2024))
        total = rng.choice((5, 16, 120, 250, 10000))
        indicators = []
        for level1, level2, name, forms in ROWS:
            form = rng.choice(forms)
            target = form.format(n=rng.randint(1, 5000), y=year, m=total, big=total * 2)
            indicators.append({"level1": level1, "level2": level2, "name": name, "target": target})
        docs.append(
            {
                "kind": "project_goal",
                "fiscal_year": year,
                "project": {"name": f"项目{k}", "function_code": rng.choice(("2050203", "20502", "2080201"))},
                "funds": {"total": total, "fiscal": total},
                "goals": {"annual": "按计划完成年度任务"},
                "indicators": indicators,
            }
        )
    return docs


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    from indicator_lib.review import goal_ruleset, review_goal
    from indicator_lib.review._host import current_catalog
    from indicator_lib.submissions import ProjectGoal

    docs = generate(count)
    goal_ruleset()  # compile once, outside the timings
    current_catalog()
    review_goal(docs[0])  # warm caches (catalog index, code table, parser)

    gc.collect()
    start = time.process_time()
    models = [ProjectGoal.model_validate(doc) for doc in docs]
    validation = time.process_time() - start

    conclusions: dict[str, int] = {}
    gc.collect()
    start = time.process_time()
    for model in models:
        key = review_goal(model, explain=False).conclusion or "—"
        conclusions[key] = conclusions.get(key, 0) + 1
    review = time.process_time() - start
    gc.collect()

    start = time.process_time()
    for doc in docs:
        review_goal(doc, explain=False)
    end_to_end = time.process_time() - start

    sample = models[: max(count // 10, 1)]
    start = time.process_time()
    for model in sample:
        review_goal(model)
    explained = (time.process_time() - start) * count / len(sample)

    print(f"{count} goal tables × {len(ROWS)} indicators")
    print(f"  validation (baseline) {validation:8.2f} s   1.00×   {count / validation:8.0f} tables/s")
    rate = count / review
    print(f"  review of models      {review:8.2f} s   {review / validation:5.2f}×   {rate:8.0f} tables/s")
    print(f"  end to end            {end_to_end:8.2f} s   {end_to_end / validation:5.2f}×   target < 10 s")
    print(
        f"  review with explanations (extrapolated from {len(sample)}) {explained:8.2f} s   "
        f"{explained / validation:5.2f}×"
    )
    print(f"  conclusions: {conclusions}")


if __name__ == "__main__":
    main()
