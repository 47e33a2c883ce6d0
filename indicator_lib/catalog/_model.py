"""The typed library indicator (:class:`Indicator`) and the keys and values it accepts.

Decides the one shape of a library entry and its normal form, so that every import format yields
the same object and every export round-trips it unchanged:

* keys may be the English field names or the Chinese column headings real libraries use
  (指标名称, 一级指标, 计量单位, 指标解释, 计算公式, 功能分类 …, see :data:`FIELD_ALIASES`);
* values may be the English slugs or their Chinese words (定量/定性, 正向/反向/等于, ≥/≤/=,
  草稿/已入库/已停用);
* text is stripped and line ends are LF; list fields accept a list or one string separated
  by ``;`` / ``；`` (function codes also by commas, ``、`` and spaces) and are de-duplicated in order;
* 一级 / 二级 are resolved to standard names within the entry's framework (see
  :mod:`indicator_lib.catalog._frameworks`); a pair that is not in the framework is an error.

Hard errors (a bad value) are raised by the model; quality problems (a missing unit, a long or
placeholder name, unknown function codes) are left to the 先入库 gate,
:meth:`indicator_lib.catalog.Catalog.propose`, so that an existing library can still be loaded
and audited.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from indicator_lib.catalog._frameworks import (
    FRAMEWORK_LABELS,
    FRAMEWORKS,
    Framework,
    framework_from_text,
    levels_of,
    resolve_levels,
)

__all__ = [
    "DIRECTION_LABELS",
    "FIELD_ALIASES",
    "KIND_LABELS",
    "STATUS_LABELS",
    "Direction",
    "Indicator",
    "Kind",
    "Source",
    "Status",
    "custom_error",
]

Kind = Literal["quantitative", "qualitative"]
Direction = Literal["positive", "reverse", "equal"]
Status = Literal["draft", "approved", "retired"]

#: Chinese word written for each value in CSV / Excel.
KIND_LABELS: MappingProxyType[str, str] = MappingProxyType({"quantitative": "定量", "qualitative": "定性"})
DIRECTION_LABELS: MappingProxyType[str, str] = MappingProxyType(
    {"positive": "正向", "reverse": "反向", "equal": "等于"}
)
STATUS_LABELS: MappingProxyType[str, str] = MappingProxyType(
    {"draft": "草稿", "approved": "已入库", "retired": "已停用"}
)

_KIND_WORDS: dict[str, Kind] = {
    "quantitative": "quantitative",
    "qualitative": "qualitative",
    "定量": "quantitative",
    "定量指标": "quantitative",
    "定性": "qualitative",
    "定性指标": "qualitative",
}
_DIRECTION_WORDS: dict[str, Direction] = {
    "positive": "positive",
    "reverse": "reverse",
    "equal": "equal",
    "正向": "positive",
    "正向指标": "positive",
    "越大越好": "positive",
    "≥": "positive",
    ">=": "positive",
    ">": "positive",
    "≧": "positive",
    "反向": "reverse",
    "反向指标": "reverse",
    "逆向": "reverse",
    "越小越好": "reverse",
    "≤": "reverse",
    "<=": "reverse",
    "<": "reverse",
    "≦": "reverse",
    "等于": "equal",
    "持平": "equal",
    "=": "equal",
    "﹦": "equal",
    "═": "equal",
}
_STATUS_WORDS: dict[str, Status] = {
    "draft": "draft",
    "approved": "approved",
    "retired": "retired",
    "草稿": "draft",
    "待审": "draft",
    "待审核": "draft",
    "已入库": "approved",
    "入库": "approved",
    "已审核": "approved",
    "启用": "approved",
    "正式": "approved",
    "已停用": "retired",
    "停用": "retired",
    "废止": "retired",
}

#: English field name → the keys accepted for it (the first Chinese one is the export heading).
FIELD_ALIASES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "id": ("id", "指标编码", "指标代码", "指标编号", "编码", "指标ID"),
        "name": ("name", "指标名称", "三级指标", "三级指标名称", "指标内容"),
        "framework": ("framework", "指标体系", "指标框架"),
        "level1": ("level1", "一级指标"),
        "level2": ("level2", "二级指标"),
        "kind": ("kind", "指标类型", "指标性质", "指标值类型", "定量定性"),
        "direction": ("direction", "指标方向", "方向", "计算符号"),
        "unit": ("unit", "计量单位", "度量单位", "单位"),
        "definition": ("definition", "指标解释", "指标说明", "指标定义"),
        "formula": ("formula", "计算公式", "公式"),
        "function_codes": ("function_codes", "功能分类", "功能分类科目", "支出功能分类", "科目编码"),
        "fund_uses": ("fund_uses", "资金使用类别", "资金用途"),
        "tags": ("tags", "标签", "关键词"),
        "source": ("source", "来源"),
        "status": ("status", "状态", "指标状态"),
        "version": ("version", "版本", "版本号"),
        "note": ("note", "备注"),
    }
)

_ALIAS_TO_FIELD: dict[str, str] = {
    alias: field for field, aliases in FIELD_ALIASES.items() for alias in aliases
}

_CODE_SPLIT = re.compile(r"[;；,，、\s]+")
_LIST_SPLIT = re.compile(r"[;；]")
_YEAR = re.compile(r"^(\d{4})\s*年?$")


def custom_error(code: str, zh: str, en: str) -> PydanticCustomError:
    """Return a pydantic error carrying a Chinese and an English message (``ctx`` zh / en)."""
    return PydanticCustomError(code, "{en}", {"zh": zh, "en": en})


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise custom_error("string_type", "应为文本", "expected text")
    if isinstance(value, int | float):
        value = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if not isinstance(value, str):
        raise custom_error("string_type", "应为文本", "expected text")
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _word(value: Any, words: Mapping[str, str], labels: Mapping[str, str], what_zh: str, what_en: str) -> Any:
    if value is None or value == "":
        return value
    text = unicodedata.normalize("NFKC", _text(value)) if isinstance(value, str) else value
    if isinstance(text, str):
        found = words.get(text) or words.get(_text(value))
        if found is None:
            allowed_zh = "、".join(f"{zh}（{en}）" for en, zh in labels.items())
            raise custom_error(
                "bad_value",
                f"{what_zh}「{value}」无效，应为：{allowed_zh}",
                f"invalid {what_en} {value!r}; expected one of: {', '.join(labels)}",
            )
        return found
    return value


def _items(value: Any, splitter: re.Pattern[str], what_zh: str, what_en: str) -> tuple[str, ...]:
    if value is None:
        return ()
    raw: list[Any]
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        raw = splitter.split(_text(value))
    elif isinstance(value, list | tuple):
        raw = list(value)
    else:
        raise custom_error("list_type", f"{what_zh}应为列表或文本", f"{what_en} must be a list or text")
    out: list[str] = []
    for item in raw:
        text = _text(item)
        if not text:
            continue
        if ";" in text or "；" in text:
            raise custom_error(
                "bad_item",
                f"{what_zh}「{text}」不能含有分号",
                f"{what_en} item {text!r} may not contain a semicolon",
            )
        if text not in out:
            out.append(text)
    return tuple(out)


class Source(BaseModel):
    """Where an indicator comes from: a document, a province or city, a year.

    Attributes:
        document: The document or table (``财预〔2020〕10号``, ``realdata file 21 濉溪县民政局``,
            ``common practice``).
        province: The province or city whose library it is, empty for national documents.
        year: The year of the document or table, if known.

    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    document: str = ""
    province: str = ""
    year: int | None = Field(default=None, ge=1949, le=2100)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"document": data}
        if isinstance(data, Mapping):
            keys = {"文件": "document", "来源文件": "document", "地区": "province", "年份": "year"}
            return {keys.get(k, k): v for k, v in data.items()}
        return data

    @field_validator("document", "province", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> str:
        return _text(value)

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str):
            match = _YEAR.match(unicodedata.normalize("NFKC", value).strip())
            if match is None:
                raise custom_error(
                    "bad_year", f"年份「{value}」应为四位数字", f"year {value!r} must be 4 digits"
                )
            return int(match.group(1))
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value


class Indicator(BaseModel):
    """One indicator of the library (指标库中的一个三级指标).

    Attributes:
        id: Stable identifier (``FW-007``, ``EDU-012``); no spaces.
        name: The 三级指标 name (指标名称).
        framework: ``goal`` (绩效目标/自评 三级指标), ``self_evaluation`` (自评表 预算执行率),
            ``evaluation`` (财预〔2020〕10号 重点评价) or ``department`` (部门整体).
        level1: The 一级指标, standard name of the framework (``产出指标``).
        level2: The 二级指标, standard name under ``level1`` (``数量指标``).
        kind: ``quantitative`` (定量) or ``qualitative`` (定性).
        direction: What the target's relation means in scoring: ``positive`` (≥, more is better),
            ``reverse`` (≤, less is better) or ``equal`` (= , hit the target).
        unit: 计量单位 (``%``, ``人``, ``万元``); required for quantitative entries by the gate.
        definition: 指标解释.
        formula: 计算公式, as text.
        function_codes: 支出功能分类 code prefixes it applies to (``205`` covers every 205xx and
            205xxxx); empty means common to all codes.
        fund_uses: 资金使用类别 it applies to (the other key provincial libraries use).
        tags: Free keywords for search.
        source: Where it comes from (honest: ``common practice`` where it is).
        status: ``draft`` (草稿), ``approved`` (已入库) or ``retired`` (已停用).
        version: Revision number, from 1.
        note: 备注.

    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    framework: Framework = "goal"
    level1: str
    level2: str
    kind: Kind = "quantitative"
    direction: Direction = "positive"
    unit: str = ""
    definition: str = ""
    formula: str = ""
    function_codes: tuple[str, ...] = ()
    fund_uses: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    source: Source = Source()
    status: Status = "approved"
    version: int = Field(default=1, ge=1)
    note: str = ""

    @model_validator(mode="before")
    @classmethod
    def _canonical(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        out: dict[str, Any] = {}
        origin: dict[str, str] = {}
        for key, value in data.items():
            field = _ALIAS_TO_FIELD.get(str(key).strip(), str(key)) if isinstance(key, str) else key
            if field in out and not (value is None or value == ""):
                if out[field] is None or out[field] == "":
                    out[field] = value
                    origin[field] = str(key)
                    continue
                raise custom_error(
                    "duplicate_key",
                    f"「{origin[field]}」与「{key}」是同一字段（{field}），只能给出一个",
                    f"{origin[field]!r} and {key!r} are the same field ({field}); give only one",
                )
            if field not in out:
                out[field] = value
                origin[field] = str(key)
        for key in ("id", "name", "level1", "level2"):
            if key in out:
                out[key] = _text(out[key])
        framework_raw = out.get("framework")
        framework: Framework | None = None
        if framework_raw not in (None, ""):
            framework = framework_from_text(_text(framework_raw))
            if framework is None:
                labels = "、".join(f"{k}（{v}）" for k, v in FRAMEWORK_LABELS.items())
                out["framework"] = _Invalid(
                    custom_error(
                        "bad_framework",
                        f"指标体系「{framework_raw}」无效，应为以下之一：{labels}",
                        f"invalid framework {framework_raw!r}; expected one of {', '.join(FRAMEWORKS)}",
                    )
                )
                return out
        if framework is not None:
            out["framework"] = framework
        level1, level2 = out.get("level1"), out.get("level2")
        if isinstance(level1, str) and isinstance(level2, str):
            resolved = resolve_levels(framework, level1, level2)
            if resolved is None:
                bad = "level2" if _level1_known(framework, level1) else "level1"
                out[bad] = _Invalid(_level_error(framework, level1, level2))
            else:
                out["framework"], out["level1"], out["level2"] = resolved
        return out

    @field_validator("framework", "level1", "level2", mode="before")
    @classmethod
    def _invalid(cls, value: Any) -> Any:
        if isinstance(value, _Invalid):
            raise value.error
        return value

    @field_validator("id", mode="after")
    @classmethod
    def _id(cls, value: str) -> str:
        if not value:
            raise custom_error("empty_id", "指标编码不能为空", "the indicator id may not be empty")
        if any(ch.isspace() for ch in value):
            raise custom_error(
                "bad_id", f"指标编码「{value}」不能含有空白", f"id {value!r} may not contain spaces"
            )
        return value

    @field_validator("unit", "definition", "formula", "note", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> str:
        return _text(value)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        return _word(value, _KIND_WORDS, KIND_LABELS, "指标类型", "kind") or "quantitative"

    @field_validator("direction", mode="before")
    @classmethod
    def _direction(cls, value: Any) -> Any:
        return _word(value, _DIRECTION_WORDS, DIRECTION_LABELS, "指标方向", "direction") or "positive"

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        return _word(value, _STATUS_WORDS, STATUS_LABELS, "状态", "status") or "approved"

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, value: Any) -> Any:
        if value is None or value == "":
            return 1
        if isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip().lstrip("vV")
            if not text.isdigit():
                raise custom_error(
                    "bad_version", f"版本「{value}」应为正整数", f"version {value!r} must be an integer"
                )
            return int(text)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    @field_validator("function_codes", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> tuple[str, ...]:
        codes = _items(value, _CODE_SPLIT, "功能分类", "function code")
        for code in codes:
            if not (code.isascii() and code.isdigit() and len(code) in (3, 5, 7)):
                raise custom_error(
                    "bad_function_code",
                    f"功能分类科目编码「{code}」应为 3、5 或 7 位数字（类、款、项）",
                    f"function code {code!r} must be 3, 5 or 7 digits (类, 款, 项)",
                )
        return codes

    @field_validator("fund_uses", "tags", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> tuple[str, ...]:
        return _items(value, _LIST_SPLIT, "列表项", "list")

    @field_validator("source", mode="before")
    @classmethod
    def _source(cls, value: Any) -> Any:
        return Source() if value is None or value == "" else value

    @property
    def is_common(self) -> bool:
        """True when the indicator applies to every function code (its code list is empty)."""
        return not self.function_codes

    def applies_to(self, code: str) -> bool:
        """Return True when the indicator applies to function code ``code``.

        Args:
            code: A 支出功能分类 code (``2050203``).

        Returns:
            True for a common indicator or when one of its codes is ``code`` or a parent of it.

        """
        return self.is_common or any(code.startswith(prefix) for prefix in self.function_codes)


class _Invalid:
    """A value found invalid while the keys were canonicalised; its field validator raises it."""

    __slots__ = ("error",)

    def __init__(self, error: PydanticCustomError) -> None:
        self.error = error


def _level1_known(framework: Framework | None, level1: str) -> bool:
    for fw in FRAMEWORKS if framework is None else (framework,):
        for name in levels_of(fw):
            if resolve_levels(fw, level1, levels_of(fw)[name][0]) is not None:
                return True
    return False


def _level_error(framework: Framework | None, level1: str, level2: str) -> PydanticCustomError:
    for fw in FRAMEWORKS if framework is None else (framework,):
        for name, children in levels_of(fw).items():
            if resolve_levels(fw, level1, children[0]) is not None:
                return custom_error(
                    "bad_levels",
                    f"二级指标「{level2}」不在一级指标「{name}」之下（{FRAMEWORK_LABELS[fw]}），"
                    f"应为：{'、'.join(children)}",
                    f"level2 {level2!r} is not under level1 {name!r} ({fw}); expected one of: "
                    f"{', '.join(children)}",
                )
    if framework is None:
        known = "、".join(dict.fromkeys(l1 for fw in FRAMEWORKS for l1 in levels_of(fw)))
        zh = f"一级指标「{level1}」不属于任何已知的指标体系（应为：{known}）"
        en = f"level1 {level1!r} is not in any known framework"
    else:
        known = "、".join(levels_of(framework))
        zh = f"一级指标「{level1}」不属于指标体系「{FRAMEWORK_LABELS[framework]}」（应为：{known}）"
        en = f"level1 {level1!r} is not in framework {framework!r}"
    return custom_error("bad_levels", zh, en)
