"""上传: policy and report files → one review per report, saved in a new batch.

Each report's document kind (domain.md §7.1) is detected as soon as it is chosen and shown with its reason;
the reviewer may override it, and the review runs the rules of the chosen kind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import tempfile
from pathlib import Path
from typing import Any, Literal

import streamlit as st

import shell as ui
from docreview.errors import DocReviewError
from docreview.models import DOC_KIND_ZH, DOC_KINDS
from docreview.pipeline import detect_kind
from docreview.store.export import total_text
from docreview.store.files import UPLOAD_TYPES, sanitize_filename
from docreview.store.intake import Upload, UploadOutcome, review_uploads
from docreview.store.records import local_time

OUTCOME_KEY = "upload_outcome"
KINDS_KEY = "detected_kinds"  # sha256 of a report's bytes → its detected kind (detection reads the whole file)
STAGES = list(ui.STAGE_ZH)

ws, user = ui.page_context()
cfg = ws.settings
limit_mb = cfg.store.upload_max_mb

st.header("上传文件")
st.caption(f"支持 PDF、DOCX、XLSX、HTML、TXT、MD；单个文件不超过 {limit_mb:g} MB。"
           "每个报告文件单独形成一条审核记录，与全部政策文件对照；未上传政策文件时以报告自身的年度指标值为目标。"
           "报告文件可以是绩效自评表、自评报告、绩效目标申报表或运行监控表，系统自动识别文件类型，审核人可以更改。"
           "同一单位已有上一年度审核记录时，自动作为上年对照。")


def _profiles() -> list[str]:
    try:
        from docreview.score import list_profiles

        return list_profiles(cfg) or ["default"]
    except Exception:  # noqa: BLE001 — the scoring module may be missing or misconfigured
        return ["default"]


def _detected(name: str, data: bytes) -> dict[str, Any]:
    """The kind detected for one report file (cached by content for this session)."""
    cache: dict[str, dict[str, Any]] = st.session_state.setdefault(KINDS_KEY, {})
    sha = hashlib.sha256(data).hexdigest()
    if sha not in cache:
        with tempfile.TemporaryDirectory(prefix="docreview-kind-") as tmp:
            path = Path(tmp) / sanitize_filename(name)
            path.write_bytes(data)
            try:
                decision = detect_kind([path], cfg)
                cache[sha] = {"kind": decision.kind, "reason": decision.reason, "error": None}
            except DocReviewError as e:
                cache[sha] = {"kind": None, "reason": "", "error": e.message}
            except Exception as e:  # noqa: BLE001 — a file the detector trips on is still offered for review
                cache[sha] = {"kind": None, "reason": "", "error": f"{type(e).__name__}: {e}"}
    return {"sha": sha, **cache[sha]}


profiles = _profiles()
policy_files = st.file_uploader("政策文件 / 绩效目标表（可选，可多选）", type=UPLOAD_TYPES, accept_multiple_files=True,
                                key="policy_files", max_upload_size=max(1, math.ceil(limit_mb)))
report_files = st.file_uploader("待审核文件：自评表 / 自评报告 / 目标申报表 / 监控表（必选，可多选）", type=UPLOAD_TYPES,
                                accept_multiple_files=True, key="report_files",
                                max_upload_size=max(1, math.ceil(limit_mb)))
chosen_kinds: dict[int, str | None] = {}  # position of a report → the kind to review it as (None: as detected)
if report_files:
    st.markdown("**文件类型**（自动识别，可更改；类型决定适用的审核规则）")
    by_content: dict[str, str | None] = {}  # the same bytes twice share one choice (and one widget key)
    for n, f in enumerate(report_files):
        found = _detected(f.name, f.getvalue())
        if found["sha"] in by_content:
            chosen_kinds[n] = by_content[found["sha"]]
            st.caption(ui.markdown_text(f"{f.name}：与前面的文件内容相同，文件类型相同"))
            continue
        c1, c2 = st.columns([3, 2])
        if found["kind"] is None:
            c1.markdown(ui.markdown_text(f"{f.name}：未能识别文件类型"))
            c1.caption(ui.markdown_text(found["error"] or ""))
            chosen_kinds[n] = None
            continue
        c1.markdown(ui.markdown_text(f"{f.name}：{DOC_KIND_ZH[found['kind']]}"))
        c1.caption(ui.markdown_text(f"识别依据：{found['reason']}"))
        choice = c2.selectbox(f"第 {n + 1} 个报告的文件类型", list(DOC_KINDS), index=list(DOC_KINDS).index(found["kind"]),
                              format_func=lambda k: DOC_KIND_ZH[k], key=f"kind_{found['sha'][:16]}",
                              label_visibility="collapsed")
        chosen_kinds[n] = by_content[found["sha"]] = None if choice == found["kind"] else choice
        if choice != found["kind"]:
            c2.caption(f"已更改：按「{DOC_KIND_ZH[choice]}」审核")

with st.form("upload_form", clear_on_submit=False):
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
    reports = [Upload(filename=f.name, data=f.getvalue(), kind=chosen_kinds.get(n))
               for n, f in enumerate(report_files or [])]
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
                f"{'、'.join(s.report_files)} — 规则计算总分 {total_text(s.computed_total)}，评级 {s.rating or '不评级'}，"
                f"发现问题 {s.flag_count} 项（审核记录 #{s.id}，第 {s.version} 版）"))
            for line in result.notes.get(s.id, []):
                c1.caption(ui.markdown_text(line))
            if c2.button("去审核", key=f"open_{s.id}"):
                ui.open_review(s.id)
    if not result.reviews and not result.errors:
        st.info("没有生成审核记录。")
