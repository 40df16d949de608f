"""看板: flags by unit and type, indicator completion, verdict counts, open reviews, and a unit's score trend
(computed vs self score by year, and the gap)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import shell as ui
from docreview.store.history import unit_key
from docreview.store.records import DECISION_ZH, FLAG_ZH, PENDING, PENDING_ZH, local_time

ws, user = ui.page_context()
st.header("看板")
batches = ws.list_batches()
options: list[int | None] = [None, *[b.id for b in batches]]
names = {b.id: f"{b.name}（{b.unit_name or '多个单位'}，{local_time(b.created)}）" for b in batches}
batch_id = st.selectbox("批次", options, format_func=lambda i: "全部批次" if i is None else names[i], key="dash_batch")
d = ws.dashboard(batch_id)
if d.reviews == 0:
    st.info("该范围内还没有审核记录。")
    st.stop()

m = st.columns(5)
m[0].metric("审核记录", d.reviews)
m[1].metric(PENDING_ZH, d.verdicts.get(PENDING, 0))
for col, code in zip(m[2:], ("confirmed", "dismissed", "needs_info"), strict=True):
    col.metric(DECISION_ZH[code], d.verdicts.get(code, 0))
st.caption("统计每组文件的最新版本。")

st.subheader("各单位问题分布")
used = [j for j, _ in enumerate(d.flag_types) if any(row[j] for row in d.counts)]
if used:
    z = [[row[j] for j in used] for row in d.counts]
    fig = go.Figure(go.Heatmap(
        z=z, x=[FLAG_ZH.get(d.flag_types[j], d.flag_types[j]) for j in used], y=[ui.plot_text(u) for u in d.units],
        colorscale="Reds",
        text=z, texttemplate="%{text}", hovertemplate="%{y}<br>%{x}：%{z} 项<extra></extra>"))
    fig.update_layout(height=max(260, 60 + 40 * len(d.units)), margin={"l": 10, "r": 10, "t": 10, "b": 10})
    st.plotly_chart(fig, key="heatmap")
else:
    st.success("没有发现问题。")

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
trend_units = [u for u in ws.unit_names() if unit_key(u) in in_scope] or ws.unit_names()
trend_unit = st.selectbox("单位", trend_units, key="trend_unit")
trend = ws.unit_history(trend_unit).trend if trend_unit else []
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
