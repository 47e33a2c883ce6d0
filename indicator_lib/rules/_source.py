"""A named source text and the one way to turn a span in it into a :class:`Diagnostic`.

Decides: every diagnostic of the rules language carries the file name, the 1-based line and column,
the end of the offending text and the source line, so that ``str(err)`` shows a caret snippet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indicator_lib.errors import Diagnostic, Severity
from indicator_lib.rules.ast import Span

__all__ = ["Source", "diagnostic"]


@dataclass(frozen=True, slots=True)
class Source:
    """A rules text and the name used for it in diagnostics."""

    name: str
    text: str
    lines: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def of(cls, text: str, name: str | None) -> Source:
        """Build a source, splitting its lines once."""
        return cls(name or "<rules>", text, tuple(text.split("\n")))

    def line(self, number: int) -> str | None:
        """Return line ``number`` (1-based) without its line end, or None."""
        if 1 <= number <= len(self.lines):
            return self.lines[number - 1].rstrip("\r")
        return None


def diagnostic(
    source: Source | None,
    span: Span | None,
    code: str,
    message: str,
    message_en: str,
    *,
    severity: Severity = "error",
    hint: str | None = None,
) -> Diagnostic:
    """Return a diagnostic for ``span`` in ``source`` (either may be missing)."""
    line = span.line if span is not None and span.line else None
    return Diagnostic(
        code=code,
        message=message,
        message_en=message_en,
        severity=severity,
        file=source.name if source is not None else None,
        line=line,
        column=span.column if line is not None and span is not None else None,
        end_line=span.end_line if line is not None and span is not None else None,
        end_column=span.end_column if line is not None and span is not None else None,
        source_line=source.line(line) if source is not None and line is not None else None,
        hint=hint,
    )
