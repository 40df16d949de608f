"""上传: an upload is a set of units (issue 15); one review job per unit, queued in a batch; the page returns at once.

Each file gets a kind (目标表 / 自评表 / 自评报告 / 监控表 / 政策文件), detected as soon as it is chosen (the document kind
of domain.md §7.1 with its reason, and the name) and editable, and a unit: by hand (a unit per file, chosen from the
units the user may see and those named for other files of this upload, or typed as a new one (``shell.unit_choice``);
default the 被审核单位 field), by a folder per unit in a ZIP, or by a manifest (单位, 文件名, 类型; template downloadable here).  A
unit's report files are reviewed together as one review (``queue.submit_set``); policies without a unit are shared by
the batch.  The reviews run on the queue's workers (``docreview.queue``), not in this page: leaving the page loses
nothing, and 批次进度 shows how far each unit got.  After a submission the file pickers are emptied.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import shell as ui
from docreview.errors import DocReviewError
from docreview.models import DOC_KIND_ZH
from docreview.pipeline import detect_kind
from docreview.queue import Submission, submit_set
from docreview.queue.units import (
    SetFile,
    apply_manifest,
    files_from_zip,
    guess_kind,
    manifest_template,
    plan_units,
    read_manifest,
)
from docreview.store.files import UPLOAD_TYPES, sanitize_filename
from docreview.store.history import clean_unit_name, unit_names
from docreview.store.jobs import FILE_KIND_ZH, FILE_KINDS
from docreview.store.records import local_time

SUBMISSION_KEY = "upload_submission"
KINDS_KEY = "detected_kinds"  # sha256 of a report's bytes → its detected kind (detection reads the whole file)
GEN_KEY = "upload_generation"  # bumped after a submission: new widget keys, so the file pickers start empty
MODES = {"hand": "逐个上传", "zip": "ZIP 压缩包（每个单位一个文件夹）", "manifest": "清单（XLSX/CSV：单位、文件名、类型）"}
KIND_BY_ZH = {zh: kind for kind, zh in FILE_KIND_ZH.items()}

ws, user = ui.page_context()
cfg = ws.settings
limit_mb = cfg.store.upload_max_mb

st.header("上传文件")
st.caption(f"支持 PDF、DOCX、XLSX、HTML、TXT、MD；单个文件不超过 {limit_mb:g} MB。"
           "同一单位的文件（如自评表和自评报告）合并为一条审核记录，一起与政策文件对照；未指定单位的政策文件由本批次所有单位共用；"
           "未上传政策文件时以报告自身的年度指标值为目标。系统自动识别文件类型，审核人可以更改。"
           "同一批次中再次上传同一单位、同样类型的文件（如更正后的报告）生成该审核记录的新版本，未变化问题的审核结论自动沿用。"
           "同一单位已有上一年度审核记录时，自动作为上年对照。提交后在后台审核，可以离开本页，在「批次进度」查看进度和结果。")
gen = int(st.session_state.get(GEN_KEY, 0))


def _key(name: str) -> str:
    """A widget key of this round of the form (a new round after each submission starts empty)."""
    return name if gen == 0 else f"{name}~{gen}"


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


def _file_kind(name: str, data: bytes) -> tuple[str, dict[str, Any]]:
    """The kind proposed for a file (detection and its name) and what detection found."""
    found = _detected(name, data)
    return guess_kind(name, found["kind"]), found


def _units_named() -> list[str]:
    """The units a file can be given: those of the reviews the user may see and those already named for the files
    of this upload (chosen or typed), one spelling per unit (``history.unit_names``), cleaned."""
    suffix = f"~{gen}" if gen else ""
    named = [v for k, v in st.session_state.items()
             if isinstance(k, str) and isinstance(v, str) and v != ui.NEW_UNIT and k != "unit_name"
             and k.startswith(("unit_", "punit_", "unitpick_", "punitpick_"))
             and (k.endswith(suffix) if suffix else "~" not in k)]
    return unit_names(clean_unit_name(n) for n in [*ws.unit_names(), *named] if n.strip())


def _by_hand() -> list[SetFile]:
    policy_files = st.file_uploader("政策文件 / 绩效目标表（可选，可多选）", type=UPLOAD_TYPES, accept_multiple_files=True,
                                    key=_key("policy_files"), max_upload_size=max(1, math.ceil(limit_mb)))
    report_files = st.file_uploader("待审核文件：自评表 / 自评报告 / 目标申报表 / 监控表（必选，可多选）", type=UPLOAD_TYPES,
                                    accept_multiple_files=True, key=_key("report_files"),
                                    max_upload_size=max(1, math.ceil(limit_mb)))
    files: list[SetFile] = []
    named = _units_named()
    if policy_files:
        st.markdown("**政策文件所属单位**（留空：本批次所有单位共用）")
    shas: set[str] = set()  # the same bytes twice are one file (and one widget)
    for f in policy_files or []:
        data = f.getvalue()
        sha = hashlib.sha256(data).hexdigest()[:16]
        if sha in shas:
            continue
        shas.add(sha)
        c1, c2 = st.columns([3, 2])
        c1.markdown(ui.markdown_text(f.name))
        unit = ui.unit_choice(c2, f"{f.name} 所属单位", named, key=_key(f"punitpick_{sha}"),
                              text_key=_key(f"punit_{sha}"), empty="本批次共用")
        files.append(SetFile(filename=f.name, data=data, kind="policy", unit=unit))
    if not report_files:
        return files
    st.markdown("**文件类型和所属单位**（类型自动识别，可更改；同一单位的文件合并为一条审核记录；单位留空则归入下方填写的被审核单位）")
    seen: set[str] = set()  # the same bytes twice are one file
    for f in report_files:
        data = f.getvalue()
        proposed, found = _file_kind(f.name, data)
        sha = found["sha"][:16]
        if found["sha"] in seen:
            st.caption(ui.markdown_text(f"{f.name}：与前面的文件内容相同，已合并"))
            continue
        seen.add(found["sha"])
        c1, c2, c3 = st.columns([3, 2, 2])
        if found["kind"] is None:
            c1.markdown(ui.markdown_text(f"{f.name}：未能识别文件类型"))
            c1.caption(ui.markdown_text(ui.zh(found["error"] or "")))
        else:
            c1.markdown(ui.markdown_text(f"{f.name}：{DOC_KIND_ZH[found['kind']]}"))
            c1.caption(ui.markdown_text(f"识别依据：{found['reason']}"))
        choice = c2.selectbox(f"{f.name} 的文件类型", list(FILE_KINDS), index=list(FILE_KINDS).index(proposed),
                              format_func=lambda k: FILE_KIND_ZH[k], key=_key(f"kind_{sha}"),
                              label_visibility="collapsed")
        if choice != proposed:
            c2.caption(f"已更改：按「{FILE_KIND_ZH[choice]}」审核")
        unit = ui.unit_choice(c3, f"{f.name} 所属单位", named, key=_key(f"unitpick_{sha}"),
                              text_key=_key(f"unit_{sha}"), empty="默认：被审核单位")
        files.append(SetFile(filename=f.name, data=data, kind=choice, unit=unit, detected=proposed))
    return files


def _review_table(files: list[SetFile]) -> list[SetFile]:
    """The files of a ZIP or a manifest as an editable table: unit and kind per file."""
    if not files:
        return files
    rows = []
    proposed = []
    for f in files:
        kind = f.kind or _file_kind(f.filename, f.data)[0]
        proposed.append(kind)
        rows.append({"文件": f.filename, "单位": f.unit, "类型": FILE_KIND_ZH[kind]})
    st.markdown("**文件、所属单位和类型**（可更改；单位留空的政策文件由本批次共用，其他文件归入下方填写的被审核单位）")
    edited = st.data_editor(pd.DataFrame(rows), hide_index=True, width="stretch", key=_key("set_table"),
                            disabled=["文件"], column_config={
                                "类型": st.column_config.SelectboxColumn("类型", options=list(FILE_KIND_ZH.values()),
                                                                       required=True)})
    out = []
    for f, kind, (_, row) in zip(files, proposed, edited.iterrows(), strict=True):
        unit = "" if pd.isna(row["单位"]) else str(row["单位"])
        out.append(f.model_copy(update={"unit": unit, "kind": KIND_BY_ZH.get(str(row["类型"]), kind),
                                        "detected": kind}))
    return out


def _from_zip() -> list[SetFile]:
    upload = st.file_uploader("ZIP 压缩包：每个单位一个文件夹，文件夹名即单位名；根目录下的政策文件由所有单位共用", type=["zip"],
                              key=_key("zip_file"))
    if upload is None:
        return []
    try:
        files, errors = files_from_zip(upload.getvalue(), settings=cfg.ingest, name=upload.name)
    except DocReviewError as e:
        ui.show_error(e)
        return []
    for err in errors:
        st.warning(ui.markdown_text(ui.zh(err.message)))
    return _review_table(files)


def _from_manifest() -> list[SetFile]:
    st.download_button("下载清单模板", manifest_template(), file_name="上传清单模板.xlsx", key="manifest_template",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    manifest = st.file_uploader("清单（XLSX 或 CSV，列：单位、文件名、类型）", type=["xlsx", "csv"], key=_key("manifest_file"))
    uploads = st.file_uploader("清单中列出的文件（可多选）", type=UPLOAD_TYPES, accept_multiple_files=True,
                               key=_key("set_files"), max_upload_size=max(1, math.ceil(limit_mb)))
    files = [SetFile(filename=f.name, data=f.getvalue()) for f in uploads or []]
    if manifest is not None:
        try:
            rows = read_manifest(manifest.getvalue(), manifest.name)
        except DocReviewError as e:
            ui.show_error(e)
            return []
        files, errors = apply_manifest(rows, files)
        for err in errors:
            st.warning(ui.markdown_text(ui.zh(err.message)))
    return _review_table(files)


profiles = _profiles()
mode = st.radio("文件与单位的对应方式", list(MODES), format_func=lambda m: MODES[m], horizontal=True, key="pair_mode")
set_files = {"hand": _by_hand, "zip": _from_zip, "manifest": _from_manifest}[mode]()
if any(f.kind != "policy" for f in set_files):  # what will be reviewed together, before the reviewer submits
    preview = plan_units(set_files, default_unit=str(st.session_state.get("unit_name", "")))
    st.markdown(f"**将形成 {len(preview.units)} 条审核记录**（每个单位一条，单位内的文件一起审核；未指定单位的报告文件"
                "归入下方的「被审核单位」，提交时生效，未填写时按批次单位或文件名）")
    for planned in preview.units[:30]:
        against = "、".join(f.filename for f in planned.policies) or "无政策文件，以报告自身目标值为准"
        st.caption(ui.markdown_text(f"{planned.unit_name}：{'、'.join(f.filename for f in planned.reports)}（对照：{against}）"))
    for err in preview.errors:
        st.warning(ui.markdown_text(ui.zh(err.message)))

with st.form("upload_form", clear_on_submit=False):
    batches = {b.id: b for b in ws.list_batches(user=user)}
    c0, c1, c2, c3 = st.columns(4)
    batch_choice = c0.selectbox(
        "批次", [None, *batches], key="batch_choice", placeholder="新建批次",  # None is shown as the placeholder
        format_func=lambda i: "新建批次" if i is None else f"{batches[i].name}（{batches[i].unit_name or '多个单位'}）",
        help="同一批次中再次上传同一单位、同样类型的文件（如更正后的报告）会生成新版本，未变化问题的审核结论自动沿用。")
    batch_name = c1.text_input("新批次名称", value=f"{local_time(dt.datetime.now(dt.UTC))[:10]} 审核批次",
                               key="batch_name", max_chars=200)
    unit_name = c2.text_input("被审核单位（留空则用批次单位或报告文件名）", key="unit_name", max_chars=200)
    default_profile = cfg.scoring.profile if cfg.scoring.profile in profiles else profiles[0]
    profile = c3.selectbox("评分方案", profiles, index=profiles.index(default_profile), key="profile",
                           format_func=ui.profile_zh)
    submitted = st.form_submit_button("开始审核", type="primary")

if submitted:
    if not any(f.kind != "policy" for f in set_files):
        st.warning("请至少上传一个报告文件（绩效自评表或自评报告）。")
    elif batch_choice is None and not batch_name.strip():
        st.warning("请填写新批次名称。")
    else:
        try:
            # stores the files and queues one job per unit: no review runs in this page
            submission = submit_set(ws, set_files, batch_name=batch_name, batch_id=batch_choice, unit_name=unit_name,
                                    profile=profile, user=user)
        except DocReviewError as e:
            ui.show_error(e)
        else:
            st.session_state[SUBMISSION_KEY] = submission.model_dump(mode="json")
            if submission.batch is not None:
                st.session_state[ui.BATCH_KEY] = submission.batch.id
            if submission.jobs:  # the files are stored: the next round of the form starts empty
                st.session_state[GEN_KEY] = gen + 1
                st.rerun()

if SUBMISSION_KEY in st.session_state:
    result = Submission.model_validate(st.session_state[SUBMISSION_KEY])
    st.subheader("本次提交")
    for err in result.errors:
        role = "政策文件" if err.role == "policy" else "报告文件"
        st.error(ui.markdown_text(f"{role}未能处理：{ui.zh(err.message)}"), icon=":material/error:")
    if result.batch is not None and result.jobs:
        st.success(ui.markdown_text(
            f"已提交 {len(result.jobs)} 个审核任务（批次「{result.batch.name}」#{result.batch.id}），正在后台审核；"
            "离开本页不影响审核，结果在「批次进度」中查看。"), icon=":material/schedule:")
        if result.queue_error:
            st.warning(ui.markdown_text(ui.zh(result.queue_error)))
        for job in result.jobs[:20]:
            shared = "、".join(f.filename for f in job.unit.policies)
            st.caption(ui.markdown_text(f"任务 #{job.id}：{job.unit_name} — {job.label}"
                                        + (f"（对照：{shared}）" if shared else "")))
        if len(result.jobs) > 20:
            st.caption(f"……共 {len(result.jobs)} 个任务")
        if st.button("查看批次进度", key="to_batch", type="primary"):
            ui.open_batch(result.batch.id)
    elif not result.errors:
        st.info("没有提交审核任务。")
