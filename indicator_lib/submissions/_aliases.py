"""The Chinese column headings accepted as aliases of each exchange-format field.

Decides which key, as written in a dict, JSON/YAML file or table heading, means which field of
which record (exchange-format.md names the English fields; real tables use the Chinese
headings). Keys are compared after :func:`norm_key`: NFKC (full-width brackets become ASCII),
whitespace, ``*`` (required-field marks) and colons removed, and a short trailing bracket
(``(万元)``, ``(A)``, ``(B/A)``, ``(盖章)``) dropped, so ``全年预算数(A)`` and ``实施单位 (盖章)``
match their plain headings.

Also decides the Chinese spellings of the enumerated values: budget-row sources (年度资金总额 →
``total``) and document kinds (自评表 → ``self_evaluation``).
"""

from __future__ import annotations

import re
import unicodedata
from types import MappingProxyType

__all__ = [
    "BUDGET_SOURCE_ALIASES",
    "FIELD_ALIASES",
    "KIND_VALUES",
    "norm_key",
    "normalize_kind",
    "normalize_source",
]

_TRAILING_BRACKET = re.compile(r"\([^()]{1,6}\)$")
_NOISE = re.compile(r"[\s*:★]")


def norm_key(key: str) -> str:
    """Normalise a heading for alias lookup (see the module docstring)."""
    text = unicodedata.normalize("NFKC", key)
    text = _NOISE.sub("", text)
    text = _TRAILING_BRACKET.sub("", text)
    return text.removeprefix("其中")


_INDICATOR = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标名称", "指标内容", "三级指标名称"),
    "target": ("年度指标值", "指标值", "指标值及单位", "目标值", "年度目标值"),
    "basis": ("取值依据", "指标值来源", "指标值设定依据", "指标值确定依据", "绩效标准"),
    "weight": ("分值", "权重", "指标分值"),
    "catalog_id": ("指标编码", "指标库编码", "指标编号"),
    "core": ("核心指标", "是否核心指标"),
    "note": ("备注",),
    "value_type": ("指标值类型", "指标类型", "定性定量"),
    "explanation": ("指标解释", "指标说明"),
    "scoring_standard": ("评(扣)分标准", "评分标准", "扣分标准", "评扣分标准"),
    "op": ("计算符号", "指标性质", "运算符号"),
    "unit": ("计量单位", "度量单位", "单位"),
    "actual": ("实际完成值", "全年实际值", "完成值", "实际值", "实际完成"),
    "declared_score": ("得分", "自评得分"),
    "deviation": (
        "偏差原因分析及改进措施",
        "偏差原因",
        "未完成原因分析",
        "未完成原因",
        "未完成原因及拟采取的改进措施",
        "原因分析及改进措施",
    ),
    "duty": ("部门职责", "职责", "对应职责"),
    "task": ("工作任务", "年度工作任务", "对应任务"),
}

_EVALUATION_ONLY = ("actual", "declared_score", "deviation")

_TABLES: dict[str, dict[str, tuple[str, ...]]] = {
    "OrgRef": {"code": ("代码", "编码"), "name": ("名称",)},
    "Period": {"start": ("开始", "开始时间", "起始时间"), "end": ("结束", "结束时间", "截止时间")},
    "Project": {
        "code": ("项目编码", "项目代码", "项目编号"),
        "name": ("项目名称", "项目支出名称"),
        "department": ("主管部门", "主管部门及代码", "主管部门及编码", "项目主管部门", "预算部门"),
        "unit": ("实施单位", "项目执行单位", "执行单位", "项目实施单位"),
        "function_code": ("支出功能分类科目", "支出功能分类", "功能科目", "功能分类科目"),
        "fund_use": ("资金使用类别", "资金用途"),
        "category": ("项目类别", "项目属性"),
        "period": ("实施期", "项目实施期", "项目支出实施期", "项目起止时间", "起止时间"),
        "task": ("所属任务", "部门任务"),
    },
    "Funds": {
        "total": ("资金总额", "年度资金总额", "项目资金总额", "当年资金总额"),
        "fiscal": ("财政拨款", "本年财政拨款", "当年财政拨款", "财政资金"),
        "carryover": ("上年结转", "上年结转资金"),
        "other": ("其他资金", "当年其他资金"),
        "superior": ("上级资金", "上级补助", "上级补助资金"),
    },
    "ProjectGoals": {
        "long_term": ("实施期目标", "长期目标", "中期目标", "实施期绩效目标"),
        "annual": ("年度目标", "本年度绩效目标", "年度绩效目标", "年度总体目标"),
    },
    "EvaluationGoals": {
        "expected": ("预期目标", "年初设定目标", "项目年度目标"),
        "achieved": ("实际完成情况", "年度总体目标完成情况综述", "年度目标完成情况"),
    },
    "PlanGoals": {"annual": ("年度总体目标", "年度总体绩效目标", "年度目标", "整体绩效目标")},
    "Indicator": {k: v for k, v in _INDICATOR.items() if k not in (*_EVALUATION_ONLY, "duty", "task")},
    "EvaluationIndicator": {k: v for k, v in _INDICATOR.items() if k not in ("duty", "task")},
    "PlanIndicator": {k: v for k, v in _INDICATOR.items() if k not in _EVALUATION_ONLY},
    "BudgetRow": {
        "source": ("资金来源", "资金类别", "来源"),
        "initial": ("年初预算数", "年初预算"),
        "adjusted": ("全年预算数", "调整后预算数", "调整后预算"),
        "executed": ("全年执行数", "预算执行数", "执行数"),
        "weight": ("分值", "权重"),
        "declared_score": ("得分",),
        "declared_rate": ("执行率", "预算执行率"),
        "reason": ("原因", "偏差原因"),
    },
    "Duty": {
        "id": ("编号", "序号"),
        "name": ("名称", "职责"),
        "description": ("说明", "描述"),
        "parent": ("上级", "上级职责"),
    },
    "Task": {
        "id": ("编号", "序号"),
        "name": ("名称", "任务", "任务名称"),
        "duty": ("职责", "所属职责", "对应职责"),
        "duties": ("职责分摊",),
        "budget": ("金额", "预算", "预算金额", "预算数"),
        "description": ("说明", "描述"),
        "parent": ("上级", "上级任务"),
    },
    "ProjectRef": {
        "code": ("项目编码", "项目代码"),
        "name": ("项目名称",),
        "task": ("任务", "所属任务"),
        "tasks": ("任务分摊",),
        "budget": ("金额", "预算", "预算金额", "预算数"),
    },
    "ShareRef": {"id": ("编号", "task", "duty", "code"), "share": ("占比", "比例", "分摊比例")},
    "PlanDepartment": {
        "code": ("代码", "编码"),
        "name": ("名称",),
        "budget": ("金额", "预算", "预算金额", "预算数", "部门预算"),
    },
    "ProjectGoal": {
        "kind": ("类型",),
        "fiscal_year": ("年度", "预算年度", "绩效年度"),
        "project": ("项目", "项目信息"),
        "money_unit": ("金额单位", "资金单位"),
        "funds": ("项目资金", "资金情况"),
        "goals": ("绩效目标", "总体目标"),
        "indicators": ("绩效指标",),
    },
    "SelfEvaluation": {
        "kind": ("类型",),
        "fiscal_year": ("年度", "预算年度", "绩效年度"),
        "project": ("项目", "项目信息"),
        "money_unit": ("金额单位", "资金单位"),
        "budget": ("项目资金", "资金情况", "预算执行情况"),
        "goals": ("年度总体目标", "总体目标"),
        "indicators": ("绩效指标",),
        "declared_total": ("总分", "自评总分"),
        "declared_grade": ("评价等级", "自评等级", "自评结果"),
        "conclusion": ("评价结论",),
        "problems": ("存在问题",),
        "improvements": ("改进措施",),
    },
    "DepartmentPlan": {
        "kind": ("类型",),
        "fiscal_year": ("年度", "预算年度", "绩效年度"),
        "department": ("部门", "部门名称", "单位名称", "部门(单位)名称"),
        "money_unit": ("金额单位", "资金单位"),
        "duties": ("部门职责", "职能职责", "部门(单位)职责"),
        "tasks": ("年度工作任务", "年度主要任务", "工作任务"),
        "projects": ("支出项目", "项目"),
        "goals": ("总体目标", "绩效目标"),
        "indicators": ("绩效指标",),
        "budget": ("部门预算", "预算总额"),
    },
}

#: record name → field name → accepted aliases (the field's own name is always accepted).
FIELD_ALIASES: MappingProxyType[str, MappingProxyType[str, tuple[str, ...]]] = MappingProxyType(
    {name: MappingProxyType(table) for name, table in _TABLES.items()}
)

#: Chinese labels of budget rows → ``source`` value.
BUDGET_SOURCE_ALIASES: MappingProxyType[str, str] = MappingProxyType(
    {
        "年度资金总额": "total",
        "资金总额": "total",
        "总额": "total",
        "合计": "total",
        "本年财政拨款": "fiscal",
        "当年财政拨款": "fiscal",
        "财政拨款": "fiscal",
        "财政资金": "fiscal",
        "上年结转资金": "carryover",
        "上年结转": "carryover",
        "其他资金": "other",
        "财政专户管理资金": "special_account",
        "单位资金": "unit",
    }
)

#: The document kinds of the exchange format.
KIND_VALUES = ("project_goal", "self_evaluation", "department_plan")


def normalize_source(value: object) -> object:
    """Map a Chinese budget-row label (``其中:本年财政拨款``) to its ``source`` value."""
    if not isinstance(value, str):
        return value
    key = norm_key(value)
    return BUDGET_SOURCE_ALIASES.get(key, value.strip())


def normalize_kind(value: object) -> object:
    """Map a Chinese table title (``项目支出绩效自评表``) to a document kind; others pass."""
    if not isinstance(value, str) or value in KIND_VALUES:
        return value
    text = norm_key(value)
    if "自评" in text:
        return "self_evaluation"
    if "整体" in text or text.startswith("部门"):
        return "department_plan"
    if "目标" in text or "申报" in text:
        return "project_goal"
    return value
