"""单位管理 (admins only): the unit names of the workspace with their reviews, batches and teams, and merging several
into one canonical name ("某市财政局" and "某市财政局（本级）", or a typo).  The store renames the units' reviews, jobs and
batches in one audited transaction (``Workspace.merge_units``, ``store.unit_merge``); the dashboard, 排名通报,
历史对比, the batch export and the earlier-year baseline then see one unit."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import shell as ui
from docreview.errors import DocReviewError

MSG_KEY = "units_admin_msg"

ws, user = ui.page_context()
st.header("单位管理")
if user.role != "admin":
    st.warning("仅管理员可以管理单位名称。")
    st.stop()
st.caption("同一单位的不同写法（如「某市财政局」与「某市财政局（本级）」，或错别字）可以合并为一个名称：合并后看板、排名通报、历史对比、"
           "批次导出和上年对照都按一个单位计算。全角/半角和空格不同的写法已自动视为同一单位。合并记入审计日志（保留原名称）。")

message = st.session_state.pop(MSG_KEY, None)
if message:
    st.success(ui.markdown_text(message), icon=":material/check_circle:")

units = ws.unit_overview()
if not units:
    st.info("还没有带单位名称的审核记录。")
    st.stop()
st.dataframe(pd.DataFrame([{
    "单位": u.name, "写法": "、".join(u.spellings), "审核记录": u.reviews, "版本": u.versions, "批次": u.batches,
    "科室": "、".join(u.teams)} for u in units]), hide_index=True, width="stretch", key="units_table")

by_key = {u.key: u for u in units}
st.subheader("合并单位名称")
chosen = st.multiselect("要合并的单位（可多选）", list(by_key), key="units_merge_pick", placeholder="选择单位",
                        format_func=lambda k: f"{by_key[k].name}（{by_key[k].reviews} 条审核记录）")
st.markdown("合并后的名称（从所选单位中选择，或输入新名称）")
into = ui.unit_choice(st, "合并后的名称", [by_key[k].name for k in chosen] or [u.name for u in units],
                      key="units_merge_into", text_key="units_merge_new", empty=None)
sure = st.checkbox("确认合并（所选单位的全部审核记录、任务和批次改用合并后的名称）", key="units_merge_sure")
if st.button("合并", type="primary", key="units_merge", disabled=not (chosen and into and sure)):
    try:
        result = ws.merge_units([by_key[k].name for k in chosen], into)
    except DocReviewError as e:
        ui.show_error(e)
    else:
        text = f"已将「{'」「'.join(result.merged)}」合并为「{result.unit_name}」：{len(result.reviews)} 条审核记录（含各版本）"
        if result.kept_apart:
            text += f"；其中 {result.kept_apart} 组文件在同一批次中另有同类型的审核记录，版本仍分开"
        if result.running:
            text += f"；{result.running} 个任务正在审核，其结果仍用原名称保存，审核结束后请再次合并"
        st.session_state[MSG_KEY] = text + "。"
        for key in ("units_merge_pick", "units_merge_into", "units_merge_new", "units_merge_sure"):
            st.session_state.pop(key, None)
        st.rerun()
