"""变化 on the review page: the flags added, removed and changed (old → new values) between the version shown
and the one before it (``store.changes``).  Not a page of its own: the review page calls :func:`show_changes`."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import shell as ui
from docreview.errors import DocReviewError
from docreview.models import RuleValue
from docreview.store.changes import changes_since_previous
from docreview.store.records import ReviewRecord


def _value(v: RuleValue) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def show_changes(ws: Any, record: ReviewRecord) -> None:
    """The 变化 part for ``record`` (a version of a review): nothing to compare on a first version; else one row
    per flag added, removed or changed, with the values that changed.  ``ws`` is the page's workspace (bound to
    the signed-in user)."""
    try:
        found = changes_since_previous(ws, record.summary.id, user=ui.current_user())
    except DocReviewError as e:
        ui.show_error(e)
        return
    st.subheader("变化")
    if found.previous is None:
        st.caption("这是第 1 版，没有可对比的上一版。")
        return
    carried = sum(1 for f in record.flags if f.verdict is not None and f.verdict.carried_from_id)
    st.caption(ui.markdown_text(
        f"第 {found.version} 版与第 {found.previous.version} 版（审核记录 #{found.previous.id}）相比："
        f"新增 {sum(c.change == 'added' for c in found.changes)} 项，消除 {sum(c.change == 'removed' for c in found.changes)}"
        f" 项，数值变化 {sum(c.change == 'changed' for c in found.changes)} 项；未变化问题的结论已沿用 {carried} 项。"))
    if not found.changes:
        st.info("与上一版相比，发现的问题没有变化。")
        return
    rows = []
    for c in found.changes:
        if c.change == "changed":
            detail = "；".join(f"{v.name}：{_value(v.old)} → {_value(v.new)}" for v in c.values)
        else:
            detail = c.new_message if c.change == "added" else c.old_message
        rows.append({"变化": c.change_zh, "问题类型": c.type_zh, "指标": c.indicator or "（整体）", "内容": detail,
                     "上一版": c.old_message, "本版": c.new_message})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
