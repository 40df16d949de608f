"""看板: flags by unit and type, indicator completion, verdict counts, open reviews."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import shell as ui
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
        z=z, x=[FLAG_ZH.get(d.flag_types[j], d.flag_types[j]) for j in used], y=d.units, colorscale="Reds",
        text=z, texttemplate="%{text}", hovertemplate="%{y}<br>%{x}：%{z} 项<extra></extra>"))
    fig.update_layout(height=max(260, 60 + 40 * len(d.units)), margin={"l": 10, "r": 10, "t": 10, "b": 10})
    st.plotly_chart(fig, key="heatmap")
else:
    st.success("没有发现问题。")

st.subheader("指标完成情况")
if d.indicators:
    worst = d.indicators[:30]
    fig2 = go.Figure(go.Bar(
        x=[round(i.rate * 100, 1) for i in worst], y=[i.name for i in worst], orientation="h",
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

st.subheader(f"进行中的审核（{len(d.open_reviews)}）")
if d.open_reviews:
    st.dataframe(pd.DataFrame({
        "记录": [r.id for r in d.open_reviews],
        "单位": [r.unit_name for r in d.open_reviews],
        "批次": [r.batch_name for r in d.open_reviews],
        "版本": [r.version for r in d.open_reviews],
        "报告文件": ["、".join(r.report_files) for r in d.open_reviews],
        "总分": [round(r.computed_total, 2) for r in d.open_reviews],
        "评级": [r.rating for r in d.open_reviews],
        "已审核": [f"{r.decided_count}/{r.flag_count}" for r in d.open_reviews],
        "创建时间": [local_time(r.created) for r in d.open_reviews],
    }), hide_index=True, width="stretch", key="open_table")
    by_id = {r.id: r for r in d.open_reviews}
    c1, c2 = st.columns([3, 1])
    target = c1.selectbox("打开审核记录", list(by_id), format_func=lambda i: by_id[i].label(), key="dash_open")
    if c2.button("去审核", key="dash_go"):
        ui.open_review(target)
