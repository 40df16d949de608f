"""审核: one review's score, its flags (filterable), the evidence of a flag side by side, and verdicts."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import shell as ui
from docreview.errors import ConflictError, DocReviewError
from docreview.explain import advisory_lines
from docreview.models import DOC_KIND_ZH, Evidence, Review
from docreview.render import kind_lines, reading_lines, reading_warnings
from docreview.store.export import total_text
from docreview.store.records import (
    DECISION_ZH,
    FLAG_ZH,
    PENDING,
    PENDING_ZH,
    SEVERITY_ZH,
    FlagRecord,
    ReviewRecord,
    local_time,
)

MSG_KEY = "verdict_msg"
FLAG_KEY = "flag_pick"
DECISION_LABELS = {**DECISION_ZH, PENDING: PENDING_ZH}
ACTION_ZH = {"set_verdict": "审核结论", "carry_over": "沿用上一版本", "create": "新增"}

ws, user = ui.page_context()
st.header("审核")
summary = ui.pick_review(ws)
if summary is None:
    st.stop()
try:
    record: ReviewRecord = ws.get_review(summary.id)
except DocReviewError as e:
    ui.show_error(e)
    st.stop()
review: Review = record.review
s = record.summary

# ---------------------------------------------------------------- score summary
for warning in reading_warnings(review):  # first: a document that was not read completely is not rated
    st.warning(ui.markdown_text(warning), icon=":material/warning:")
m = st.columns(5)
m[0].metric("规则计算总分", total_text(s.computed_total))
m[1].metric("单位自评总分", "—" if s.self_total is None else f"{s.self_total:.2f}",
            delta=None if s.self_total is None or s.computed_total is None
            else f"{s.self_total - s.computed_total:+.2f}（较规则）",
            delta_color="inverse")
m[2].metric("评级", s.rating or "不评级")
m[3].metric("预算执行率", "—" if s.execution_rate is None else f"{s.execution_rate * 100:.2f}%")
m[4].metric("审核进度", f"{s.decided_count} / {s.flag_count}")
st.caption(ui.markdown_text(
    f"单位：{s.unit_name or '—'} · 批次：{s.batch_name} · 第 {s.version} 版 · 评分方案：{s.profile} · "
    f"政策文件：{'、'.join(s.policy_files) or '无（以报告自身目标值为准）'} · 报告文件：{'、'.join(s.report_files)} · "
    f"{'进行中' if s.status == 'open' else '已关闭'}"))
# what kind of document this is (the rules that ran), its monitoring period and 序时进度, its year and baseline
kind_info = kind_lines(review)
if review.kind is None:  # stored before kinds existed: it was reviewed as a self-evaluation
    kind_info.insert(0, f"文件类型：{DOC_KIND_ZH[review.doc_kind]}（早期审核记录，按绩效自评审核）")
st.info(ui.markdown_text("\n".join(kind_info)), icon=":material/description:")
if review.year is not None and s.unit_name:
    try:
        earlier = ws.earlier_review(s.unit_name, review.year)
    except DocReviewError:
        earlier = None
    hc1, hc2 = st.columns([4, 1])
    if earlier is not None:
        hc1.caption(ui.markdown_text(f"同单位上年审核记录：#{earlier.id}（{earlier.review.year}年，"
                                     f"{'、'.join(earlier.summary.report_files)}）"))
    if hc2.button("历史对比", key="to_history"):
        st.session_state["history_unit"] = s.unit_name
        ui.switch_to("history")


def _set_status(status: str) -> None:
    try:
        ws.set_review_status(s.id, status, user=user)
    except DocReviewError as e:
        st.session_state[MSG_KEY] = ("error", e.message)


if s.status == "open":
    st.button("关闭此审核", on_click=_set_status, args=("closed",), key="close_review")
else:
    st.button("重新打开此审核", on_click=_set_status, args=("open",), key="reopen_review")
if review.warnings:
    with st.expander(f"读取提示（{len(review.warnings)}）"):
        for w in review.warnings:
            st.text(w)
if review.reading is not None:  # what was read: tables by kind, columns and their roles, rows, prose sentences
    with st.expander("读取情况", expanded=not review.reading.complete):
        st.markdown(ui.markdown_text("\n".join(reading_lines(review))))

# ---------------------------------------------------------------- filters and table
all_flags = record.flags
if not all_flags:
    if reading_warnings(review):  # nothing found in a document that was not read is no clean bill
        st.info("未发现问题，但文件未能完整读取：没有问题不代表文件合格，请人工核对。")
    else:
        st.success("未发现需要关注的问题。")
    st.stop()
types = sorted({f.flag.type for f in all_flags}, key=lambda t: list(FLAG_ZH).index(t) if t in FLAG_ZH else 99)
indicators = sorted({f.flag.indicator for f in all_flags if f.flag.indicator})
fc = st.columns(4)
sel_types = fc[0].multiselect("问题类型", types, format_func=lambda t: FLAG_ZH.get(t, t), key="f_types",
                               placeholder="全部")
sel_sev = fc[1].multiselect("严重程度", ["high", "medium", "low"], format_func=lambda x: SEVERITY_ZH[x], key="f_sev",
                             placeholder="全部")
sel_ind = fc[2].multiselect("指标", ["（整体）", *indicators], key="f_ind", placeholder="全部")
sel_dec = fc[3].multiselect("审核结论", [PENDING, "confirmed", "dismissed", "needs_info"],
                            format_func=lambda d: DECISION_LABELS[d], key="f_dec", placeholder="全部")
flags = ws.flags_for_review(
    s.id, types=sel_types or None, severities=sel_sev or None, decisions=sel_dec or None,
    indicators=[None if i == "（整体）" else i for i in sel_ind] or None)
number = {f.id: n for n, f in enumerate(all_flags, start=1)}
st.caption(f"共 {len(all_flags)} 项问题，当前显示 {len(flags)} 项。")
if not flags:
    st.info("没有符合筛选条件的问题。")
    st.stop()

table = pd.DataFrame({
    "序号": [number[f.id] for f in flags],
    "严重程度": [SEVERITY_ZH.get(f.flag.severity, f.flag.severity) for f in flags],
    "问题类型": [FLAG_ZH.get(f.flag.type, f.flag.type) for f in flags],
    "指标": [f.flag.indicator or "（整体）" for f in flags],
    "问题描述": [f.flag.message for f in flags],
    "审核结论": [DECISION_LABELS[f.decision] for f in flags],
    "审核人": [(f.verdict.user or "") if f.verdict else "" for f in flags],
})
ids = [f.id for f in flags]


def _on_table_select(row_ids: list[int] = ids) -> None:
    # the callback runs before the next script run; ``row_ids`` is the table as it was shown
    rows = st.session_state["flag_table"]["selection"]["rows"]
    if rows and rows[0] < len(row_ids):
        st.session_state[FLAG_KEY] = row_ids[rows[0]]


st.dataframe(table, hide_index=True, width="stretch", key="flag_table", on_select=_on_table_select,
             selection_mode="single-row")

# ---------------------------------------------------------------- the selected flag
if st.session_state.get(FLAG_KEY) not in ids:
    st.session_state[FLAG_KEY] = ids[0]
by_id = {f.id: f for f in flags}


def _flag_label(fid: int) -> str:
    f = by_id[fid]
    return (f"#{number[fid]} 【{SEVERITY_ZH.get(f.flag.severity, '')}】{FLAG_ZH.get(f.flag.type, f.flag.type)} · "
            f"{f.flag.indicator or '（整体）'} · {DECISION_LABELS[f.decision]}")


flag_id = st.selectbox("当前问题", ids, format_func=_flag_label, key=FLAG_KEY)
f: FlagRecord = by_id[flag_id]

st.subheader(f"{FLAG_ZH.get(f.flag.type, f.flag.type)}：{f.flag.indicator or '（整体）'}")
st.markdown(ui.markdown_text(f.flag.message))


def _context(e: Evidence) -> str:
    """The row or target text that contains the quote, so it can be shown highlighted in place."""
    if e.side == "report":
        texts = [c.text for c in review.claims if c.span.file == e.file]
    else:
        texts = [i.span.quote for i in review.indicators if i.span.file == e.file]
    for t in texts:
        if e.quote and e.quote in t and len(t) <= 2000:
            return t
    return e.quote


def _evidence_html(e: Evidence) -> str:
    context = _context(e)
    i = context.find(e.quote) if e.quote else -1
    if i < 0:
        body = f"<mark>{ui.html_text(context)}</mark>" if context else "（无原文）"
    else:
        body = (ui.html_text(context[:i]) + f"<mark>{ui.html_text(e.quote)}</mark>"
                + ui.html_text(context[i + len(e.quote):]))
    return (f'<div style="border-left:3px solid #999;padding:4px 10px;margin:6px 0">'
            f'<div style="color:#666;font-size:0.85em">{ui.html_text(e.where())}</div>'
            f'<div style="white-space:pre-wrap">{body}</div></div>')


ind = next((i for i in review.indicators if f.flag.indicator and i.name == f.flag.indicator), None)
match = next((mm for mm in review.matches if ind is not None and mm.indicator_id == ind.id), None)
claim = next((c for c in review.claims if match is not None and c.id == match.claim_id), None)
left, right = st.columns(2)
with left:
    st.markdown("**政策依据（目标）**")
    if ind is not None:
        st.caption(ui.markdown_text(f"目标值：{ind.target_text or '—'}" + (f"；分值 {ind.weight:g}" if ind.weight else "")))
    policy_ev = [x for x in f.flag.evidence if x.side == "policy"]
    for ev in policy_ev:
        st.markdown(_evidence_html(ev), unsafe_allow_html=True)
    if not policy_ev:
        st.caption("（无政策原文）")
with right:
    st.markdown("**报告原文（声明）**")
    if claim is not None:
        st.caption(ui.markdown_text(
            f"实际值：{claim.actual_text or '—'}"
            + (f"；自评得分 {claim.self_score:g}" if claim.self_score is not None else "")))
    report_ev = [x for x in f.flag.evidence if x.side == "report"]
    for ev in report_ev:
        st.markdown(_evidence_html(ev), unsafe_allow_html=True)
    if not report_ev:
        st.caption("（无报告原文）")
from views.ocr import show_ocr  # noqa: E402  (scans: the OCR badge and the page image of an unsure value)

show_ocr(ws, record, f.flag)

if f.flag.searched:
    st.markdown("**已检索的段落**（未找到完成值；以下是最接近的段落及得分）")
    st.dataframe(pd.DataFrame({
        "得分": [round(h.score, 3) for h in f.flag.searched],
        "段落": [h.text for h in f.flag.searched],
        "位置": [h.span.where() if h.span else "" for h in f.flag.searched],
    }), hide_index=True, width="stretch", key=f"searched_{f.id}")

with st.expander("规则输入", expanded=False):
    st.dataframe(pd.DataFrame({"参数": list(f.flag.inputs), "值": ["" if v is None else str(v)
                                                                for v in f.flag.inputs.values()]}),
                 hide_index=True, key=f"inputs_{f.id}")
if f.explanation is not None:
    ex = f.explanation
    src = "规则说明" if ex.source == "rule" else f"模型说明（{ex.model or ''}，{ex.prompt or ''}）"
    st.info(ui.markdown_text(f"{src}：{ex.text}"), icon=":material/lightbulb:")
    if not ex.grounded and ex.rejected_reason:
        st.caption(ui.markdown_text(f"模型说明未通过核对：{ex.rejected_reason}"))
    advice = advisory_lines(ex)  # a model opinion, shown apart from the rule finding and labelled as such
    if advice:
        st.info(f"**{ui.markdown_text(advice[0])}**  \n" + ui.markdown_text("\n".join(advice[1:])),
                icon=":material/smart_toy:")
    elif ex.advisory is not None and ex.advisory.rejected_reason:
        st.caption(ui.markdown_text(f"模型意见未通过核对，未显示：{ex.advisory.rejected_reason}"))

# ---------------------------------------------------------------- verdict
st.markdown("**审核结论**")
v = f.verdict
if v is not None:
    note = "（沿用自上一版本）" if v.carried_from_id else ""
    st.caption(ui.markdown_text(f"当前：{DECISION_ZH[v.decision]} — {v.user or '—'}，{local_time(v.updated)}，"
                                f"版本 {v.version}{note}"))
else:
    st.caption("当前：待审核")

comment_key = f"verdict_comment_{f.id}"
st.text_area("审核意见", value=v.comment if v else "", key=comment_key, max_chars=5000,
             placeholder="说明确认、驳回或需补充的理由（可选）")


def _decide(fid: int, decision: str, expected_version: int, key: str) -> None:
    try:
        saved = ws.set_verdict(fid, decision, st.session_state.get(key, ""), user=user,
                               expected_version=expected_version)
        st.session_state[MSG_KEY] = ("success", f"已记录：{DECISION_ZH[saved.decision]}（版本 {saved.version}）")
    except ConflictError as e:
        st.session_state[MSG_KEY] = ("error", e.message)
    except DocReviewError as e:
        st.session_state[MSG_KEY] = ("error", e.message)


bc = st.columns([1, 1, 1, 3])
for col, (code, label, shortcut) in zip(bc, [("confirmed", "确认", "Alt+1"), ("dismissed", "驳回", "Alt+2"),
                                             ("needs_info", "需补充材料", "Alt+3")], strict=False):
    col.button(label, key=f"verdict_{code}", on_click=_decide, args=(f.id, code, f.verdict_version, comment_key),
               type="primary" if code == "confirmed" else "secondary", shortcut=shortcut,
               help=f"快捷键 {shortcut}")
msg = st.session_state.pop(MSG_KEY, None)
if msg is not None:
    kind, text = msg
    (st.success if kind == "success" else st.error)(ui.markdown_text(text))

# ---------------------------------------------------------------- comments and audit
with st.expander(f"评论（{len(f.comments)}）", expanded=bool(f.comments)):
    for c in f.comments:
        st.markdown(ui.markdown_text(f"{c.user or '—'}（{local_time(c.created)}）：{c.text}"))
    with st.form(f"comment_form_{f.id}", clear_on_submit=True):
        text = st.text_area("添加评论", key=f"comment_text_{f.id}", max_chars=5000)
        if st.form_submit_button("提交评论"):
            try:
                ws.add_comment(s.id, text, user=user, flag_id=f.id)
                st.rerun()
            except DocReviewError as e:
                ui.show_error(e)


def _audit_rows(entries: list[Any]) -> pd.DataFrame:
    def brief(x: Any) -> str:
        if not isinstance(x, dict):
            return "" if x is None else str(x)
        if "decision" in x:
            return f"{DECISION_ZH.get(x['decision'], x['decision'])}：{x.get('comment') or ''}（版本 {x.get('version')}）"
        return str(x.get("text", x))

    return pd.DataFrame({
        "时间": [local_time(e.at) for e in entries],
        "用户": [e.user or "系统" for e in entries],
        "操作": [ACTION_ZH.get(e.action, e.action) + ("（评论）" if e.entity == "comment" else "") for e in entries],
        "之前": [brief(e.before) for e in entries],
        "之后": [brief(e.after) for e in entries],
    })


with st.expander("审计记录"):
    entries = ws.audit_for_flag(f.id)
    if entries:
        st.dataframe(_audit_rows(entries), hide_index=True, width="stretch", key=f"audit_{f.id}")
    else:
        st.caption("暂无记录。")

with st.expander(f"总体意见（{len(record.comments)}）"):
    for c in record.comments:
        st.markdown(ui.markdown_text(f"{c.user or '—'}（{local_time(c.created)}）：{c.text}"))
    with st.form("review_comment_form", clear_on_submit=True):
        text = st.text_area("添加总体意见", key="review_comment_text", max_chars=5000)
        if st.form_submit_button("提交总体意见"):
            try:
                ws.add_comment(s.id, text, user=user)
                st.rerun()
            except DocReviewError as e:
                ui.show_error(e)
