"""``indicator-lib sample FOLDER --ratio 0.1 --money-ratio 0.4 --seed 2026``: draw a 抽评 sample.

Loads every submission under FOLDER (files that fail to load are reported and left out), draws a
sample meeting both ratios (see :mod:`indicator_lib.sampling`) and prints it with the reason each
project was drawn; ``--json`` prints the :class:`~indicator_lib.sampling.SampleResult`. Exit status
0 when both ratios are met, 1 when they cannot be.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``sample`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sample",
        help="抽取复核（抽评）样本 / draw a re-check sample",
        description="按数量比例和金额比例抽取复核样本，可复现 / "
        "draw a reproducible re-check sample meeting a count ratio and a money ratio",
    )
    parser.add_argument(
        "folder", metavar="FOLDER", nargs="+", help="自评表所在文件夹或文件 / folder(s) or files"
    )
    parser.add_argument(
        "--ratio", default="0.10", help="最低数量比例（默认 0.10）/ minimum share of projects"
    )
    parser.add_argument("--money-ratio", help="最低金额比例，如 0.4 / minimum share of money")
    parser.add_argument("--seed", required=True, help="随机种子 / seed")
    parser.add_argument(
        "--strata",
        choices=("none", "department"),
        default="department",
        help="分层（默认按主管部门）/ strata",
    )
    parser.add_argument("--max-count", type=int, help="最多抽取项目数 / the most projects reviewers can take")
    parser.add_argument("--json", action="store_true", help="JSON 输出 / print JSON")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from indicator_lib.sampling import sample_for_review
    from indicator_lib.submissions import load_submissions

    batch = load_submissions(args.folder)
    for source, err in batch.errors.items():
        print(f"跳过 / skipped {source}: {err.diagnostics[0].message}", file=sys.stderr)
    seed: int | str = int(args.seed) if args.seed.lstrip("-").isdigit() else args.seed
    result = sample_for_review(
        batch.documents,
        count_ratio=args.ratio,
        money_ratio=args.money_ratio,
        strata=None if args.strata == "none" else "department",
        seed=seed,
        max_count=args.max_count,
    )
    if args.json:
        print(result.model_dump_json(indent=2))
        return 0 if result.met else 1
    print(
        f"总体 / population: {result.population} 个项目，{result.population_money} 万元；"
        f"抽取 / sampled: {result.count} 个（{result.achieved_count_ratio:.2%}），"
        f"{result.money} 万元（{result.achieved_money_ratio:.2%}）；种子 / seed {result.seed}"
    )
    for item in result.items:
        unit = item.unit
        code = f"{unit.code}  " if unit.code != unit.name else ""
        money = unit.money if unit.money is not None else "—"
        print(f"  {code}{unit.name}  {unit.department or '—'}  {money} 万元")
        print(f"      {item.reason}: {item.reason_text}  ({unit.source})")
    for warning in result.warnings:
        print(f"  注意 / note: {warning}")
    if result.met:
        print("数量与金额比例均已达到 / both ratios met")
        return 0
    for zh, en in zip(result.messages, result.messages_en, strict=True):
        print(f"  未达到 / not met: {zh} / {en}")
    return 1
