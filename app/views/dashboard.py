"""看板: flags by unit and type, indicator completion, verdict counts, open reviews, and a unit's score trend
(computed vs self score by year, and the gap).

The flag counts are the open (待审核, 需补充材料) and confirmed flags; dismissed ones are counted apart (a dismissed
flag is not a problem of the unit).  Units are grouped by their normalised name (``Workspace.dashboard``).  Each
unit × type opens its flags: pick a row of the table (the review page opens on its first open flag), or follow the
row's link (``review?review=12&flag=5``, in a new tab).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import shell as ui
from docreview.store.history import unit_key
from docreview.store.records import DECISION_ZH, FLAG_ZH, PENDING, PENDING_ZH, local_time

ws, user = ui.page_context()
st.header("看板")
batches = ws.list_batches(user=user)
options: list[int | None] = [None, *[b.id for b in batches]]
names = {b.id: f"{b.name}（{b.unit_name or '多个单位'}，{local_time(b.created)}）" for b in batches}
batch_id = st.selectbox("批次", options, format_func=lambda i: "全部批次" if i is None else names[i], key="dash_batch",
                        placeholder="全部批次")  # a None value is shown as the placeholder
d = ws.dashboard(batch_id, user=user)
if d.reviews == 0:
    st.info("该范围内还没有审核记录（结果为空）。")
    st.stop()
open_key = st.session_state.pop("_dash_open", None)  # a row of the table was picked: open its flag
if open_key is not None:
    ui.open_review(*open_key)

m = st.columns(5)
m[0].metric("审核记录", d.reviews)
m[1].metric("待处理问题", d.open_flags, help=f"{PENDING_ZH} {d.verdicts.get(PENDING, 0)} 项 + "
                                         f"{DECISION_ZH['needs_info']} {d.verdicts.get('needs_info', 0)} 项")
m[2].metric(PENDING_ZH, d.verdicts.get(PENDING, 0))
m[3].metric(DECISION_ZH["confirmed"], d.verdicts.get("confirmed", 0))
m[4].metric("已驳回（不计入问题）", d.verdicts.get("dismissed", 0))
st.caption("统计每组文件的最新版本；问题分布只计待处理和已确认的问题，已驳回的单独列出。同一单位的不同写法（全角/半角、空格）合并统计。")

st.subheader("各单位问题分布")
used = [j for j, _ in enumerate(d.flag_types) if any(row[j] for row in d.counts)]
if not d.cells:
    st.success("没有发现问题。")
elif not used:
    st.info(f"没有待处理或已确认的问题（已驳回 {d.verdicts.get('dismissed', 0)} 项）。")
if used:
    z = [[row[j] for j in used] for row in d.counts]
    fig = go.Figure(go.Heatmap(
        z=z, x=[FLAG_ZH.get(d.flag_types[j], d.flag_types[j]) for j in used], y=[ui.plot_text(u) for u in d.units],
        colorscale="Reds",
        text=z, texttemplate="%{text}", hovertemplate="%{y}<br>%{x}：%{z} 项<extra></extra>"))
    fig.update_layout(height=max(260, 60 + 40 * len(d.units)), margin={"l": 10, "r": 10, "t": 10, "b": 10})
    st.plotly_chart(fig, key="heatmap")
if d.cells:
    cells = d.cells
    round_ = st.session_state.get("_dash_round", 0)

    def _on_pick(key: str = f"dash_cells_{round_}") -> None:
        rows = st.session_state[key]["selection"]["rows"]
        if rows and rows[0] < len(cells) and cells[rows[0]].flags:
            st.session_state["_dash_open"] = cells[rows[0]].flags[0]
            st.session_state["_dash_round"] = st.session_state.get("_dash_round", 0) + 1  # a fresh table next time

    st.caption("点选一行打开该单位该类问题（先打开待处理的），或点「打开」在新标签页中打开。")
    st.dataframe(pd.DataFrame({
        "单位": [c.unit for c in cells],
        "问题类型": [FLAG_ZH.get(c.flag_type, c.flag_type) for c in cells],
        "待处理": [c.open for c in cells],
        "已确认": [c.confirmed for c in cells],
        "已驳回": [c.dismissed for c in cells],
        "打开": [f"review?review={c.flags[0][0]}&flag={c.flags[0][1]}" if c.flags else None for c in cells],
    }), hide_index=True, width="stretch", key=f"dash_cells_{round_}", on_select=_on_pick,
        selection_mode="single-row",
        column_config={"打开": st.column_config.LinkColumn("打开", display_text="打开")})

st.subheader("指标完成情况")
if d.indicators:
    worst = d.indicators[:30]
    fig2 = go.Figure(go.Bar(
        x=[round(i.rate * 100, 1) for i in worst], y=[ui.plot_text(i.name) for i in worst], orientation="h",
        text=[f"{i.met}/{i.reviews}" for i in worst], hovertemplate="%{y}：完成率 %{x}%<extra></extra>"))
    fig2.update_layout(height=max(260, 40 + 26 * len(worst)), xaxis={"title": "达标比例（%）", "range": [0, 100]},
                       yaxis={"autorange": "reversed"}, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    st.plotly_chart(fig2, key="completion")
    st.dataframe(pd.DataFrame({
        "指标": [i.name for i in d.indicators],
        "审核记录数": [i.reviews for i in d.indicators],
        "达标数": [i.met for i in d.indicators],
        "达标比例": [f"{i.rate * 100:.1f}%" for i in d.indicators],
        "平均完成度": ["" if i.mean_completion is None else f"{i.mean_completion * 100:.1f}%" for i in d.indicators],
    }), hide_index=True, width="stretch", key="indicator_table")
else:
    st.caption("暂无指标结果。")

st.subheader("单位得分趋势")
in_scope = {unit_key(u) for u in d.units}
names_seen = ws.unit_names(user=user)
trend_units = [u for u in names_seen if unit_key(u) in in_scope] or names_seen
trend_unit = st.selectbox("单位", trend_units, key="trend_unit")
trend = ws.unit_history(trend_unit, user=user).trend if trend_unit else []
if trend:
    years = [str(p.year) for p in trend]
    fig3 = go.Figure([
        go.Scatter(name="规则计算总分", x=years, y=[p.computed_total for p in trend], mode="lines+markers"),
        go.Scatter(name="单位自评总分", x=years, y=[p.self_total for p in trend], mode="lines+markers"),
        go.Bar(name="差额（自评−规则）", x=years, y=[p.gap for p in trend], yaxis="y2", opacity=0.35),
    ])
    fig3.update_layout(title={"text": ui.plot_text(f"{trend_unit} 各年度得分")}, height=340,
                       xaxis={"title": "预算年度", "type": "category"}, yaxis={"title": "分"},
                       yaxis2={"title": "差额", "overlaying": "y", "side": "right", "zeroline": True},
                       margin={"l": 10, "r": 10, "t": 40, "b": 10})
    st.plotly_chart(fig3, key="trend_chart")
    st.dataframe(pd.DataFrame({
        "年度": years,
        "规则计算总分": [p.computed_total for p in trend],
        "单位自评总分": [p.self_total for p in trend],
        "差额（自评−规则）": [p.gap for p in trend],
        "审核记录": [p.review_id for p in trend],
    }), hide_index=True, width="stretch", key="trend_table")
else:
    st.caption("该单位没有标明预算年度的已计分审核记录。")

st.subheader(f"进行中的审核（{len(d.open_reviews)}）")
if d.open_reviews:
    st.dataframe(pd.DataFrame({
        "记录": [r.id for r in d.open_reviews],
        "单位": [r.unit_name for r in d.open_reviews],
        "批次": [r.batch_name for r in d.open_reviews],
        "版本": [r.version for r in d.open_reviews],
        "报告文件": ["、".join(r.report_files) for r in d.open_reviews],
        "总分": [None if r.computed_total is None else round(r.computed_total, 2) for r in d.open_reviews],
        "评级": [r.rating for r in d.open_reviews],
        "已审核": [f"{r.decided_count}/{r.flag_count}" for r in d.open_reviews],
        "创建时间": [local_time(r.created) for r in d.open_reviews],
    }), hide_index=True, width="stretch", key="open_table")
    by_id = {r.id: r for r in d.open_reviews}
    c1, c2 = st.columns([3, 1])
    target = c1.selectbox("打开审核记录", list(by_id), format_func=lambda i: by_id[i].label(), key="dash_open")
    if c2.button("去审核", key="dash_go"):
        ui.open_review(target)
