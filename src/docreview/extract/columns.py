"""Column roles: which column of a table holds the indicator name, target, actual, weight, score… or the
budget amounts.  :func:`header_layout` is the one place where a column's role is decided; the table
readers call it for every row and read the rows under a header by the roles it returns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from docreview.extract.rows import header_key
from docreview.models import TableRow

__all__ = ["BUDGET_AMOUNT_ROLES", "Layout", "header_layout", "header_role"]

# --------------------------------------------------------------------------- column aliases

# Header cells are compared after header_key(): half-width, no spaces, no parenthesised parts, no colons.
_NAME_ALIASES = ("三级指标", "指标名称", "指标内容", "具体指标", "绩效指标", "指标项目", "指标")
_INDICATOR_ALIASES: dict[str, str] = {
    "一级指标": "level1",
    "二级指标": "level2",
    **{a: "name" for a in _NAME_ALIASES},
    **{a: "target" for a in ("年度指标值", "指标值", "年初目标值", "目标值", "预期目标", "预期目标值",
                             "当年预期实现值", "年度目标值", "绩效目标值", "预期指标值", "年度目标")},
    **{a: "target_weak" for a in ("绩效标准", "指标标准")},
    **{a: "actual" for a in ("实际完成值", "完成值", "全年完成值", "实际完成情况", "全年实际完成值",
                             "实际完成", "实际值", "年度完成值", "实际完成数", "完成情况")},
    **{a: "direction" for a in ("指标性质", "计算符号", "指标方向", "符号")},
    **{a: "unit" for a in ("度量单位", "计量单位", "指标单位", "单位")},
    **{a: "weight" for a in ("分值", "权重", "指标分值", "指标权重", "权重分值")},
    **{a: "score" for a in ("得分", "自评得分", "评价得分", "实际得分", "自评分")},
    **{a: "reason" for a in ("偏差原因分析及改进措施", "未完成原因分析", "偏差大或目标未完成原因分析",
                             "未完成原因和改进措施", "偏差原因分析", "偏差原因", "未完成原因", "原因分析",
                             "原因", "偏差原因及改进措施")},
    **{a: "ignore" for a in ("指标解释", "指标说明及评分标准", "评分标准", "指标说明", "备注", "序号",
                             "保障绩效目标实现措施", "得分率", "说明")},
}
_BUDGET_ALIASES: dict[str, str] = {
    **{a: "initial" for a in ("年初预算数", "年初预算", "年初预算金额")},
    **{a: "adjusted" for a in ("全年预算数", "调整后预算数", "预算数", "调整后预算", "全年预算", "预算金额")},
    **{a: "executed" for a in ("全年执行数", "执行数", "预算执行数", "实际执行数", "全年实际执行数",
                               "实际支出数", "支出数")},
    **{a: "added" for a in ("追加数", "追加预算", "年中追加", "年中追加数", "追加调整数", "调整数", "预算调整数")},
    **{a: "rate" for a in ("执行率", "预算执行率", "全年执行率")},
    **{a: "weight" for a in ("分值", "权重")},
    **{a: "score" for a in ("得分", "自评得分")},
}
BUDGET_AMOUNT_ROLES = ("initial", "adjusted", "added", "executed", "rate")
_VALUE_ROLES = ("target", "actual", "weight", "score")


# --------------------------------------------------------------------------- table layouts


@dataclass
class Layout:
    """The roles a header row gives the columns of the rows under it."""

    kind: Literal["indicator", "budget"]
    roles: dict[int, str]  # logical column -> role
    width: int
    header_row: int
    long_term: bool = False  # 长期绩效指标: not this year's targets

    def col(self, role: str) -> int | None:
        for c, r in self.roles.items():
            if r == role:
                return c
        return None


def header_layout(rows: Sequence[TableRow], r: int) -> Layout | None:
    """The layout set by row ``r`` of a table when it is a header row (an indicator or a budget header), else
    None.  Its cells are matched against the column aliases of domain.md §1.  ``rows`` is the whole table
    (only row ``r`` is read today) so that what a column holds can weigh in here without changing callers."""
    cells = rows[r].cells
    return _indicator_layout(cells, r) or _budget_layout(cells, r)


def header_role(text: str) -> str | None:
    """The indicator-table role a label names (``预期目标`` -> ``target``), for a label outside a header row."""
    return _INDICATOR_ALIASES.get(header_key(text))


def _indicator_layout(cells: list[str], row: int) -> Layout | None:
    keys = [header_key(c) for c in cells]
    roles = {i: _INDICATOR_ALIASES[k] for i, k in enumerate(keys) if k in _INDICATOR_ALIASES}
    values = {r for r in roles.values() if r in _VALUE_ROLES or r == "target_weak"}
    has_levels = any(r in ("level1", "level2") for r in roles.values())
    if not values or not (has_levels or "name" in roles.values()):
        return None
    if len(roles) < 2:
        return None
    roles = _choose_name_column(roles, keys)
    if "target" in roles.values():
        roles = {c: ("ignore" if r == "target_weak" else r) for c, r in roles.items()}
    else:
        roles = {c: ("target" if r == "target_weak" else r) for c, r in roles.items()}
    if not any(r in _VALUE_ROLES for r in roles.values()):
        return None
    long_term = any("长期" in k for k in keys)
    return Layout("indicator", roles, len(cells), row, long_term=long_term)


def _choose_name_column(roles: dict[int, str], keys: list[str]) -> dict[int, str]:
    """Keep one name column: the most specific alias; without one, the deepest level column names."""
    named = [c for c, r in roles.items() if r == "name"]
    roles = {c: r for c, r in roles.items() if r != "name"}
    if named:
        best = min(named, key=lambda c: (_NAME_ALIASES.index(keys[c]), c))
        roles[best] = "name"
        for c in named:
            if c != best:
                roles[c] = "ignore"
        return roles
    for level in ("level2", "level1"):
        cols = [c for c, r in roles.items() if r == level]
        if cols:
            roles[cols[0]] = "name"
            return roles
    return roles


def _budget_layout(cells: list[str], row: int) -> Layout | None:
    keys = [header_key(c) for c in cells]
    roles = {i: _BUDGET_ALIASES[k] for i, k in enumerate(keys) if k in _BUDGET_ALIASES}
    amounts = {r for r in roles.values() if r in BUDGET_AMOUNT_ROLES}
    if len(amounts) < 2:
        return None
    return Layout("budget", roles, len(cells), row)
