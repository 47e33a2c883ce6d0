"""The ``indicator-lib`` console command (stdlib argparse; needs nothing beyond the core).

Each sub-command lives in its own module ``indicator_lib/cli/cmd_<name>.py`` exposing
``register(subparsers) -> None``; the parser it adds sets ``func`` (``(args) -> int``, the exit
status). Modules are discovered here, so adding a command touches no other file.
Errors from the library (:class:`~indicator_lib.errors.IndicatorLibError`) are printed as
diagnostics, never as a traceback, and give exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from indicator_lib.errors import IndicatorLibError

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every discovered sub-command."""
    parser = argparse.ArgumentParser(
        prog="indicator-lib",
        description="预算绩效管理工具：功能分类科目、指标库、指标值、规则 / "
        "budget performance management: function codes, indicators, targets, rules",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("cmd_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            module.register(sub)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("indicator-lib")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0+unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        status: int = func(args)
    except IndicatorLibError as err:
        print(str(err), file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. piped into `head`
        return 0
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
