"""The indicator library (:class:`Catalog`): indexed look-ups, search, overlay and the entry gate.

Decides how indicators are found:

* by id (``get`` / ``lookup`` with a did-you-mean);
* by 支出功能分类 code (``for_code``): the indicators keyed to the 项 itself first, then those
  inherited from its 款 and 类, then the common ones (no codes); inside each group in framework
  and 一级/二级 order, then library order; retired entries are left out unless asked for;
* by text (``search``): character bigrams, so near spellings and partial names are found.

A catalog is immutable: :meth:`Catalog.overlay` and :meth:`Catalog.with_indicator` return new
catalogs. Overlay conflicts are data (:class:`OverlayConflict`, kept in ``catalog.conflicts``),
never exceptions: a province replacing a national entry is normal, and the reviewer decides.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from indicator_lib._suggest import suggestion_text
from indicator_lib.catalog._frameworks import level_order
from indicator_lib.catalog._model import Indicator
from indicator_lib.catalog._propose import CodeValidator, codes_overlap, hard_problems, propose_findings
from indicator_lib.catalog._text import bigrams, name_similarity, normal_form
from indicator_lib.errors import CatalogLoadError, CatalogLookupError, Diagnostic, IndicatorLibError
from indicator_lib.findings import Finding

__all__ = ["Catalog", "IndicatorRejectedError", "OverlayConflict"]

_SCORING_FIELDS = ("framework", "level1", "level2", "kind", "direction", "unit")


class IndicatorRejectedError(IndicatorLibError, ValueError):
    """The 先入库 gate refused an indicator; the diagnostics are the gate's error findings."""

    default_code = "indicator-rejected"


@dataclass(frozen=True, slots=True)
class OverlayConflict:
    """Where an overlaid (provincial) library disagrees with the one beneath it.

    Attributes:
        kind: ``replaced`` (same id, different content: the overlay's entry wins) or
            ``duplicate_name`` (a new id with the name of an existing entry for overlapping codes:
            both are kept).
        id: The id of the overlay's entry.
        base: The entry beneath.
        override: The overlay's entry.
        fields: For ``replaced``, the fields that differ.
        severity: ``warning`` when the change affects scoring or placement (framework, levels,
            kind, direction, unit) or names a duplicate, ``info`` otherwise.

    """

    kind: Literal["replaced", "duplicate_name"]
    id: str
    base: Indicator
    override: Indicator
    fields: tuple[str, ...] = ()
    severity: Literal["warning", "info"] = "info"

    @property
    def message(self) -> str:
        """The conflict in Chinese."""
        if self.kind == "replaced":
            return f"指标 {self.id}「{self.base.name}」被覆盖，变更字段：{'、'.join(self.fields)}"
        return f"新增指标 {self.id}「{self.override.name}」与已有指标 {self.base.id} 同名且适用科目重叠"

    @property
    def message_en(self) -> str:
        """The conflict in English."""
        if self.kind == "replaced":
            return f"indicator {self.id} ({self.base.name}) is replaced; changed: {', '.join(self.fields)}"
        return (
            f"new indicator {self.id} ({self.override.name}) has the name of {self.base.id} "
            "for overlapping function codes"
        )

    def to_finding(self) -> Finding:
        """Return the conflict as a :class:`~indicator_lib.findings.Finding` (rule ``overlay_<kind>``)."""
        return Finding(
            rule=f"overlay_{self.kind}",
            label="指标覆盖" if self.kind == "replaced" else "指标同名",
            severity=self.severity,
            message=self.message,
            message_en=self.message_en,
            path=self.id,
        )


class Catalog:
    """An immutable, indexed indicator library.

    Build one with :func:`indicator_lib.catalog.load_catalog` (the shipped library or a user's
    file) or directly from indicators. Iterating yields the indicators in library order; two
    catalogs are equal when they hold equal indicators in the same order (names and conflicts are
    not compared).

    Args:
        indicators: The entries; ids must be unique and names real (not empty or placeholders).
        name: A label for messages (``"national"``, a file name).
        conflicts: Overlay conflicts carried over (set by :meth:`overlay`).

    Raises:
        CatalogLoadError: On duplicate ids or empty / placeholder names.

    """

    __slots__ = ("_by_code", "_by_id", "_common", "_grams", "_items", "_lock", "_norms", "conflicts", "name")

    def __init__(
        self,
        indicators: Iterable[Indicator] = (),
        *,
        name: str = "",
        conflicts: Iterable[OverlayConflict] = (),
    ) -> None:
        self._items: tuple[Indicator, ...] = tuple(indicators)
        self.name = name
        self.conflicts: tuple[OverlayConflict, ...] = tuple(conflicts)
        self._by_id: dict[str, int] = {}
        self._by_code: dict[str, list[int]] = {}
        self._common: list[int] = []
        problems: list[Diagnostic] = []
        for i, ind in enumerate(self._items):
            for rule, field, zh, en in hard_problems(ind):
                problems.append(
                    Diagnostic(
                        code=rule.replace("_", "-"),
                        message=zh,
                        message_en=en,
                        file=name or None,
                        field=f"[{i}].{field}",
                    )
                )
            if ind.id in self._by_id:
                problems.append(
                    Diagnostic(
                        code="duplicate-id",
                        message=f"指标编码 {ind.id} 重复（第 {self._by_id[ind.id] + 1} 条与第 {i + 1} 条）",
                        message_en=f"duplicate indicator id {ind.id} (entries {self._by_id[ind.id] + 1} "
                        f"and {i + 1})",
                        file=name or None,
                        field=f"[{i}].id",
                    )
                )
                continue
            self._by_id[ind.id] = i
            if ind.is_common:
                self._common.append(i)
            for code in ind.function_codes:
                self._by_code.setdefault(code, []).append(i)
        if problems:
            raise CatalogLoadError(problems)
        keys = [(level_order(ind.framework, ind.level1, ind.level2), i) for i, ind in enumerate(self._items)]
        for group in (self._common, *self._by_code.values()):
            group.sort(key=keys.__getitem__)
        self._lock = threading.Lock()
        self._grams: dict[str, set[int]] | None = None
        self._norms: tuple[str, ...] = tuple(normal_form(ind.name) for ind in self._items)

    # -- container -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self._items)

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._by_id

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Catalog):
            return NotImplemented
        return self._items == other._items

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        return f"<Catalog{label}: {len(self)} indicators>"

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """All entries, in library order."""
        return self._items

    # -- look-ups --------------------------------------------------------------------------------

    def get(self, indicator_id: str) -> Indicator | None:
        """Return the indicator with ``indicator_id``, or None."""
        index = self._by_id.get(indicator_id)
        return None if index is None else self._items[index]

    def lookup(self, indicator_id: str) -> Indicator:
        """Return the indicator with ``indicator_id``.

        Args:
            indicator_id: An id such as ``FW-007``.

        Returns:
            The indicator.

        Raises:
            CatalogLookupError: When there is none; the message suggests close ids, or the id of an
                indicator whose *name* was given.

        """
        found = self.get(indicator_id)
        if found is not None:
            return found
        norm = normal_form(indicator_id)
        by_name = [ind.id for ind, n in zip(self._items, self._norms, strict=True) if n == norm]
        if by_name:
            zh_hint = f"；「{indicator_id}」是指标名称，其编码为 {'、'.join(by_name)}"
            en_hint = f"; {indicator_id!r} is a name, its id is {', '.join(by_name)}"
        else:
            zh_hint, en_hint = suggestion_text(indicator_id, self._by_id)
        raise CatalogLookupError(
            f"指标库中没有编码为「{indicator_id}」的指标{zh_hint}",
            f"no indicator with id {indicator_id!r} in the catalog{en_hint}",
            code="unknown-indicator",
        )

    def for_code(
        self,
        code: str,
        *,
        include_common: bool = True,
        include_retired: bool = False,
    ) -> list[Indicator]:
        """Return the indicators that apply to 支出功能分类 code ``code``.

        Args:
            code: A 类 (3 digits), 款 (5) or 项 (7) code, e.g. ``"2050203"``.
            include_common: Also return the common indicators (those without codes), last.
            include_retired: Also return retired entries.

        Returns:
            Indicators keyed to ``code`` itself, then those inherited from its 款 and 类, then the
            common ones; each group in framework and 一级/二级 order, then library order.

        Raises:
            CatalogLookupError: When ``code`` is not 3, 5 or 7 digits.

        """
        code = str(code).strip()
        if not (code.isascii() and code.isdigit() and len(code) in (3, 5, 7)):
            raise CatalogLookupError(
                f"功能分类科目编码「{code}」应为 3、5 或 7 位数字（类、款、项）",
                f"function code {code!r} must be 3, 5 or 7 digits (类, 款, 项)",
                code="bad-function-code",
            )
        groups: list[list[int]] = [self._by_code.get(code[:n], []) for n in (7, 5, 3) if n <= len(code)]
        if include_common:
            groups.append(self._common)
        seen: set[int] = set()
        out: list[Indicator] = []
        items = self._items
        for group in groups:
            for i in group:
                if i in seen:
                    continue
                seen.add(i)
                if include_retired or items[i].status != "retired":
                    out.append(items[i])
        return out

    def search(self, text: str, *, limit: int = 20, include_retired: bool = False) -> list[Indicator]:
        """Return the indicators best matching ``text``, best first.

        Matching is on character bigrams of the name, tags and definition, so partial names
        (``满意度``) and near spellings (``资金道位率``) are found; an exact name or id comes first.

        Args:
            text: What to look for.
            limit: At most this many results (0 or less for all).
            include_retired: Also return retired entries.

        Returns:
            The matching indicators, best first (ties in library order).

        """
        query = normal_form(text)
        if not query:
            return []
        scores: dict[int, float] = {}
        for i in self._candidates(query):
            ind = self._items[i]
            if ind.status == "retired" and not include_retired:
                continue
            score = self._score(i, query)
            if score > 0:
                scores[i] = score
        ranked = sorted(scores, key=lambda i: (-scores[i], i))
        if limit > 0:
            ranked = ranked[:limit]
        return [self._items[i] for i in ranked]

    def _gram_index(self) -> dict[str, set[int]]:
        if self._grams is None:
            with self._lock:
                if self._grams is None:
                    grams: dict[str, set[int]] = {}
                    for i, ind in enumerate(self._items):
                        keys = bigrams(ind.name) | bigrams(ind.definition)
                        for tag in ind.tags:
                            keys |= bigrams(tag)
                        for key in keys:
                            grams.setdefault(key, set()).add(i)
                    self._grams = grams
        return self._grams

    def _candidates(self, query: str) -> set[int]:
        if len(query) < 2:
            return {
                i
                for i, ind in enumerate(self._items)
                if query in self._norms[i] or any(query in normal_form(t) for t in ind.tags)
            }
        index = self._gram_index()
        found: set[int] = set()
        for gram in bigrams(query):
            found |= index.get(gram, set())
        found.update(i for i, ind in enumerate(self._items) if normal_form(ind.id) == query)
        return found

    def _score(self, index: int, query: str) -> float:
        ind = self._items[index]
        name = self._norms[index]
        if normal_form(ind.id) == query:
            return 4.0
        if name == query:
            return 3.0
        if query in name:
            return 2.0 + len(query) / len(name)
        tags = [normal_form(t) for t in ind.tags]
        if query in tags:
            return 1.9
        qgrams = bigrams(query)
        coverage = len(qgrams & bigrams(name)) / len(qgrams) if qgrams else 0.0
        score = 0.0
        if coverage >= 0.5:
            score = coverage + 0.5 * name_similarity(query, name)
        if any(query in t for t in tags):
            score = max(score, 1.5)
        if query in normal_form(ind.definition):
            score = max(score, 0.9)
        return score

    # -- composition -----------------------------------------------------------------------------

    def overlay(self, other: Catalog, *, name: str | None = None) -> Catalog:
        """Return this catalog with ``other`` on top (``national.overlay(province)``).

        Entries of ``other`` with an id already here replace that entry in place (a provincial
        revision, or a retirement with ``status: retired``); new ids are appended. The returned
        catalog's :attr:`conflicts` lists every replacement that changed something and every new
        entry that has the name of an existing one for overlapping codes (both are kept).

        Args:
            other: The library to lay on top.
            name: The new catalog's label (default ``"<self>+<other>"``).

        Returns:
            The combined catalog; neither input is changed.

        """
        items = list(self._items)
        position = dict(self._by_id)
        conflicts: list[OverlayConflict] = [*self.conflicts, *other.conflicts]
        for ind in other:
            index = position.get(ind.id)
            if index is not None:
                base = items[index]
                if base != ind:
                    changed = tuple(f for f in Indicator.model_fields if getattr(base, f) != getattr(ind, f))
                    scoring = any(f in _SCORING_FIELDS for f in changed)
                    conflicts.append(
                        OverlayConflict(
                            kind="replaced",
                            id=ind.id,
                            base=base,
                            override=ind,
                            fields=changed,
                            severity="warning" if scoring else "info",
                        )
                    )
                items[index] = ind
                continue
            norm = normal_form(ind.name)
            for base in items:
                if (
                    base.status != "retired"
                    and normal_form(base.name) == norm
                    and codes_overlap(base.function_codes, ind.function_codes)
                ):
                    conflicts.append(
                        OverlayConflict(
                            kind="duplicate_name", id=ind.id, base=base, override=ind, severity="warning"
                        )
                    )
                    break
            position[ind.id] = len(items)
            items.append(ind)
        label = name if name is not None else "+".join(n for n in (self.name, other.name) if n)
        return Catalog(items, name=label, conflicts=conflicts)

    def propose(self, indicator: Indicator, *, codes: CodeValidator | None = None) -> list[Finding]:
        """Check ``indicator`` before it enters this library (先入库、后使用); change nothing.

        Args:
            indicator: The proposed entry.
            codes: The function-code table to check codes against (a user's edition); default
                the shipped table (:func:`indicator_lib.codes.function_codes`).

        Returns:
            The findings, errors first; rules are listed in :mod:`indicator_lib.catalog._propose`.
            No ``error`` finding means :meth:`with_indicator` will accept it.

        """
        return propose_findings(self._items, indicator, codes if codes is not None else _default_codes())

    def with_indicator(self, indicator: Indicator, *, codes: CodeValidator | None = None) -> Catalog:
        """Return a new catalog with ``indicator`` added (or revised, for a higher version).

        Args:
            indicator: The proposed entry.
            codes: The function-code table to check codes against; default the shipped table.

        Returns:
            The new catalog; this one is unchanged.

        Raises:
            IndicatorRejectedError: When :meth:`propose` returns any ``error`` finding.

        """
        findings = self.propose(indicator, codes=codes)
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            raise IndicatorRejectedError(
                Diagnostic(
                    code=f.rule,
                    message=f.message,
                    message_en=f.message_en,
                    field=f.path or None,
                    file=self.name or None,
                )
                for f in errors
            )
        items = list(self._items)
        index = self._by_id.get(indicator.id)
        if index is None:
            items.append(indicator)
        else:
            items[index] = indicator
        return Catalog(items, name=self.name, conflicts=self.conflicts)

    # -- export ----------------------------------------------------------------------------------

    def to_records(self) -> list[dict[str, object]]:
        """Return the entries as JSON-ready dicts (English keys)."""
        return [ind.model_dump(mode="json") for ind in self._items]

    def to_json(self, path: str | Path | None = None) -> str:
        """Return the library as JSON text, and write it to ``path`` when given."""
        from indicator_lib.catalog._io import dump_json

        return dump_json(self, path)

    def to_yaml(self, path: str | Path | None = None) -> str:
        """Return the library as YAML text (needs the ``yaml`` extra), and write it when given a path."""
        from indicator_lib.catalog._io import dump_yaml

        return dump_yaml(self, path)

    def to_csv(self, path: str | Path | None = None) -> str:
        """Return the library as CSV text with Chinese headings, and write it (UTF-8 with BOM) to ``path``."""
        from indicator_lib.catalog._io import dump_csv

        return dump_csv(self, path)

    def to_excel(self, path: str | Path | BinaryIO) -> None:
        """Write the library as an Excel workbook with Chinese headings (needs the ``excel`` extra)."""
        from indicator_lib.catalog._io import dump_excel

        dump_excel(self, path)


def _default_codes() -> CodeValidator:
    from indicator_lib.codes import function_codes

    return function_codes()
