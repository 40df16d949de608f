"""历史对比: one unit's stored reviews across years, and per indicator last year's target, actual and self score
beside this year's (domain.md §7.4)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import shell as ui
from docreview.store.export import total_text

UNIT_KEY = "history_unit"

ws, user = ui.page_context()
st.header("历史对比")
st.caption("同一单位（名称去除空格、统一全角半角后相同）、同一项目的审核记录按预算年度排列；指标按名称对应。"
           "上传新一年的文件时，系统自动以该单位上一年度的审核记录作为对照。")
units = ws.unit_names(user=user)
if not units:
    st.info("还没有审核记录，请先在「上传」页上传文件。")
    st.stop()
wanted = st.session_state.pop(UNIT_KEY, None)
if wanted is not None:
    st.session_state["hist_unit"] = next((u for u in units if u.strip() == wanted.strip()), units[0])
unit = st.selectbox("单位", units, key="hist_unit")
h = ws.unit_history(unit, user=user)
if len(h.projects) > 1:
    project = st.selectbox("项目", [None, *h.projects], format_func=lambda p: "全部项目" if p is None else p,
                           key="hist_project", placeholder="全部项目")  # None: shown as the placeholder
    if project is not None:
        h = ws.unit_history(unit, user=user, project=project)

st.subheader("各年度审核记录")
st.dataframe(pd.DataFrame({
    "年度": ["—" if r.year is None else str(r.year) for r in h.reviews],
    "文件类型": [r.kind_zh for r in h.reviews],
    "审核记录": [r.review_id for r in h.reviews],
    "批次": [r.batch_name for r in h.reviews],
    "规则计算总分": [total_text(r.computed_total) for r in h.reviews],
    "单位自评总分": ["—" if r.self_total is None else f"{r.self_total:.2f}" for r in h.reviews],
    "自评减规则": ["—" if r.gap is None else f"{r.gap:+.2f}" for r in h.reviews],
    "问题数": [r.flag_count for r in h.reviews],
    "报告文件": ["、".join(r.report_files) for r in h.reviews],
}), hide_index=True, width="stretch", key="hist_reviews")

st.subheader("指标逐年对比")
if not h.years:
    st.info("该单位的审核记录都没有标明预算年度，无法按年度对比。")
    st.stop()
years = sorted(h.years, reverse=True)
year = st.selectbox("本年度", years, format_func=lambda y: f"{y}年", key="hist_year")
comparison = h.comparison(year)
assert comparison is not None
if comparison.previous_year is None:
    st.info(f"该单位在 {year} 年之前没有审核记录，以下只列本年度指标。")
else:
    st.caption(f"本年：{comparison.year}年（审核记录 #{comparison.review_id}）；"
               f"上年：{comparison.previous_year}年（审核记录 #{comparison.previous_review_id}）。")


def _score(x: float | None) -> str:
    return "—" if x is None else f"{x:g}"


def _missed(m: bool | None) -> str:
    return "—" if m is None else ("未完成" if m else "完成")


rows = comparison.rows
st.dataframe(pd.DataFrame({
    "指标": [r.name for r in rows],
    "上年目标": [r.previous.target_text if r.previous else "—" for r in rows],
    "上年实际": [(r.previous.actual_text or "—") if r.previous else "—" for r in rows],
    "上年自评得分": [_score(r.previous.self_score) if r.previous else "—" for r in rows],
    "上年完成情况": [_missed(r.previous.missed) if r.previous else "—" for r in rows],
    "本年目标": [r.current.target_text if r.current else "—" for r in rows],
    "本年实际": [(r.current.actual_text or "—") if r.current else "—" for r in rows],
    "本年自评得分": [_score(r.current.self_score) if r.current else "—" for r in rows],
    "提示": ["、".join(r.notes) for r in rows],
}), hide_index=True, width="stretch", key="hist_compare")
if comparison.review_id is not None and st.button("打开本年审核记录", key="hist_open"):
    ui.open_review(comparison.review_id)
