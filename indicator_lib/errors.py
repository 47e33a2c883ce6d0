"""Every error the library raises, under one root, and the diagnostics they carry.

Errors carry data; rendering comes last. Each error holds a tuple of :class:`Diagnostic`
records (a stable ``code``, a Chinese ``message`` with its English ``message_en``, and where it
happened: file, line, column, field). ``str(err)`` renders them like a compiler does::

    rules/self.rules:12:7: error[unknown-field]: 未知字段「wieght」，是否为「weight」？
      / unknown field 'wieght'; did you mean 'weight'?
       12 | score s max i.wieght = 1
          |               ^^^^^^

The hierarchy::

    IndicatorLibError
    ├── MissingDependencyError (also ImportError)   an optional extra is not installed
    ├── DataLoadError (also ValueError)             a file or dict could not be read
    │   ├── CatalogLoadError                        a code table / indicator library file
    │   └── SubmissionLoadError                     a goal table, self-evaluation or plan
    ├── CatalogLookupError (also LookupError)       a code or indicator id that does not exist
    └── RuleError                                   the rules language
        ├── RuleSyntaxError                         the text does not parse
        ├── RuleCheckError                          names or types do not check
        └── RuleEvaluationError                     a limit, a ``unique`` table, a host function

Callers catch :class:`IndicatorLibError` to catch everything the library raises on bad input.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]

__all__ = [
    "CatalogLoadError",
    "CatalogLookupError",
    "DataLoadError",
    "Diagnostic",
    "IndicatorLibError",
    "MissingDependencyError",
    "RuleCheckError",
    "RuleError",
    "RuleEvaluationError",
    "RuleSyntaxError",
    "Severity",
    "SubmissionLoadError",
]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, located and explained in Chinese and English.

    Attributes:
        code: Stable slug such as ``unknown-field``; tests and callers match on it.
        message: The message in Chinese.
        message_en: The same message in English.
        severity: ``error``, ``warning`` or ``info``.
        file: The file (or other source name) the problem is in, if known.
        line: 1-based line, if known.
        column: 1-based column, if known.
        end_line: 1-based line where the offending text ends, if known.
        end_column: 1-based column just past the offending text, if known.
        field: A field path (``indicators[3].target``) or a column heading, for tabular input.
        source_line: The text of the offending line, for the caret snippet.
        hint: An extra suggestion (did-you-mean), already included in the messages when useful.

    """

    code: str
    message: str
    message_en: str = ""
    severity: Severity = "error"
    file: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    field: str | None = None
    source_line: str | None = None
    hint: str | None = None

    def location(self) -> str:
        """Return ``file:line:col`` (as much of it as is known), or ``""``."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        loc = ":".join(parts)
        if self.field:
            loc = f"{loc} [{self.field}]" if loc else f"[{self.field}]"
        return loc

    def render(self) -> str:
        """Render the diagnostic as a compiler would: location, code, both messages, caret."""
        loc = self.location()
        head = f"{loc}: " if loc else ""
        text = f"{head}{self.severity}[{self.code}]: {self.message}"
        if self.message_en:
            text += f"\n  / {self.message_en}"
        if self.source_line is not None and self.line is not None:
            gutter = str(self.line)
            src = self.source_line.rstrip("\r\n")
            col = max(self.column or 1, 1)
            if self.end_line == self.line and self.end_column and self.end_column > col:
                width = self.end_column - col
            else:
                width = 1
            # East Asian wide characters take two cells in a terminal: pad the caret to match.
            pad = "".join("  " if _is_wide(ch) else " " for ch in src[: col - 1])
            carets = "".join("^^" if _is_wide(ch) else "^" for ch in src[col - 1 : col - 1 + width])
            carets = carets or "^"
            text += f"\n {gutter} | {src}\n {' ' * len(gutter)} | {pad}{carets}"
        return text


def _is_wide(ch: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(ch) in ("W", "F")


class IndicatorLibError(Exception):
    """Root of every error the library raises on bad input or bad rules.

    Attributes:
        diagnostics: The problems found, each with a stable code and location.

    """

    default_code = "error"

    def __init__(
        self,
        message: str | Diagnostic | Iterable[Diagnostic],
        message_en: str = "",
        *,
        code: str | None = None,
        file: str | None = None,
        field: str | None = None,
    ) -> None:
        if isinstance(message, str):
            diags: tuple[Diagnostic, ...] = (
                Diagnostic(
                    code=code or self.default_code,
                    message=message,
                    message_en=message_en,
                    file=file,
                    field=field,
                ),
            )
        elif isinstance(message, Diagnostic):
            diags = (message,)
        else:
            diags = tuple(message)
        self.diagnostics: tuple[Diagnostic, ...] = diags
        super().__init__(self._render())

    def _render(self) -> str:
        if not self.diagnostics:
            return self.default_code
        return "\n".join(d.render() for d in self.diagnostics)

    @property
    def code(self) -> str:
        """The code of the first diagnostic."""
        return self.diagnostics[0].code if self.diagnostics else self.default_code

    def __str__(self) -> str:
        return self._render()


class MissingDependencyError(IndicatorLibError, ImportError):
    """An optional dependency (an extra such as ``excel`` or ``yaml``) is not installed."""

    default_code = "missing-dependency"


class DataLoadError(IndicatorLibError, ValueError):
    """A data file or dict could not be read; diagnostics name the file, row/line and field."""

    default_code = "bad-input"


class CatalogLoadError(DataLoadError):
    """A code table or indicator-library file is malformed; nothing of it was loaded."""

    default_code = "catalog-bad-input"


class SubmissionLoadError(DataLoadError):
    """A submission (goal table, self-evaluation, department plan) could not be read."""

    default_code = "submission-bad-input"


class CatalogLookupError(IndicatorLibError, LookupError):
    """A function code or indicator id does not exist; the message suggests near matches."""

    default_code = "not-found"


class RuleError(IndicatorLibError):
    """Base of the rules-language errors."""

    default_code = "rule-error"


class RuleSyntaxError(RuleError):
    """Rule text does not parse; each diagnostic says what was expected, in words."""

    default_code = "syntax"


class RuleCheckError(RuleError):
    """Rule text parses but does not check against its input schema."""

    default_code = "check"


class RuleEvaluationError(RuleError):
    """Evaluation failed: a limit was hit, a ``unique`` table matched twice, a host function raised."""

    default_code = "evaluation"
