"""``indicator-lib rules check|run|fmt|sql``: check, run, format and translate ``.rules`` files.

Decides: ``--input`` takes ``module:Class`` (imported) or a registered/known input type name; without
it the file's ``input TYPE`` is used. ``extends "NAME"`` also finds ``NAME.rules`` beside the file.
``run`` reads a JSON object (one input) or array (many); ``--json`` prints results as JSON.
Diagnostics are printed like a compiler's; any error gives exit status 2. ``sql`` compiles the
file as ``check`` does and then does what ``indicator-lib sql`` does (same options, same code).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

from indicator_lib.errors import DataLoadError, IndicatorLibError

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``rules`` command and its sub-commands."""
    parser = subparsers.add_parser(
        "rules",
        help="检查、运行、格式化规则文件 / check, run and format .rules files",
        description="规则语言工具 / tools for the rules language",
    )
    sub = parser.add_subparsers(dest="rules_command", metavar="SUBCOMMAND")

    check = sub.add_parser("check", help="检查规则文件 / check a .rules file against its input type")
    check.add_argument("file", type=Path)
    check.add_argument("--input", dest="input_type", help="module:Class or a registered input type name")
    check.set_defaults(func=_check)

    run = sub.add_parser("run", help="对 JSON 数据运行规则 / run a .rules file on JSON data")
    run.add_argument("file", type=Path)
    run.add_argument("data", type=Path)
    run.add_argument("--input", dest="input_type", help="module:Class or a registered input type name")
    run.add_argument("--explain", action="store_true", help="显示得分依据 / show explanations")
    run.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
    run.set_defaults(func=_run)

    fmt = sub.add_parser("fmt", help="输出规范格式 / print the canonical form")
    fmt.add_argument("file", type=Path)
    fmt.set_defaults(func=_fmt)

    from indicator_lib.cli.cmd_sql import add_sql_options

    to_sql = sub.add_parser(
        "sql",
        help="规则文件转换为 SQL、批量评分 / a .rules file as SQL; batch scoring (as indicator-lib sql)",
    )
    to_sql.add_argument("file", type=Path)
    to_sql.add_argument("--input", dest="input_type", help="module:Class or a registered input type name")
    add_sql_options(to_sql)
    to_sql.set_defaults(func=_sql)

    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise DataLoadError(
            f"无法读取文件：{exc}", f"cannot read file: {exc}", code="io", file=str(path)
        ) from None
    except UnicodeDecodeError:
        raise DataLoadError(
            "文件不是 UTF-8 编码", "file is not UTF-8 encoded", code="encoding", file=str(path)
        ) from None


def _input_model(spec: str | None) -> Any:
    if spec is None:
        return None
    if ":" in spec:
        module_name, _, cls_name = spec.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise DataLoadError(
                f"无法导入模块 {module_name}：{exc}",
                f"cannot import module {module_name}: {exc}",
                code="bad-input-type",
            ) from None
        model = getattr(module, cls_name, None)
        if model is None:
            raise DataLoadError(
                f"模块 {module_name} 中没有 {cls_name}",
                f"{module_name} has no {cls_name}",
                code="bad-input-type",
            )
        return model
    from indicator_lib.rules._ruleset import _resolve_input

    model = _resolve_input(spec)
    if model is None:
        raise DataLoadError(
            f"未知的输入类型「{spec}」", f"unknown input type {spec!r}", code="bad-input-type"
        )
    return model


def _compile(path: Path, input_spec: str | None) -> Any:
    from indicator_lib.rules import compile_rules, register_ruleset

    text = _read(path)
    for sibling in sorted(path.parent.glob("*.rules")):
        if sibling.resolve() != path.resolve():
            register_ruleset(sibling.stem, _read(sibling))
    return compile_rules(text, input=_input_model(input_spec), name=str(path))


def _check(args: argparse.Namespace) -> int:
    rules = _compile(args.file, args.input_type)
    for warning in rules.warnings:
        print(warning.render(), file=sys.stderr)
    print(
        f"{args.file}: 通过检查 / ok — {len(rules.score_ids)} score, {len(rules.check_ids)} check, "
        f"input {rules.input_model.__name__}"
    )
    return 0


def _run(args: argparse.Namespace) -> int:
    rules = _compile(args.file, args.input_type)
    raw = _read(args.data)
    try:
        data = json.loads(raw, parse_float=str)
    except json.JSONDecodeError as exc:
        raise DataLoadError(
            f"JSON 无效：第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}",
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            code="bad-json",
            file=str(args.data),
        ) from None
    records = data if isinstance(data, list) else [data]
    results = []
    for k, record in enumerate(records):
        try:
            results.append(rules.evaluate(record, explain=args.explain))
        except IndicatorLibError as err:
            if len(records) > 1:
                print(f"# record {k}", file=sys.stderr)
            raise err
    if args.json:
        payload = [r.model_dump(mode="json") for r in results]
        print(json.dumps(payload if isinstance(data, list) else payload[0], ensure_ascii=False, indent=2))
    else:
        for k, result in enumerate(results):
            if len(results) > 1:
                print(f"# [{k}]")
            print(result.render_text())
    return 0 if all(r.passed for r in results) else 1


def _sql(args: argparse.Namespace) -> int:
    from indicator_lib.cli.cmd_sql import emit

    return emit(_compile(args.file, args.input_type), args)


def _fmt(args: argparse.Namespace) -> int:
    from indicator_lib.rules import parse, print_module

    print(print_module(parse(_read(args.file), str(args.file))), end="")
    return 0
