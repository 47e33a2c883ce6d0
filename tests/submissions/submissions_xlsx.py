"""Small .xlsx files in the real template layouts (realdata README), built with openpyxl.

Each layout is rows of cell values plus merged ranges, transcribed from a real table in
/work/shared/data/realdata (trimmed to a few indicator rows). ``build`` writes one to disk. The
three layouts of the committed example workbooks are taken from ``examples/make_excel.py``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

Layout = tuple[list[list[Any]], list[str]]


def _load_examples() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "examples" / "make_excel.py"
    spec = importlib.util.spec_from_file_location("examples_make_excel", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_EXAMPLES = _load_examples()


def build(path: Path, *sheets: tuple[str, Layout]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, (rows, merges) in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        for rng in merges:
            ws.merge_cells(rng)
    wb.save(path)
    return path


# 01 池州 (central/Anhui 自评表), 02 青神 (Sichuan split-column 自评表) and 04 湘潭 (Hunan 申报表)
# are the layouts examples/make_excel.py writes as the committed example workbooks.
CENTRAL_SELFEVAL: Layout = _EXAMPLES.CENTRAL_SELFEVAL
SICHUAN_SELFEVAL: Layout = _EXAMPLES.SICHUAN_SELFEVAL
HUNAN_GOAL: Layout = _EXAMPLES.HUNAN_GOAL

# 07 丽江 古城区 — Yunnan: two-row indicator header (年度指标值 over 指标性质|指标值|度量单位).
YUNNAN_SELFEVAL: Layout = (
    [
        ["2020年度项目支出绩效自评表"],
        ["项目名称", "2020年省级自然资源卫片执法补助经费"],
        ["主管部门", "丽江市自然资源和规划局", None, None, "实施单位", "丽江市古城区自然资源局"],
        ["项目资金 (万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", 7.29, 7.29, 7.29, 10, "100%", 10],
        ["其中:当年财政拨款", 7.29, 7.29, 7.29, None, "100%"],
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            None,
            None,
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        [None, None, None, "指标性质", "指标值", "度量单位"],
        ["产出指标", "数量指标", "卫片执法补助经费", "﹦", 72890, "元", 72890, 10, 9],
        [None, "质量指标", "项目验收合格率", "﹦", 100, "%", 100, 20, 19],
        ["效益指标", "社会效益指标", "违法行为责停率", "≥", 95, "%", 95, 30, 27],
        ["满意度指标", "服务对象满意度指标", "满意度", "≥", 95, "%", 95, 10],
    ],
    [
        "A1:J1",
        "B2:J2",
        "B3:D3",
        "F3:J3",
        "A7:A8",
        "B7:B8",
        "C7:C8",
        "D7:F7",
        "G7:G8",
        "H7:H8",
        "I7:I8",
        "J7:J8",
        "A9:A10",
    ],
)

# 16 project B 武汉 青山区 — Hubei: 长期 / 年度 column pairs, 当年 vs whole-period money.
HUBEI_GOAL: Layout = (
    [
        ["项目支出绩效目标表 (2020年度)"],
        ["项目名称", "教育系统基础设施建设和设备购置"],
        ["主管部门及编码", "[015001]武汉市青山区教育局", None, "实施单位", "武汉市青山区教育局"],
        ["项目属性", "基础建设、修缮类", None, "项目起止时间", "202001-202012"],
        ["项目资金", "资金总额", "10000万元", "当年资金总额:", "10000万元"],
        [None, "其中:财政拨款", "10000万元", "其中:当年财政拨款", "10000万元"],
        [None, "其他资金", None, "当年其他资金", None],
        [
            "总体目标",
            "中期目标",
            "优化教育布局,推进教育领域综合改革",
            "年度目标",
            "按工作计划完成教育局重点项目建设经费预算安排",
        ],
        ["绩效项目指标表"],
        [
            "一级指标",
            "二级指标(长期)",
            "三级指标(长期)",
            "指标值(长期)",
            "二级指标(年度)",
            "三级指标(年度)",
            "指标值(年度)",
        ],
        ["产出指标", "数量指标", None, None, "数量指标", "重点建设工程安排数量", 2],
        ["产出指标", "质量指标", None, None, "质量指标", "重点建设工程验收合格率", "100%"],
        ["效益指标", "社会效益指标", None, None, "社会效益指标", "基础教育学校办学条件", "持续改善"],
        [
            "满意度指标",
            "服务对象满意度指标",
            None,
            None,
            "服务对象满意度指标",
            "学生、家长、社会满意度",
            "≥90%",
        ],
    ],
    ["A1:G1", "B2:G2", "A5:A7"],
)

# 19 岳阳楼区 — 单位整体 目标表: 指标值类型, 计量单位, 指标解释, 评(扣)分标准; real defects kept.
UNITWIDE_GOAL: Layout = (
    [
        ["岳阳楼区价格认证鉴定中心2023年度整体绩效目标表"],
        ["部门(单位)名称", "岳阳楼区价格认证鉴定中心"],
        ["*部门(单位)职责", "负责价格认定工作"],
        ["*年度总体绩效目标", "做好涉案、价格认定工作。"],
        ["绩效指标"],
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值类型",
            "*指标值",
            "计量单位",
            "*指标解释",
            "*评(扣)分标准",
            "备注",
        ],
        [
            "产出指标",
            "数量指标",
            "业务工作支出安排金额",
            "定量",
            "28.8万元",
            "%",
            "该指标主要考察业务工作支出安排情况",
            "未达指标值酌情扣分",
        ],
        [
            None,
            "时效指标",
            "工作安排时间",
            "定量",
            "按月安排",
            None,
            "该指标主要考察业务工作支出安排时间",
            "未达指标值酌情扣分",
        ],
        ["效益指标", "经济效益指标", None, None, None, None, None, "未达指标值酌情扣分"],
        [
            None,
            "社会效益指标",
            "保证单位正常运转",
            "定性",
            "应保尽保",
            "%",
            "该指标主要考察单位运转需要保障范围应保尽保",
            "未达指标值酌情扣分",
        ],
    ],
    ["A1:I1", "B2:I2", "B3:I3", "B4:I4", "A5:I5", "A7:A8", "A9:A10"],
)

# 27 淮北 — Anhui goal table: [077] code, label/value money rows, 项目期.
ANHUI_GOAL: Layout = (
    [
        ["项目支出绩效目标表 (2025年度)"],
        ["项目名称", "农村文化建设配套补助经费"],
        ["主管部门及代码", "[077]淮北市文化旅游体育局", "实施单位", "淮北市文化旅游体育局"],
        ["项目来源", "本级申报项目", "项目期", "1年"],
        ["项目资金", "年度资金总额:", 5.00],
        [None, "其中:财政拨款", 5.00],
        [None, "上年结转", 0.00],
        [None, "其他资金", 0.00],
        ["年度目标", "文化惠民工程,主要用于送戏进万村。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        [None, "产出指标", "数量指标", "开展送戏进万村", "≥70村"],
        [None, None, "时效指标", "项目完成时限", "2025年12月"],
        [None, None, "成本指标", "项目金额", "5万元"],
        [None, "满意度指标", "满意度指标", "项目受益人满意程度", "≥90%"],
    ],
    ["A5:A8", "A10:A14", "B11:B13"],
)

# 16 project A — label and number in one cell (年度资金总额:16), 上级资金.
HUBEI_GOAL_A: Layout = (
    [
        ["绩效目标表 (2020年度)"],
        ["项目名称", "农村义务教育薄弱学校改造补助资金"],
        ["项目主管部门", "青山区教育局", "项目执行单位", "化工区学校"],
        ["资金情况(万元)", "年度资金总额:16", "其中:上级资金16"],
        ["总体目标", "年度目标", "全面改善农村义务教育薄弱学校办学条件。"],
        ["绩效指标", "一级指标", "二级指标", "指标内容", "指标值"],
        [None, "产出指标", "数量指标", "农村义务教育学校改造覆盖率", "100%"],
        [None, "效益指标", "社会公众或服务对象满意度指标", "学生家长满意度", "≥90%"],
    ],
    ["A6:A8"],
)

NO_HEADER: Layout = (
    [["某单位2023年度项目情况说明"], ["项目名称", "某项目"], ["这里没有指标表"]],
    [],
)
