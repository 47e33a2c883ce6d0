"""Rulesets: compile text into an immutable, shareable :class:`Ruleset`; registries; ``extends``.

Decides: the pipeline is text → parse → merge with parents (``extends``/``drop``) → check → compile.
A child declaration with the ID or name of a parent's replaces it in place and must be of the same
kind; a child's ``grade`` replaces the parent's; ``input`` is inherited and may not change; a
``drop`` of an unknown ID, or of a name something still uses, is an error. Parents are found among
registered rulesets first, then in the shipped ``catalogs/rules/<name>.rules``. Input types named by
``input TYPE`` come from the ``input=`` argument, the registry, or (lazily) ``indicator_lib.submissions``.
Dict inputs are validated into the input model; problems name the field.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, localcontext
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from indicator_lib._resources import catalogs_dir
from indicator_lib._suggest import suggestion_text
from indicator_lib.errors import DataLoadError, Diagnostic, RuleCheckError, RuleEvaluationError
from indicator_lib.findings import Finding
from indicator_lib.rules import ast as a
from indicator_lib.rules._builtins import AGGREGATES, BUILTINS, HostFunction, host_function
from indicator_lib.rules._checker import Checked, check_program
from indicator_lib.rules._compiler import CompiledProgram, compile_program
from indicator_lib.rules._explain import Explainer
from indicator_lib.rules._interpreter import Interpreter
from indicator_lib.rules._lexer import KEYWORDS
from indicator_lib.rules._outcome import RawResult, message_text
from indicator_lib.rules._parser import parse
from indicator_lib.rules._source import Source, diagnostic
from indicator_lib.rules._types import TypeRegistry
from indicator_lib.rules._values import CONTEXT, EvalFailure
from indicator_lib.rules.results import RuleResult, ScoreLine, lazy_result

__all__ = [
    "Ruleset",
    "compile_rules",
    "load_ruleset",
    "register_input_type",
    "register_ruleset",
    "registered_input_types",
]

_LOCK = threading.Lock()
_RULESETS: dict[str, str] = {}
_INPUT_TYPES: dict[str, type[BaseModel]] = {}
_SUBMISSION_TYPES = ("ProjectGoal", "SelfEvaluation", "DepartmentPlan")
_MAX_EXTENDS = 16


def register_ruleset(name: str, text: str) -> None:
    """Register rules text under ``name`` for :func:`load_ruleset` and ``extends "name"``."""
    with _LOCK:
        _RULESETS[name] = text


def register_input_type(model: type[BaseModel]) -> type[BaseModel]:
    """Register a pydantic model as an input type known by its class name; returns the model."""
    with _LOCK:
        _INPUT_TYPES[model.__name__] = model
    return model


def registered_input_types() -> dict[str, type[BaseModel]]:
    """Return a copy of the registered input types."""
    with _LOCK:
        return dict(_INPUT_TYPES)


def _ruleset_text(name: str) -> tuple[str, str] | None:
    with _LOCK:
        text = _RULESETS.get(name)
    if text is not None:
        return text, name
    path = catalogs_dir() / "rules" / f"{name}.rules"
    if path.is_file():
        return path.read_text(encoding="utf-8"), str(path.name)
    return None


def _shipped_names() -> list[str]:
    folder = catalogs_dir() / "rules"
    shipped = [p.stem for p in folder.glob("*.rules")] if folder.is_dir() else []
    with _LOCK:
        return sorted({*shipped, *_RULESETS})


def _resolve_input(name: str) -> type[BaseModel] | None:
    with _LOCK:
        model = _INPUT_TYPES.get(name)
    if model is not None:
        return model
    if name in _SUBMISSION_TYPES:
        try:
            module = importlib.import_module("indicator_lib.submissions")
        except ImportError:
            return None
        found = getattr(module, name, None)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    return None


# ---- merging ------------------------------------------------------------------------------------


def _kind(d: a.Decl) -> str:
    if isinstance(d, (a.Score, a.Check)):
        return "id"
    if isinstance(d, (a.Let, a.Def, a.Table)):
        return "value"
    return "meta"


def _decl_name(d: a.Decl) -> str:
    return getattr(d, "name", "")


class _Merged:
    def __init__(self) -> None:
        self.body: list[tuple[a.Decl, Source]] = []
        self.input: tuple[str, a.InputDecl, Source] | None = None
        self.ruleset: a.RulesetDecl | None = None


def _head_errors(module: a.Module, source: Source) -> list[Diagnostic]:
    errors: list[Diagnostic] = []
    seen: dict[type, a.Decl] = {}
    for k, d in enumerate(module.decls):
        if isinstance(d, a.RulesetDecl) and k != 0:
            errors.append(
                diagnostic(
                    source,
                    d.span,
                    "ruleset-not-first",
                    "ruleset 声明必须是第一条声明",
                    "the 'ruleset' declaration must come first",
                )
            )
        if isinstance(d, (a.RulesetDecl, a.InputDecl, a.Extends)):
            if type(d) in seen:
                errors.append(
                    diagnostic(
                        source,
                        d.span,
                        "duplicate-declaration",
                        "这条声明只能出现一次",
                        "this declaration may appear only once",
                    )
                )
            seen[type(d)] = d
    return errors


def _merge(module: a.Module, source: Source, chain: tuple[str, ...]) -> _Merged:
    errors = _head_errors(module, source)
    if errors:
        raise RuleCheckError(errors)
    merged = _Merged()
    extends = next((d for d in module.decls if isinstance(d, a.Extends)), None)
    if extends is not None:
        if extends.name in chain or len(chain) > _MAX_EXTENDS:
            raise RuleCheckError(
                diagnostic(
                    source,
                    extends.span,
                    "extends-cycle",
                    f"extends 形成循环：{' → '.join([*chain, extends.name])}",
                    f"extends forms a cycle: {' → '.join([*chain, extends.name])}",
                )
            )
        found = _ruleset_text(extends.name)
        if found is None:
            zh, en = suggestion_text(extends.name, _shipped_names())
            raise RuleCheckError(
                diagnostic(
                    source,
                    extends.span,
                    "unknown-ruleset",
                    f"未知规则集「{extends.name}」{zh}",
                    f"unknown ruleset {extends.name!r}{en}",
                )
            )
        text, file = found
        parent_source = Source.of(text, file)
        merged = _merge(parse(text, file), parent_source, (*chain, extends.name))
    errors = []
    index: dict[str, int] = {f"{_kind(d)}:{_decl_name(d)}": k for k, (d, _) in enumerate(merged.body)}
    drops: list[a.Drop] = []
    for d in module.decls:
        if isinstance(d, a.RulesetDecl):
            merged.ruleset = d
        elif isinstance(d, a.InputDecl):
            if merged.input is not None and merged.input[0] != d.type_name:
                errors.append(
                    diagnostic(
                        source,
                        d.span,
                        "input-mismatch",
                        f"继承的规则集输入类型为 {merged.input[0]}，不能改为 {d.type_name}",
                        f"the parent's input is {merged.input[0]}; it cannot change to {d.type_name}",
                    )
                )
            else:
                merged.input = (d.type_name, d, source)
        elif isinstance(d, a.Drop):
            drops.append(d)
        elif isinstance(d, a.Grade):
            merged.body = [(x, s) for x, s in merged.body if not isinstance(x, a.Grade) or s is source]
            index = {f"{_kind(x)}:{_decl_name(x)}": k for k, (x, _) in enumerate(merged.body)}
            merged.body.append((d, source))
        elif isinstance(d, a.Extends):
            continue
        else:
            key = f"{_kind(d)}:{_decl_name(d)}"
            if key in index and extends is not None:
                old, _ = merged.body[index[key]]
                if type(old) is not type(d):
                    errors.append(
                        diagnostic(
                            source,
                            getattr(d, "span", None),
                            "extends-kind-mismatch",
                            f"「{d.name}」在父规则集中是 {type(old).__name__.lower()}，替换时类型必须相同",  # type: ignore[attr-defined]
                            f"{d.name!r} is a {type(old).__name__.lower()} in the parent; "  # type: ignore[attr-defined]
                            "a replacement must be of the same kind",
                        )
                    )
                merged.body[index[key]] = (d, source)
            else:
                index[key] = len(merged.body)
                merged.body.append((d, source))
    for drop in drops:
        hits = [
            k for k, (d, _) in enumerate(merged.body) if _decl_name(d) == drop.name and _kind(d) != "meta"
        ]
        if not hits or extends is None:
            names = [_decl_name(d) for d, _ in merged.body if _kind(d) != "meta"]
            zh, en = suggestion_text(drop.name, names)
            errors.append(
                diagnostic(
                    source,
                    drop.span,
                    "bad-drop",
                    f"不能删除「{drop.name}」：父规则集中没有它{zh}",
                    f"cannot drop {drop.name!r}: the parent has no such declaration{en}",
                )
            )
            continue
        for k in reversed(hits):
            del merged.body[k]
    for drop in drops:
        user = _user_of(drop.name, merged.body)
        if user is not None:
            errors.append(
                diagnostic(
                    source,
                    drop.span,
                    "bad-drop",
                    f"不能删除「{drop.name}」：「{user}」仍在使用它",
                    f"cannot drop {drop.name!r}: {user!r} still uses it",
                )
            )
    if errors:
        raise RuleCheckError(errors)
    return merged


def _user_of(name: str, body: list[tuple[a.Decl, Source]]) -> str | None:
    for d, _ in body:
        for node in a.walk(d):
            if (isinstance(node, a.Name) and node.name == name) or (
                isinstance(node, a.Call) and node.func == name
            ):
                return _decl_name(d) or type(d).__name__.lower()
    return None


# ---- host functions -----------------------------------------------------------------------------


def _hosts(functions: Mapping[str, HostFunction | Callable[..., Any]] | None) -> dict[str, HostFunction]:
    hosts: dict[str, HostFunction] = {}
    errors: list[Diagnostic] = []
    for name, fn in (functions or {}).items():
        if not name.isidentifier() or name in KEYWORDS or name in BUILTINS or name in AGGREGATES:
            errors.append(
                Diagnostic(
                    code="bad-host-function",
                    message=f"宿主函数名「{name}」无效（须为标识符，且不是关键字或内置函数）",
                    message_en=f"host function name {name!r} is invalid "
                    "(an identifier, not a keyword or built-in)",
                )
            )
            continue
        hosts[name] = fn if isinstance(fn, HostFunction) else host_function(fn)
        try:
            hosts[name].param_types()
            hosts[name].return_type()
        except ValueError as exc:
            errors.append(
                Diagnostic(
                    code="bad-host-function",
                    message=f"宿主函数「{name}」的签名无效：{exc}",
                    message_en=f"host function {name!r} has an invalid signature: {exc}",
                )
            )
    if errors:
        raise RuleCheckError(errors)
    return hosts


# ---- the Ruleset ----------------------------------------------------------------------------------


class Ruleset:
    """A compiled ruleset: immutable and safe to share between threads.

    Attributes:
        name: The ruleset's name (``ruleset "NAME"``, else the file name).
        version: The declared version, or None.
        source: The rules text it was compiled from.
        ast: The parsed syntax tree of that text (without its parents).
        input_model: The pydantic model inputs are validated into.
        warnings: Checker warnings (e.g. overlapping rows of a ``hit unique`` table).

    """

    __slots__ = (
        "_checked",
        "_compiled",
        "_interp",
        "ast",
        "input_model",
        "name",
        "source",
        "version",
        "warnings",
    )

    def __init__(
        self,
        *,
        name: str,
        version: str | None,
        source: str,
        ast: a.Module,
        input_model: type[BaseModel],
        checked: Checked,
    ) -> None:
        self.name = name
        self.version = version
        self.source = source
        self.ast = ast
        self.input_model = input_model
        self._checked = checked
        self._compiled: CompiledProgram = compile_program(checked)
        self._interp = Interpreter(checked)
        self.warnings: tuple[Diagnostic, ...] = tuple(checked.warnings)

    def __repr__(self) -> str:
        return f"Ruleset({self.name!r}, version={self.version!r}, input={self.input_model.__name__})"

    @property
    def score_ids(self) -> list[str]:
        """The IDs of the score declarations, in order."""
        return [s.name for s in self._checked.scores]

    @property
    def check_ids(self) -> list[str]:
        """The IDs of the check declarations, in order."""
        return [c.name for c in self._checked.checks]

    def evaluate(self, record: BaseModel | Mapping[str, Any], *, explain: bool = True) -> RuleResult:
        """Evaluate the ruleset on one input.

        Args:
            record: An instance of the input model, or a dict validated into it.
            explain: Fill each score's and finding's ``explanation`` (set False for bulk runs).

        Returns:
            The scores, total, grade, findings, ``let`` values and ``passed``.

        Raises:
            DataLoadError: A dict input does not validate; the diagnostics name the fields.
            RuleEvaluationError: A ``unique`` table matched twice, a host function raised, or a limit
                was hit.

        """
        model = self._validate(record)
        return self._result(self._run(model, self._compiled.run), model, explain)

    def evaluate_many(
        self, records: Iterable[BaseModel | Mapping[str, Any]], *, explain: bool = False
    ) -> list[RuleResult]:
        """Evaluate many inputs (explanations off by default, for speed).

        Without explanations, consecutive inputs that are already instances of the input model are
        evaluated under one decimal context; an input that must be validated is validated after every
        input before it was evaluated, so errors come in the same order as one by one.
        """
        if explain:
            return [self.evaluate(r, explain=True) for r in records]
        out: list[RuleResult] = []
        ready: list[BaseModel] = []
        for r in records:
            if not isinstance(r, self.input_model):
                self._run_lazy(ready, out)
                ready = []
                r = self._validate(r)
            ready.append(r)
        self._run_lazy(ready, out)
        return out

    def _run_lazy(self, models: list[BaseModel], out: list[RuleResult]) -> None:
        if not models:
            return
        run, name, version = self._compiled.run, self.name, self.version
        try:
            with localcontext(CONTEXT):
                for model in models:
                    out.append(lazy_result(name, version, run(model)))
        except EvalFailure as failure:
            raise RuleEvaluationError(self._failure_diag(failure)) from None
        except (ArithmeticError, TypeError, ValueError, RecursionError, AttributeError, LookupError) as exc:
            raise self._crash(exc) from None

    def interpret(self, record: BaseModel | Mapping[str, Any], *, explain: bool = True) -> RuleResult:
        """Evaluate with the tree-walking interpreter (the oracle; slow, for tests and debugging)."""
        model = self._validate(record)
        return self._result(self._run(model, self._interp.run), model, explain)

    def _validate(self, record: BaseModel | Mapping[str, Any]) -> BaseModel:
        if isinstance(record, self.input_model):
            return record
        try:
            if isinstance(record, BaseModel):
                return self.input_model.model_validate(record.model_dump())
            return self.input_model.model_validate(record)
        except ValidationError as exc:
            diags = []
            for err in exc.errors()[:20]:
                loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
                diags.append(
                    Diagnostic(
                        code="bad-input",
                        message=f"输入字段 {loc or '(整体)'} 无效：{err['msg']}",
                        message_en=f"input field {loc or '(whole input)'} is invalid: {err['msg']}",
                        field=loc or None,
                    )
                )
            raise DataLoadError(diags) from None

    def _run(self, model: BaseModel, runner: Callable[[Any], RawResult]) -> RawResult:
        try:
            with localcontext(CONTEXT):
                return runner(model)
        except EvalFailure as failure:
            raise RuleEvaluationError(self._failure_diag(failure)) from None
        except (ArithmeticError, TypeError, ValueError, RecursionError, AttributeError, LookupError) as exc:
            raise self._crash(exc) from None

    def _crash(self, exc: Exception) -> RuleEvaluationError:
        return RuleEvaluationError(
            Diagnostic(
                code="evaluation-failed",
                message=f"计算失败：{type(exc).__name__}: {exc}",
                message_en=f"evaluation failed: {type(exc).__name__}: {exc}",
                file=self.name,
            )
        )

    def _failure_diag(self, failure: EvalFailure) -> Diagnostic:
        node = failure.node
        span = getattr(node, "span", None)
        source: Source | None = None
        if node is not None:
            for decl_id, src in self._checked.sources.items():
                decl = _find_decl(self._checked, decl_id)
                if decl is not None and any(n is node for n in a.walk(decl)):
                    source = src
                    break
        return diagnostic(source, span, failure.code, failure.message, failure.message_en)

    def _result(self, raw: RawResult, model: BaseModel, explain: bool) -> RuleResult:
        if explain:
            with localcontext(CONTEXT):
                return self._explained(raw, model)
        return lazy_result(self.name, self.version, raw)

    def _result_model(
        self, raw: RawResult, scores: list[ScoreLine], findings: list[Finding], passed: bool
    ) -> RuleResult:
        return _construct(
            RuleResult,
            {
                "ruleset": self.name,
                "version": self.version,
                "scores": scores,
                "total": raw.total,
                "grade": raw.grade,
                "findings": findings,
                "values": raw.values,
                "passed": passed,
            },
        )

    def _explained(self, raw: RawResult, model: BaseModel) -> RuleResult:
        explainer = Explainer(self._interp, model, raw.total, raw.values)
        scores = []
        for (id_, label), path, value, max_, item, uncapped, sdecl in raw.scores:
            env = explainer.scope(sdecl.loop, item)
            text = explainer.explain(label, sdecl.expr, env, value)
            capped = max_ is not None and value is not None and value == max_
            if capped and isinstance(uncapped, Decimal) and max_ is not None and uncapped > max_:
                text += f"（超过上限，取 {max_}）"
            scores.append(
                _construct(
                    ScoreLine,
                    {
                        "id": id_,
                        "label": label,
                        "path": path,
                        "value": value,
                        "max": max_,
                        "explanation": text,
                    },
                )
            )
        findings = []
        passed = True
        for (rule, label), severity, message, message_en, path, item, cond, fdecl in raw.findings:
            env = explainer.scope(fdecl.loop, item)
            expr = fdecl.cond if isinstance(fdecl, a.Check) else fdecl.expr
            text = explainer.explain(label, expr, env, cond)
            if severity == "error":
                passed = False
            findings.append(
                _construct(
                    Finding,
                    {
                        "rule": rule,
                        "label": label,
                        "severity": severity,
                        "message": message_text(message),
                        "message_en": message_en,
                        "path": path,
                        "explanation": text,
                    },
                )
            )
        return self._result_model(raw, scores, findings, passed)

    def to_sql(self, dialect: str = "duckdb", **kw: Any) -> str:
        """Return the SQL text that scores every project of the relational layout in one query.

        Delegates to :func:`indicator_lib.sql.to_sql` (needs the ``sql`` extra: sqlglot, pyarrow).

        Args:
            dialect: ``duckdb``, ``postgres`` (also ``kingbase``, ``opengauss``), ``spark`` or
                ``oracle`` (also ``dameng``).
            **kw: ``functions`` (SQL forms of host functions), ``tables`` (table names to read),
                ``pretty``.

        Returns:
            The query; one result row per score line, total, finding and grade.

        Raises:
            RuleCheckError: Something has no SQL form (``not-in-sql``) or the dialect is unknown.
            MissingDependencyError: The ``sql`` extra is not installed.

        """
        from indicator_lib import sql

        return sql.to_sql(self, dialect, **kw)

    def evaluate_table(self, source: Any = None, *, engine: str = "duckdb", **kw: Any) -> Any:
        """Score many documents in SQL; the results as a ``pyarrow.Table``.

        Delegates to :func:`indicator_lib.sql.evaluate_table` (see docs/sql.md for the layout).

        Args:
            source: Documents, a mapping of table name → Arrow table or file, a folder of
                Parquet/CSV tables, or None to read the tables already in ``connection``.
            engine: ``"duckdb"`` (embedded, default) or ``"postgres"``.
            **kw: ``connection``, ``functions``, ``tables``.

        Returns:
            One row per score line, total, finding and grade, keyed by ``project_id``.

        Raises:
            RuleCheckError: Something has no SQL form (``not-in-sql``).
            DataLoadError: The source cannot be read.
            MissingDependencyError: An optional dependency is missing.

        """
        from indicator_lib import sql

        return sql.evaluate_table(self, source, engine=engine, **kw)


_SETS: dict[type[BaseModel], set[str]] = {}
_M = TypeVar("_M", bound=BaseModel)


def _fields_set(cls: type[BaseModel]) -> set[str]:
    """Return the set of all field names of ``cls``, shared by the results built here.

    Sharing is safe: every field is in it, so pydantic's ``add`` on assignment never changes it.
    """
    fields_set = _SETS.get(cls)
    if fields_set is None:
        fields_set = _SETS[cls] = set(cls.model_fields)
    return fields_set


def _construct(cls: type[_M], values: dict[str, Any]) -> _M:
    """Build a model from values the engine guarantees, without validation (``model_construct``, faster)."""
    model = object.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", _fields_set(cls))
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


def _find_decl(checked: Checked, decl_id: int) -> a.Decl | None:
    for group in (
        checked.lets.values(),
        checked.defs.values(),
        checked.tables.values(),
        checked.scores,
        checked.checks,
    ):
        for d in group:
            if id(d) == decl_id:
                return d
    if checked.grade is not None and id(checked.grade) == decl_id:
        return checked.grade
    return None


def compile_rules(
    text: str,
    *,
    input: type[BaseModel] | None = None,
    functions: Mapping[str, HostFunction | Callable[..., Any]] | None = None,
    name: str | None = None,
) -> Ruleset:
    """Parse, check and compile rules text.

    Args:
        text: The rules text.
        input: The pydantic model of the input; if None, the type named by ``input TYPE`` is looked up
            among registered input types and ``indicator_lib.submissions``.
        functions: Host functions by name (:class:`HostFunction`, or plain annotated callables).
        name: The file name used in diagnostics (and the ruleset name if none is declared).

    Returns:
        The compiled ruleset.

    Raises:
        RuleSyntaxError: The text does not parse.
        RuleCheckError: Names or types do not check (every problem found, with codes).

    """
    source = Source.of(text, name)
    module = parse(text, source.name)
    merged = _merge(module, source, (name or "",))
    model = input
    if merged.input is not None:
        type_name, decl, src = merged.input
        if model is None:
            model = _resolve_input(type_name)
            if model is None:
                zh, en = suggestion_text(type_name, [*registered_input_types(), *_SUBMISSION_TYPES])
                raise RuleCheckError(
                    diagnostic(
                        src,
                        decl.span,
                        "unknown-input-type",
                        f"未知的输入类型「{type_name}」{zh}",
                        f"unknown input type {type_name!r}{en}",
                    )
                )
        elif model.__name__ != type_name:
            raise RuleCheckError(
                diagnostic(
                    src,
                    decl.span,
                    "input-mismatch",
                    f"规则声明的输入类型为 {type_name}，但给定的是 {model.__name__}",
                    f"the rules declare input {type_name}, but {model.__name__} was given",
                )
            )
    if model is None:
        raise RuleCheckError(
            Diagnostic(
                code="no-input",
                message="没有输入类型：请写 input TYPE 或传入 input=模型",
                message_en="no input type: declare 'input TYPE' or pass input=Model",
                file=source.name,
            )
        )
    registry = TypeRegistry()
    input_type = registry.record(model)
    # Other registered input types are visible by name only where they do not clash with a
    # model of this input's own tree (a test's `Indicator` and the submissions' `Indicator`).
    for other in registered_input_types().values():
        if other.__name__ in registry.by_name:
            continue
        trial = TypeRegistry()
        trial.record(other)
        if all(
            registry.by_name.get(n) is None or registry.by_name[n].model is rec.model
            for n, rec in trial.by_name.items()
        ):
            registry.record(other)
    if registry.conflicts:
        cname, (m1, m2) = next(iter(registry.conflicts.items()))
        raise RuleCheckError(
            Diagnostic(
                code="duplicate-type",
                message=f"两个不同的模型同名「{cname}」：{m1.__module__} 与 {m2.__module__}",
                message_en=f"two different models are named {cname!r}: {m1.__module__} and {m2.__module__}",
                file=source.name,
            )
        )
    checked = check_program(merged.body, input_type, registry, _hosts(functions))
    rs_decl = merged.ruleset
    ruleset_name = rs_decl.name if rs_decl is not None else (name or "rules")
    checked.name = ruleset_name
    checked.version = rs_decl.version if rs_decl is not None else None
    return Ruleset(
        name=ruleset_name,
        version=checked.version,
        source=text,
        ast=module,
        input_model=model,
        checked=checked,
    )


def load_ruleset(
    name: str,
    *,
    input: type[BaseModel] | None = None,
    functions: Mapping[str, HostFunction | Callable[..., Any]] | None = None,
) -> Ruleset:
    """Load a registered or shipped ruleset (``catalogs/rules/<name>.rules``) by name.

    Raises:
        RuleCheckError: No such ruleset (code ``unknown-ruleset``, with a did-you-mean), or it does
            not check.

    """
    found = _ruleset_text(name)
    if found is None:
        zh, en = suggestion_text(name, _shipped_names())
        raise RuleCheckError(
            Diagnostic(
                code="unknown-ruleset",
                message=f"未知规则集「{name}」{zh}",
                message_en=f"unknown ruleset {name!r}{en}",
            )
        )
    text, file = found
    return compile_rules(text, input=input, functions=functions, name=file)
