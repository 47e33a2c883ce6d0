"""The host functions the goal-review ruleset calls: blank cells, function codes, the catalog.

Decides what ``blank``, ``function_code_valid``, ``function_code_known``, ``in_catalog`` and
``nearest_catalog`` mean for ``catalogs/rules/goal_review.rules``. One compiled ruleset is shared
by every review; the catalog a review uses is handed to these functions through a context
variable (:func:`using_catalog`), so a caller's own catalog needs no recompilation and concurrent
reviews in threads do not see each other's catalog.

Catalog matching is by normalised name (NFKC, letters and digits only, no trailing bracket) against the
catalog's goal indicators (``framework == "goal"``; 重点评价 and 部门整体 framework entries are not
三级 goal indicators): a 三级 name is "in the catalog" when a goal indicator of the same
normalised name applies to the project's 支出功能分类 code (its 项, 款 or 类) or is common to all
codes. A catalog without any goal indicator cannot judge names: every name passes.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indicator_lib.catalog import Catalog

__all__ = [
    "HOST_FUNCTIONS",
    "blank",
    "current_catalog",
    "function_code_known",
    "function_code_valid",
    "in_catalog",
    "nearest_catalog",
    "normal_name",
    "using_catalog",
]

_CATALOG: ContextVar[Catalog | None] = ContextVar("indicator_lib_review_catalog", default=None)
_DEFAULT_LOCK = threading.Lock()
_default: list[Catalog] = []
_BRACKET = re.compile(r"\([^()]*\)$")
_NOISE = re.compile(r"[\W_]+")


def normal_name(text: str) -> str:
    """Return the form two indicator names are compared in.

    NFKC, a trailing bracket (``(年度)``) dropped, then only letters and digits, lower case:
    ``服务周期内,市民对…`` and ``服务周期内市民对…`` are the same name.
    """
    text = _BRACKET.sub("", unicodedata.normalize("NFKC", text).strip())
    return _NOISE.sub("", text).lower()


def _shipped_catalog() -> Catalog | None:
    with _DEFAULT_LOCK:
        if not _default:
            from indicator_lib.catalog import load_catalog

            _default.append(load_catalog())
        return _default[0]


def current_catalog() -> Catalog | None:
    """Return the catalog reviews in this context consult (the shipped library by default)."""
    chosen = _CATALOG.get()
    return chosen if chosen is not None else _shipped_catalog()


@contextmanager
def using_catalog(catalog: Catalog | None) -> Iterator[None]:
    """Make ``catalog`` the one the host functions consult inside the ``with`` block."""
    token = _CATALOG.set(catalog)
    try:
        yield
    finally:
        _CATALOG.reset(token)


class _NameIndex:
    """Normalised names of one catalog: all of them, and per function code prefix."""

    __slots__ = ("by_code", "common", "names", "nearest")

    def __init__(self, catalog: Catalog) -> None:
        self.nearest: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.common: set[str] = set()
        self.by_code: dict[str, set[str]] = {}
        for ind in catalog:
            if ind.status == "retired" or ind.framework != "goal":
                continue
            key = normal_name(ind.name)
            self.names.setdefault(key, ind.name)
            codes = ind.function_codes
            if not codes:
                self.common.add(key)
            for code in codes:
                self.by_code.setdefault(code, set()).add(key)


_INDEX_LOCK = threading.Lock()
_NEAREST_CACHE = 4096  # names remembered per catalog (dict writes are atomic under the GIL)
_indexes: dict[int, tuple[Catalog, _NameIndex]] = {}


def _index(catalog: Catalog) -> _NameIndex:
    key = id(catalog)
    with _INDEX_LOCK:
        hit = _indexes.get(key)
        if hit is not None and hit[0] is catalog:
            return hit[1]
        index = _NameIndex(catalog)
        if len(_indexes) >= 16:
            _indexes.clear()
        _indexes[key] = (catalog, index)
        return index


def blank(text: Any) -> bool:
    """Return True for null, an empty text or one of only spaces (placeholders are *not* blank)."""
    return text is None or (isinstance(text, str) and not text.strip())


def function_code_valid(code: Any) -> bool:
    """Return True when ``code`` is 3, 5 or 7 ASCII digits (类, 款, 项)."""
    text = str(code).strip() if code is not None else ""
    return text.isascii() and text.isdigit() and len(text) in (3, 5, 7)


def function_code_known(code: Any) -> bool:
    """Return True when ``code`` is in the shipped 支出功能分类 table (any edition)."""
    if not function_code_valid(code):
        return False
    from indicator_lib.codes import function_codes

    return function_codes().get(str(code).strip()) is not None


def in_catalog(name: Any, code: Any) -> bool:
    """Return True when a catalog indicator named ``name`` applies to function code ``code``.

    With no catalog, or one without goal indicators, every name counts as in it (nothing to check
    against). With an invalid or empty ``code``, any indicator of that name counts.
    """
    catalog = current_catalog()
    if catalog is None or blank(name):
        return True
    index = _index(catalog)
    if not index.names:
        return True
    key = normal_name(str(name))
    if key not in index.names:
        return False
    if key in index.common or not function_code_valid(code):
        return True
    text = str(code).strip()
    return any(key in index.by_code.get(text[:n], ()) for n in (3, 5, 7) if n <= len(text))


def nearest_catalog(name: Any) -> str:
    """Return up to three catalog indicator names close to ``name``, joined by ``、``; ``无`` if none."""
    catalog = current_catalog()
    if catalog is None or blank(name):
        return "无"
    cache = _index(catalog).nearest
    text = str(name)
    hit = cache.get(text)
    if hit is None:
        found = [ind for ind in catalog.search(text, limit=20) if ind.framework == "goal"][:3]
        hit = "、".join(f"「{ind.name}」" for ind in found) or "无"
        if len(cache) >= _NEAREST_CACHE:
            cache.clear()
        cache[text] = hit
    return hit


#: name → (implementation, parameter types, result type), as the ruleset declares them.
HOST_FUNCTIONS: dict[str, tuple[Any, tuple[str, ...], str]] = {
    "blank": (blank, ("text",), "bool"),
    "function_code_valid": (function_code_valid, ("text",), "bool"),
    "function_code_known": (function_code_known, ("text",), "bool"),
    "in_catalog": (in_catalog, ("text", "text"), "bool"),
    "nearest_catalog": (nearest_catalog, ("text",), "text"),
}
