"""Column roles: which column of a table holds the indicator name, target, actual, weight, score… or the
budget amounts, and what kind of table it is.  :func:`header_layout` is the one place where a column's role
is decided; the table readers call it for every row and read the rows under a header by the roles it returns.

Real forms do not keep to one spelling of a header (``年初指↵标值``, ``全年实际值``, ``实际完成值(B)``,
``自评分``, ``未完成原因及拟采取的改进措施``), so a role is not looked up in a list of exact aliases: every
header cell is normalised (NFKC, no spaces or line breaks, no bracketed parts such as ``(A)``), scored for
each role by the words it contains, and then checked against what the cells under it hold (values with a
direction sign look like targets, plain measurements like actuals, small numbers adding up to about 100 like
weights, long sentences like reasons).  Two- and three-row headers (a group cell over sub-columns such as
``年度指标值`` over ``指标性质 | 指标值 | 度量单位``) are combined into one header per column first.  Every
decision keeps its reason (:class:`ColumnDecision`), which ``docreview inspect`` prints.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from docreview.extract.rows import PAREN, number
from docreview.models import TableKind, TableRow
from docreview.normalize import is_empty_value, parse_quantity, to_halfwidth

__all__ = ["BUDGET_AMOUNT_ROLES", "ColumnDecision", "Layout", "TableKind", "budget_role", "header_layout",
           "header_role", "normalize_header", "role_of_label"]


BUDGET_AMOUNT_ROLES = ("initial", "adjusted", "added", "executed", "rate")
_VALUE_ROLES = ("target", "actual", "weight", "score")

# --------------------------------------------------------------------------- header text


def normalize_header(text: str) -> str:
    """A header cell as the classifier reads it: NFKC, half width, no whitespace or line breaks inside, no
    bracketed parts (``实际完成值(B)``, ``（万元）``), no colons or stars."""
    t = unicodedata.normalize("NFKC", to_halfwidth(text or ""))
    t = re.sub(r"\s+", "", t)
    t = PAREN.sub("", t)
    t = re.sub(r"[\[【][^\]】]*[\]】]", "", t)
    t = _PERIOD_PREFIX.sub("", t)  # 1-7月执行情况, 截至9月底完成值: the period is the document's (extract.kinds)
    t = _STRAY_MARK.sub("", t)  # `1偏差原因分析`: a ruling-line fragment OCR read as 1/l/| before the header words
    return t.strip(":：*★").strip()


_STRAY_MARK = re.compile(r"^[1lI|丨](?=[\u4e00-\u9fff]{2})(?![月日年号])")
_PERIOD_PREFIX = re.compile(r"^(?:(?:1|一)月?[-—–~～至到](?:[0-9]{1,2}|[一二三四五六七八九十]{1,2})月(?:份|底|末)?"
                            r"|截[至止](?:[0-9]{1,2}|[一二三四五六七八九十]{1,2})月(?:份|底|末)?"
                            r"|(?:前|第)?[一二三四1-4]季度|上半年)(?=\D)")


# Exact spellings seen on forms (domain.md §1 and more): a header equal to one of them is certain.
_NAME_ALIASES = ("三级指标", "指标名称", "指标内容", "具体指标", "绩效指标", "指标项目", "指标", "三级指标名称",
                 "绩效指标名称", "考核指标", "评价指标", "三级")
_EXACT: dict[str, str] = {
    "一级指标": "level1", "一级": "level1", "指标类型": "level1", "指标类别": "level1", "二级指标": "level2", "二级": "level2",
    **{a: "name" for a in _NAME_ALIASES},
    **{a: "target" for a in ("年度指标值", "指标值", "年初目标值", "目标值", "预期目标", "预期目标值",
                             "当年预期实现值", "年度目标值", "绩效目标值", "预期指标值", "年度目标", "年初指标值",
                             "指标值及单位", "年初设定目标值", "全年目标值", "计划目标值")},
    **{a: "target_weak" for a in ("绩效标准", "指标标准", "标准值")},
    **{a: "actual" for a in ("实际完成值", "完成值", "全年完成值", "实际完成情况", "全年实际完成值", "实际完成",
                             "实际值", "年度完成值", "实际完成数", "完成情况", "全年实际值", "年终完成值",
                             "实际完成指标值", "实际达成值", "年度实际完成值")},
    **{a: "direction" for a in ("指标性质", "计算符号", "指标方向", "符号", "方向", "指标符号")},
    **{a: "unit" for a in ("度量单位", "计量单位", "指标单位", "单位", "计算单位")},
    **{a: "weight" for a in ("分值", "权重", "指标分值", "指标权重", "权重分值", "标准分值", "分数", "满分")},
    **{a: "score" for a in ("得分", "自评得分", "评价得分", "实际得分", "自评分", "评分", "考核得分", "自评分值")},
    **{a: "criterion" for a in ("指标解释", "指标说明及评分标准", "评分标准", "指标说明", "评分方法", "评分依据",
                                "计分方法", "评价标准", "考核标准", "评分细则", "指标解释及评分标准", "评价要点",
                                "评分规则")},
    "备注": "remark",
    **{a: "ignore" for a in ("序号", "保障绩效目标实现措施", "得分率", "说明", "编号", "绩效目标实现措施",
                             "数据来源", "佐证材料", "完成时间")},
}

# A header naming how a figure is computed (得分计算方法, 计算公式): a column of text, never a score or an amount.
_METHOD = re.compile(r"计算方法|计算公式|计算方式|计算说明|计算依据")

# Words a header contains, tried in order; the first that matches decides the header's role (score 2).
_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # monitoring tables (domain.md §7.3): 完成目标可能性 (确定能 | 有可能 | 完全不可能), 全年预计完成值
    ("likelihood", re.compile(r"可能性")),
    ("forecast", re.compile(r"预计")),
    ("criterion", re.compile(r"评分标准|评分方法|评分依据|计分|评价标准|考核标准|评分细则|指标解释|评价要点|指标说明"
                             r"|得分(?:标准|依据|细则|规则|方法|办法)")),
    # 得分计算方法 (Beijing forms, ta01): how the score is computed -- the §4 formula in words, never the score
    ("ignore", _METHOD),
    ("reason", re.compile(r"原因|措施|偏差|改进|整改")),
    ("ignore", re.compile(r"^(?:序号|编号|说明)$|得分率|佐证|数据来源")),
    ("remark", re.compile(r"^备注$")),
    ("score", re.compile(r"得分|自评分|评分|评价分|考核分")),
    ("weight", re.compile(r"分值|权重|满分|标准分")),
    ("actual", re.compile(r"实际|完成值|完成情况|完成数|年终|全年完成|达成值|实现值|完成$|^执行情况$")),
    ("direction", re.compile(r"指标性质|计算符号|方向|符号")),
    ("unit", re.compile(r"单位$")),
    ("target", re.compile(r"目标|指标值|预期|年初|计划|标准值|年度值")),
    ("level1", re.compile(r"^一级")),
    ("level2", re.compile(r"^二级")),
    ("name", re.compile(r"^三级|指标名称|指标内容|具体指标|绩效指标$|指标项目|考核指标|评价指标|^指标$")),
)

_BUDGET_EXACT: dict[str, str] = {
    **{a: "initial" for a in ("年初预算数", "年初预算", "年初预算金额", "年初批复预算", "年初安排预算")},
    **{a: "adjusted" for a in ("全年预算数", "调整后预算数", "预算数", "调整后预算", "全年预算", "预算金额",
                               "计划投资", "计划投资额", "计划安排资金", "下达资金", "到位资金", "全年预算数额",
                               "资金到位数", "预算安排数", "下达预算", "批复预算", "实际到位资金")},
    **{a: "executed" for a in ("全年执行数", "执行数", "预算执行数", "实际执行数", "全年实际执行数", "实际支出数",
                               "支出数", "实际支出", "实际使用", "实际使用情况", "已拨付", "已支付", "拨付资金",
                               "支付金额", "实际拨付", "资金使用数", "实际使用资金")},
    **{a: "added" for a in ("追加数", "追加预算", "年中追加", "年中追加数", "追加调整数", "调整数", "预算调整数")},
    **{a: "rate" for a in ("执行率", "预算执行率", "全年执行率", "支付率", "支付完成率", "资金执行率",
                           "资金支付率", "到位率")},
    **{a: "weight" for a in ("分值", "权重")},
    **{a: "score" for a in ("得分", "自评得分")},
}
_BUDGET_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("forecast", re.compile(r"预计")),  # 全年预计执行数 of a monitoring table: no amount of the year so far
    ("rate", re.compile(r"执行率|支付率|支付完成率|使用率")),
    ("score", re.compile(r"得分")),
    ("weight", re.compile(r"分值|权重")),
    ("added", re.compile(r"追加|调增|调减")),
    ("initial", re.compile(r"年初.*预算|年初安排")),
    ("executed", re.compile(r"执行数|实际支出|实际使用|资金使用|使用情况|已拨付|已支付|支出数|拨付数")),
    ("adjusted", re.compile(r"全年预算|调整后|预算数|预算金额|计划投资|计划安排|下达资金|到位资金|年度金额|下达金额")),
)


# --------------------------------------------------------------------------- layouts


@dataclass
class ColumnDecision:
    """Why a column got its role: the header it was read from and the two scores that decided it."""

    col: int
    header: str  # the combined header text as normalised
    role: str
    header_score: float
    content_score: float
    reason: str


@dataclass
class Layout:
    """The roles a header row (or rows) gives the columns of the rows under it."""

    kind: Literal["indicator", "budget"]
    roles: dict[int, str]  # logical column -> role
    width: int
    header_row: int
    long_term: bool = False  # 长期绩效指标: not this year's targets
    header_rows: int = 1  # two- and three-row headers
    table_kind: TableKind = "indicator"
    decisions: list[ColumnDecision] = field(default_factory=list)

    def col(self, role: str) -> int | None:
        for c, r in self.roles.items():
            if r == role:
                return c
        return None

    @property
    def last_header_row(self) -> int:
        return self.header_row + self.header_rows - 1


def header_layout(rows: Sequence[TableRow], r: int) -> Layout | None:
    """The layout set by row ``r`` of a table when it is a header row (an indicator or a budget header), else
    None.  Sub-header rows under it are combined with it; the cells under the header weigh in."""
    cells = rows[r].cells
    if not _headerish(cells) or not any(_header_role(normalize_header(c))[0] or _budget_role(normalize_header(c))[0]
                                        for c in cells):
        return None
    headers, depth = _combined_headers(rows, r)
    layout = _indicator_layout(rows, r, headers, depth) or _budget_layout(rows, r, headers, depth)
    if layout is None and depth > 1:  # the row below was no sub-header after all
        headers, depth = [normalize_header(c) for c in rows[r].cells], 1
        layout = _indicator_layout(rows, r, headers, depth) or _budget_layout(rows, r, headers, depth)
    return layout


def role_of_label(text: str) -> str | None:
    """The role a row label names by its words (``偏差大或目标未完成原因分析`` -> ``reason``), for a label cell
    that starts a row rather than heading a column."""
    return _header_role(normalize_header(text))[0]


# A label over (or beside) a cell of sentences that names the year's targets or what was done: the exact
# spellings above and their variants (年初设定目标, 年度预期目标, 全年实际完成情况, 年度完成情况), never a row label
# such as 年度总体目标 / 总体目标, which stands beside both the targets and the actuals.
# (年度绩效目标 / 绩效目标 head the whole block on project forms, so 绩效 and a bare 目标 are left out)
_LABEL_TARGET = re.compile(r"^(?:(?:年初|年度|全年|当年|本年)(?:设定|预期|计划|确定)?|设定|预期|计划)的?目标值?$")
_LABEL_ACTUAL = re.compile(r"^(?:年度|全年|当年|本年|年终|年末)?(?:实际)?(?:完成|实现|达成)(?:情况|值|数)$")


def header_role(text: str) -> str | None:
    """The indicator-table role a label names (``预期目标`` -> ``target``), for a label outside a header row.
    Only exact spellings and their close variants count here (``年初设定目标``, ``全年完成情况``): a row label
    such as ``年度总体目标`` is no target column."""
    key = normalize_header(text)
    if key in _EXACT:
        return _EXACT[key]
    if _LABEL_TARGET.match(key):
        return "target"
    if _LABEL_ACTUAL.match(key):
        return "actual"
    return None


def _header_role(key: str) -> tuple[str | None, float, str]:
    if not key:
        return None, 0.0, ""
    if key in _EXACT:
        return _EXACT[key], 3.0, f"表头「{key}」"
    for role, pattern in _WORDS:
        m = pattern.search(key)
        if m is not None:
            return role, 2.0, f"表头含「{m.group()}」"
    return None, 0.0, ""


# --------------------------------------------------------------------------- multi-row headers

_HEADERISH_MAX = 16


def _headerish(cells: list[str]) -> bool:
    """A row of short labels with no figures (a header or sub-header row)."""
    texts = [c.strip() for c in cells if c.strip()]
    if not texts:
        return False
    for t in texts:
        key = normalize_header(t)  # (10分), (万元), (A) are part of a header, not figures
        if len(key) > _HEADERISH_MAX or (key and number(key) is not None):
            return False
        q = parse_quantity(key) if key else None
        if q is not None and q.value is not None and q.kind != "date":
            return False
    return True


def _combined_headers(rows: Sequence[TableRow], r: int) -> tuple[list[str], int]:
    """One header per column for the header at row ``r``: a sub-header row below it (same width, short labels
    naming known roles) is joined to its group as ``group/sub``.  A group cell spans the empty cells to its
    right up to the next header cell when the sub-header row has labels inside that span (``年度指标值`` over
    ``指标性质 | 指标值 | 度量单位``; ``预期指标值`` over ``符号 | (value) | 单位``)."""
    top = [normalize_header(c) for c in rows[r].cells]
    depth = 1
    combined = list(top)
    for k in (1, 2):
        if r + k >= len(rows) or len(rows[r + k].cells) != len(top):
            break
        if not _headerish(rows[r + k].cells):
            break
        sub = [normalize_header(c) for c in rows[r + k].cells]
        if not any(s and _header_role(s)[0] is not None for s in sub) and not _option_row(combined, sub):
            break
        combined = _join_group(combined, sub)
        depth = k + 1
    return combined, depth


_OPTION_GROUPS = ("likelihood", "reason")


def _option_row(above: list[str], sub: list[str]) -> bool:
    """A sub-header row of options under a group (完成目标可能性 over 确定能 | 有可能 | 完全不可能; 偏差原因分析 over
    经费保障 | 制度保障 …, each cell of the rows below ticked or not): its labels name no role of their own."""
    groups = [c for c, h in enumerate(above) if h and _header_role(h)[0] in _OPTION_GROUPS]
    if not groups:
        return False
    labelled = [j for j, t in enumerate(sub) if t and t not in above]
    joined = _join_group(above, sub)
    return len(labelled) >= 2 and all(_header_role(joined[j].split("/")[0])[0] in _OPTION_GROUPS for j in labelled)


def _join_group(above: list[str], sub: list[str]) -> list[str]:
    n = len(above)
    group_of: list[str] = [""] * n
    c = 0
    while c < n:
        if not above[c]:
            c += 1
            continue
        end = c + 1
        while end < n and not above[end]:
            end += 1
        if any(sub[j] for j in range(c, end)):  # the group spans its sub-columns
            for j in range(c, end):
                group_of[j] = above[c]
        else:
            group_of[c] = above[c]
        c = end
    out = []
    for j in range(n):
        group, below = group_of[j], sub[j]
        if group and below and group != below:
            out.append(f"{group}/{below}")
        else:
            out.append(below or group)
    return out


# --------------------------------------------------------------------------- content of a column


@dataclass
class _Content:
    cells: list[str]

    @property
    def filled(self) -> list[str]:
        return [c.strip() for c in self.cells if c.strip() and not is_empty_value(c)]

    def share(self, test: Callable[[str], bool]) -> float:
        filled = self.filled
        if not filled:
            return 0.0
        return sum(1 for c in filled if test(c)) / len(filled)


_SIGNED = re.compile(r"^\s*(?:[≥≤≧≦><=＝﹦═＞＜]|>=|<=|不低于|不少于|不高于|不超过|不大于|不小于|达到|控制在|大于|小于)"
                     r"|以上\s*$|以下\s*$|以内\s*$|及以上|及以下")
_SENTENCE = re.compile(r"[。；;，,]")


def _signed(text: str) -> bool:
    return bool(_SIGNED.search(to_halfwidth(text)))


def _measurement(text: str) -> bool:
    q = parse_quantity(text)
    return q is not None and q.value is not None and not q.explicit_direction


def _long_text(text: str) -> bool:
    return len(text) >= 12 and bool(_SENTENCE.search(text))


def _column_cells(rows: Sequence[TableRow], start: int, width: int, col: int, limit: int = 40) -> _Content:
    """The cells under a header in column ``col``, down to the next header-like row or ``limit`` rows."""
    out: list[str] = []
    for row in rows[start:start + limit]:
        if len(row.cells) != width:
            continue
        if _headerish(row.cells) and sum(1 for c in row.cells if _header_role(normalize_header(c))[0]) >= 3:
            break
        out.append(row.cells[col])
    return _Content(out)


def _content_role_scores(content: _Content) -> dict[str, float]:
    """How much the cells under a column look like each value role (0..1)."""
    filled = content.filled
    if not filled:
        return {}
    signed = content.share(_signed)
    measure = content.share(_measurement)
    numbers = [v for c in filled if (v := number(c)) is not None]
    plain = len(numbers) / len(filled)
    scores = {"target": signed, "actual": measure * (1 - signed), "reason": content.share(_long_text)}
    if numbers and plain >= 0.8 and all(0 <= v <= 100 for v in numbers):
        scores["weight"] = plain * _adds_up_to_100(numbers)
        scores["score"] = plain
    return scores


def _adds_up_to_100(numbers: list[float]) -> float:
    """1 when small numbers add up to about 100 (a 合计 row equal to the rest left out), as weights do; 0.5 else."""
    values = list(numbers)
    if len(values) > 2 and abs(values[-1] - sum(values[:-1])) < 0.01:
        values = values[:-1]
    return 1.0 if 90 <= sum(values) <= 110 else 0.5


def _never_above(scores: _Content, weights: _Content) -> float:
    """1 when, row by row, every figure of ``scores`` is at most the weight beside it (a 得分 column); else 0."""
    pairs: list[tuple[float, float]] = []
    for s_cell, w_cell in zip(scores.cells, weights.cells, strict=False):
        s, w = number(s_cell), number(w_cell)
        if s is not None and w is not None:
            pairs.append((s, w))
    return 1.0 if pairs and all(s <= w + 0.01 for s, w in pairs) else 0.0


# --------------------------------------------------------------------------- indicator tables


def _indicator_layout(rows: Sequence[TableRow], r: int, headers: list[str], depth: int) -> Layout | None:
    decisions: dict[int, ColumnDecision] = {}
    for c, key in enumerate(headers):
        role, score, why = _sub_role(key)
        if role is not None:
            decisions[c] = ColumnDecision(c, key, role, score, 0.0, why)
    roles = {c: d.role for c, d in decisions.items()}
    values = {x for x in roles.values() if x in _VALUE_ROLES or x == "target_weak"}
    has_levels = any(x in ("level1", "level2") for x in roles.values())
    # a 指标方向 column with no target column: the figures beside it are the targets (one column per area in
    # a 转移支付 table: 指标方向 | 笏石街道办 | 埭头镇)
    signs_only = not values and "direction" in roles.values()
    if (not values and not signs_only) or not (has_levels or "name" in roles.values()) or len(roles) < 2:
        return None
    if _looks_budget(headers):
        return None
    width = len(headers)
    start = r + depth

    def content(c: int) -> _Content:
        return _column_cells(rows, start, width, c)

    roles = _choose_name_column(roles, headers)
    if "target" in roles.values():
        roles = {c: ("ignore" if x == "target_weak" else x) for c, x in roles.items()}
    else:
        roles = {c: ("target" if x == "target_weak" else x) for c, x in roles.items()}
    roles = _check_figures(roles, content, decisions)
    roles = _resolve_duplicates(roles, content, decisions)
    roles = _fill_unknown(roles, headers, content, decisions)
    for c, x in roles.items():
        if c in decisions:
            decisions[c].role = x
    if not any(x in _VALUE_ROLES for x in roles.values()):
        return None
    long_term = any("长期" in k for k in headers)
    has = set(roles.values())
    kind: TableKind
    if "actual" in has:
        kind = "indicator"
    elif "target" in has:
        kind = "target" if "score" not in has else "indicator"
    else:
        kind = "rubric"
    if kind == "indicator" and "actual" not in has and any(x == "criterion" for x in roles.values()):
        kind = "rubric"
    return Layout("indicator", roles, width, r, long_term=long_term, header_rows=depth, table_kind=kind,
                  decisions=[decisions[c] for c in sorted(decisions)])


def _sub_role(key: str) -> tuple[str | None, float, str]:
    """The role of a (possibly combined ``group/sub``) header: the sub-header decides, the group refines it
    (``年度指标值/指标值`` is the target; ``实际完成值/度量单位`` a unit)."""
    if "/" not in key:
        return _header_role(key)
    group, sub = key.split("/", 1)
    g_role, g_score, g_why = _header_role(group)
    s_role, s_score, s_why = _header_role(sub)
    if s_role in ("direction", "unit", "reason", "score", "weight", "criterion", "ignore"):
        return s_role, s_score, s_why
    if g_role in ("target", "actual") and (s_role in (None, "target", "target_weak") or sub in ("值", "数值")):
        return g_role, g_score, f"{g_why}（子列「{sub}」）"
    return (s_role, s_score, s_why) if s_role is not None else (g_role, g_score, g_why)


def _looks_budget(headers: list[str]) -> bool:
    """An indicator-looking header that is really a budget header (项目资金 | 年初预算数 | 全年预算数 | 分值 …)."""
    budget = sum(1 for h in headers if h and _budget_role(h)[0] in BUDGET_AMOUNT_ROLES)
    named = sum(1 for h in headers if h and _header_role(h)[0] in ("name", "level1", "level2", "target", "actual"))
    return budget >= 2 and budget > named


def _resolve_duplicates(roles: dict[int, str], content: Callable[[int], _Content],
                        decisions: dict[int, ColumnDecision]) -> dict[int, str]:
    """Two columns claiming one value role: the cells decide (a target column holds signed values, an actual
    column measurements); position breaks a tie (targets stand left of actuals; the weight is the first 分值
    right of the name column, the others are level weights)."""
    roles = dict(roles)
    name_col = next((c for c, x in roles.items() if x == "name"), -1)
    for role in ("target", "actual"):
        cols = [c for c, x in roles.items() if x == role]
        right = [c for c in cols if c > name_col]
        if len(cols) >= 2 and right and len(right) < len(cols):  # the other block's column (长期 | 年度)
            for c in cols:
                if c < name_col:
                    roles[c] = "ignore"
                    _note(decisions, c, "ignore", 0.0, "位于所取指标名称列左侧的另一组指标")
            cols = right
        if len(cols) < 2:
            continue
        other = "actual" if role == "target" else "target"
        if other not in roles.values():
            scores = {c: _content_role_scores(content(c)) for c in cols}
            movable = [c for c in cols if c not in decisions or decisions[c].header_score < 3.0]
            pick = max(movable or cols, key=lambda c: (scores[c].get(other, 0.0), c if other == "actual" else -c))
            if movable and scores[pick].get(other, 0.0) > 0.3:
                roles[pick] = other
                _note(decisions, pick, other, scores[pick].get(other, 0.0),
                      f"两列同为{role}，此列内容更像{'实际值' if other == 'actual' else '目标值'}")
                cols.remove(pick)
        # an exact header beats a word inside one (``年初目标值`` over a ``年度绩效目标`` label column); a value
        # column right of the name column beats one left of it; then targets stand left of actuals
        name_at = next((c for c, x in roles.items() if x in ("name", "level1", "level2")), -1)

        def rank(c: int, name_at: int = name_at, role: str = role) -> tuple[float, bool, float, int]:
            d = decisions.get(c)
            looks = _content_role_scores(content(c)).get(role, 0.0)  # signed values / measurements
            return (-(d.header_score if d else 0.0), c < name_at, -round(looks, 1), c if role == "target" else -c)

        keep = min(cols, key=rank)
        for c in cols:
            if c != keep:
                roles[c] = "ignore"
                _note(decisions, c, "ignore", 0.0, f"另一列已是{role}（表头更确切或位于指标名称右侧的那一列）")
    name_col = next((c for c, x in roles.items() if x == "name"), -1)
    for role in ("weight", "score"):
        cols = [c for c, x in roles.items() if x == role]
        if len(cols) < 2:
            continue
        right = [c for c in cols if c > name_col]
        keep = right[0] if right else cols[-1]
        for c in cols:
            if c != keep:
                roles[c] = "ignore"
                _note(decisions, c, "ignore", 0.0, f"另一列已是{role}（上级指标的{role}）")
    return roles


def _check_figures(roles: dict[int, str], content: Callable[[int], _Content],
                   decisions: dict[int, ColumnDecision]) -> dict[int, str]:
    """A 分值/得分 column whose cells are mostly words (an explanation under a mislabelled header) is not read
    as weights or scores: the header is overruled by what the column holds.  One cell is enough when it is a
    sentence (``完成值达到指标值,记满分;未达到指标值,按B/A…记分。`` under ``得分说明``)."""
    roles = dict(roles)
    for c, role in list(roles.items()):
        if role not in ("weight", "score"):
            continue
        cells = content(c)
        figures = cells.share(lambda t: number(t) is not None)
        if (len(cells.filled) >= 2 and figures < 0.5 and cells.share(lambda t: len(t) >= 8) >= 0.5) \
                or (cells.filled and figures == 0.0 and cells.share(_long_text) >= 0.5):
            roles[c] = "ignore"
            _note(decisions, c, "ignore", 0.0, "表头为分值/得分，但该列内容是文字")
    return roles


def _fill_unknown(roles: dict[int, str], headers: list[str], content: Callable[[int], _Content],
                  decisions: dict[int, ColumnDecision]) -> dict[int, str]:
    """Columns whose header names no role get one from their cells when the table lacks it: signed values →
    target, measurements → actual, small numbers → weight then score, sentences → reason."""
    roles = dict(roles)
    direction_col = next((k for k, x in roles.items() if x == "direction"), None)
    for c, key in enumerate(headers):
        if c in roles or not key:
            continue
        scores = _content_role_scores(content(c))
        if direction_col is not None and c > direction_col:
            figures = content(c).share(lambda t: parse_quantity(t) is not None and not is_empty_value(t))
            target_col = next((k for k, x in roles.items() if x == "target"), None)
            if figures >= 0.6 and target_col is None:
                roles[c] = "target"
                decisions[c] = ColumnDecision(c, key, "target", 0.0, figures,
                                              f"表头「{key}」未识别，位于指标方向列右侧的数值列，按目标值读")
                continue
            if figures >= 0.6 and target_col is not None and decisions[target_col].header_score == 0.0:
                roles[c] = "ignore"  # the next area's targets (一列一个地区), not actuals
                decisions[c] = ColumnDecision(c, key, "ignore", 0.0, figures,
                                              f"表头「{key}」未识别，与目标列并列的另一组目标值")
                continue
        weight_col = next((k for k, x in roles.items() if x == "weight"), None)
        if weight_col is not None and "score" in scores:  # 得分: never above the 分值 beside it
            scores["score"] *= _never_above(content(c), content(weight_col))
        for role in ("target", "actual", "weight", "score", "reason"):
            if role in roles.values() or scores.get(role, 0.0) < 0.6:
                continue
            if role == "actual" and "target" not in roles.values():
                continue  # a column of measurements with no target column beside it is not read as actuals
            if role == "score" and weight_col is None:
                continue
            roles[c] = role
            decisions[c] = ColumnDecision(c, key, role, 0.0, scores[role], f"表头「{key}」未识别，按内容判为{role}")
            break
    return roles


def _note(decisions: dict[int, ColumnDecision], c: int, role: str, score: float, why: str) -> None:
    if c in decisions:
        d = decisions[c]
        d.role, d.content_score, d.reason = role, score, f"{d.reason}；{why}"


def _choose_name_column(roles: dict[int, str], keys: list[str]) -> dict[int, str]:
    """Keep one name column: the most specific alias; without one, the deepest level column names."""
    named = [c for c, r in roles.items() if r == "name"]
    roles = {c: r for c, r in roles.items() if r != "name"}
    if named:
        def rank(c: int) -> tuple[int, int]:
            k = keys[c].split("/")[-1]
            # the same header twice: two blocks side by side (长期 | 年度 targets), the right one is the year's
            return (_NAME_ALIASES.index(k) if k in _NAME_ALIASES else len(_NAME_ALIASES), -c)

        best = min(named, key=rank)
        roles[best] = "name"
        for c in named:
            if c != best:
                roles[c] = "ignore"
        for level in ("level1", "level2"):  # of repeated level columns, the one nearest left of the name
            cols = [c for c, r in roles.items() if r == level]
            if len(cols) > 1:
                left = [c for c in cols if c < best]
                keep = max(left) if left else min(cols)
                for c in cols:
                    if c != keep:
                        roles[c] = "ignore"
        return roles
    for level in ("level2", "level1"):
        cols = [c for c, r in roles.items() if r == level]
        if cols:
            roles[cols[0]] = "name"
            return roles
    return roles


# --------------------------------------------------------------------------- budget tables


def budget_role(text: str) -> str | None:
    """The budget role a label names (``计划投资额`` -> ``adjusted``, ``支付率`` -> ``rate``), or None."""
    return _budget_role(normalize_header(text))[0]


def _budget_role(key: str) -> tuple[str | None, str]:
    if _METHOD.search(key):  # 得分计算方法 of a budget block: the formula in words, not the 得分
        return None, ""
    if key in _BUDGET_EXACT:
        return _BUDGET_EXACT[key], f"表头「{key}」"
    for role, pattern in _BUDGET_WORDS:
        m = pattern.search(key)
        if m is not None:
            return role, f"表头含「{m.group()}」"
    return None, ""


def _budget_layout(rows: Sequence[TableRow], r: int, headers: list[str], depth: int) -> Layout | None:
    candidates: dict[str, ColumnDecision] = {}
    for c, key in enumerate(headers):
        role, why = _budget_role(key.split("/")[-1])
        if role is None:
            continue
        score = 3.0 if key.split("/")[-1] in _BUDGET_EXACT else 2.0
        held = candidates.get(role)
        if held is None or score > held.header_score:  # an exact spelling beats a word inside a label
            candidates[role] = ColumnDecision(c, key, role, score, 0.0, why)
    decisions = {d.col: d for d in candidates.values()}
    roles = {c: d.role for c, d in decisions.items()}
    amounts = {x for x in roles.values() if x in BUDGET_AMOUNT_ROLES}
    if len(amounts) < 2:
        return None
    return Layout("budget", roles, len(headers), r, header_rows=depth, table_kind="budget",
                  decisions=[decisions[c] for c in sorted(decisions)])
