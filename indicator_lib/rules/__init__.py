"""The rules language: parse, check, compile, evaluate and explain ``.rules`` files.

::

    from indicator_lib.rules import compile_rules

    rules = compile_rules(text, input=SelfEvaluation)   # or load_ruleset("self_evaluation")
    result = rules.evaluate(record)                      # a model instance or a dict
    result.total, result.grade, result.findings

The contract is ``docs/rules-reference.md``; errors are :class:`~indicator_lib.errors.RuleSyntaxError`,
:class:`~indicator_lib.errors.RuleCheckError` and :class:`~indicator_lib.errors.RuleEvaluationError`,
each with ``.diagnostics``.
"""

from __future__ import annotations

from indicator_lib.errors import RuleCheckError, RuleError, RuleEvaluationError, RuleSyntaxError
from indicator_lib.findings import Finding
from indicator_lib.rules._builtins import BUILTINS, HostFunction, host_function
from indicator_lib.rules._lexer import KEYWORDS
from indicator_lib.rules._parser import parse, parse_expr
from indicator_lib.rules._printer import print_expr, print_module
from indicator_lib.rules._ruleset import (
    Ruleset,
    compile_rules,
    load_ruleset,
    register_input_type,
    register_ruleset,
    registered_input_types,
)
from indicator_lib.rules.results import RuleResult, ScoreLine

__all__ = [
    "BUILTINS",
    "KEYWORDS",
    "Finding",
    "HostFunction",
    "RuleCheckError",
    "RuleError",
    "RuleEvaluationError",
    "RuleResult",
    "RuleSyntaxError",
    "Ruleset",
    "ScoreLine",
    "compile_rules",
    "host_function",
    "load_ruleset",
    "parse",
    "parse_expr",
    "print_expr",
    "print_module",
    "register_input_type",
    "register_ruleset",
    "registered_input_types",
]
