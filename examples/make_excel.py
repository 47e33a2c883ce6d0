"""Generate the Excel examples in examples/excel/ (run: python examples/make_excel.py).

Three real template layouts, transcribed from /work/shared/data/realdata with their merged
cells: the central/Anhui 自评表 (01), the Sichuan split-column 自评表 (02) and the Hunan
申报表 (04). The generated .xlsx files are committed; re-running this script rewrites them. The layouts are
also the test fixtures of tests/submissions (loaded from this file by path), so the examples
and the tests read the same cells. Only :func:`write` needs openpyxl.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent / "excel"

Layout = tuple[list[list[Any]], list[str]]

# 01 池州 棠溪镇 — central/Anhui 自评表: budget block, goals above their texts, merged levels.
CENTRAL_SELFEVAL: Layout = (
    [
        ["项目支出绩效自评表"],
        ["(2022年度)"],
        ["项目名称", "委托业务项目"],
        [
            "主管部门",
            "219-池州市贵池区棠溪镇人民政府",
            None,
            None,
            "实施单位",
            "219001-池州市贵池区棠溪镇人民政府",
        ],
        ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额:", 0, 0, 0, 10, 0, 0],
        [None, "其中:本年财政拨款", 90, 89.974, 89.974],
        [None, "上年结转资金"],
        [None, "其他资金"],
        ["年度总体目标", "预期目标", None, None, None, "实际完成情况"],
        [None, "本项目共申请预算资金90万元。", None, None, None, "本项目共完成预算资金89.97万元。"],
        [
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        [None, "产出指标(50分)", "数量指标", "基建工程委托业务项目数量", "≥50个", 50, 8, 8],
        [None, None, "质量指标", "委托业务报告合格率", "≥100百分比", 100, 8, 8],
        [None, None, None, "经费支出合规性", "严格执行相关制度规定", "达成预期指标", 8, 8],
        [None, None, "成本指标", "项目总成本", "≤90万元", 90, 8, 8],
        [
            None,
            "效益指标(30分)",
            "社会效益指标",
            "对维护基建市场公平的影响程度",
            "效果明显",
            "达成预期指标",
            10,
            10,
        ],
        [None, None, "经济效益指标"],
        [None, "满意度指标(10分)", "满意度指标", "公众满意度", "≥90%", "95%", 10, 10],
        ["总分", None, None, None, None, None, 100, 90],
    ],
    [
        "A1:I1",
        "A2:I2",
        "B3:I3",
        "B4:D4",
        "F4:I4",
        "A5:A9",
        "A10:A11",
        "B10:E10",
        "F10:I10",
        "B11:E11",
        "F11:I11",
        "A12:A19",
        "B13:B16",
        "C14:C15",
        "B17:B18",
        "A20:F20",
    ],
)
# 02 青神县 — Sichuan 510000_0013zp: 指标性质 | 指标值 | 度量单位 split, 权重, extra fund rows.
SICHUAN_SELFEVAL: Layout = (
    [
        ["报表编号:510000_0013zp"],
        ["部门预算项目支出绩效自评表(2023年度)"],
        ["项目名称", "51000021R000000019951-工资性支出"],
        ["主管部门", "青神县发展和改革局本级"],
        ["实施单位 (盖章)", "青神县发展和改革局"],
        ["项目基本情况", "项目年度目标", None, None, None, "年度目标完成情况"],
        [None, "严格执行相关政策,保障工资及时、足额发放。", None, None, None, "对照年度目标,说明完成情况"],
        [
            "预算执行情况(10分)",
            "年度预算数(万元)",
            "年初预算",
            "调整后预算数",
            "预算执行数",
            "预算执行率",
            "权重",
            "得分",
            "原因",
        ],
        [None, "总额", 238.93, 251.89, 251.89, "100.00%", 10, None, "预算执行率未达到90%的需说明原因"],
        [None, "其中:财政资金", 238.93, 251.89, 251.89, "100.00%", "/", "/"],
        [None, "财政专户管理资金", 0, 0, 0, "0.00%", "/", "/"],
        [None, "单位资金", 0, 0, 0, "0.00%", "/", "/"],
        [None, "其他资金", None, None, None, None, "/", "/"],
        [
            "绩效指标(90分)",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "完成值",
            "权重",
            "得分",
            "未完成原因分析",
        ],
        [None, "产出指标", "数量指标", "发放(缴纳)覆盖率", "=", 100, "%", None, 60],
        [None, "效益指标", "社会效益指标", "足额保障率(参保率)", "=", 100, "%", None, 30],
        ["合计", 100],
        ["评价结论", "结合自评情况,说明项目自评总分。"],
    ],
    [
        "A1:K1",
        "A2:K2",
        "B3:K3",
        "B4:K4",
        "B5:K5",
        "A6:A7",
        "B6:E6",
        "F6:K6",
        "B7:E7",
        "F7:K7",
        "A8:A13",
        "A14:A16",
    ],
)
# 04 湘潭 — Hunan 申报表: 指标值及单位, 绩效标准, 年度本级预算金额 / 上级资金, empty 二级 rows.
HUNAN_GOAL: Layout = (
    [
        ["湘潭市环境卫生管理处2023年雾炮车降尘抑尘服务项目支出绩效目标申报表"],
        ["填报单位:(盖章)", None, None, None, "单位:万元"],
        ["项目支出名称", "雾炮车降尘抑尘服务"],
        ["预算部门", "湘潭市环境卫生管理处"],
        ["年度本级 预算金额", "250万", None, "该项目支出上级资金", 0],
        ["项目支出实施期", "2023.07-2024.01"],
        ["实施期绩效目标", "通过采购雾炮车降尘抑尘服务,服务周期2023.07-2024.01,全市空气质量达到优良"],
        ["本年度绩效目标", "通过采购雾炮车降尘抑尘服务,服务周期2023.07-2024.01,全市空气质量达到优良"],
        ["本年度 绩效指标", "一级指标", "二级指标", "三级指标", "指标值及单位", "绩效标准"],
        [None, "产出指标", "数量指标", "雾炮车降尘抑尘服务配备车辆数", "10辆", "计划标准"],
        [None, None, None, "雾炮车风炮射程", "≥80M", "计划标准"],
        [None, None, "质量指标", "服务周期内空气质量", "优良", "计划标准"],
        [None, None, "时效指标", "服务周期", "2023.07-2024.01", "计划标准"],
        [None, None, "成本指标", "控制在预算成本内", "250万", "计划标准"],
        [None, "效益指标", "经济效益指标"],
        [None, None, "社会效益指标", "服务周期内,市民对空气质量改善的满意程度", "≥85%", "计划标准"],
        [None, None, "生态效益指标"],
        [None, None, "可持续影响指标"],
        [None, None, "社会公众或服务对象满意度指标", "市民满意度", "≥90%", "计划标准"],
        ["财政部门审核意见"],
        ["填表人: [name] 联系电话:(omitted) 填报日期: 单位负责人签字:"],
    ],
    ["A1:F1", "B3:F3", "B4:F4", "B6:F6", "B7:F7", "B8:F8", "A9:A19", "B10:B14", "C10:C11", "B15:B19"],
)


def write(path: Path, title: str, layout: Layout) -> None:
    """Write one layout as a single-sheet workbook."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    rows, merges = layout
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 16
    for col in "BCDEFGHIJK":
        ws.column_dimensions[col].width = 18
    # fixed document properties keep the committed files stable across runs
    wb.properties.creator = "indicator_lib examples"
    wb.save(path)


def main() -> None:
    """Write every example workbook."""
    HERE.mkdir(exist_ok=True)
    write(HERE / "01_chizhou_weituoyewu_selfeval.xlsx", "自评表", CENTRAL_SELFEVAL)
    write(HERE / "02_qingshen_gongzixing_selfeval.xlsx", "自评表", SICHUAN_SELFEVAL)
    write(HERE / "04_xiangtan_wupaoche_goal.xlsx", "申报表", HUNAN_GOAL)


if __name__ == "__main__":
    main()
