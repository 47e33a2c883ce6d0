"""Resolve a ruleset argument to a compiled, cached ruleset: one helper for every area that runs one.

Decides what the ``ruleset=`` argument of the area functions (review, scoring, monitoring,
ex-ante, results) means and how its compiled form is cached:

* rules text (it contains a line break) is compiled as it is;
* a path to an existing ``.rules`` file is read and compiled under the path's name;
* any other text with a space in it is compiled as rules text (a one-line ``extends …``);
* anything else is the name of a shipped or registered ruleset (:func:`load_ruleset`).

Each area keeps one :class:`RulesetCache` for its input type; compiled rulesets are cached per
argument behind a lock, so areas may run in threads. Only the public rules API is used.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

    from indicator_lib.rules import Ruleset

__all__ = ["RulesetCache"]


class RulesetCache:
    """Compiled rulesets of one input type, cached by the argument that named them.

    Args:
        input_type: A callable returning the pydantic input model (called on first compile, so
            the model's module is imported lazily).
        functions: A callable returning the host functions to register, or None for none.

    """

    def __init__(
        self,
        input_type: Callable[[], type[BaseModel]],
        *,
        functions: Callable[[], Mapping[str, Any]] | None = None,
    ) -> None:
        self._input_type = input_type
        self._functions = functions
        self._lock = threading.Lock()
        self._compiled: dict[str, Ruleset] = {}

    def get(self, name_or_text: str) -> Ruleset:
        """Return the compiled ruleset for a name, a ``.rules`` path or rules text (cached).

        Raises:
            RuleSyntaxError: The text does not parse.
            RuleCheckError: The name is unknown, or the text does not check against the input type.

        """
        with self._lock:
            hit = self._compiled.get(name_or_text)
        if hit is not None:
            return hit
        from indicator_lib.rules import compile_rules, load_ruleset, register_input_type

        model = register_input_type(self._input_type())
        functions = None if self._functions is None else self._functions()
        if "\n" in name_or_text:
            compiled = compile_rules(name_or_text, input=model, functions=functions)
        elif name_or_text.endswith(".rules") and Path(name_or_text).is_file():
            text = Path(name_or_text).read_text(encoding="utf-8")
            compiled = compile_rules(text, input=model, name=name_or_text, functions=functions)
        elif " " in name_or_text.strip():
            compiled = compile_rules(name_or_text, input=model, functions=functions)
        else:
            compiled = load_ruleset(name_or_text, input=model, functions=functions)
        with self._lock:
            return self._compiled.setdefault(name_or_text, compiled)

    def resolve(self, ruleset: Ruleset | str | None, default: str) -> Ruleset:
        """Return ``ruleset`` compiled: a :class:`Ruleset` as it is, a string through :meth:`get`.

        Args:
            ruleset: A compiled ruleset, a name, a ``.rules`` path, rules text, or None.
            default: The name used when ``ruleset`` is None.

        """
        if ruleset is None:
            return self.get(default)
        if isinstance(ruleset, str):
            return self.get(ruleset)
        return ruleset
