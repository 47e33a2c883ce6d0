"""The typed indicator library (指标库): load, look up by function code, search, overlay, gate.

::

    from indicator_lib.catalog import load_catalog

    national = load_catalog()                       # the shipped library (lazy, cached)
    national.for_code("2050203")                    # 205 indicators, then the common ones
    national.search("满意度")
    mine = load_catalog("my_library.xlsx")          # JSON / YAML / CSV / Excel, or a folder
    merged = national.overlay(mine)                 # merged.conflicts lists what changed
    merged.propose(candidate)                       # 先入库、后使用: findings before adding
    merged = merged.with_indicator(candidate)       # refuses when there is an error finding

The shipped library is the CSV files in ``catalogs/indicators/`` (core dependencies only); it
is read on the first call of :func:`load_catalog` without a path, once, under a lock.
"""

from __future__ import annotations

import threading
from pathlib import Path

from indicator_lib._resources import catalogs_dir
from indicator_lib.catalog._catalog import Catalog, IndicatorRejectedError, OverlayConflict
from indicator_lib.catalog._frameworks import FRAMEWORK_LABELS, FRAMEWORKS, Framework
from indicator_lib.catalog._io import COLUMNS, load_path
from indicator_lib.catalog._model import (
    DIRECTION_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    Direction,
    Indicator,
    Kind,
    Source,
    Status,
)

__all__ = [
    "COLUMNS",
    "DIRECTION_LABELS",
    "FRAMEWORKS",
    "FRAMEWORK_LABELS",
    "KIND_LABELS",
    "STATUS_LABELS",
    "Catalog",
    "Direction",
    "Framework",
    "Indicator",
    "IndicatorRejectedError",
    "Kind",
    "OverlayConflict",
    "Source",
    "Status",
    "load_catalog",
    "shipped_catalog_dir",
]

_lock = threading.Lock()
_shipped: Catalog | None = None


def shipped_catalog_dir() -> Path:
    """Return the folder holding the shipped indicator library (one CSV file per area)."""
    return catalogs_dir() / "indicators"


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Return an indicator library.

    Args:
        path: None for the shipped national library (loaded once, cached, thread-safe), or a
            user's library: a ``.json``, ``.yaml``, ``.csv`` or ``.xlsx`` file, or a folder of them.

    Returns:
        The catalog.

    Raises:
        CatalogLoadError: When the file is malformed; every bad row is named with its file, row
            and column, and nothing is loaded.
        MissingDependencyError: For YAML or Excel without the ``yaml`` / ``excel`` extra.

    """
    if path is not None:
        return load_path(path)
    global _shipped
    if _shipped is None:
        with _lock:
            if _shipped is None:
                loaded = load_path(shipped_catalog_dir())
                loaded.name = "shipped"
                _shipped = loaded
    return _shipped
