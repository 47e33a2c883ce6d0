"""The Pygments lexer for `.rules` files: token streams, no Error tokens on valid text, the entry point."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pygments = pytest.importorskip("pygments")

from pygments.lexers import (  # noqa: E402
    find_lexer_class_by_name,
    get_lexer_by_name,
    get_lexer_for_filename,
)
from pygments.token import (  # noqa: E402
    Comment,
    Error,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Token,
    Whitespace,
)

from indicator_lib.rules.pygments_lexer import RulesLexer  # noqa: E402

HERE = Path(__file__).parent
REPO = HERE.parent.parent
SPEC_EXAMPLES = HERE / "data" / "spec_examples.rules"
TUTORIAL = REPO / "docs" / "rules-language.md"

_TokenList = list[tuple[object, str]]


def tokens(text: str) -> _TokenList:
    """Non-whitespace tokens of `text`, adjacent same-type tokens merged."""
    merged: _TokenList = []
    for _, ttype, value in RulesLexer().get_tokens_unprocessed(text):
        if ttype in Whitespace:
            continue
        if merged and merged[-1][0] is ttype and ttype in String and ttype is not String.Interpol:
            merged[-1] = (ttype, merged[-1][1] + value)
        else:
            merged.append((ttype, value))
    return merged


def errors(text: str) -> list[tuple[int, str]]:
    return [(pos, value) for pos, ttype, value in RulesLexer().get_tokens_unprocessed(text) if ttype in Error]


def rules_blocks(markdown: str, lang: str = "rules") -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", markdown, flags=re.S | re.M)


# --- the entry point -------------------------------------------------------------------------


def test_entry_point_resolves_by_name_alias_and_filename() -> None:
    assert find_lexer_class_by_name("rules") is RulesLexer
    assert isinstance(get_lexer_by_name("rules"), RulesLexer)
    assert isinstance(get_lexer_by_name("indicator-rules"), RulesLexer)
    assert isinstance(get_lexer_for_filename("self_evaluation.rules"), RulesLexer)


# --- token streams ---------------------------------------------------------------------------


def test_declarations_and_paths() -> None:
    text = (
        'ruleset "项目支出绩效自评" version "2020.1"  # 注释\n'
        "input SelfEvaluation\n"
        "let 执行率 = ratio(self.executed, self.budget)\n"
    )
    assert tokens(text) == [
        (Keyword.Declaration, "ruleset"),
        (String.Double, '"项目支出绩效自评"'),
        (Keyword.Declaration, "version"),
        (String.Double, '"2020.1"'),
        (Comment.Single, "# 注释"),
        (Keyword.Declaration, "input"),
        (Name.Class, "SelfEvaluation"),
        (Keyword.Declaration, "let"),
        (Name.Variable, "执行率"),
        (Operator, "="),
        (Name.Builtin, "ratio"),
        (Punctuation, "("),
        (Name.Builtin.Pseudo, "self"),
        (Punctuation, "."),
        (Name.Attribute, "executed"),
        (Punctuation, ","),
        (Name.Builtin.Pseudo, "self"),
        (Punctuation, "."),
        (Name.Attribute, "budget"),
        (Punctuation, ")"),
    ]


def test_def_with_typed_parameters() -> None:
    text = "def 正向(实际: number, xs: list[number], op: Target.op) =\n  if 实际 >= 1 then 2 else 3"
    assert tokens(text) == [
        (Keyword.Declaration, "def"),
        (Name.Function, "正向"),
        (Punctuation, "("),
        (Name, "实际"),
        (Punctuation, ":"),
        (Keyword.Type, "number"),
        (Punctuation, ","),
        (Name, "xs"),
        (Punctuation, ":"),
        (Keyword.Type, "list"),
        (Punctuation, "["),
        (Keyword.Type, "number"),
        (Punctuation, "]"),
        (Punctuation, ","),
        (Name, "op"),
        (Punctuation, ":"),
        (Name, "Target"),
        (Punctuation, "."),
        (Name.Attribute, "op"),
        (Punctuation, ")"),
        (Operator, "="),
        (Keyword, "if"),
        (Name, "实际"),
        (Operator, ">="),
        (Number, "1"),
        (Keyword, "then"),
        (Number, "2"),
        (Keyword, "else"),
        (Number, "3"),
    ]


def test_max_clause_versus_max_builtin_and_keyword_after_dot() -> None:
    text = 'score s "预算执行率" max i.max = max(i.score, 0)'
    assert tokens(text) == [
        (Keyword.Declaration, "score"),
        (Name.Label, "s"),
        (String.Double, '"预算执行率"'),
        (Keyword, "max"),
        (Name, "i"),
        (Punctuation, "."),
        (Name.Attribute, "max"),
        (Operator, "="),
        (Name.Builtin, "max"),
        (Punctuation, "("),
        (Name, "i"),
        (Punctuation, "."),
        (Name.Attribute, "score"),
        (Punctuation, ","),
        (Number, "0"),
        (Punctuation, ")"),
    ]


def test_message_interpolation_holes() -> None:
    text = "check c = ok message \"「{i.name ?? '未命名'}」{{字面}}\""
    assert tokens(text) == [
        (Keyword.Declaration, "check"),
        (Name.Label, "c"),
        (Operator, "="),
        (Name, "ok"),
        (Keyword, "message"),
        (String.Double, '"「'),
        (String.Interpol, "{"),
        (Name, "i"),
        (Punctuation, "."),
        (Name.Attribute, "name"),
        (Operator, "??"),
        (String.Single, "'未命名'"),
        (String.Interpol, "}"),
        (String.Double, "」"),
        (String.Escape, "{{"),
        (String.Double, "字面"),
        (String.Escape, "}}"),
        (String.Double, '"'),
    ]


def test_braces_outside_message_strings_are_plain_text() -> None:
    assert tokens('score s "{x}" = 1')[2] == (String.Double, '"{x}"')


def test_curly_quotes_and_escapes() -> None:
    assert tokens('“中文” ‘中文’ "a\\n"') == [
        (String.Double, "“中文”"),
        (String.Single, "‘中文’"),
        (String.Double, '"a'),
        (String.Escape, "\\n"),
        (String.Double, '"'),
    ]
    assert errors('"a\\qb"') == [(2, "\\q")]
    assert errors('"a\\“b" + “x\\”y”') == []
    # `“` closes only with `”`: here the string runs to the end of the line
    assert tokens('“a" + 1')[0] == (String.Double, '“a" + 1')


def test_numbers_with_suffixes_and_glued_units() -> None:
    assert tokens("95% + 12.50 + 1_000_000 + 250万 + 3亿 + ９５％") == [
        (Number, "95%"),
        (Operator, "+"),
        (Number, "12.50"),
        (Operator, "+"),
        (Number, "1_000_000"),
        (Operator, "+"),
        (Number, "250万"),
        (Operator, "+"),
        (Number, "3亿"),
        (Operator, "+"),
        (Number, "９５％"),
    ]
    assert errors("let x = 250万元") == [(12, "元")]
    assert errors("let x = 12人") == [(10, "人")]


def test_operators_including_unicode_and_full_width() -> None:
    text = "a ≥ b ≤ c ≠ d <> e != f == g ?? h ＞＝ i （j） ，k ＋ l"
    ops = [v for t, v in tokens(text) if t in Operator or t in Punctuation]
    assert ops == ["≥", "≤", "≠", "<>", "!=", "==", "??", "＞＝", "（", "）", "，", "＋"]
    assert not errors(text)


def test_backticks_cjk_identifiers_and_glued_keywords() -> None:
    assert tokens("`指标(数量)` 资金到位率 score预算 is_null") == [
        (Name, "`指标(数量)`"),
        (Name, "资金到位率"),
        (Name, "score预算"),
        (Name, "is_null"),
    ]


def test_hit_policy_severity_and_constants() -> None:
    assert tokens("table t(x: number) hit collect")[-2:] == [(Keyword, "hit"), (Keyword.Pseudo, "collect")]
    assert tokens("check c severity warning = x is not null and true or false")[2:8] == [
        (Keyword, "severity"),
        (Keyword.Pseudo, "warning"),
        (Operator, "="),
        (Name, "x"),
        (Operator.Word, "is"),
        (Operator.Word, "not"),
    ]
    assert (Keyword.Constant, "null") in tokens("x is null")


def test_decision_table_rows() -> None:
    text = (
        "table 预警(进度差: number) hit first\n"
        "  | 进度差     | => 灯 |\n"
        "  |------------|-------|\n"
        '  | [10%, 20%) | "黄"  |  # 注释\n'
        '  | -5, - 5    | "负"  |\n'
        "  | ? > 3, -   | -     |\n"
    )
    toks = tokens(text)
    rows = " ".join(v for _, v in toks).split("hit first ")[1]
    assert rows.startswith("| 进度差 | => 灯 |")
    assert (Punctuation, "|------------|-------|") in toks
    assert (Operator, "=>") in toks
    assert (Comment.Single, "# 注释") in toks
    wildcards = [v for t, v in toks if t is Keyword.Pseudo]
    assert wildcards == ["first", "-", "-"]
    assert (Name.Builtin.Pseudo, "?") in toks
    # `-5` and `- 5` are numbers, not wildcards
    row = toks[toks.index((Comment.Single, "# 注释")) + 1 :][:6]
    assert row == [
        (Punctuation, "|"),
        (Operator, "-"),
        (Number, "5"),
        (Punctuation, ","),
        (Operator, "-"),
        (Number, "5"),
    ]
    assert not errors(text)


def test_pipe_only_starts_a_row_at_line_start() -> None:
    assert errors("let x = 1\n  | a | => b |\n") == []
    assert tokens("let x = 1\n| a |")[-3:] == [(Punctuation, "|"), (Name, "a"), (Punctuation, "|")]


def test_characters_the_language_does_not_accept_are_errors() -> None:
    assert [v for _, v in errors("let x = a 、 b 【c】 ? d")] == ["、", "【", "】", "?"]


def test_unterminated_string_ends_at_line_end() -> None:
    toks = tokens('let x = "abc\nlet y = 1')
    assert (Error, "\n") in toks
    assert toks[-4:] == [(Keyword.Declaration, "let"), (Name.Variable, "y"), (Operator, "="), (Number, "1")]


# --- whole files -----------------------------------------------------------------------------


def test_spec_examples_have_no_error_tokens() -> None:
    assert errors(SPEC_EXAMPLES.read_text(encoding="utf-8")) == []


def test_tutorial_rules_blocks_have_no_error_tokens() -> None:
    blocks = rules_blocks(TUTORIAL.read_text(encoding="utf-8"))
    assert len(blocks) >= 10
    for block in blocks:
        assert errors(block) == [], block


def test_every_shipped_rules_file_lexes_cleanly() -> None:
    for path in sorted((REPO / "catalogs").rglob("*.rules")):
        assert errors(path.read_text(encoding="utf-8")) == [], path


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 中\n|-?{}\"'“”#:.0%万`\\（＝>=")), max_size=80))
def test_any_text_lexes_losslessly(text: str) -> None:
    values = [value for _, _, value in RulesLexer().get_tokens_unprocessed(text)]
    assert "".join(values) == text
    assert all(ttype in Token for _, ttype, _ in RulesLexer().get_tokens_unprocessed(text))
