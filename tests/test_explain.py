"""explain + llm backend, through the real openai client over HTTP to a scripted server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import netguard
from docreview.errors import ConfigError, LLMError
from docreview.explain import (
    ADVISORY_LABEL,
    FLAG_ZH,
    advisory_lines,
    check_grounding,
    explain_flags,
    explanation_stats,
    flag_prompt_variables,
    rule_explanation,
)
from docreview.llm import (
    EndpointStatus,
    LLMCache,
    OpenAIChatBackend,
    TokenBudget,
    available_prompts,
    check_endpoint,
    get_backend,
    load_prompt,
    render_prompt_text,
)
from docreview.models import (
    FLAG_TYPES,
    Claim,
    Evidence,
    Flag,
    Indicator,
    IndicatorResult,
    Match,
    Review,
    ScoreSummary,
    SearchHit,
    Span,
)
from docreview.settings import LLMSettings, Settings
from llm_server import Reply, ScriptedLLMServer

GOLDEN = Path(__file__).parent / "golden" / "prompts"

pytestmark = pytest.mark.timeout(30)



@pytest.fixture
def llm_server() -> Iterator[ScriptedLLMServer]:
    with ScriptedLLMServer(models=["test-model", "other-model"]) as server:
        yield server


# --------------------------------------------------------------------------- a small review by hand


def _flags() -> list[Flag]:
    policy_road = Evidence(side="policy", file="绩效目标表.docx", row=3, quote="新改建农村公路里程 | ≥120公里")
    report_road = Evidence(side="report", file="自评表.xlsx", sheet="自评表", row=5,
                           quote="新改建农村公路里程 | ≥120公里 | 108公里 | 20 | 20 | 资金到位较晚")
    missed = Flag(
        id="f-tm", type="target_missed", indicator="新改建农村公路里程", severity="high",
        message="新改建农村公路里程：实际108公里，未达到目标≥120公里（完成90.0%）",
        inputs={"target": "≥120公里", "actual": "108公里", "direction": ">=", "weight": 20.0, "self_score": 20.0,
                "target_value": 120.0, "actual_value": 108.0, "unit": "公里", "completion": 0.9,
                "rule_score": 18.0, "deviation": 0.1, "high_deviation": 0.1},
        evidence=[policy_road, report_road])
    budget = Flag(
        id="f-lb", type="low_budget_execution", indicator=None, severity="medium",
        message="预算执行率85.26%（执行1023.16万元÷预算1200万元），低于90%",
        inputs={"rate": 0.852633, "executed": 1023.16, "adjusted": 1200.0, "unit": "万元", "weight": 10.0,
                "rule_score": 8.53, "self_score": 10.0, "threshold": 0.9},
        evidence=[Evidence(side="report", file="自评表.xlsx", sheet="自评表", row=2,
                           quote="年度资金总额 | 1200 | 1200 | 1023.16 | 10 | 85.26% | 10")])
    missing = Flag(
        id="f-nr", type="not_reported", indicator="群众满意度", severity="high",
        message="群众满意度：报告中未找到完成值，也未自评得分（目标≥90%）",
        inputs={"target": "≥90%", "weight": 10.0, "self_score": None, "matched": False, "match_method": "none"},
        evidence=[Evidence(side="policy", file="绩效目标表.docx", row=9, quote="群众满意度 | ≥90%")],
        searched=[SearchHit(passage_id="p7", text="项目建成后，沿线群众出行条件明显改善。", score=0.41,
                            span=Span(file="自评报告.docx", page=3, block=7))])
    return [missed, budget, missing]


def make_review(flags: list[Flag] | None = None) -> Review:
    road = Indicator(id="i1", name="新改建农村公路里程", level1="产出指标", level2="数量指标",
                     target_text="≥120公里", span=Span(file="绩效目标表.docx", row=3))
    claim = Claim(id="c1", kind="row", name="新改建农村公路里程", level1="产出指标", level2="数量指标",
                  target_text="≥120公里", actual_text="108公里", reason="资金到位较晚", span=Span(file="自评表.xlsx"))
    return Review(
        id="r-test", created=dt.datetime(2025, 1, 31, 9, 0), profile="default",
        policy_files=["绩效目标表.docx"], report_files=["自评表.xlsx"], indicators=[road], claims=[claim],
        matches=[Match(indicator_id="i1", claim_id="c1", method="row_name")],
        results=[IndicatorResult(indicator_id="i1", name="新改建农村公路里程", claim_id="c1", status="missed")],
        flags=_flags() if flags is None else flags, score=ScoreSummary(rating="良"))


def answer(**over: Any) -> str:
    body = {
        "what_policy_asks": "绩效目标要求新改建农村公路里程不低于120公里。",
        "what_report_says": "报告填报的实际完成值为「108公里」。",
        "why_deviation": "实际值比目标少12公里，完成比例90%，未达到目标。",
        "what_to_check": ["核对实际完成值的统计口径", "核对自评得分是否按完成比例扣减"],
    }
    body.update(over)
    return json.dumps(body, ensure_ascii=False)


ADVICE = json.dumps({"reason_quality": "boilerplate", "reason_comment": "只写了「资金到位较晚」，没有说明具体影响。",
                     "category_fit": "fits", "category_comment": "公路里程属于数量指标。"}, ensure_ascii=False)


def is_advise(body: dict[str, Any]) -> bool:
    return "问题一" in str(body.get("messages", [{}])[0].get("content", ""))


def settings_for(server: ScriptedLLMServer | None, tmp_path: Path, **llm: Any) -> Settings:
    base = {"base_url": server.base_url if server else None, "model": "test-model", "api_key": None,
            "timeout": 5.0, "max_retries": 2, "backoff_base": 0.01, "concurrency": 1, "token_budget": 200_000,
            "max_reasks": 1, "cache": False}
    base.update(llm)
    return Settings(workspace=tmp_path / "ws", llm=LLMSettings(**base))


def only_road(review: Review) -> Review:
    return review.model_copy(update={"flags": review.flags[:1]})


# --------------------------------------------------------------------------- without a model


def test_no_endpoint_gives_rule_explanations_for_all(tmp_path: Path) -> None:
    review = make_review()
    calls: list[tuple[str, int, int]] = []
    out = explain_flags(review, settings_for(None, tmp_path), progress=lambda *a: calls.append(a))
    assert [e.flag_id for e in out] == ["f-tm", "f-lb", "f-nr"]
    assert all(e.source == "rule" and e.grounded and e.rejected_reason is None for e in out)
    assert calls[0] == ("explain", 0, 3) and calls[-1] == ("explain", 3, 3)


def test_rule_explanation_says_more_than_the_message() -> None:
    missed, budget, missing = _flags()
    e = rule_explanation(missed)
    assert e.source == "rule" and e.flag_id == "f-tm"
    for section in ("【政策要求】", "【报告情况】", "【问题所在】", "【建议核查】"):
        assert section in e.text
    assert "≥120公里" in e.text and "108公里" in e.text and "12公里" in e.text and "18分" in e.text
    b = rule_explanation(budget).text
    assert "85.26%" in b and "4.74个百分点" in b and "176.84万元" in b and "90%" in b
    m = rule_explanation(missing).text
    assert "沿线群众出行条件明显改善" in m  # shows what was searched


# realistic inputs per flag type, with the keys docreview.score writes
_INPUTS: dict[str, dict[str, Any]] = {
    "target_missed": _flags()[0].inputs,
    "not_reported": {"target": "≥90%", "weight": 10.0, "self_score": None, "matched": False, "match_method": "none"},
    "unsupported_score": {"actual": "≥120公里", "reason": "direction", "self_score": 20.0, "weight": 20.0},
    "self_score_inflated": {"target": "≥120公里", "actual": "108公里", "self_score": 20.0, "rule_score": 18.0,
                            "weight": 20.0, "tolerance": 0.1, "weight_source": "form"},
    "arithmetic_error": {"rate_stated": 95.0, "rate_computed": 85.2633, "executed": 1023.16, "adjusted": 1200.0,
                         "tolerance_pp": 0.5},
    "inconsistent_values": {"value_1": "108公里", "value_2": "112公里", "claim_1": "c1", "claim_2": "c9"},
    "unit_mismatch": {"target": "≥95%", "actual": "完成", "target_unit": "%", "weight": 10.0, "self_score": 10.0},
    "target_changed": {"policy_target": "≥120公里", "report_target": "≥100公里", "policy_direction": ">=",
                       "report_direction": ">="},
    "missing_deviation_reason": {"reason": "无", "target": "≥120公里", "actual": "108公里"},
    "low_budget_execution": _flags()[1].inputs,
    "overachieved": {"target": "≥100人次", "actual": "180人次", "direction": ">=", "target_value": 100.0,
                     "actual_value": 180.0, "unit": "人次", "ratio": 1.8, "factor": 1.5, "completion": 1.8},
    "vague_target": {"target": "有效提升", "level1": "效益指标", "level2": "社会效益指标"},
    "missing_dimension": {"dimension": "满意度", "dimension_level": "一级", "required": "产出、效益、满意度",
                          "present": "产出、效益"},
    "direction_error": {"target": "≥1500元", "direction": ">=", "expected_direction": "<="},
    "implausible_target": {"target": "2026年6月底前", "problem": "deadline_outside", "budget_year": 2025},
    "duplicate_target": {"target": "≥1.2万亩", "other_target": "≥1.5万亩"},
    "target_below_baseline": {"target": "≥1000人", "baseline_actual": "1250人", "baseline_year": 2023,
                              "baseline_file": "2023年自评表.xlsx", "direction": ">="},
    "behind_schedule": {"period": "1-6月", "schedule": 0.5, "progress": 0.3, "gap_pp": 20.0, "target": "60公里",
                        "actual": "18公里", "tolerance_pp": 10.0},
    "forecast_contradiction": {"likelihood": "确定能", "target": "60公里", "actual": "18公里", "schedule": 0.5},
    "repeated_miss": {"target": "≥95%", "actual": "92%", "baseline_target": "≥95%", "baseline_actual": "91%",
                      "baseline_year": 2023, "baseline_file": "2023年自评表.xlsx"},
}


@pytest.mark.parametrize("flag_type", FLAG_TYPES)
def test_rule_explanation_for_every_flag_type(flag_type: str) -> None:
    flag = Flag(id="x", type=flag_type, indicator=None if flag_type == "low_budget_execution" else "培训人次",  # type: ignore[arg-type]
                severity="medium", message="规则结论", inputs=_INPUTS[flag_type],
                evidence=[Evidence(side="report", file="自评表.xlsx", row=4, quote="培训人次 | ≥100人次 | 180人次")])
    text = rule_explanation(flag).text
    assert text.count("【") == 4 and "\n1. " in text
    assert "规则结论" not in text  # explains, not repeats
    assert "None" not in text and "{" not in text
    # every number the rule used (or a derived difference) shows up
    for v in _INPUTS[flag_type].values():
        if isinstance(v, str) and any(ch.isdigit() for ch in v) and not v.startswith("c"):
            assert v in text, (flag_type, v, text)


# --------------------------------------------------------------------------- prompts


def test_prompts_are_packaged_and_load_by_name() -> None:
    assert {"explain_flag.v1", "advise.v1"} <= set(available_prompts())
    tpl = load_prompt("explain_flag.v1")
    assert set(tpl.input_variables) == {"flag_type", "flag_type_zh", "severity_zh", "indicator", "message",
                                        "flag_rule", "rule_inputs", "derived", "evidence", "searched"}
    assert set(load_prompt("advise.v1").input_variables) == {"indicator", "level1", "level2", "target", "actual",
                                                             "flags", "reason"}
    with pytest.raises(ConfigError):
        load_prompt("../settings")
    with pytest.raises(ConfigError):
        load_prompt("nope.v9")


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("DOCREVIEW_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"golden file {path} missing; run with DOCREVIEW_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("index,name", [(0, "explain_flag.v1.target_missed.txt"),
                                        (1, "explain_flag.v1.low_budget_execution.txt"),
                                        (2, "explain_flag.v1.not_reported.txt")])
def test_golden_explain_prompt(index: int, name: str) -> None:
    flag = _flags()[index]
    _golden(name, render_prompt_text("explain_flag.v1", flag_prompt_variables(flag)))


def test_golden_advise_prompt() -> None:
    from docreview.explain import advice_jobs

    jobs = advice_jobs(make_review())
    assert [j.indicator for j in jobs] == ["新改建农村公路里程"]  # 群众满意度 has no category nor reason
    _golden("advise.v1.txt", render_prompt_text("advise.v1", jobs[0].variables))


def test_golden_rule_explanations() -> None:
    text = "\n\n".join(f"## {f.id}\n{rule_explanation(f).text}" for f in _flags()) + "\n"
    _golden("rule_explanations.txt", text)


# --------------------------------------------------------------------------- grounding


def test_grounding_numbers_agree_across_notations() -> None:
    evidence = ["完成率87.5%，预算1.2亿元，培训三万四千五百人次，执行率0.852633"]
    ok = check_grounding(["完成率百分之八十七点五，预算12000万元，培训34500人次，执行率约85.3%"], evidence)
    assert ok.ok, ok.reason
    assert ok.numbers_checked == 4


def test_grounding_rejects_invented_numbers_and_quotes() -> None:
    evidence = ["实际108公里，目标≥120公里", "偏差原因：资金到位较晚"]
    bad = check_grounding(["实际完成95公里", "报告称「受疫情影响」", "依据《预算法》"], evidence)
    assert not bad.ok
    assert bad.ungrounded_numbers == ["95"]
    assert bad.ungrounded_quotes == ["受疫情影响", "预算法"]
    assert "95" in bad.reason


def test_grounding_ignores_ordinal_words_and_accepts_abridged_quotes() -> None:
    evidence = ["新改建农村公路里程 | ≥120公里 | 108公里 | 20 | 20 | 资金到位较晚"]
    g = check_grounding(["一级指标下的二级指标，两个数值进一步核对，逐一说明",
                         "原文「新改建农村公路里程 … 资金到位较晚」", "1. 核对口径"], evidence)
    assert g.ok, g.reason


# --------------------------------------------------------------------------- through the real client


def test_good_answer_becomes_model_explanation(llm_server: ScriptedLLMServer, tmp_path: Path) -> None:
    llm_server.script(answer())
    out = explain_flags(only_road(make_review()), settings_for(llm_server, tmp_path))
    e = out[0]
    assert e.source == "model" and e.grounded and e.rejected_reason is None
    assert e.prompt == "explain_flag.v1" and e.model == "test-model"
    assert e.usage["total_tokens"] > 0 and e.usage["calls"] == 1
    assert "【政策要求】绩效目标要求新改建农村公路里程不低于120公里。" in e.text
    req = llm_server.chat_requests[0]
    assert req.path == "/v1/chat/completions"
    assert req.json["model"] == "test-model" and req.json["temperature"] == 0.0
    assert [m["role"] for m in req.messages] == ["system", "user"]
    assert "新改建农村公路里程" in req.last_user
    assert req.header("Authorization") == "Bearer EMPTY"  # dummy key for vLLM/Ollama
    # the advisory question for the same indicator got the "no scripted reply" 400: advisory absent
    assert e.advisory is None


@pytest.mark.parametrize("raw", [
    "```json\n" + answer() + "\n```",
    "<think>先看目标值，再看实际值。{草稿}</think>\n" + answer(),
    "<think>推理没有结束就输出了答案\n" + answer(),
    "好的，解释如下：\n" + answer()[:-1] + ",}",
])
def test_noisy_answers_are_parsed(llm_server: ScriptedLLMServer, tmp_path: Path, raw: str) -> None:
    llm_server.script(raw)
    e = explain_flags(only_road(make_review()), settings_for(llm_server, tmp_path))[0]
    assert e.source == "model", e.rejected_reason
    assert len(llm_server.chat_requests) == 2  # explanation + advisory attempt


def test_invalid_json_is_reasked_with_the_error(llm_server: ScriptedLLMServer, tmp_path: Path) -> None:
    llm_server.script('{"what_policy_asks": "目标120公里", "what_report_says": ', answer())
    e = explain_flags(only_road(make_review()), settings_for(llm_server, tmp_path))[0]
    assert e.source == "model" and e.usage["calls"] == 2
    second = llm_server.chat_requests[1]
    assert [m["role"] for m in second.messages] == ["system", "user", "assistant", "user"]
    assert "无法按要求解析" in second.last_user and "截断" in second.last_user


def test_invalid_twice_falls_back_to_rule(llm_server: ScriptedLLMServer, tmp_path: Path) -> None:
    llm_server.script("我认为这个指标没有完成。", '{"what_policy_asks": "x"}')
    e = explain_flags(only_road(make_review()), settings_for(llm_server, tmp_path, max_reasks=1))[0]
    assert e.source == "rule" and e.rejected_reason is not None and e.rejected_reason.startswith("parse:")
    assert "缺少字段" in e.rejected_reason
    assert e.prompt == "explain_flag.v1" and e.usage["calls"] == 2


def test_hallucinated_number_is_rejected(llm_server: ScriptedLLMServer, tmp_path: Path) -> None:
    llm_server.script(answer(why_deviation="实际值比目标少15公里，完成比例仅87.5%。"))
    e = explain_flags(only_road(make_review()), settings_for(llm_server, tmp_path))[0]
    assert e.source == "rule" and e.grounded is False
    assert e.rejected_reason is not None and e.rejected_reason.startswith("grounding:")
    assert "15" in e.rejected_reason and "87.5%" in e.rejected_reason
    assert e.text == rule_explanation(_flags()[0]).text
    assert e.model == "test-model" and e.usage["calls"] == 1  # the cost is still recorded


def test_429_then_success(llm_server: ScriptedLLMServer, tmp_path: Path) -> None:
    llm_server.script(Reply(status=429, content="slow down"), answer())
    e = explain_flags(only_road(make_review()), settings_for(llm_server, tmp_path))[0]
    assert e.source == "model"
    assert len(llm_server.chat_requests) >= 2


def test_500s_until_giving_up(llm_server: ScriptedLLMServer, tmp_path: Path) -> None:
    llm_server.script(*[Reply(status=500, content="boom")] * 3)
    backend = OpenAIChatBackend(settings_for(llm_server, tmp_path, max_retries=2).llm)
    from langchain_core.messages import HumanMessage

    with pytest.raises(LLMError) as info:
        backend.chat([HumanMessage(content="你好")])
    assert info.value.retryable is True
    assert "HTTP 500" in info.value.message
    assert len(llm_server.chat_requests) == 3  # 1 + max_retries


def test_retries_exhausted_fall_back_and_breaker_stops_calling(llm_server: ScriptedLLMServer,
                                                                tmp_path: Path) -> None:
    llm_server.responder = lambda body: Reply(status=503, content="overloaded")
    out = explain_flags(make_review(), settings_for(llm_server, tmp_path, max_retries=1))
    assert [e.source for e in out] == ["rule", "rule", "rule"]
    assert out[0].rejected_reason is not None and out[0].rejected_reason.startswith("llm_error:")
    assert "HTTP 503" in out[0].rejected_reason
    assert out[1].rejected_reason is not None and out[1].rejected_reason.startswith("llm_error:")
    assert out[2].rejected_reason is not None and out[2].rejected_reason.startswith("llm_unavailable:")
    assert len(llm_server.chat_requests) == 4  # two flags × (1 + 1 retry); then nothing, not even advice
    stats = explanation_stats(out)
    assert stats["rejected"] == {"llm_error": 2, "llm_unavailable": 1} and stats["grounded_share"] is None


def test_auth_error_is_not_retried(llm_server: ScriptedLLMServer, tmp_path: Path) -> None:
    llm_server.script(Reply(status=401, content="invalid api key"))
    backend = OpenAIChatBackend(settings_for(llm_server, tmp_path, max_retries=3).llm)
    from langchain_core.messages import HumanMessage

    with pytest.raises(LLMError) as info:
        backend.chat([HumanMessage(content="你好")])
    assert info.value.retryable is False and "401" in info.value.message
    assert len(llm_server.chat_requests) == 1


def test_timeout_is_retryable_and_falls_back(llm_server: ScriptedLLMServer, tmp_path: Path) -> None:
    llm_server.script(Reply(content=answer(), delay=3.0), Reply(content=answer(), delay=3.0))
    settings = settings_for(llm_server, tmp_path, timeout=0.3, max_retries=1)
    t0 = time.perf_counter()
    e = explain_flags(only_road(make_review()), settings)[0]
    assert time.perf_counter() - t0 < 2.5
    assert e.source == "rule" and e.rejected_reason is not None
    assert "超时" in e.rejected_reason and "timed out" in e.rejected_reason


def test_cache_second_run_makes_no_requests(llm_server: ScriptedLLMServer, tmp_path: Path) -> None:
    def respond(body: dict[str, Any]) -> Reply:
        return Reply(content=ADVICE if is_advise(body) else answer())

    llm_server.responder = respond
    review = only_road(make_review())
    settings = settings_for(llm_server, tmp_path, cache=True)
    first = explain_flags(review, settings)
    n = len(llm_server.chat_requests)
    assert n == 2 and first[0].source == "model"
    files = list((settings.cache_dir / "llm").rglob("*.json"))
    assert len(files) == 2 and not list((settings.cache_dir / "llm").rglob(".tmp-*"))
    second = explain_flags(review, settings)
    assert len(llm_server.chat_requests) == n  # zero new requests
    assert second[0].text == first[0].text and second[0].advisory == first[0].advisory
    assert second[0].usage["cached"] == 1 and second[0].usage["calls"] == 0
    assert explanation_stats(second)["tokens"] == 0 and explanation_stats(second)["cached"] == 1
    # another model is another cache entry
    other = settings.model_copy(update={"llm": settings.llm.model_copy(update={"model": "other-model"})})
    explain_flags(review, other)
    assert len(llm_server.chat_requests) == n + 2


def test_cache_key_depends_on_prompt_model_and_evidence() -> None:
    from docreview.llm import render_prompt

    v = flag_prompt_variables(_flags()[0])
    m1 = render_prompt("explain_flag.v1", v)
    m2 = render_prompt("explain_flag.v1", {**v, "evidence": v["evidence"] + "x"})
    keys = {LLMCache.key("explain_flag.v1", "a", m1), LLMCache.key("explain_flag.v1", "b", m1),
            LLMCache.key("explain_flag.v1", "a", m2), LLMCache.key("explain_flag.v2", "a", m1)}
    assert len(keys) == 4
    assert LLMCache.key("explain_flag.v1", "a", m1) == LLMCache.key("explain_flag.v1", "a", render_prompt(
        "explain_flag.v1", v))


def test_token_budget_stops_calls(llm_server: ScriptedLLMServer, tmp_path: Path) -> None:
    llm_server.responder = lambda body: Reply(content=answer(), prompt_tokens=400, completion_tokens=100)
    out = explain_flags(make_review(), settings_for(llm_server, tmp_path, token_budget=900, concurrency=1))
    # call 1: 0 spent → 500; call 2: 500 < 900 → 1000; then the budget is spent
    assert len(llm_server.chat_requests) == 2
    assert out[0].usage["total_tokens"] == 500 and out[1].usage["total_tokens"] == 500
    assert out[2].source == "rule"
    assert out[2].rejected_reason is not None and out[2].rejected_reason.startswith("budget:")
    assert "1000/900" in out[2].rejected_reason
    assert out[2].prompt is None  # no call was made for it
    assert all(not e.advisory for e in out)  # advice comes after explanations: nothing left for it


def test_token_budget_reservation_is_thread_safe() -> None:
    b = TokenBudget(1000)
    assert b.try_reserve(600) and b.try_reserve(600)  # 0 spent + 600 reserved < 1000
    assert not b.try_reserve(10)  # 1200 reserved
    b.settle(600, 100)
    b.settle(600, 100)
    assert b.spent == 200 and not b.exhausted and b.try_reserve(10)


def test_concurrency_limit(llm_server: ScriptedLLMServer, tmp_path: Path) -> None:
    def respond(body: dict[str, Any]) -> Reply:
        user = body["messages"][-1]["content"]
        if is_advise(body):
            return Reply(content=ADVICE, delay=0.3)
        if "low_budget_execution" in user:
            return Reply(content=answer(what_policy_asks="预算执行率应不低于90%。", what_report_says="执行率为85.26%。",
                                        why_deviation="执行率低于下限4.74个百分点。"), delay=0.3)
        return Reply(content=answer(), delay=0.3)

    llm_server.responder = respond
    flags = _flags()
    many = [flags[0].model_copy(update={"id": f"f{n}"}) for n in range(4)] + [flags[1]]
    t0 = time.perf_counter()
    out = explain_flags(make_review(many), settings_for(llm_server, tmp_path, concurrency=2))
    elapsed = time.perf_counter() - t0
    assert llm_server.max_in_flight == 2
    assert [e.source for e in out] == ["model"] * 5
    assert [e.flag_id for e in out] == ["f0", "f1", "f2", "f3", "f-lb"]
    assert elapsed < 6 * 0.3 + 1.0  # 6 calls (5 flags + 1 advice), two at a time


def test_advisory_opinions_are_attached_and_labelled(llm_server: ScriptedLLMServer, tmp_path: Path) -> None:
    def respond(body: dict[str, Any]) -> Reply:
        if is_advise(body):
            return Reply(content=ADVICE)
        return Reply(content="```json\n" + answer() + "\n```")

    llm_server.responder = respond
    review = make_review()
    flags = review.flags + [Flag(id="f-mr", type="missing_deviation_reason", indicator="新改建农村公路里程",
                                 severity="medium", message="新改建农村公路里程：未完成目标，但未说明偏差原因",
                                 inputs={"reason": "资金到位较晚", "target": "≥120公里", "actual": "108公里"})]
    out = explain_flags(review.model_copy(update={"flags": flags}), settings_for(llm_server, tmp_path))
    by_id = {e.flag_id: e for e in out}
    adv = by_id["f-tm"].advisory
    assert adv is not None
    assert adv.status == "ok" and adv.label == ADVISORY_LABEL and adv.kind == "model_opinion"
    assert adv.reason_quality == "boilerplate" and adv.reason_quality_zh == "原因说明空泛（套话）"
    assert adv.category_fit == "fits" and adv.prompt == "advise.v1"
    assert by_id["f-mr"].advisory == adv  # one question per indicator, attached to each of its flags
    assert by_id["f-lb"].advisory is None and by_id["f-nr"].advisory is None
    assert sum(is_advise(r.json) for r in llm_server.chat_requests) == 1
    advise_req = next(r for r in llm_server.chat_requests if is_advise(r.json))
    assert "资金到位较晚" in advise_req.last_user and "数量指标" in advise_req.last_user
    assert explanation_stats(out)["advisory"] == {"ok": 2}


def test_ungrounded_advisory_is_marked_rejected(llm_server: ScriptedLLMServer, tmp_path: Path) -> None:
    bad = json.dumps({"reason_quality": "空泛", "reason_comment": "报告称「疫情反复」，属于套话。",
                      "category_fit": "misfit", "category_comment": "应放在时效指标下。"}, ensure_ascii=False)
    llm_server.responder = lambda body: Reply(content=bad if is_advise(body) else answer())
    e = explain_flags(only_road(make_review()), settings_for(llm_server, tmp_path))[0]
    assert e.source == "model"
    assert e.advisory is not None
    assert e.advisory.status == "rejected" and "疫情反复" in (e.advisory.rejected_reason or "")
    assert e.advisory.reason_quality is None


def test_advisory_lines_show_the_labelled_opinion_and_read_stored_explanations() -> None:
    from docreview.models import Explanation

    # as explain.py stored it before the advisory was a typed model
    stored = {"kind": "model_opinion", "label": ADVISORY_LABEL, "prompt": "advise.v1", "model": "test-model",
              "status": "ok", "reason_quality": "boilerplate", "reason_quality_zh": "原因说明空泛（套话）",
              "reason_comment": "只写了「资金到位较晚」。", "category_fit": "fits", "category_fit_zh": "归类恰当",
              "category_comment": "公路里程属于数量指标。"}
    e = Explanation.model_validate({"flag_id": "a", "text": "t", "source": "rule", "advisory": stored})
    assert advisory_lines(e) == [f"{ADVISORY_LABEL}（test-model，advise.v1）",
                                 "偏差原因：原因说明空泛（套话）。只写了「资金到位较晚」。",
                                 "指标归类：归类恰当。公路里程属于数量指标。"]
    assert Explanation.model_validate(e.model_dump(mode="json")) == e
    none = Explanation.model_validate({"flag_id": "a", "text": "t", "source": "rule", "advisory": {}})
    assert none.advisory is None and advisory_lines(none) == []
    rejected = Explanation.model_validate({"flag_id": "a", "text": "t", "source": "rule", "advisory": {
        "prompt": "advise.v1", "model": "m", "status": "rejected", "rejected_reason": "grounding: x"}})
    assert rejected.advisory is not None and advisory_lines(rejected) == []  # ungrounded: not shown


def test_explanation_stats_counts() -> None:
    from docreview.models import Explanation

    ex = [Explanation(flag_id="a", text="t", source="model", usage={"total_tokens": 10, "calls": 1}),
          Explanation(flag_id="b", text="t", source="rule", grounded=False, rejected_reason="grounding: x"),
          Explanation(flag_id="c", text="t", source="rule", rejected_reason="budget: y"),
          Explanation(flag_id="d", text="t", source="rule")]
    s = explanation_stats(ex)
    assert s["by_source"] == {"rule": 3, "model": 1}
    assert s["rejected"] == {"budget": 1, "grounding": 1}
    assert s["grounded_share"] == 0.5 and s["tokens"] == 10 and s["calls"] == 1


# --------------------------------------------------------------------------- backend registry + endpoint check


def test_backend_registry(tmp_path: Path) -> None:
    assert get_backend(None, LLMSettings(base_url=None)) is None
    assert get_backend("none", LLMSettings(base_url="http://127.0.0.1:9/v1")) is None
    b = get_backend(None, LLMSettings(base_url="http://127.0.0.1:9/v1", model="m"))
    assert isinstance(b, OpenAIChatBackend) and b.model == "m"
    with pytest.raises(ConfigError):
        get_backend("nope", LLMSettings())


def test_check_endpoint_ok(llm_server: ScriptedLLMServer, tmp_path: Path) -> None:
    status = check_endpoint(settings_for(llm_server, tmp_path))
    assert isinstance(status, EndpointStatus)
    assert status.ok and status.model_present and status.error is None
    assert status.models == ["other-model", "test-model"] and status.base_url == llm_server.base_url
    assert status.latency_ms is not None and status.latency_ms >= 0
    assert llm_server.requests[-1].method == "GET" and llm_server.requests[-1].path == "/v1/models"


def test_check_endpoint_model_missing(llm_server: ScriptedLLMServer, tmp_path: Path) -> None:
    status = check_endpoint(settings_for(llm_server, tmp_path, model="qwen2.5-72b"))
    assert not status.ok and status.model_present is False
    assert status.error is not None and "qwen2.5-72b" in status.error and "test-model" in status.error


def test_check_endpoint_unreachable_and_unconfigured(tmp_path: Path) -> None:
    with socket.socket() as s:  # a free port that nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    status = check_endpoint(LLMSettings(base_url=f"http://127.0.0.1:{port}/v1", timeout=2))
    assert not status.ok and status.error is not None and "无法连接" in status.error
    status = check_endpoint(LLMSettings(base_url=None))
    assert not status.ok and status.error is not None and "未配置" in status.error


def test_network_guard_blocks_non_loopback() -> None:
    with pytest.raises(netguard.NetworkBlocked):
        socket.create_connection(("203.0.113.7", 443), timeout=0.1)
    with pytest.raises(netguard.NetworkBlocked):
        socket.getaddrinfo("api.openai.com", 443)
    with pytest.raises(netguard.NetworkBlocked):
        socket.socket().connect(("8.8.8.8", 53))


def test_flag_labels_cover_every_type() -> None:
    assert set(FLAG_ZH) == set(FLAG_TYPES)
