"""批次进度: the jobs of a batch as the queue's workers run them (state, stage, attempts, errors), polled from
the store; a failed file is retried alone, a batch can be cancelled, a finished review opens in 审核.

The reviews do not run in this page (nor in any page): leaving it and coming back shows the batch where the
workers got to.  While jobs are queued or running, the progress part refreshes itself every
``DOCREVIEW_QUEUE_UI_REFRESH_S`` seconds (``st.fragment(run_every=…)``).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

import shell as ui
from docreview.errors import DocReviewError
from docreview.queue import cancel, retry
from docreview.store import jobs
from docreview.store.batch_export import batch_memos_zip, batch_to_xlsx
from docreview.store.export import XLSX_MIME, total_text
from docreview.store.files import sanitize_filename
from docreview.store.jobs import BatchProgress, JobRecord
from docreview.store.records import local_time

PICK_KEY = "batch_pick"
MSG_KEY = "batch_msg"
STAGE_ZH = {**ui.STAGE_ZH, "ocr": "OCR 识别"}
OPEN_BUTTONS = 20  # a batch with more finished files gets one picker instead of a button per file

ws, user = ui.page_context()
refresh_s = ws.settings.queue.ui_refresh_s
st.header("批次进度")

counts = jobs.batch_counts(ws, user=user)
batches = [b for b in ws.list_batches(user=user) if b.id in counts]
if not batches:
    st.info("还没有提交过审核任务，请先在「上传」页上传文件。")
    st.stop()
ids = [b.id for b in batches]
names = {b.id: f"#{b.id} {b.name}（{b.unit_name or '多个单位'}，{local_time(b.created)}）" for b in batches}
wanted = st.session_state.get(ui.BATCH_KEY)
if st.session_state.get(PICK_KEY) not in ids or (st.session_state.pop("_batch_jump", False) and wanted in ids):
    st.session_state[PICK_KEY] = wanted if wanted in ids else ids[0]
batch_id: int = st.selectbox("批次", ids, format_func=lambda i: names[i], key=PICK_KEY)
st.session_state[ui.BATCH_KEY] = batch_id


def _progress_text(job: JobRecord) -> str:
    if job.state != "running":
        return ""
    if not job.stage:
        return "准备中"
    text = f"{STAGE_ZH.get(job.stage, job.stage)} {job.done}/{job.total}" if job.total else STAGE_ZH.get(
        job.stage, job.stage)
    if job.pages_total:
        text += f"（OCR {job.pages_done}/{job.pages_total} 页）"
    return text


def _table(progress: BatchProgress) -> pd.DataFrame:
    return pd.DataFrame([{
        "任务": j.id, "文件": j.label, "单位": j.unit_name, "状态": j.state_zh, "进度": _progress_text(j),
        "尝试次数": j.attempts, "审核记录": j.review_id, "错误": ui.zh(j.error or ""),
    } for j in progress.jobs])


def _retry(job_id: int) -> None:
    try:
        out = retry(ws, job_id, user=user)
        st.session_state[MSG_KEY] = ("info", f"任务 #{job_id} 已重新排队。" + ui.zh(out.queue_error or ""))
    except DocReviewError as e:
        st.session_state[MSG_KEY] = ("error", ui.zh(e.message))


def _cancel(batch: int) -> None:
    try:
        done = cancel(ws, batch, user=user)
        st.session_state[MSG_KEY] = ("info", f"已取消 {done['cancelled']} 个排队中的任务；{done['stopping']} 个正在审核的任务"
                                             "将在当前阶段结束后停止。")
    except DocReviewError as e:
        st.session_state[MSG_KEY] = ("error", ui.zh(e.message))


def _show(batch: int, *, polling: bool) -> None:
    try:
        progress = jobs.batch_progress(ws, batch, user=user)
    except DocReviewError as e:
        ui.show_error(e)
        return
    if polling and progress.finished:
        st.rerun()  # the whole page again, without the timer
    c = progress.counts
    cols = st.columns(5)
    for col, state in zip(cols, jobs.STATE_ZH, strict=True):
        col.metric(jobs.STATE_ZH[state], c[state])
    ended = len(progress.jobs) - c["queued"] - c["running"]
    st.progress(progress.fraction, text=f"{ended} / {len(progress.jobs)} 个文件已结束")
    if polling:
        st.caption(f"后台审核中，每 {refresh_s:g} 秒自动刷新；离开本页不影响审核。")
        st.button("取消批次", key="cancel_batch", on_click=_cancel, args=(batch,),
                  help="排队中的文件不再审核；正在审核的文件在当前阶段结束后停止。")
    message = st.session_state.pop(MSG_KEY, None)
    if message:
        (st.error if message[0] == "error" else st.info)(ui.markdown_text(message[1]))
    st.dataframe(_table(progress), hide_index=True, width="stretch")

    failed = [j for j in progress.jobs if j.state in ("failed", "cancelled")]
    if failed:
        st.subheader("未完成的文件")
    for j in failed[:50]:
        with st.container(border=True):
            c1, c2 = st.columns([4, 1])
            c1.markdown(ui.markdown_text(f"任务 #{j.id}：{j.label} — {j.state_zh}（已尝试 {j.attempts} 次）"))
            if j.error:
                c1.error(ui.markdown_text(ui.zh(j.error)), icon=":material/error:")
            c2.button("重试", key=f"retry_{j.id}", on_click=_retry, args=(j.id,))

    finished = [j for j in progress.jobs if j.state == "done" and j.review_id is not None]
    if not finished:
        return
    st.subheader("已完成的审核")
    summaries = {r.id: r for r in ws.list_reviews(user=user, batch_id=batch)}
    if len(finished) > OPEN_BUTTONS:
        pick = st.selectbox("审核记录", [j.review_id for j in finished], key="open_pick",
                            format_func=lambda rid: next(f"#{rid} {j.label}" for j in finished if j.review_id == rid))
        if st.button("去审核", key="open_picked"):
            ui.open_review(int(pick))  # type: ignore[arg-type]
        return
    for j in finished:
        s = summaries.get(j.review_id)  # type: ignore[arg-type]
        with st.container(border=True):
            c1, c2 = st.columns([4, 1])
            line = f"{j.label}（任务 #{j.id}）"
            if s is not None:
                line += (f" — 规则计算总分 {total_text(s.computed_total)}，评级 {s.rating or '不评级'}，发现问题 {s.flag_count} 项"
                         f"（审核记录 #{s.id}，第 {s.version} 版）")
            c1.markdown(ui.markdown_text(line))
            for note in j.notes:
                c1.caption(ui.markdown_text(ui.zh(note)))
            if c2.button("去审核", key=f"open_{j.review_id}"):
                ui.open_review(int(j.review_id))  # type: ignore[arg-type]


def _exports(progress: BatchProgress) -> None:
    """批次导出: the batch's XLSX (汇总, 通报排名, a sheet per unit) and a ZIP of the units' 审核意见书 with 落款/日期,
    made when a button is clicked, from the reviews the signed-in user may see."""
    batch = progress.batch
    st.subheader("批次导出")
    c1, c2 = st.columns(2)
    signer = c1.text_input("落款（审核意见书末尾）", key="memo_signer", max_chars=100, placeholder="如：某市财政局绩效评价科")
    day = c2.date_input("日期", value=dt.date.today(), key="memo_date", format="YYYY/MM/DD")

    def workbook() -> bytes:
        return batch_to_xlsx(ws.latest_records(batch_id=batch.id), ws.batch_ranking(batch.id), batch_name=batch.name)

    def memos() -> bytes:
        return batch_memos_zip(ws.latest_records(batch_id=batch.id), signer=signer,
                               date=day if isinstance(day, dt.date) else None)

    c1, c2 = st.columns(2)
    c1.download_button("下载批次汇总表（XLSX）", workbook, file_name=sanitize_filename(f"{batch.name}_审核结果.xlsx"),
                       mime=XLSX_MIME, key="batch_xlsx", on_click="ignore", icon=":material/download:")
    c2.download_button("下载各单位审核意见书（ZIP）", memos, file_name=sanitize_filename(f"{batch.name}_审核意见书.zip"),
                       mime="application/zip", key="batch_memos", on_click="ignore", icon=":material/download:")


initial = jobs.batch_progress(ws, batch_id, user=user)
if initial.finished:
    _show(batch_id, polling=False)
else:
    st.fragment(run_every=refresh_s)(_show)(batch_id, polling=True)
if any(j.state == "done" for j in initial.jobs):
    _exports(initial)


def _admin_delete(progress: BatchProgress) -> None:
    """删除 (admins only, soft and audited): the whole batch, or one review of it; hidden from every list after."""
    batch = progress.batch
    with st.expander("删除（管理员）"):
        sure = st.checkbox(ui.markdown_text(f"确认删除批次「{batch.name}」及其全部审核记录（删除记入审计日志）"),
                           key=f"delete_sure_{batch.id}")
        if st.button("删除批次", key="delete_batch", disabled=not sure):
            try:
                ws.delete_batch(batch.id, by=user)
            except DocReviewError as e:
                ui.show_error(e)
            else:
                st.session_state.pop(ui.BATCH_KEY, None)
                st.session_state.pop(PICK_KEY, None)
                st.rerun()
        reviews = ws.list_reviews(batch_id=batch.id)
        if not reviews:
            return
        names = {r.id: f"#{r.id} {r.unit_name}（第 {r.version} 版，{'、'.join(r.report_files)}）" for r in reviews}
        pick = st.selectbox("审核记录", list(names), format_func=lambda i: names[i], key="delete_review_pick")
        if st.button("删除该审核记录", key="delete_review"):
            try:
                ws.delete_review(int(pick), by=user)  # type: ignore[arg-type]
            except DocReviewError as e:
                ui.show_error(e)
            else:
                st.session_state[MSG_KEY] = ("info", f"审核记录 #{pick} 已删除。")
                st.rerun()


if user.role == "admin":
    _admin_delete(initial)
