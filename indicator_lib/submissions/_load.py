"""Loading submissions from dicts, JSON, YAML and Excel, one at a time or a folder at once.

Decides the loading contract: the file type by suffix (``.json``, ``.yaml``/``.yml``,
``.xlsx``/``.xlsm``); a size limit checked before reading (a 50 MB file is refused at once, not
parsed); text decoded as UTF-8 (with or without BOM) or, failing that, GB18030 (what Chinese
office software writes); every problem raised as :class:`~indicator_lib.errors.SubmissionLoadError`
with diagnostics naming the file, the line (JSON/YAML) or sheet and row (Excel), the field path
and what was expected, in Chinese and English. A batch (:func:`load_submissions`) gives each bad
file its own error and loads the rest.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from indicator_lib._tabular import decode_text
from indicator_lib.errors import Diagnostic, SubmissionLoadError
from indicator_lib.submissions._aliases import KIND_VALUES, normalize_kind
from indicator_lib.submissions._errors import Locator, diagnostics_from_validation
from indicator_lib.submissions._locate import yaml_locator
from indicator_lib.submissions.models import DepartmentPlan, ProjectGoal, SelfEvaluation, Submission

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUFFIXES",
    "LoadResult",
    "LoadedSubmission",
    "load_submission",
    "load_submissions",
]

#: Files larger than this are refused before reading (override with ``max_bytes=``).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

#: File suffixes :func:`load_submissions` picks up in a folder.
SUFFIXES = (".json", ".yaml", ".yml", ".xlsx", ".xlsm")

AnySubmission = ProjectGoal | SelfEvaluation | DepartmentPlan


@lru_cache(maxsize=1)
def _adapter() -> TypeAdapter[AnySubmission]:
    adapter: TypeAdapter[AnySubmission] = TypeAdapter(Submission)
    return adapter


def _error(code: str, zh: str, en: str, *, file: str | None, **where: Any) -> SubmissionLoadError:
    return SubmissionLoadError(Diagnostic(code=code, message=zh, message_en=en, file=file, **where))


def validate_document(
    data: Any,
    *,
    file: str | None = None,
    kind: str | None = None,
    locate: Locator | None = None,
) -> AnySubmission:
    """Validate one mapping as an exchange-format document.

    Args:
        data: The mapping (already read from its file).
        file: Its source name, for diagnostics.
        kind: The kind to assume when the mapping has none.
        locate: Finds the line of a field path in the source.

    Returns:
        The model for the document's ``kind``.

    Raises:
        SubmissionLoadError: When the mapping is not a valid document.

    """
    if isinstance(data, ProjectGoal | SelfEvaluation | DepartmentPlan):
        return data
    if not isinstance(data, Mapping):
        raise _error(
            "not-a-document",
            f"文档应为一个对象（键值表），得到 {type(data).__name__}",
            f"a document must be an object (a mapping), got {type(data).__name__}",
            file=file,
        )
    if "kind" not in data and "类型" not in data:
        if kind is None:
            raise _error(
                "missing-kind",
                "文档缺少 kind 字段（应为 project_goal、self_evaluation 或 department_plan）",
                "the document has no 'kind' (expected project_goal, self_evaluation or department_plan)",
                file=file,
                field="kind",
            )
        data = {"kind": kind, **data}
    elif normalize_kind(data.get("kind", data.get("类型"))) not in KIND_VALUES:
        got = data.get("kind", data.get("类型"))
        raise _error(
            "unknown-kind",
            f"kind 应为 project_goal、self_evaluation 或 department_plan，得到「{got}」",
            f"kind must be project_goal, self_evaluation or department_plan, got {got!r}",
            file=file,
            field="kind",
        )
    try:
        return _adapter().validate_python(data)
    except ValidationError as err:
        raise SubmissionLoadError(diagnostics_from_validation(err, file=file, locate=locate)) from None


def _check_file(path: Path, max_bytes: int) -> None:
    name = str(path)
    if not path.exists():
        raise _error("file-not-found", f"文件不存在：{name}", f"no such file: {name}", file=name)
    if path.is_dir():
        raise _error(
            "is-a-directory",
            "这是一个文件夹；读取文件夹请用 load_submissions",
            "this is a folder; use load_submissions to read a folder",
            file=name,
        )
    size = path.stat().st_size
    if size > max_bytes:
        raise _error(
            "file-too-large",
            f"文件过大：{size} 字节，超过上限 {max_bytes} 字节（可用 max_bytes 调整）",
            f"file too large: {size} bytes, over the limit of {max_bytes} bytes (see max_bytes)",
            file=name,
        )


def _read_json(text: str, name: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        lines = text.splitlines()
        source = lines[exc.lineno - 1] if 0 < exc.lineno <= len(lines) else None
        raise SubmissionLoadError(
            Diagnostic(
                code="bad-json",
                message=f"JSON 格式错误：{exc.msg}",
                message_en=f"invalid JSON: {exc.msg}",
                file=name,
                line=exc.lineno,
                column=exc.colno,
                source_line=source,
            )
        ) from None


def _read_yaml(text: str, name: str) -> list[Any]:
    from indicator_lib._optional import require

    yaml = require("yaml", purpose="读取 YAML / reading YAML")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return [doc for doc in yaml.load_all(text, Loader=loader) if doc is not None]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        lines = text.splitlines()
        source = lines[line - 1] if line is not None and 0 < line <= len(lines) else None
        raise SubmissionLoadError(
            Diagnostic(
                code="bad-yaml",
                message=f"YAML 格式错误：{problem}",
                message_en=f"invalid YAML: {problem}",
                file=name,
                line=line,
                column=column,
                source_line=source,
            )
        ) from None


@dataclass(frozen=True, slots=True)
class _Part:
    """One document read from a source, before validation."""

    source: str
    data: Any
    locate: Locator | None = None
    error: SubmissionLoadError | None = None


def _read_parts(
    path: Path,
    *,
    max_bytes: int,
    sheet: str | None,
    fiscal_year: int | None,
    kind: str | None,
) -> list[_Part]:
    """Read every document a file holds (a JSON list, YAML documents, workbook sheets)."""
    name = str(path)
    _check_file(path, max_bytes)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from indicator_lib.submissions._excel import read_workbook

        return [
            _Part(sheet_result.source, sheet_result.data, sheet_result.locate, sheet_result.error)
            for sheet_result in read_workbook(path, sheet=sheet, fiscal_year=fiscal_year, kind=kind)
        ]
    if suffix not in (".json", ".yaml", ".yml"):
        raise _error(
            "unsupported-format",
            f"不支持的文件类型「{suffix or '无后缀'}」，应为 .json、.yaml、.yml 或 .xlsx",
            f"unsupported file type {suffix or '(none)'!r}; expected .json, .yaml, .yml or .xlsx",
            file=name,
        )
    text = decode_text(path.read_bytes(), name, SubmissionLoadError)
    docs = [_read_json(text, name)] if suffix == ".json" else _read_yaml(text, name)
    if len(docs) == 1 and isinstance(docs[0], list):
        docs = docs[0]
    if not docs:
        raise _error("empty-file", "文件中没有文档", "the file holds no document", file=name)
    locate = yaml_locator(text, name)
    if len(docs) == 1:
        return [_Part(name, docs[0], locate)]
    return [_Part(f"{name}#{i}", doc, yaml_locator(text, name, document=i)) for i, doc in enumerate(docs)]


def load_submission(
    source: str | os.PathLike[str] | Mapping[str, Any] | AnySubmission,
    *,
    kind: str | None = None,
    fiscal_year: int | None = None,
    sheet: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> AnySubmission:
    """Load one submission from a dict, a JSON/YAML file or an Excel table.

    Args:
        source: A mapping in the exchange format, a model (returned as is), or a file path.
        kind: The kind to assume when the input does not say (``project_goal`` …); for Excel
            it overrides the kind guessed from the headings.
        fiscal_year: For Excel tables whose title does not state the year.
        sheet: For Excel: the sheet to read (default: the first sheet with an indicator table).
        max_bytes: Files larger than this are refused before reading.

    Returns:
        A :class:`ProjectGoal`, :class:`SelfEvaluation` or :class:`DepartmentPlan`.

    Raises:
        SubmissionLoadError: The file is missing, too large, malformed, or not a valid document;
            the diagnostics name the file, line or row, field and what was expected.
        MissingDependencyError: YAML or Excel input without the ``yaml`` / ``excel`` extra.

    """
    if isinstance(source, ProjectGoal | SelfEvaluation | DepartmentPlan):
        return source
    if isinstance(source, Mapping):
        return validate_document(source, kind=kind)
    path = Path(source)
    parts = _read_parts(path, max_bytes=max_bytes, sheet=sheet, fiscal_year=fiscal_year, kind=kind)
    good = [part for part in parts if part.error is None]
    if not good:
        raise parts[0].error or _error("empty-file", "文件中没有文档", "no document", file=str(path))
    if len(good) > 1 and path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise _error(
            "several-documents",
            f"文件中有 {len(good)} 个文档；读取多个文档请用 load_submissions",
            f"the file holds {len(good)} documents; use load_submissions to read them all",
            file=str(path),
        )
    part = good[0]
    return validate_document(part.data, file=part.source, kind=kind, locate=part.locate)


@dataclass(frozen=True, slots=True)
class LoadedSubmission:
    """A document loaded by :func:`load_submissions`.

    Attributes:
        source: Where it came from (``path``, ``path#2`` for the third document of a file, or
            ``path#Sheet1`` for a workbook sheet).
        document: The validated model.

    """

    source: str
    document: AnySubmission


@dataclass
class LoadResult:
    """What :func:`load_submissions` read: the good documents and, per bad source, its error.

    Attributes:
        documents: The loaded documents, in file order.
        errors: Source name → the error that source raised (its diagnostics say what and where).

    """

    documents: list[LoadedSubmission] = field(default_factory=list)
    errors: dict[str, SubmissionLoadError] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every source loaded."""
        return not self.errors

    def __iter__(self) -> Iterator[AnySubmission]:
        return (item.document for item in self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic of every failed source, in source order."""
        return [diag for err in self.errors.values() for diag in err.diagnostics]

    def raise_errors(self) -> None:
        """Raise one :class:`SubmissionLoadError` with all diagnostics, if any source failed."""
        if self.errors:
            raise SubmissionLoadError(self.diagnostics())


def _expand(
    sources: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], recursive: bool
) -> list[Path]:
    items = [sources] if isinstance(sources, str | os.PathLike) else list(sources)
    paths: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = path.rglob("*") if recursive else path.glob("*")
            paths.extend(
                sorted(
                    p
                    for p in found
                    if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$"))
                )
            )
        else:
            paths.append(path)
    return paths


def load_submissions(
    sources: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    recursive: bool = True,
    kind: str | None = None,
    fiscal_year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> LoadResult:
    """Load many submissions: files and folders (searched for .json/.yaml/.yml/.xlsx).

    A bad file (or a bad document in a file, or a bad sheet) is recorded in ``errors`` with its
    own diagnostics; everything else still loads. A JSON file holding a list, a YAML file with
    several ``---`` documents and a workbook with several sheets give one document each.

    Args:
        sources: A path, a folder, or an iterable of them.
        recursive: Search folders recursively.
        kind: The kind to assume for documents that do not say.
        fiscal_year: For Excel tables whose title does not state the year.
        max_bytes: Files larger than this are refused before reading.

    Returns:
        A :class:`LoadResult`.

    """
    result = LoadResult()
    for path in _expand(sources, recursive):
        try:
            parts = _read_parts(path, max_bytes=max_bytes, sheet=None, fiscal_year=fiscal_year, kind=kind)
        except SubmissionLoadError as err:
            result.errors[str(path)] = err
            continue
        for part in parts:
            if part.error is not None:
                result.errors[part.source] = part.error
                continue
            try:
                doc = validate_document(part.data, file=part.source, kind=kind, locate=part.locate)
            except SubmissionLoadError as err:
                result.errors[part.source] = err
                continue
            result.documents.append(LoadedSubmission(part.source, doc))
    return result
