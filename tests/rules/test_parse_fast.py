"""The fast LALR driver (``_lalr``) builds exactly what lark's tree path builds: nodes, spans, errors.

The oracle is ``_parser._parse_reference`` (lark's parse with ``propagate_positions``, then the same
builder), run on every shipped ruleset, every golden source, tricky hand-written texts and
Hypothesis-generated programs and token soups. Spans are compared too (they take no part in ``==``).
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicator_lib.errors import RuleSyntaxError
from indicator_lib.rules import _lalr, _parser
from indicator_lib.rules import ast as a
from indicator_lib.rules._printer import print_expr, print_module

from .strategies import bool_expr, num_expr

ROOT = Path(__file__).resolve().parents[2]


def dump(value: Any) -> Any:
    """Everything about a tree, spans included, as nested tuples."""
    if isinstance(value, a.Span):
        return ("@", value.line, value.column, value.end_line, value.end_column)
    if isinstance(value, a.Node):
        fields = dataclasses.fields(value)
        return (type(value).__name__, tuple((f.name, dump(getattr(value, f.name))) for f in fields))
    if isinstance(value, tuple):
        return tuple(dump(v) for v in value)
    return value


def outcome(fn: Any, text: str, *args: Any) -> Any:
    try:
        return ("ok", dump(fn(text, *args)))
    except RuleSyntaxError as err:
        return ("error", tuple(dataclasses.astuple(d) for d in err.diagnostics))


def fast_module(text: str, name: str | None = None) -> a.Node:
    return _parser._parse_module.__wrapped__(text, name)


def fast_expr(text: str, name: str | None = None) -> a.Node:
    return _parser.parse_expr(text, name)


def reference_expr(text: str, name: str | None = None) -> a.Node:
    return _parser._parse_reference(text, name, "expr")


def assert_same_module(text: str, name: str | None = "t.rules") -> Any:
    got = outcome(fast_module, text, name)
    want = outcome(_parser._parse_reference, text, name)
    assert got == want
    return got


def _shipped() -> list[Any]:
    paths = sorted((ROOT / "catalogs" / "rules").glob("*.rules"))
    paths += sorted((ROOT / "examples").rglob("*.rules"))
    return [pytest.param(p, id=p.name) for p in paths]


def _golden_texts() -> list[Any]:
    out: list[Any] = []
    for path in sorted((ROOT / "tests" / "golden").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for reg_name, reg_text in (data.get("register") or {}).items():
            out.append(pytest.param(str(reg_text), id=f"{path.stem}:register:{reg_name}"))
        for case in data["cases"]:
            text = str(case["rules"]) if "rules" in case else f"let result = {case['expr']}\n"
            out.append(pytest.param(text, id=f"{path.stem}:{case['name']}"))
    return out


@pytest.mark.parametrize("path", _shipped())
def test_shipped_rulesets_parse_identically_without_fallback(path: Path, monkeypatch: Any) -> None:
    text = path.read_text(encoding="utf-8")
    want = outcome(_parser._parse_reference, text, path.name)
    assert want[0] == "ok"

    def no_fallback(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the fast driver fell back to lark on a shipped ruleset")

    original = _lalr.FastParser.parse

    def strict(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return original(self, *args, **kwargs)
        except _lalr.Fallback:
            no_fallback()

    monkeypatch.setattr(_lalr.FastParser, "parse", strict)
    assert outcome(fast_module, text, path.name) == want


@pytest.mark.parametrize("text", _golden_texts())
def test_golden_sources_parse_identically(text: str) -> None:
    assert_same_module(text)


TRICKY = [
    "",
    "# only a comment\n",
    'ruleset "r" version "1"\ninput X\nextends "base"\ndrop s1\n',
    "let a = (1 + b) * c.d\nlet b = ((x))\nlet c = -(-2) - -x\n",
    "let a = i.if + i.max + i.then.else + i.`奇怪 名`.ruleset\n",
    "let m = max(a, b) + max(x for x in xs where x > 1) + min(x for x in xs if x < 2)\n",
    "let a = f() + g(1,) \n",
    "let a = [] + [1] + [1, 2, 3][0]\n",
    "let a = x ?? y ?? 0\nlet b = (x ?? 0) * 2\n",
    "let a = 0 <= x <= 1 and x not in [1, 2] or not x is null and y is not null\n",
    "let a = if x then 1 else if y then 2 else 3\nlet b = when x then 1 when y then 2 else 3\n",
    'let a = 95% + 250万 + 1_000.5 + 3亿\nlet s = "a\\"b" + \'单\' + “双” + ‘单’\n',
    "def f(a: number, b: list[Item], c: model.Type) = a\n",
    "def f() = 1\n",
    'score s "标签" for i in self.items where i.ok max i.w = i.w\ncheck c severity warning = true\n',
    'check c "l" for i in xs = i > 0 message "「{i.name}」{i.value + 1} {{x}} {f(i, \\"a\\")}"\n',
    'check c "l" for i in xs = i > 0 message "「{i.name}」{i.value + 1} {{x}} {f(i, \'a\')}"\n',
    'check c = false message "{i.x.y} {a + b}{c}"\n',
    'grade self.total >= 90 : "优" > 80: "良" else : "差"\ngrade total ≥ 60: "及格"\n',
    "table t(x: number, y: text) hit first\n"
    "  | x | y | => z | => w |\n"
    "  |---|---|---|---|\n"
    '  | [0, 10) | "a", "b" | 1 | x + 1 |\n'
    '  | (0, 10] | in ["c"] | 2 | ? |\n'
    '  | >= 3, < 5 | not in ["d"] | 3 | 0 |\n'
    "  | is null | is not null | 4 | 0 |  # comment\n"
    "  | - | ? > 1 and ? < 3 | 5 | 0 |\n"
    "  | [1, 2] | (1, 2) | 6 | 0 |\n",
    "table t(x: number, y: text) hit first\n"
    "  | x | y | => z | => w |\n"
    "  |---|---|---|---|\n"
    '  | [0, 10) | "a", "b" | 1 | x + 1 |\n'
    '  | (0, 10] | in ["c"] | 2 | x |\n'
    '  | >= 3, < 5 | not in ["d"] | 3 | 0 |\n'
    "  | is null | is not null | 4 | 0 |  # comment\n"
    "  | - | ? > 1 and ? < 3 | 5 | 0 |\n"
    "  | [1, 2] | (1, 2) | 6 | 0 |\n",
    "let a\u3000=\u3000１ ＋ ２\nlet b = （x）\n",
    "let a = 1\r\nlet b = 2\r\n",
    "let a = 1 lettuce = 2\n",
    "let a = sum(x for x in xs ifx > 1)\n",
    "let a = b.c.d[e].f\n",
    "let a = b.c.d[e].f(g)\n",
    "let score = 1\n",
    "let x = if执行率\n",
    "let x = 1 +\n",
    "let x = 250万元\n",
    "let x = 1 $ 2\n",
    'let x = "abc\n',
    "let x = 1 == 2 == 3\n",
    "check c = ? > 1\n",
    "let x = a ?? b + 1\n",
    "check c severity fatal = true\n",
    "table t(x: number) hit any\n  | x | => y |\n  | - | 1 |\n",
    "table t(x: number) hit first\n  | x | => y |\n  | - | 1 + |\n",
    'check c = false message "值{self.n +}"\n',
    'check c = false message "a } b"\n',
    "let x = " + " + ".join(["1"] * 90) + "\n",
    "let x = " + " + ".join(["1"] * 100) + "\n",
    "let x = " + "(" * 60 + "1" + ")" * 60 + "\n",
    "let x = " + "-" * 120 + "1\n",
    "let x = " + "not " * 120 + "true\n",
    "let x = ????\n",
    'let x = "a\\\nb"\n',
    "let x = 'a\\\n' + 1\n",
    "let x = ? ?? ?\n",
    'check c = false message "{? ?? 1}"\n',
    "let x = a.b.c.d.e.f\n  .g\n",
    "let x = `if` + `a b`\n",
    "input\n",
    "let = 1\n",
    "let x = 1 let y = 2\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_parse_identically(text: str) -> None:
    assert_same_module(text)


def test_the_depth_limit_still_applies() -> None:
    deep = "let x = " + " + ".join(["1"] * 101) + "\n"
    kind, diags = assert_same_module(deep)
    assert kind == "error"
    assert diags[0][0] == "too-deep"


@pytest.mark.parametrize("text", ["1 + 2 * x", "(a)", "max(a, b)", "? > 1", "x.if", "", "x let", "1 score"])
def test_expressions_parse_identically(text: str) -> None:
    assert outcome(fast_expr, text) == outcome(reference_expr, text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(num_expr(), bool_expr())
def test_generated_programs_parse_identically(num: a.Expr, cond: a.Expr) -> None:
    text = f"let n = {print_expr(num)}\ncheck c = {print_expr(cond)}\n"
    kind, _ = assert_same_module(text)
    assert kind == "ok"
    module = fast_module(text)
    assert fast_module(print_module(module)) == module  # type: ignore[arg-type]


WORDS = [
    "let", "x", "=", "1", "+", "-", "*", "/", "(", ")", "[", "]", ",", ".", ":", "??", "?", "if",
    "then", "else", "when", "and", "or", "not", "is", "null", "in", "for", "where", "max", "sum",
    "true", "false", '"s"', "==", "<=", ">", "score", "check", "message", "severity", "i", "\n",
    "`q n`", "95%", "lettuce", "iffy", "执行率", "# c\n", "|", "table", "hit",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25), st.lists(st.sampled_from(["", " ", "  "]), max_size=25))
def test_token_soup_parses_or_fails_identically(words: list[str], gaps: list[str]) -> None:
    pieces = [w + (gaps[k] if k < len(gaps) else " ") for k, w in enumerate(words)]
    text = "let x = " + "".join(pieces) + "\n"
    assert_same_module(text)
    assert outcome(fast_expr, "".join(pieces)) == outcome(reference_expr, "".join(pieces))


def test_spanless_builder_methods_never_read_their_span() -> None:
    marked = [fn for fn in _parser._RULES.values() if getattr(fn, "spanless", False)]
    assert len(marked) >= 10
    for fn in marked:
        body = inspect.getsource(fn).split(")", 1)[1]  # after the signature's parameter list
        assert re.search(r"\bsp\b", body) is None, fn.__name__


@pytest.mark.parametrize(
    "shape",
    [
        lambda n: " + ".join(["1"] * n),
        lambda n: "(1 + " * n + "x" + ")" * n,
        lambda n: "-" * n + "x",
        lambda n: "not " * n + "true",
        lambda n: "x" + ".f" * n,
        lambda n: "f(" * n + "1" + ")" * n,
        lambda n: "[" * n + "1" + "]" * n,
    ],
    ids=["sum", "parens", "minus", "not", "fields", "calls", "lists"],
)
def test_depth_limit_boundary_is_the_same(shape: Any) -> None:
    kinds = []
    for n in range(20, 110):
        kind, _ = assert_same_module(f"let x = {shape(n)}\n")
        kinds.append(kind)
    assert kinds[0] == "ok"
    assert kinds[-1] == "error"


def test_threads_share_the_driver_safely() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "catalogs" / "rules").glob("*.rules"))]
    want = [dump(_parser._parse_reference(t, "t.rules")) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda t: dump(fast_module(t, "t.rules")), texts * 3))
    assert got == want * 3
