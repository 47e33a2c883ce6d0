"""Locate the shipped data folders (``grammars/``, ``catalogs/``) installed or in a checkout.

A wheel carries them inside the package as ``indicator_lib/_data/{grammars,catalogs}`` (hatch
``force-include``); an editable install or a source checkout reads them from the project root.
This is the only module that knows where they are.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["catalogs_dir", "grammar_path", "grammars_dir", "read_grammar"]

_PACKAGE = Path(__file__).resolve().parent


@cache
def _find(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(  # pragma: no cover - a broken installation
        f"indicator_lib: shipped data folder {name!r} not found next to {_PACKAGE}"
    )


def grammars_dir() -> Path:
    """Return the folder holding the lark grammars."""
    return _find("grammars")


def catalogs_dir() -> Path:
    """Return the folder holding the shipped catalogs (code tables, indicators, units, rules)."""
    return _find("catalogs")


def grammar_path(name: str) -> Path:
    """Return the path of grammar ``name`` (``"rules.lark"``)."""
    return grammars_dir() / name


@cache
def read_grammar(name: str) -> str:
    """Return the text of grammar ``name``, read once."""
    return grammar_path(name).read_text(encoding="utf-8")
