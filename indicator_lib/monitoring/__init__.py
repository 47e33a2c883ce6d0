"""绩效运行监控 (双监控): the red / yellow / green / blue lights of a project at a month.

    from indicator_lib.monitoring import monitor

    report = monitor("examples/monitoring/jiaoyu_zizhu_2024_07.yaml", month=7)
    report.project_light                     # "黄"
    [(i.name, i.light, i.value) for i in report.indicators]

The bands, the time-proration and the worst-light rule are in ``catalogs/rules/monitoring.rules``
(a province overrides them with ``extends "monitoring"``); see ``docs/monitoring.md``.
"""

from __future__ import annotations

from indicator_lib.monitoring._causes import classify_cause, declared_cause
from indicator_lib.monitoring._model import (
    CAUSES,
    BudgetLight,
    Cause,
    IndicatorLight,
    Light,
    MonitorInput,
    MonitorReport,
    MonitorRow,
)
from indicator_lib.monitoring._monitor import (
    DEFAULT_RULESET,
    MONITORING_KINDS,
    InvalidMonthError,
    monitor,
    monitoring_ruleset,
)

__all__ = [
    "CAUSES",
    "DEFAULT_RULESET",
    "MONITORING_KINDS",
    "BudgetLight",
    "Cause",
    "IndicatorLight",
    "InvalidMonthError",
    "Light",
    "MonitorInput",
    "MonitorReport",
    "MonitorRow",
    "classify_cause",
    "declared_cause",
    "monitor",
    "monitoring_ruleset",
]
