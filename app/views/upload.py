"""上传: policy and report files → one review per report, saved in a new batch."""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

import streamlit as st

import shell as ui
from docreview.store.files import UPLOAD_TYPES
from docreview.store.intake import Upload, UploadOutcome, review_uploads
from docreview.store.records import local_time

OUTCOME_KEY = "upload_outcome"
STAGES = list(ui.STAGE_ZH)

ws, user = ui.page_context()
cfg = ws.settings
limit_mb = cfg.store.upload_max_mb

st.header("上传文件")
st.caption(f"支持 PDF、DOCX、XLSX、HTML、TXT、MD；单个文件不超过 {limit_mb:g} MB。"
           "每个报告文件单独形成一条审核记录，与全部政策文件对照；未上传政策文件时以报告自身的年度指标值为目标。")


def _profiles() -> list[str]:
    try:
        from docreview.score import list_profiles

        return list_profiles(cfg) or ["default"]
    except Exception:  # noqa: BLE001 — the scoring module may be missing or misconfigured
        return ["default"]


profiles = _profiles()
with st.form("upload_form", clear_on_submit=False):
    policy_files = st.file_uploader("政策文件 / 绩效目标表（可选，可多选）", type=UPLOAD_TYPES, accept_multiple_files=True,
                                    key="policy_files", max_upload_size=max(1, math.ceil(limit_mb)))
    report_files = st.file_uploader("绩效自评表 / 自评报告（必选，可多选）", type=UPLOAD_TYPES, accept_multiple_files=True,
                                    key="report_files", max_upload_size=max(1, math.ceil(limit_mb)))
    batches = {b.id: b for b in ws.list_batches()}
    c0, c1, c2, c3 = st.columns(4)
    batch_choice = c0.selectbox(
        "批次", [None, *batches], key="batch_choice",
        format_func=lambda i: "新建批次" if i is None else f"{batches[i].name}（{batches[i].unit_name or '多个单位'}）",
        help="同一批次中再次上传相同的文件会生成新版本，未变化问题的审核结论自动沿用。")
    batch_name = c1.text_input("新批次名称", value=f"{local_time(dt.datetime.now(dt.UTC))[:10]} 审核批次",
                               key="batch_name", max_chars=200)
    unit_name = c2.text_input("被审核单位（留空则用批次单位或报告文件名）", key="unit_name", max_chars=200)
    default_profile = cfg.scoring.profile if cfg.scoring.profile in profiles else profiles[0]
    profile = c3.selectbox("评分方案", profiles, index=profiles.index(default_profile), key="profile")
    submitted = st.form_submit_button("开始审核", type="primary")

if submitted:
    reports = [Upload(filename=f.name, data=f.getvalue()) for f in (report_files or [])]
    policies = [Upload(filename=f.name, data=f.getvalue()) for f in (policy_files or [])]
    if not reports:
        st.warning("请至少上传一个报告文件（绩效自评表或自评报告）。")
    elif batch_choice is None and not batch_name.strip():
        st.warning("请填写新批次名称。")
    else:
        n_reports = len(reports)
        order = {r.filename: i for i, r in enumerate(reports)}
        with st.status(f"正在审核 {n_reports} 个报告…", expanded=True) as status:
            bar = st.progress(0.0, text="准备中")

            def on_progress(report: str, stage: str, done: int, total: int) -> None:
                idx = STAGES.index(stage) if stage in STAGES else 0
                part = (idx + (done / total if total else 1.0)) / len(STAGES)
                i = order.get(report, 0)
                bar.progress(min(1.0, (i + part) / n_reports),
                             text=f"{report}：{ui.STAGE_ZH.get(stage, stage)} {done}/{total}")

            outcome = review_uploads(ws, policies=policies, reports=reports, batch_name=batch_name,
                                     batch_id=batch_choice, unit_name=unit_name, profile=profile, user=user,
                                     progress=on_progress)
            bar.progress(1.0, text="完成")
            state: Literal["complete", "error"] = "complete" if outcome.reviews else "error"
            status.update(label=f"完成：{len(outcome.reviews)} 条审核记录，{len(outcome.errors)} 个文件有问题",
                          state=state, expanded=False)
        st.session_state[OUTCOME_KEY] = outcome.model_dump(mode="json")

if OUTCOME_KEY in st.session_state:
    result = UploadOutcome.model_validate(st.session_state[OUTCOME_KEY])
    st.subheader("本次结果")
    for err in result.errors:
        role = "政策文件" if err.role == "policy" else "报告文件"
        st.error(ui.markdown_text(f"{role}未能处理：{err.message}"), icon=":material/error:")
    for s in result.reviews:
        with st.container(border=True):
            c1, c2 = st.columns([4, 1])
            c1.markdown(ui.markdown_text(
                f"{'、'.join(s.report_files)} — 规则计算总分 {s.computed_total:.2f}，评级 {s.rating}，"
                f"发现问题 {s.flag_count} 项（审核记录 #{s.id}，第 {s.version} 版）"))
            if c2.button("去审核", key=f"open_{s.id}"):
                ui.open_review(s.id)
    if not result.reviews and not result.errors:
        st.info("没有生成审核记录。")
