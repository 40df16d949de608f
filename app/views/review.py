"""审核: one review's score, its flags (filterable), the evidence of a flag side by side with its source (the PDF
page with the quote boxed, the table row highlighted: ``views/source.py``), and verdicts.

Keyboard flow: the comment and the three verdict buttons are one form, so Alt+1/2/3 pressed while typing sends what
is typed with the verdict (a form sends its widgets' values on submit; a lone text area would only send on blur);
J / K (and ↓ / ↑ outside a text field) move to the next / previous flag; after a verdict the page moves to the
next flag still 待审核.  A verdict someone else changed meanwhile is not overwritten: both are shown side by side
and the reviewer is asked ("覆盖 审核员李 的结论？"); until they answer, another click is refused again.
Bulk confirm / dismiss (one comment, one transaction) and undo (back to 待审核) are audited by the store.  The URL
keeps the place (``?review=12&flag=5``).
"""

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
from views.changes import show_changes
from views.ocr import show_ocr
from views.source import show_sources

MSG_KEY = "verdict_msg"
FLAG_KEY = "flag_pick"
DECISION_LABELS = {**DECISION_ZH, PENDING: PENDING_ZH}
ACTION_ZH = {"set_verdict": "审核结论", "clear_verdict": "撤销结论", "carry_over": "沿用上一版本", "create": "新增"}
CONFLICT_KEY = "verdict_conflict"  # a verdict refused because someone else changed it: shown until answered
BULK_KEY = "bulk_pick"
TABLE_KEY = "flag_table_round"  # a new key for the flag table after a bulk verdict clears its selection
FILTER_KEYS = ("f_types", "f_sev", "f_ind", "f_dec")
SHORTCUTS = "快捷键：Alt+1 确认 · Alt+2 驳回 · Alt+3 需补充材料（输入意见时也可用，意见一并保存）· J 或 ↓ 下一项 · K 或 ↑ 上一项（在输入框外）"

ws, user = ui.page_context()
st.header("审核")
summary = ui.pick_review(ws)
if summary is None:
    st.stop()
try:
    record: ReviewRecord = ws.get_review(summary.id, user=user)
    rights = ws.review_access(summary.id, user=user)  # what this user may do here (the store checks each write too)
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
    f"单位：{s.unit_name or '—'} · 批次：{s.batch_name} · 第 {s.version} 版 · 评分方案：{ui.profile_zh(s.profile)} · "
    f"政策文件：{'、'.join(s.policy_files) or '无（以报告自身目标值为准）'} · 报告文件：{'、'.join(s.report_files)} · "
    f"{'进行中' if s.status == 'open' else '已关闭'}"))
# what kind of document this is (the rules that ran), its monitoring period and 序时进度, its year and baseline
kind_info = kind_lines(review)
if review.kind is None:  # stored before kinds existed: it was reviewed as a self-evaluation
    kind_info.insert(0, f"文件类型：{DOC_KIND_ZH[review.doc_kind]}（早期审核记录，按绩效自评审核）")
st.info(ui.markdown_text("\n".join(kind_info)), icon=":material/description:")
if review.year is not None and s.unit_name:
    try:
        earlier = ws.earlier_review(s.unit_name, review.year, user=user)
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


if rights.manage and s.status == "open":
    st.button("关闭此审核", on_click=_set_status, args=("closed",), key="close_review")
elif rights.manage:
    st.button("重新打开此审核", on_click=_set_status, args=("open",), key="reopen_review")
if rights.closed:
    st.caption("此审核已关闭，只读；组长或管理员可以重新打开。")
    st.info("此审核已关闭：不能记录或撤销结论，也不能评论。", icon=":material/lock:")
elif not rights.decide:
    st.caption("您对此审核只有查看权限。")
if rights.manage:
    with st.expander(f"分配审核人（{len(rights.assignees)}）"):
        st.caption("分配或共享给本科室以外的人员后，对方可以查看并审核这组文件的各个版本。")
        people = sorted({u.name for u in ws.list_users() if u.active and u.name != user.name} | set(rights.assignees))
        chosen = st.multiselect("分配给", people, default=rights.assignees, key=f"assign_{s.id}")
        if st.button("保存分配", key="assign_save"):
            try:
                for name in sorted(set(chosen) - set(rights.assignees)):
                    ws.assign_review(s.id, name, user=user)
                for name in sorted(set(rights.assignees) - set(chosen)):
                    ws.unassign_review(s.id, name, user=user)
                st.rerun()
            except DocReviewError as e:
                ui.show_error(e)
if review.warnings:
    with st.expander(f"读取提示（{len(review.warnings)}）"):
        for w in review.warnings:
            st.text(w)
if review.reading is not None:  # what was read: tables by kind, columns and their roles, rows, prose sentences
    with st.expander("读取情况", expanded=not review.reading.complete):
        st.markdown(ui.markdown_text("\n".join(reading_lines(review))))

if s.version > 1:  # a corrected upload: what changed since the version before (before the no-flags stop)
    with st.expander(f"变化（与第 {s.version - 1} 版相比）", expanded=True):
        show_changes(ws, record)

# ---------------------------------------------------------------- filters and table
all_flags = record.flags
if not all_flags:
    if reading_warnings(review):  # nothing found in a document that was not read is no clean bill
        st.info("未发现问题，但文件未能完整读取：没有问题不代表文件合格，请人工核对。")
    else:
        st.success("未发现需要关注的问题。")
    ui.set_link(s.id)
    st.stop()
jump = st.session_state.pop(ui.FLAG_JUMP_KEY, None)  # a link (?flag=) or the dashboard asks for one flag
if jump in {f.id for f in all_flags}:
    for k in FILTER_KEYS:  # it must be in the list: the filters are reset
        st.session_state[k] = []
    st.session_state[FLAG_KEY] = jump
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
    s.id, user=user, types=sel_types or None, severities=sel_sev or None, decisions=sel_dec or None,
    indicators=[None if i == "（整体）" else i for i in sel_ind] or None)
number = {f.id: n for n, f in enumerate(all_flags, start=1)}
st.caption(f"共 {len(all_flags)} 项问题，当前显示 {len(flags)} 项。")
if not flags:
    st.info("没有符合筛选条件的问题。")
    ui.set_link(s.id)
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
by_id = {f.id: f for f in flags}
open_ids = [f.id for f in flags if f.decision == PENDING]
table_key = f"flag_table_{st.session_state.get(TABLE_KEY, 0)}"


def _on_table_select(row_ids: list[int] = ids, key: str = table_key) -> None:
    # the callback runs before the next script run; ``row_ids`` is the table as it was shown.  Rows picked in the
    # table are the bulk selection; a row just added to it becomes the current flag
    rows = st.session_state[key]["selection"]["rows"]
    picked = [row_ids[r] for r in rows if r < len(row_ids)]
    added = [i for i in picked if i not in st.session_state.get("_table_rows", [])]
    st.session_state["_table_rows"] = picked
    st.session_state[BULK_KEY] = picked
    if added:
        st.session_state[FLAG_KEY] = added[-1]


st.dataframe(table, hide_index=True, width="stretch", key=table_key, on_select=_on_table_select,
             selection_mode="multi-row")

# ---------------------------------------------------------------- bulk verdicts


def _bulk(decision: str, rows: dict[int, int]) -> None:
    picked = st.session_state.get(BULK_KEY) or []
    comment = st.session_state.get("bulk_comment", "")
    try:
        saved = ws.set_verdicts({fid: rows[fid] for fid in picked if fid in rows}, decision, comment, user=user)
    except DocReviewError as e:
        st.session_state[MSG_KEY] = ("error", e.message)
        return
    st.session_state[MSG_KEY] = ("success", f"已批量记录：{DECISION_ZH[decision]} {len(saved)} 项")
    st.session_state[BULK_KEY] = []
    st.session_state["bulk_comment"] = ""
    st.session_state["_table_rows"] = []
    st.session_state[TABLE_KEY] = st.session_state.get(TABLE_KEY, 0) + 1


st.session_state[BULK_KEY] = [i for i in st.session_state.get(BULK_KEY, []) if i in ids]
with st.expander(f"批量审核（已选 {len(st.session_state[BULK_KEY])} 项）", expanded=bool(st.session_state[BULK_KEY])):
    with st.form("bulk_form", border=False, enter_to_submit=False):
        st.multiselect("选择问题（也可在上表中勾选多行）", ids, key=BULK_KEY, placeholder="请选择",
                       format_func=lambda i: f"#{number[i]} {FLAG_ZH.get(by_id[i].flag.type, '')} · "
                                             f"{by_id[i].flag.indicator or '（整体）'} · {DECISION_LABELS[by_id[i].decision]}",
                       disabled=not rights.decide)
        st.text_area("批量意见（对所选问题相同）", key="bulk_comment", max_chars=5000, disabled=not rights.decide)
        versions = {f.id: f.verdict_version for f in flags}
        bb = st.columns([1, 1, 4])
        bb[0].form_submit_button("批量确认", key="bulk_confirmed", on_click=_bulk, args=("confirmed", versions),
                                 disabled=not rights.decide)
        bb[1].form_submit_button("批量驳回", key="bulk_dismissed", on_click=_bulk, args=("dismissed", versions),
                                 disabled=not rights.decide)

# ---------------------------------------------------------------- the selected flag
if st.session_state.get(FLAG_KEY) not in ids:
    st.session_state[FLAG_KEY] = open_ids[0] if open_ids else ids[0]


def _flag_label(fid: int) -> str:
    f = by_id[fid]
    return (f"#{number[fid]} 【{SEVERITY_ZH.get(f.flag.severity, '')}】{FLAG_ZH.get(f.flag.type, f.flag.type)} · "
            f"{f.flag.indicator or '（整体）'} · {DECISION_LABELS[f.decision]}")


def _move(step: int, row_ids: list[int] = ids) -> None:
    current = st.session_state.get(FLAG_KEY)
    at = row_ids.index(current) if current in row_ids else 0
    st.session_state[FLAG_KEY] = row_ids[min(max(at + step, 0), len(row_ids) - 1)]


nav = st.columns([6, 1, 1], vertical_alignment="bottom")
flag_id = nav[0].selectbox("当前问题", ids, format_func=_flag_label, key=FLAG_KEY)
nav[1].button("上一项", key="flag_prev", on_click=_move, args=(-1,), shortcut="K", width="stretch",
              help="快捷键 K 或 ↑（在输入框外）")
nav[2].button("下一项", key="flag_next", on_click=_move, args=(1,), shortcut="J", width="stretch",
              help="快捷键 J 或 ↓（在输入框外）")
with st.container(key="flag_arrows"):  # the arrow keys: the same moves, on buttons kept out of sight
    st.button("上一项（↑）", key="flag_up", on_click=_move, args=(-1,), shortcut="Up")
    st.button("下一项（↓）", key="flag_down", on_click=_move, args=(1,), shortcut="Down")
st.html("<style>.st-key-flag_arrows { display: none; }</style>")
st.caption(SHORTCUTS)
f: FlagRecord = by_id[flag_id]

st.subheader(ui.markdown_text(f"{FLAG_ZH.get(f.flag.type, f.flag.type)}：{f.flag.indicator or '（整体）'}"))
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
    with st.container(key=f"source_policy_{f.id}"):
        show_sources(ws, record, policy_ev, key=f"policy_{f.id}")
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
    with st.container(key=f"source_report_{f.id}"):
        show_sources(ws, record, report_ev, key=f"report_{f.id}")
show_ocr(record)

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
entries = ws.audit_for_flag(f.id, user=user)
if v is not None:
    note = "（沿用自上一版本）" if v.carried_from_id else ""
    st.caption(ui.markdown_text(f"当前：{DECISION_ZH[v.decision]} — {v.user or '—'}，{local_time(v.updated)}，"
                                f"版本 {v.version}{note}"))
else:
    undone = next((e for e in reversed(entries) if e.action == "clear_verdict"), None) if f.undone_version else None
    st.caption(ui.markdown_text("当前：待审核" + (f"（{undone.user or '—'} 于 {local_time(undone.at)} 撤销了结论）"
                                                 if undone is not None else "")))


def _next_open(fid: int, order: list[int], still_open: list[int]) -> int:
    """The next flag after ``fid`` still 待审核 (wrapping to the first one before it); ``fid`` when none is left."""
    rest = [i for i in still_open if i != fid]
    at = order.index(fid) if fid in order else -1
    after = [i for i in rest if i in order and order.index(i) > at]
    return (after or rest or [fid])[0]


def _decide(fid: int, decision: str, expected_version: int, key: str, order: list[int], still_open: list[int]) -> None:
    comment = st.session_state.get(key, "")
    try:
        saved = ws.set_verdict(fid, decision, comment, user=user, expected_version=expected_version)
    except ConflictError as e:  # someone else changed it: ask before overwriting (the panel below)
        st.session_state[CONFLICT_KEY] = {"flag": fid, "decision": decision, "comment": comment,
                                          "expected": expected_version, "message": e.message}
        return
    except DocReviewError as e:
        st.session_state[MSG_KEY] = ("error", e.message)
        return
    st.session_state.pop(CONFLICT_KEY, None)
    target = _next_open(fid, order, still_open)
    moved = f"，已转到下一个待审核问题 #{number[target]}" if target != fid else "；本页已没有待审核的问题"
    st.session_state[MSG_KEY] = ("success", f"已记录：{DECISION_ZH[saved.decision]}（版本 {saved.version}）· "
                                            f"#{number[fid]}{moved}")
    st.session_state[FLAG_KEY] = target


def _overwrite(fid: int, current_version: int) -> None:
    mine = st.session_state.pop(CONFLICT_KEY, None)
    if not mine:
        return
    try:
        saved = ws.set_verdict(fid, mine["decision"], mine["comment"], user=user, expected_version=current_version)
    except ConflictError as e:  # changed once more meanwhile: ask again
        st.session_state[CONFLICT_KEY] = {**mine, "expected": mine["expected"], "message": e.message}
        return
    except DocReviewError as e:
        st.session_state[MSG_KEY] = ("error", e.message)
        return
    st.session_state[MSG_KEY] = ("success", f"已覆盖：{DECISION_ZH[saved.decision]}（版本 {saved.version}）")


def _keep() -> None:
    st.session_state.pop(CONFLICT_KEY, None)
    st.session_state[MSG_KEY] = ("success", "已保留对方的结论，您的修改未保存")


def _undo(fid: int, expected_version: int) -> None:
    try:
        ws.clear_verdict(fid, user=user, expected_version=expected_version)
    except DocReviewError as e:
        st.session_state[MSG_KEY] = ("error", e.message)
        return
    st.session_state[MSG_KEY] = ("success", "已撤销结论，该问题回到待审核")


conflict = st.session_state.get(CONFLICT_KEY)
if conflict and conflict["flag"] != f.id:
    conflict = None
# while a conflict is open, the buttons still name the version the reviewer saw: a second click is refused again
expected = conflict["expected"] if conflict else f.verdict_version
comment_key = f"verdict_comment_{f.id}"
with st.form(f"verdict_form_{f.id}", border=False, enter_to_submit=False):
    st.text_area("审核意见", value=v.comment if v else "", key=comment_key, max_chars=5000,
                 placeholder="说明确认、驳回或需补充的理由（可选）", disabled=not rights.decide)
    bc = st.columns([1, 1, 1.3, 3])
    for col, (code, label, shortcut) in zip(bc, [("confirmed", "确认", "Alt+1"), ("dismissed", "驳回", "Alt+2"),
                                                 ("needs_info", "需补充材料", "Alt+3")], strict=False):
        col.form_submit_button(label, key=f"verdict_{code}", on_click=_decide,
                               args=(f.id, code, expected, comment_key, ids, open_ids),
                               type="primary" if code == "confirmed" else "secondary", shortcut=shortcut,
                               help=f"快捷键 {shortcut}（输入意见时也可用）", disabled=not rights.decide)
st.button("撤销结论（回到待审核）", key="verdict_undo", on_click=_undo, args=(f.id, f.verdict_version),
          disabled=not rights.decide or v is None, icon=":material/undo:")
if conflict:
    who = v.user if v is not None and v.user else next((e.user for e in reversed(entries) if e.user), None) or "其他审核人"
    st.warning(ui.markdown_text(ui.zh(conflict["message"])), icon=":material/warning:")
    mine_col, theirs_col = st.columns(2)
    with mine_col, st.container(border=True, key="conflict_mine"):
        st.markdown("**您的结论（未保存）**")
        st.markdown(ui.markdown_text(f"{DECISION_ZH[conflict['decision']]}：{conflict['comment'] or '（无意见）'}"))
    with theirs_col, st.container(border=True, key="conflict_theirs"):
        st.markdown(ui.markdown_text(f"**{who} 的结论（当前，版本 {f.verdict_version}）**"))
        st.markdown(ui.markdown_text(f"{DECISION_ZH[v.decision]}：{v.comment or '（无意见）'}" if v is not None
                                     else f"{PENDING_ZH}（已撤销）"))
    st.markdown(ui.markdown_text(f"覆盖 {who} 的结论？"))
    cc = st.columns([1, 1, 3])
    cc[0].button(f"覆盖 {who} 的结论", key="conflict_overwrite", type="primary", on_click=_overwrite,
                 args=(f.id, f.verdict_version), disabled=not rights.decide)
    cc[1].button(f"保留 {who} 的结论", key="conflict_keep", on_click=_keep)
msg = st.session_state.pop(MSG_KEY, None)
if msg is not None:
    kind, text = msg
    (st.success if kind == "success" else st.error)(ui.markdown_text(ui.zh(text)))

# ---------------------------------------------------------------- comments and audit
with st.expander(f"评论（{len(f.comments)}）", expanded=bool(f.comments)):
    for c in f.comments:
        st.markdown(ui.markdown_text(f"{c.user or '—'}（{local_time(c.created)}）：{c.text}"))
    with st.form(f"comment_form_{f.id}", clear_on_submit=True):
        text = st.text_area("添加评论", key=f"comment_text_{f.id}", max_chars=5000, disabled=not rights.decide)
        if st.form_submit_button("提交评论", disabled=not rights.decide):
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
            return (f"{DECISION_LABELS.get(x['decision'], x['decision'])}：{x.get('comment') or ''}"
                    f"（版本 {x.get('version')}）")
        return str(x.get("text", x))

    return pd.DataFrame({
        "时间": [local_time(e.at) for e in entries],
        "用户": [e.user or "系统" for e in entries],
        "操作": [ACTION_ZH.get(e.action, e.action) + ("（评论）" if e.entity == "comment" else "") for e in entries],
        "之前": [brief(e.before) for e in entries],
        "之后": [brief(e.after) for e in entries],
    })


with st.expander("审计记录"):
    if entries:
        st.dataframe(_audit_rows(entries), hide_index=True, width="stretch", key=f"audit_{f.id}")
    else:
        st.caption("暂无记录。")

with st.expander(f"总体意见（{len(record.comments)}）"):
    for c in record.comments:
        st.markdown(ui.markdown_text(f"{c.user or '—'}（{local_time(c.created)}）：{c.text}"))
    with st.form("review_comment_form", clear_on_submit=True):
        text = st.text_area("添加总体意见", key="review_comment_text", max_chars=5000, disabled=not rights.decide)
        if st.form_submit_button("提交总体意见", disabled=not rights.decide):
            try:
                ws.add_comment(s.id, text, user=user)
                st.rerun()
            except DocReviewError as e:
                ui.show_error(e)

ui.set_link(s.id, f.id)  # the URL names this place: a reload or a copied link opens it again
