"""Import optional dependencies (extras) with a clear, bilingual error when they are missing."""

from __future__ import annotations

import importlib
from types import ModuleType

from indicator_lib.errors import MissingDependencyError

__all__ = ["require"]

_EXTRA_FOR = {
    "openpyxl": "excel",
    "yaml": "yaml",
    "pygments": "pygments",
    "sqlglot": "sql",
    "duckdb": "sql",
    "pyarrow": "sql",
    "psycopg": "postgres",
}


def require(module: str, *, purpose: str = "") -> ModuleType:
    """Import ``module`` or raise :class:`MissingDependencyError` naming the extra to install.

    Args:
        module: The module to import (``"openpyxl"``).
        purpose: What it is needed for, in a few words (``"Excel 读写 / Excel files"``).

    Returns:
        The imported module.

    Raises:
        MissingDependencyError: When the module is not installed.

    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        extra = _EXTRA_FOR.get(module, module)
        what = f"（{purpose}）" if purpose else ""
        raise MissingDependencyError(
            f"需要安装可选依赖 {module}{what}：pip install 'indicator-lib[{extra}]'",
            f"the optional dependency {module} is needed"
            f"{' for ' + purpose if purpose else ''}: pip install 'indicator-lib[{extra}]'",
        ) from exc
