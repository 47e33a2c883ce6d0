"""Deviation causes (偏差原因): the five classes of 财预〔2019〕136号, declared or read from text.

Decides how a row's cause is known. A declared class (the row's ``cause`` / ``偏差原因类别``) is
taken when it names one of 经费保障, 制度保障, 人员保障, 硬件条件保障, 其他 (the short forms 经费,
资金, 制度, 政策, 人员, 硬件 … are accepted). Otherwise, when the row explains a deviation in text,
the class is read from keywords in that text — the first class whose keyword appears, in the order
below — and marked as inferred; text that names none of them is 其他. No text, no cause.
"""

from __future__ import annotations

from indicator_lib.monitoring._model import CAUSES, Cause

__all__ = ["KEYWORDS", "classify_cause", "declared_cause"]

#: Keywords of each class, tried in this order on a deviation text.
KEYWORDS: tuple[tuple[Cause, tuple[str, ...]], ...] = (
    ("经费保障", ("经费", "资金", "拨付", "到位", "预算", "财力")),
    ("人员保障", ("人员", "人手", "人力", "编制", "队伍")),
    ("硬件条件保障", ("硬件", "设备", "场地", "设施", "器材", "车辆")),
    ("制度保障", ("制度", "政策", "审批", "程序", "流程", "招标", "采购", "规定")),
)

_SHORT: dict[str, Cause] = {
    "经费": "经费保障",
    "资金": "经费保障",
    "资金保障": "经费保障",
    "制度": "制度保障",
    "政策": "制度保障",
    "人员": "人员保障",
    "硬件": "硬件条件保障",
    "硬件条件": "硬件条件保障",
    "条件保障": "硬件条件保障",
    "其它": "其他",
}


def declared_cause(text: str | None) -> Cause | None:
    """Return the class a declared cause names, or None when it names none."""
    if text is None:
        return None
    word = text.strip().replace(" ", "")
    for cause in CAUSES:
        if word == cause:
            return cause
    return _SHORT.get(word)


def classify_cause(text: str | None) -> Cause | None:
    """Read the class of a deviation text by keywords (see the module docstring).

    Args:
        text: The deviation text (偏差原因分析), or None.

    Returns:
        The class, 其他 when the text names none, or None for no text.

    """
    if text is None or not text.strip() or text.strip() in ("-", "/", "无", "—"):
        return None
    for cause, words in KEYWORDS:
        if any(word in text for word in words):
            return cause
    return "其他"
