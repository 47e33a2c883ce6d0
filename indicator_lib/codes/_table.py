"""The code table: indexed look-ups, tree walks, search, validation and edition-year views.

A :class:`FunctionCodeTable` is immutable once built. ``for_year(y)`` returns a view sharing the
same indexes: a code or an old name asked for a year before a rename answers with the current
entry and a ``rename_note`` saying what changed. ``get`` never raises; ``lookup`` raises
:class:`~indicator_lib.errors.CatalogLookupError` with a did-you-mean.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Iterator

from indicator_lib._suggest import did_you_mean
from indicator_lib.codes._model import FunctionCode, Rename, clean_code, level_of, parent_of
from indicator_lib.errors import CatalogLookupError, Diagnostic, Severity

__all__ = ["FunctionCodeTable"]


class _Index:
    """The shared, read-only indexes of one table (several year views point at one index)."""

    __slots__ = ("by_code", "by_former", "by_name", "children", "order", "renames")

    def __init__(self, codes: Iterable[FunctionCode], renames: Iterable[Rename]) -> None:
        by_code: dict[str, FunctionCode] = {}
        for fc in codes:
            if fc.code in by_code:
                raise ValueError(f"duplicate code {fc.code}")
            by_code[fc.code] = fc
        self.renames: dict[str, Rename] = {}
        for rn in renames:
            entry = by_code.get(rn.code)
            if entry is None or entry.name != rn.current_name:
                continue
            self.renames[rn.code] = rn
            if rn.former_name and rn.former_name not in entry.former_names:
                by_code[rn.code] = dataclasses.replace(
                    entry, former_names=(*entry.former_names, rn.former_name)
                )
        self.order: tuple[str, ...] = tuple(sorted(by_code))
        self.by_code = by_code
        self.children: dict[str, list[str]] = {}
        self.by_name: dict[str, list[str]] = {}
        self.by_former: dict[str, list[str]] = {}
        for code in self.order:
            fc = by_code[code]
            if fc.parent is not None:
                self.children.setdefault(fc.parent, []).append(code)
            self.by_name.setdefault(fc.name, []).append(code)
            for old in fc.former_names:
                self.by_former.setdefault(old, []).append(code)


class FunctionCodeTable:
    """An edition of the 支出功能分类科目 table, indexed by code and name.

    Build one with :func:`indicator_lib.codes.function_codes` (the shipped table) or
    :func:`indicator_lib.codes.load_function_codes` (a user's official edition).

    Attributes:
        edition: The edition year of the data, if known.
        year: The year this view answers for (None: the edition itself).
        source: Where the table was read from.

    """

    __slots__ = ("_index", "edition", "source", "year")

    def __init__(
        self,
        codes: Iterable[FunctionCode],
        *,
        edition: int | None = None,
        renames: Iterable[Rename] = (),
        year: int | None = None,
        source: str = "",
    ) -> None:
        """Index ``codes``.

        Args:
            codes: The entries; codes must be unique.
            edition: The edition year of the data.
            renames: Known renames; each applies where the table carries its current name.
            year: The year this view answers for.
            source: Where the table was read from (a path, or ``"shipped"``).

        Raises:
            ValueError: When two entries share a code.

        """
        self._index = _Index(codes, renames)
        self.edition = edition
        self.year = year
        self.source = source

    def for_year(self, year: int | None) -> FunctionCodeTable:
        """Return a view of this table answering for ``year`` (None: the edition itself)."""
        view = object.__new__(FunctionCodeTable)
        view._index = self._index
        view.edition = self.edition
        view.year = year
        view.source = self.source
        return view

    # -- container protocol -------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._index.order)

    def __iter__(self) -> Iterator[FunctionCode]:
        by_code = self._index.by_code
        return (by_code[c] for c in self._index.order)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and clean_code(code) in self._index.by_code

    def __repr__(self) -> str:
        year = f", year={self.year}" if self.year is not None else ""
        return f"<FunctionCodeTable edition={self.edition}{year} codes={len(self)}>"

    @property
    def renames(self) -> tuple[Rename, ...]:
        """The renames that apply to this table, by code."""
        return tuple(self._index.renames[c] for c in sorted(self._index.renames))

    # -- look-ups -----------------------------------------------------------------------------

    def get(self, code: str | int) -> FunctionCode | None:
        """Return the entry for a code (or an unambiguous current or former name), or None.

        Args:
            code: A code (``"2050203"``, ``2050203``, ``" 201 "``) or a name (``"初中教育"``,
                ``"医疗卫生与计划生育支出"``). A name shared by several codes gives the 类 when
                exactly one of them is a 类 (``"其他支出"`` is 229, as summary tables print it),
                else None (``"行政运行"``); use :meth:`search` for those.

        Returns:
            The entry, with ``rename_note`` set when the code was renamed after this view's year
            or when it was found by a former name; None when absent.

        """
        key = clean_code(code)
        index = self._index
        fc = index.by_code.get(key)
        if fc is not None:
            return self._noted(fc)
        hits = index.by_name.get(key, [])
        if len(hits) > 1:
            classes = [c for c in hits if len(c) == 3]
            hits = classes if len(classes) == 1 else hits
        if len(hits) == 1:
            return self._noted(index.by_code[hits[0]])
        former = index.by_former.get(key, [])
        if len(former) == 1 and not hits:
            return self._noted(index.by_code[former[0]], by_former_name=True)
        return None

    def lookup(self, code: str | int) -> FunctionCode:
        """Return the entry for a code or name, or raise with a did-you-mean.

        Raises:
            CatalogLookupError: When nothing matches (or a name is shared by several codes).

        """
        fc = self.get(code)
        if fc is not None:
            return fc
        key = clean_code(code)
        hits = self._index.by_name.get(key, [])
        if len(hits) > 1:
            shown = "、".join(hits[:8])
            raise CatalogLookupError(
                f"科目名称「{key}」对应多个科目编码（{shown}），请使用编码",
                f"the name '{key}' belongs to several codes ({', '.join(hits[:8])}); use the code",
                code="ambiguous-name",
                field="code",
            )
        diags = self.validate(key)
        if diags:
            raise CatalogLookupError(diags)
        raise CatalogLookupError(  # pragma: no cover - validate reports every unknown code
            f"未找到科目「{key}」", f"no code '{key}'", code="unknown-code"
        )

    def children(self, code: str | int) -> list[FunctionCode]:
        """Return the entries directly under ``code`` (the 款 of a 类, the 项 of a 款), by code."""
        key = clean_code(code)
        entry = self.get(key)
        if entry is None:
            return []
        by_code = self._index.by_code
        return [by_code[c] for c in self._index.children.get(entry.code, [])]

    def ancestors(self, code: str | int) -> list[FunctionCode]:
        """Return the entries above ``code``, the 类 first (``[205, 20502]`` for ``2050203``)."""
        entry = self.get(code)
        chain: list[FunctionCode] = []
        parent = entry.parent if entry is not None else None
        while parent is not None:
            above = self._index.by_code.get(parent)
            if above is None:
                break
            chain.append(above)
            parent = above.parent
        chain.reverse()
        return chain

    def descendants(self, code: str | int) -> list[FunctionCode]:
        """Return every entry under ``code`` (its 款 and their 项), by code."""
        entry = self.get(code)
        if entry is None:
            return []
        return [fc for fc in self if fc.code != entry.code and fc.code.startswith(entry.code)]

    def path_name(self, code: str | int, sep: str = " › ") -> str:
        """Return ``"教育支出 › 普通教育 › 初中教育"`` for ``2050203`` (empty when unknown)."""
        entry = self.get(code)
        if entry is None:
            return ""
        return sep.join(fc.name for fc in [*self.ancestors(entry.code), entry])

    def search(self, text: str, *, limit: int = 20) -> list[FunctionCode]:
        """Find entries by code prefix, name substring, former name, or near spelling.

        Args:
            text: A code prefix (``"20502"``), part of a name (``"学前"``), or a misspelt name
                (``"初中教肓"``).
            limit: The most entries to return.

        Returns:
            Matches, best first: exact name, code prefix, name prefix, substring (shorter names
            first), former names, then near spellings.

        """
        query = clean_code(text)
        if not query:
            return []
        index = self._index
        scored: dict[str, tuple[int, int, str]] = {}

        def add(code: str, rank: int) -> None:
            key = (rank, len(index.by_code[code].name), code)
            if code not in scored or key < scored[code]:
                scored[code] = key

        if query.isascii() and query.isdigit():
            for code in index.order:
                if code.startswith(query):
                    add(code, 1)
        for code in index.order:
            name = index.by_code[code].name
            if name == query:
                add(code, 0)
            elif name.startswith(query):
                add(code, 2)
            elif query in name:
                add(code, 3)
        for old, codes in index.by_former.items():
            if query in old:
                for code in codes:
                    add(code, 4)
        if len(scored) < limit and not query.isdigit():
            names = list(index.by_name)
            for name in difflib.get_close_matches(query, names, n=limit, cutoff=0.6):
                for code in index.by_name[name]:
                    add(code, 5)
        best = sorted(scored.values())[:limit]
        return [self._noted(index.by_code[code]) for _, _, code in best]

    # -- validation ---------------------------------------------------------------------------

    def validate(self, code: str | int, *, field: str | None = None) -> list[Diagnostic]:
        """Check a code against this table; return the problems (empty when it is fine).

        Diagnostic codes: ``code-empty``, ``code-not-digits``, ``code-length``,
        ``code-unknown-class`` (no such 类), ``code-not-under-class`` (a 款, or the 款 of a 项, not
        under its 类), ``code-unknown`` (a 项 absent under an existing 款; with a did-you-mean),
        and the warnings ``code-renamed`` / ``code-not-in-edition`` for a view on a year before a
        rename or before the code existed.

        Args:
            code: The code to check.
            field: A field name to put on the diagnostics (``"function_codes[2]"``).

        Returns:
            The diagnostics, errors first.

        """
        raw = code if isinstance(code, str) else str(code)
        key = clean_code(code)

        def diag(slug: str, zh: str, en: str) -> Diagnostic:
            return _diag(slug, zh, en, field=field)

        if not key:
            return [diag("code-empty", "科目编码为空", "the function code is empty")]
        if not (key.isascii() and key.isdigit()):
            return [
                diag(
                    "code-not-digits",
                    f"科目编码「{raw.strip()}」含非数字字符，应为 3、5 或 7 位数字",
                    f"function code {raw.strip()!r} has non-digit characters; expected 3, 5 or 7 digits",
                )
            ]
        if level_of(key) is None:
            return [
                diag(
                    "code-length",
                    f"科目编码「{key}」为 {len(key)} 位，应为 3 位（类）、5 位（款）或 7 位（项）",
                    f"function code {key!r} has {len(key)} digits; expected 3 (类), 5 (款) or 7 (项)",
                )
            ]
        index = self._index
        entry = index.by_code.get(key)
        if entry is not None:
            return self._year_warnings(entry, field)
        cls = key[:3]
        if cls not in index.by_code:
            zh, en = _suffix(cls, [c for c in index.order if len(c) == 3])
            return [
                diag(
                    "code-unknown-class",
                    f"类级科目「{cls}」不存在{zh or '。'}",
                    f"there is no 类 {cls}{en}",
                )
            ]
        if len(key) == 7 and key[:5] not in index.by_code:
            seg = key[:5]
            zh, en = _suffix(seg, index.children.get(cls, []))
            return [
                diag(
                    "code-not-under-class",
                    f"款级科目「{seg}」不在类「{cls} {index.by_code[cls].name}」之下{zh}",
                    f"款 {seg} is not under 类 {cls} ({index.by_code[cls].name}){en}",
                )
            ]
        parent = parent_of(key)
        assert parent is not None
        siblings = index.children.get(parent, [])
        zh, en = _suffix(key, siblings or index.order)
        if len(key) == 5:
            return [
                diag(
                    "code-not-under-class",
                    f"款级科目「{key}」不在类「{cls} {index.by_code[cls].name}」之下{zh}",
                    f"款 {key} is not under 类 {cls} ({index.by_code[cls].name}){en}",
                )
            ]
        seg_name = index.by_code[parent].name
        return [
            diag(
                "code-unknown",
                f"未找到项级科目「{key}」（款「{parent} {seg_name}」下无此项）{zh}",
                f"no 项 {key} under 款 {parent} ({seg_name}){en}",
            )
        ]

    # -- helpers ------------------------------------------------------------------------------

    def _rename_for(self, fc: FunctionCode) -> Rename | None:
        rn = self._index.renames.get(fc.code)
        if rn is None or self.year is None or self.year >= rn.changed_in:
            return None
        return rn

    def _noted(self, fc: FunctionCode, *, by_former_name: bool = False) -> FunctionCode:
        rn = self._rename_for(fc)
        if rn is None and by_former_name:
            rn = self._index.renames.get(fc.code)
        if rn is None:
            return fc
        zh, en = rn.message(self.year if self.year is not None and self.year < rn.changed_in else None)
        return dataclasses.replace(fc, rename_note=zh, rename_note_en=en)

    def _year_warnings(self, fc: FunctionCode, field: str | None) -> list[Diagnostic]:
        rn = self._rename_for(fc)
        if rn is None:
            return []
        zh, en = rn.message(self.year)
        slug = "code-renamed" if rn.former_name else "code-not-in-edition"
        return [_diag(slug, zh, en, field=field, severity="warning")]


def _diag(slug: str, zh: str, en: str, *, field: str | None, severity: Severity = "error") -> Diagnostic:
    return Diagnostic(code=slug, message=zh, message_en=en, severity=severity, field=field)


def _suffix(word: str, candidates: Iterable[str]) -> tuple[str, str]:
    close = did_you_mean(word, candidates, n=3, cutoff=0.5)
    if not close:
        return "", ""
    return (
        "，是否为" + "、".join(f"「{c}」" for c in close) + "？",
        "; did you mean " + ", ".join(repr(c) for c in close) + "?",
    )
