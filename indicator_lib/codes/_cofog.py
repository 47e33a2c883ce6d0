"""The crosswalk from 支出功能分类 codes to UN COFOG, and its checks.

The crosswalk (``catalogs/function_codes/cofog_crosswalk.csv``) is the library's judgement, not an
official concordance: each 类 maps to one or more COFOG divisions or groups with Decimal weights
summing to 1; 款 (and a few 项) are mapped where they differ from their 类. ``cofog_for`` answers for
the most specific mapped code: a 项 falls back to its 款, a 款 to its 类.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path

from indicator_lib.codes._model import CofogShare, clean_code, level_of
from indicator_lib.errors import CatalogLoadError, CatalogLookupError, Diagnostic

__all__ = ["Crosswalk", "read_crosswalk"]


class Crosswalk:
    """Code -> COFOG shares, with the COFOG names; built once from the shipped CSV files."""

    __slots__ = ("_shares", "names")

    def __init__(self, shares: Mapping[str, tuple[CofogShare, ...]], names: Mapping[str, str]) -> None:
        self._shares = dict(shares)
        self.names = dict(names)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._shares

    def codes(self) -> list[str]:
        """Return the codes that carry their own mapping."""
        return sorted(self._shares)

    def shares(self, code: str | int) -> list[CofogShare]:
        """Return the COFOG shares of ``code``, falling back from 项 to 款 to 类.

        Raises:
            CatalogLookupError: When the code is malformed or neither it nor a parent is mapped.

        """
        key = clean_code(code)
        if level_of(key) is None:
            raise CatalogLookupError(
                f"科目编码「{key}」格式不正确，应为 3、5 或 7 位数字",
                f"function code {key!r} is malformed; expected 3, 5 or 7 digits",
                code="code-malformed",
                field="code",
            )
        for prefix in (key, key[:5], key[:3]):
            if len(prefix) <= len(key) and prefix in self._shares:
                return list(self._shares[prefix])
        raise CatalogLookupError(
            f"科目「{key}」及其上级均无 COFOG 对照",
            f"no COFOG mapping for {key!r} or its parents",
            code="cofog-unmapped",
            field="code",
        )


def _names(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["cofog_code"].strip(): row["name_en"].strip() for row in csv.DictReader(fh)}


def read_crosswalk(crosswalk_csv: Path, classification_csv: Path) -> Crosswalk:
    """Read and check the crosswalk: known COFOG codes, weights in (0, 1] summing to 1 per code.

    Raises:
        CatalogLoadError: With every bad row (file, line, column).

    """
    names = _names(classification_csv)
    file = str(crosswalk_csv)
    grouped: dict[str, list[CofogShare]] = {}
    first_line: dict[str, int] = {}
    errors: list[Diagnostic] = []
    with crosswalk_csv.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            line = reader.line_num
            code = clean_code(row.get("code"))
            cofog = (row.get("cofog") or "").strip()
            if level_of(code) is None:
                errors.append(
                    Diagnostic(
                        "crosswalk-bad-code",
                        f"第 {line} 行：科目编码「{code}」格式不正确",
                        f"row {line}: malformed code {code!r}",
                        file=file,
                        line=line,
                        column=1,
                        field="code",
                    )
                )
                continue
            if cofog not in names:
                errors.append(
                    Diagnostic(
                        "crosswalk-unknown-cofog",
                        f"第 {line} 行：未知 COFOG 编码「{cofog}」",
                        f"row {line}: unknown COFOG code {cofog!r}",
                        file=file,
                        line=line,
                        column=2,
                        field="cofog",
                    )
                )
                continue
            try:
                weight = Decimal((row.get("weight") or "").strip())
            except InvalidOperation:
                weight = Decimal(-1)
            if not Decimal(0) < weight <= Decimal(1):
                errors.append(
                    Diagnostic(
                        "crosswalk-bad-weight",
                        f"第 {line} 行：权重应在 (0, 1] 之间",
                        f"row {line}: weight must be in (0, 1]",
                        file=file,
                        line=line,
                        column=3,
                        field="weight",
                    )
                )
                continue
            first_line.setdefault(code, line)
            grouped.setdefault(code, []).append(
                CofogShare(
                    cofog=cofog,
                    name_en=names[cofog],
                    weight=weight,
                    mapped_from=code,
                    note=(row.get("note") or "").strip(),
                )
            )
    for code, shares in grouped.items():
        total = sum((s.weight for s in shares), Decimal(0))
        if total != Decimal(1):
            line = first_line[code]
            errors.append(
                Diagnostic(
                    "crosswalk-weights-sum",
                    f"科目 {code} 的 COFOG 权重合计为 {total}，应为 1",
                    f"the COFOG weights of {code} sum to {total}, not 1",
                    file=file,
                    line=line,
                    column=3,
                    field="weight",
                )
            )
    if errors:
        raise CatalogLoadError(errors)
    return Crosswalk({c: tuple(s) for c, s in grouped.items()}, names)
