"""评测: run the labelled-corpus evaluation and show precision / recall by flag type (in Chinese: the retrieval
modes by their Chinese names, a case's error by its Chinese half)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

import shell as ui
from docreview.store.records import FLAG_ZH

MODE_ZH = {"hybrid": "混合检索", "bm25": "关键词检索（BM25）", "vector": "向量检索"}

ws, user = ui.page_context()
st.header("评测")
if user.role != "admin":
    st.warning("仅管理员可以运行评测。")
    st.stop()
st.caption("在带标注的案例目录（每个案例含 policy*/report* 文件与 labels.json）上运行审核，并与标注对比。")
c1, c2, c3 = st.columns([3, 1, 1])
folder = c1.text_input("案例目录", value="corpus", key="eval_dir")
mode = c2.selectbox("检索方式", list(MODE_ZH), format_func=MODE_ZH.__getitem__, key="eval_mode")
try:
    from docreview.score import list_profiles

    profiles = list_profiles(ws.settings) or ["default"]
except Exception:  # noqa: BLE001 — scoring module missing or misconfigured
    profiles = ["default"]
profile = c3.selectbox("评分方案", profiles, key="eval_profile")

if st.button("运行评测", type="primary", key="eval_run"):
    path = Path(folder).expanduser()
    if not path.is_dir():
        st.error(ui.markdown_text(f"目录不存在：{folder}"))
    else:
        from docreview.evaluate import evaluate_corpus

        bar = st.progress(0.0, text="评测中…")

        def on_case(done: int, total: int) -> None:
            bar.progress(done / total if total else 1.0, text=f"已完成 {done}/{total} 个案例")

        try:
            report = evaluate_corpus(path, settings=ws.settings, mode=mode, profile=profile, progress=on_case)
            st.session_state["eval_report"] = report.model_dump(mode="json")
        except Exception as e:  # noqa: BLE001 — show the error, keep the app alive
            ui.show_error(e)

data = st.session_state.get("eval_report")
if data:
    flags = data["flags"]
    m = st.columns(5)
    m[0].metric("问题精确率", f"{flags['precision']:.2f}")
    m[1].metric("问题召回率", f"{flags['recall']:.2f}")
    m[2].metric("F1", f"{flags['f1']:.2f}")
    m[3].metric("指标召回率", f"{data['indicators']['recall']:.2f}")
    m[4].metric("完成值准确率", f"{data['actuals']['accuracy']:.2f}")
    st.caption(ui.markdown_text(f"目录 {data['corpus']} · {MODE_ZH.get(data['mode'], data['mode'])} · {len(data['cases'])} 个案例 · "
                                f"每案例 {data['seconds_per_case']:.2f} 秒"))
    st.subheader("按问题类型")
    st.dataframe(pd.DataFrame([
        {"问题类型": FLAG_ZH.get(code, code), "代码": code, "精确率": round(m_["precision"], 3),
         "召回率": round(m_["recall"], 3), "F1": round(m_["f1"], 3), "样本数": m_.get("support", 0)}
        for code, m_ in flags["by_type"].items()]), hide_index=True, width="stretch", key="eval_by_type")
    st.subheader("按案例")
    st.dataframe(pd.DataFrame([
        {"案例": c["id"], "正确": len(c["true_positives"]), "误报": len(c["false_positives"]),
         "漏报": len(c["misses"]), "指标": f"{c['indicators_found']}/{c['indicators_expected']}",
         "完成值": f"{c['actuals_correct']}/{c['actuals_expected']}", "耗时（秒）": round(c["seconds"], 2),
         "错误": ui.zh(c.get("error") or "")}
        for c in data["cases"]]), hide_index=True, width="stretch", key="eval_cases")
