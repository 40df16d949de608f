"""`docreview review --llm` and `docreview llm check` through the real openai client to a server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from llm_server import Reply, ScriptedLLMServer
from test_cli import SAMPLES, run_cli

EXPLAIN = {
    "what_policy_asks": "目标表对该指标提出了明确要求",
    "what_report_says": "报告填报的情况与要求不符",
    "why_deviation": "按规则判断存在偏差",
    "what_to_check": ["核对原始统计台账", "要求单位补充说明"],
}
ADVICE = {"reason_quality": "boilerplate", "reason_comment": "原因表述较笼统", "category_fit": "fits",
          "category_comment": "指标归类恰当"}


def answer(request: dict[str, Any]) -> Reply:
    text = json.dumps(request.get("messages", []), ensure_ascii=False)
    return Reply(content=json.dumps(ADVICE if "reason_quality" in text else EXPLAIN, ensure_ascii=False))


@pytest.fixture
def server() -> Any:
    with ScriptedLLMServer(models=["qwen-test"], responder=answer) as s:
        yield s


def review_args(out: Path) -> list[str]:
    return ["review", "--policy", str(SAMPLES / "policy_目标表.docx"), "--report", str(SAMPLES / "report_自评表.pdf"),
            "--report", str(SAMPLES / "report_自评报告.txt"), "--json", str(out), "-q"]


@pytest.mark.slow
def test_review_llm_explains_every_flag_then_cache(tmp_path: Path, server: ScriptedLLMServer) -> None:
    env = {"DOCREVIEW_LLM_BASE_URL": server.base_url, "DOCREVIEW_LLM_MODEL": "qwen-test"}
    proc = run_cli(*review_args(tmp_path / "r1.json"), "--llm", cwd=tmp_path, env_extra=env)
    assert proc.returncode == 0, proc.stderr
    flags = json.loads((tmp_path / "r1.json").read_text(encoding="utf-8"))["flags"]
    assert flags, "the samples raise flags"
    for f in flags:
        ex = f["explanation"]
        assert ex["source"] == "model" and ex["grounded"] and ex["model"] == "qwen-test", f
        assert ex["prompt"].startswith("explain_flag.v1")
    calls = len(server.chat_requests)
    assert calls >= len(flags)
    # same documents again: answers come from the disk cache, no new calls
    proc = run_cli(*review_args(tmp_path / "r2.json"), "--llm", cwd=tmp_path, env_extra=env)
    assert proc.returncode == 0, proc.stderr
    assert len(server.chat_requests) == calls


def test_review_without_endpoint_uses_rule_explanations(tmp_path: Path) -> None:
    proc = run_cli(*review_args(tmp_path / "r.json"), "--llm", cwd=tmp_path)  # --llm but nothing configured
    assert proc.returncode == 0, proc.stderr
    flags = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["flags"]
    assert flags and all(f["explanation"]["source"] == "rule" for f in flags)
    assert all("【问题所在】" in f["explanation"]["text"] for f in flags)


def test_llm_check(tmp_path: Path, server: ScriptedLLMServer) -> None:
    ok = run_cli("llm", "check", cwd=tmp_path,
                 env_extra={"DOCREVIEW_LLM_BASE_URL": server.base_url, "DOCREVIEW_LLM_MODEL": "qwen-test"})
    assert ok.returncode == 0 and "qwen-test" in ok.stdout
    down = run_cli("llm", "check", cwd=tmp_path, env_extra={"DOCREVIEW_LLM_BASE_URL": "http://127.0.0.1:9/v1"})
    assert down.returncode == 2 and "Traceback" not in down.stderr


def test_eval_reports_grounded_share(tmp_path: Path, server: ScriptedLLMServer) -> None:
    import shutil

    from docreview.evaluate import evaluate_corpus, report_to_markdown
    from docreview.settings import LLMSettings, Settings

    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES.parent / "corpus" / "h04_skills_training", corpus / "h04_skills_training")
    settings = Settings(workspace=tmp_path / "ws", llm=LLMSettings(base_url=server.base_url, model="qwen-test"))
    report = evaluate_corpus(corpus, settings=settings, mode="bm25")
    assert report.llm["model_explanations"] > 0 and report.llm["rejected"] == 0
    assert report.llm["grounded_share"] == 1.0
    assert "grounding check: 100.0%" in report_to_markdown(report)
