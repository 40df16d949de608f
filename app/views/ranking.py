"""排名通报: a batch's units ranked by computed score and by the self − computed gap, the 通报 table (XLSX), and
indicator benchmarks across units (domain.md §5, 结果应用).  The 通报 XLSX is made when the signed-in user clicks
its button, from what that user may see (see views/export.py)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import shell as ui
from docreview.store.export import XLSX_MIME, total_text
from docreview.store.files import sanitize_filename
from docreview.store.ranking import ranking_to_xlsx
from docreview.store.records import local_time

ws, user = ui.page_context()
st.header("排名通报")
batches = ws.list_batches(user=user)
if not batches:
    st.info("还没有审核记录，请先在「上传」页上传文件。")
    st.stop()
options: list[int | None] = [b.id for b in batches] + [None]
names = {b.id: f"{b.name}（{local_time(b.created)}）" for b in batches}
batch_id = st.selectbox("批次", options, format_func=lambda i: "全部批次（各单位取最近年度）" if i is None else names[i],
                        key="rank_batch", placeholder="全部批次（各单位取最近年度）")  # None: shown as the placeholder
ranking = ws.batch_ranking(batch_id, user=user)
if not ranking.units:
    st.info("该批次还没有审核记录。")
    st.stop()

order = st.radio("排序", ["score", "gap"], horizontal=True, key="rank_order",
                 format_func=lambda o: "按规则计算总分" if o == "score" else "按自评与计算差额（自评高于规则计算最多者在前）")
units = ranking.units if order == "score" else ranking.by_gap()
st.dataframe(pd.DataFrame({
    "排名": ["—" if u.score_rank is None else str(u.score_rank) for u in units],
    "单位": [u.unit_name for u in units],
    "文件类型": ["、".join(u.kinds) for u in units],
    "规则计算总分": [total_text(u.computed_total) for u in units],
    "单位自评总分": ["—" if u.self_total is None else f"{u.self_total:.2f}" for u in units],
    "自评与计算差额": ["—" if u.gap is None else f"{u.gap:+.2f}" for u in units],
    "差额排名": ["—" if u.gap_rank is None else str(u.gap_rank) for u in units],
    "评级": [u.rating or "不评级" for u in units],
    "问题总数": [u.flags for u in units],
    "未处理问题": [u.open_flags for u in units],
    "已确认问题": [u.confirmed_flags for u in units],
    "已确认问题类型": [u.confirmed_text() for u in units],
}), hide_index=True, width="stretch", key="rank_table")
st.caption("每个单位取其审核记录的最新版本；一个单位有多份已计分报告时取平均分。目标表、监控表不计分，排在最后。"
           "未处理问题包括待审核和需补充材料。")

scored = [u for u in units if u.computed_total is not None]
if scored:
    labels = [ui.plot_text(u.unit_name) for u in scored]
    fig = go.Figure([
        go.Bar(name="规则计算总分", x=labels, y=[u.computed_total for u in scored]),
        go.Bar(name="单位自评总分", x=labels, y=[u.self_total for u in scored]),
    ])
    fig.update_layout(barmode="group", height=320, yaxis={"title": "分"}, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    st.plotly_chart(fig, key="rank_chart")

benchmarks = ws.indicator_benchmarks(batch_id, user=user)
label = ranking.batch_name or "全部批次"


def _notice(batch: int | None = batch_id) -> bytes:  # on click, as this user: access is checked again
    return ranking_to_xlsx(ws.batch_ranking(batch, user=user), ws.indicator_benchmarks(batch, user=user))


st.download_button("下载通报表（XLSX）", _notice,
                   file_name=sanitize_filename(f"{label}_绩效审核结果通报表.xlsx"), mime=XLSX_MIME, key="dl_ranking",
                   type="primary", on_click="ignore")

st.subheader("指标目标对标")
st.caption("同一指标（名称对应）在不同单位的目标值分布；不同单位被设定完全相同的目标时列为提示（低，仅供参考）。")
if not benchmarks:
    st.info("该范围内没有两个以上单位共有的指标。")
    st.stop()


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:g}"


st.dataframe(pd.DataFrame({
    "指标": [b.name for b in benchmarks],
    "单位数": [b.units for b in benchmarks],
    "计量单位": [b.unit for b in benchmarks],
    "最小目标": [_num(b.minimum) for b in benchmarks],
    "中位目标": [_num(b.median) for b in benchmarks],
    "最大目标": [_num(b.maximum) for b in benchmarks],
    "各单位目标": ["；".join(f"{t.unit_name}：{t.target_text or '—'}" for t in b.targets) for b in benchmarks],
    "提示": [b.note() for b in benchmarks],
}), hide_index=True, width="stretch", key="bench_table")
