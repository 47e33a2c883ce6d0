"""Normalisation of a 指标值 before it is parsed: one canonical spelling for every variant.

Decides what counts as the same text: full-width digits, letters and punctuation become ASCII;
spaces go; the relation glyphs (``≥ ≧ >= ＞= 〉= => ≤ ≦ <= ＜= == ﹦ ═`` …) become the five single
characters ``≥ > = < ≤``; Chinese comparatives become a glyph before the number (不少于 → ``≥``)
or a marker after it (以上 → ``↑``, 以下/以内 → ``↓``); a deadline word (前, 之前, 截止) becomes
``⇤``; this-year words (当年, 本年度 …) become ``Ⓨ``; dates written with dots, dashes or slashes
become ``2024年6月30日``; bracketed ranges ``[90,100]`` become ``90~100``; thousands separators
are dropped; a sign right before a number becomes ``⁻``. The result is what both the fast
regular-expression path and the lark grammar read, so they cannot disagree about spelling.
"""

from __future__ import annotations

import re

__all__ = ["PREFIX_WORDS", "compact", "normalize", "normalize_compact"]

_WIDTH: dict[int, int | str | None] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update(
    {
        0x3000: None,  # ideographic space
        0x20: None,
        0x09: None,
        0x0A: None,
        0x0D: None,
        0xA0: None,
        0x2267: "≥",  # ≧
        0x2266: "≤",  # ≦
        0x2A7E: "≥",  # ⩾
        0x2A7D: "≤",  # ⩽
        0xFE66: "=",  # ﹦
        0x2550: "=",  # ═
        0xFE65: ">",  # ﹥
        0xFE64: "<",  # ﹤
        0x3009: ">",  # 〉
        0x3008: "<",  # 〈
        0x300B: ">",  # 》
        0x300A: "<",  # 《
        0x2212: "-",  # minus sign
        0x2010: "-",
        0x2011: "-",
        0x2012: "-",
        0x2013: "-",
        0x2014: "-",
        0x2015: "-",
        0x301C: "~",  # 〜
        0x3001: ",",  # 、
        0x3002: ".",  # 。
        0x3010: "[",  # 【
        0x3011: "]",  # 】
        0x3014: "[",
        0x3015: "]",
        0x00B7: "·",
        0x30FB: "·",
        0x2022: "·",
        0x2027: "·",
        0x00D7: "*",
    }
)

_OPS = (
    (">==", "≥"),
    (">=", "≥"),
    ("=>", "≥"),
    ("≥=", "≥"),
    ("<==", "≤"),
    ("<=", "≤"),
    ("=<", "≤"),
    ("≤=", "≤"),
    ("==", "="),
)

#: Chinese comparatives written before the number → relation glyph (longest first).
PREFIX_WORDS = (
    ("大于或等于", "≥"),
    ("大于等于", "≥"),
    ("小于或等于", "≤"),
    ("小于等于", "≤"),
    ("不少于", "≥"),
    ("不低于", "≥"),
    ("不小于", "≥"),
    ("不超过", "≤"),
    ("不高于", "≤"),
    ("不多于", "≤"),
    ("不大于", "≤"),
    ("不超出", "≤"),
    ("控制在", ""),
    ("保持在", ""),
    ("至少", "≥"),
    ("达到", "≥"),
    ("最少", "≥"),
    ("最多", "≤"),
    ("最高", "≤"),
    ("大于", ">"),
    ("高于", ">"),
    ("超过", ">"),
    ("多于", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("少于", "<"),
    ("等于", "="),
)
_PREFIX_RE = re.compile("|".join(re.escape(w) for w, _ in PREFIX_WORDS))
_PREFIX_MAP = dict(PREFIX_WORDS)

_SUFFIX_RE = re.compile(r"(?:及以上|或以上|以上)$|(?:及以下|或以下|以下|以内|之内|范围内|内)$")
_DEADLINE_RE = re.compile(r"(?:之前|以前|前)(?:完成|到位|完工|实施完毕|办结|结束)?$")
_DONE_RE = re.compile(r"(?:底|末)(?:到位|完成|完工|实施完毕|办结|结束)$")
_THIS_YEAR_RE = re.compile(r"(?<!\d)(?:当年度|本年度|年度内|当年|本年|年内|全年)")
_YEAR_END_RE = re.compile(r"(?<![\d年])年(?:底|末)")
_YMD_RE = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})[.\-/年](0?[1-9]|1[0-2])[.\-/月](0?[1-9]|[12]\d|3[01])日?(?![\d.])"
)
# 2023.07 is a month only beside a range separator or a deadline word; alone it is a number.
_YM_RE = re.compile(
    r"(?:(?<=[-~至到])((?:19|20)\d{2})[./](0[1-9]|1[0-2]|[1-9])(?![\d.]))"
    r"|(?:(?<![\d.])((?:19|20)\d{2})[./](0[1-9]|1[0-2]|[1-9])(?=[-~至到底前⇤]))"
)
_YM_RANGE_RE = re.compile(r"^((?:19|20)\d{2})(0[1-9]|1[0-2])[-~至到]((?:19|20)\d{2})(0[1-9]|1[0-2])$")
_BRACKET_RE = re.compile(r"^([\[(])([^,\[\]()]+),([^,\[\]()]+)([\])])")
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SIGN_RE = re.compile(r"(?:^|(?<=[≥>=<≤~]))[-+](?=\d)")
_FILLER_RE = re.compile(r"^(?:指标值|目标值|为|:)+")
_FILLER_START = frozenset("指目为:")
# Characters without which none of the word rewrites can apply (a cheap pre-check).
_WORD_HINT_RE = re.compile(r"[不于至达最控保底末年全前上下内等过]")
_DATE_HINT_RE = re.compile(r"(?:19|20)\d\d[.\-/年]|(?:19|20)\d{4}[-~至到]")


def _ym(m: re.Match[str]) -> str:
    year, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return f"{year}年{int(month)}月"


def compact(text: str) -> str:
    """Return ``text`` with widths folded, glyph variants unified and every space removed."""
    return text.translate(_WIDTH)


def normalize(text: str) -> str:
    """Return the canonical spelling of a 指标值 that the parsers read (see the module docstring)."""
    return normalize_compact(text.translate(_WIDTH))


def normalize_compact(s: str) -> str:
    """As :func:`normalize`, for text that has already been through :func:`compact`."""
    if "=" in s:
        for old, new in _OPS:
            if old in s:
                s = s.replace(old, new)
    if s[:1] in _FILLER_START:
        s = _FILLER_RE.sub("", s)
    if _WORD_HINT_RE.search(s) is not None:
        if _PREFIX_RE.search(s):
            s = _PREFIX_RE.sub(lambda m: _PREFIX_MAP[m.group(0)], s)
        s = _DONE_RE.sub("底", s)
        if "年" in s:
            s = _YEAR_END_RE.sub("Ⓨ底", s)
        s = _THIS_YEAR_RE.sub("Ⓨ", s)
        s = _DEADLINE_RE.sub("⇤", s)
        m = _SUFFIX_RE.search(s)
        if m is not None and m.start() > 0:
            s = s[: m.start()] + ("↑" if m.group(0).endswith("上") else "↓")
    if "," in s:
        s = _BRACKET_RE.sub(r"\2~\3", s)
        s = _THOUSANDS_RE.sub("", s)
    if _DATE_HINT_RE.search(s) is not None:
        m2 = _YM_RANGE_RE.match(s)
        if m2 is not None:
            y1, m1, y2, mm2 = m2.groups()
            s = f"{y1}年{int(m1)}月-{y2}年{int(mm2)}月"
        s = _YMD_RE.sub(lambda m: f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日", s)
        s = _YM_RE.sub(_ym, s)
    if "-" in s or "+" in s:
        s = _SIGN_RE.sub(lambda m: "⁻" if m.group(0) == "-" else "", s)
    return s
