"""Explain flags: flags → explanations.

Every flag gets a rule explanation built from the numbers the rule used (``rule_explanation``).  With an
LLM endpoint, ``explain_flags`` also asks the model (prompt ``explain_flag.v1``) and keeps its answer only
when every number and quoted span in it appears in the material the model was given
(``check_grounding``); otherwise the rule explanation stands and the rejection is recorded.  A second
prompt (``advise.v1``) gives advisory opinions per indicator (is the deviation reason substantive or
boilerplate? does the indicator sit under a fitting 一级/二级 category?), stored in
``Explanation.advisory`` and labelled as model opinions: they never raise or change a flag.

The package: ``material`` (a flag's facts as text, prompt variables, answer schemas) at the bottom;
``rule_text`` (one rule explanation per flag code) and ``grounding`` (the check) above it; the calls to
the model, here.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

from docreview.explain.grounding import GroundingResult, check_grounding
from docreview.explain.material import (
    _FIT_ZH,
    _REASON_ZH,
    AdviceAnswer,
    FlagAnswer,
    _AdviceJob,
    advice_jobs,
    derived_facts,
    flag_prompt_variables,
)
from docreview.explain.rule_text import RULE_TEXT, compose_text, rule_explanation
from docreview.llm import (
    AskResult,
    ChatBackend,
    LLMCache,
    TokenBudget,
    ask_json,
    get_backend,
    load_prompt_file,
)
from docreview.models import ADVISORY_LABEL, FLAG_ZH, Advisory, Explanation, Flag, Review
from docreview.settings import Settings

__all__ = [
    "ADVISE_PROMPT",
    "ADVISORY_LABEL",
    "EXPLAIN_PROMPT",
    "FLAG_ZH",
    "RULE_TEXT",
    "AdviceAnswer",
    "FlagAnswer",
    "GroundingResult",
    "Progress",
    "advice_jobs",
    "advisory_lines",
    "check_grounding",
    "compose_text",
    "derived_facts",
    "explain_flags",
    "explanation_stats",
    "flag_prompt_variables",
    "rule_explanation",
]

EXPLAIN_PROMPT = "explain_flag.v1"
ADVISE_PROMPT = "advise.v1"

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total), called with stage ``"explain"`` from the calling thread."""


# --------------------------------------------------------------------------- explain_flags


class _Breaker:
    """Stops calling an endpoint that keeps failing (two LLM errors in a row)."""

    def __init__(self, threshold: int = 2) -> None:
        self.threshold = threshold
        self.failures = 0
        self.last_error = ""
        self._lock = threading.Lock()

    @property
    def open(self) -> bool:
        with self._lock:
            return self.failures >= self.threshold

    def record(self, ok: bool, error: str = "") -> None:
        with self._lock:
            if ok:
                self.failures = 0
            else:
                self.failures += 1
                self.last_error = error


def _usage(res: AskResult[Any]) -> dict[str, int]:
    usage = {k: v for k, v in res.usage.items() if isinstance(v, int)}
    usage["calls"] = res.calls
    if res.cached:
        usage["cached"] = 1
    return usage


def _fallback(base: Explanation, reason: str, res: AskResult[Any] | None, backend: ChatBackend) -> Explanation:
    update: dict[str, Any] = {"rejected_reason": reason}
    if res is not None and (res.calls or res.cached):
        update.update(prompt=EXPLAIN_PROMPT, model=res.model or backend.model, usage=_usage(res))
    return base.model_copy(update=update)


def _explain_one(flag: Flag, backend: ChatBackend, settings: Settings, cache: LLMCache | None,
                 budget: TokenBudget, breaker: _Breaker) -> Explanation:
    base = rule_explanation(flag)
    if breaker.open:
        return _fallback(base, f"llm_unavailable: 端点连续失败，已停止调用 / endpoint kept failing: "
                               f"{breaker.last_error}", None, backend)
    variables = flag_prompt_variables(flag)
    res = ask_json(backend, EXPLAIN_PROMPT, variables, FlagAnswer, settings=settings.llm, cache=cache,
                   budget=budget)
    if res.status == "budget":
        return _fallback(base, f"budget: {res.error}", res, backend)
    if res.status == "llm_error":
        breaker.record(False, res.error or "")
        kind = "重试后仍失败 / retries exhausted" if res.retryable else "不可重试 / not retryable"
        return _fallback(base, f"llm_error: {kind}: {res.error}", res, backend)
    breaker.record(True)
    if res.status == "parse_error" or res.value is None:
        return _fallback(base, f"parse: 重问 {settings.llm.max_reasks} 次后仍无法解析 / unparsable after "
                               f"re-asking: {res.error}", res, backend)
    answer: FlagAnswer = res.value
    fields = [answer.what_policy_asks, answer.what_report_says, answer.why_deviation, *answer.what_to_check]
    grounding = check_grounding(fields, list(variables.values()))
    if not grounding.ok:
        out = _fallback(base, f"grounding: {grounding.reason}", res, backend)
        return out.model_copy(update={"grounded": False})
    text = compose_text(answer.what_policy_asks, answer.what_report_says, answer.why_deviation,
                        answer.what_to_check)
    return Explanation(flag_id=flag.id, text=text, source="model", prompt=EXPLAIN_PROMPT,
                       model=res.model or backend.model, usage=_usage(res), grounded=True)


def _advise_one(job: _AdviceJob, backend: ChatBackend, settings: Settings, cache: LLMCache | None,
                budget: TokenBudget, breaker: _Breaker) -> Advisory | None:
    if breaker.open:
        return None
    res = ask_json(backend, ADVISE_PROMPT, job.variables, AdviceAnswer, settings=settings.llm, cache=cache,
                   budget=budget)
    if res.status == "llm_error":
        breaker.record(False, res.error or "")
    elif res.status != "budget":
        breaker.record(True)
    if res.status != "ok" or res.value is None:
        return None
    a: AdviceAnswer = res.value
    model = res.model or backend.model
    evidence = [*job.variables.values(), load_prompt_file(ADVISE_PROMPT).system]
    grounding = check_grounding([a.reason_comment, a.category_comment], evidence)
    if not grounding.ok:
        return Advisory(status="rejected", prompt=ADVISE_PROMPT, model=model,
                        rejected_reason=f"grounding: {grounding.reason}")
    return Advisory(
        status="ok", prompt=ADVISE_PROMPT, model=model,
        reason_quality=a.reason_quality, reason_quality_zh=_REASON_ZH[a.reason_quality],
        reason_comment=a.reason_comment,
        category_fit=a.category_fit, category_fit_zh=_FIT_ZH[a.category_fit],
        category_comment=a.category_comment,
    )


def _guarded(fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - an explanation must never sink the review; recorded below
        return exc


def explain_flags(review: Review, settings: Settings, *, progress: Progress | None = None,
                  backend: ChatBackend | None = None) -> list[Explanation]:
    """One explanation per flag of ``review``, in flag order.

    Without an endpoint (``settings.llm.base_url`` unset and no ``backend`` given) every flag gets its
    rule explanation.  With one, each flag is explained by the model (prompt ``explain_flag.v1``),
    ``settings.llm.concurrency`` at a time, within ``settings.llm.token_budget`` tokens for the review;
    answers are cached under ``settings.cache_dir / "llm"``.  A model answer is kept only if it is
    grounded (``check_grounding``); otherwise, and on LLM errors, unparsable answers or a spent
    budget, the rule explanation stands with ``rejected_reason`` saying why (``grounding:``,
    ``llm_error:``, ``parse:``, ``budget:``, ``llm_unavailable:``).  Advisory opinions (``advise.v1``)
    are attached to the explanations of each flagged indicator as ``Explanation.advisory``.
    """
    report = progress or (lambda stage, done, total: None)
    flags = list(review.flags)
    if backend is None:
        backend = get_backend(None, settings.llm)
    if backend is None or not flags:
        report("explain", 0, len(flags))
        out = [rule_explanation(f) for f in flags]
        report("explain", len(flags), len(flags))
        return out

    cache = LLMCache(settings.cache_dir / "llm") if settings.llm.cache else None
    budget = TokenBudget(settings.llm.token_budget)
    breaker = _Breaker()
    jobs = advice_jobs(review)
    total = len(flags) + len(jobs)
    done = 0
    report("explain", done, total)
    explanations: dict[str, Explanation] = {}
    advisories: dict[str, Advisory] = {}
    with ThreadPoolExecutor(max_workers=max(1, settings.llm.concurrency), thread_name_prefix="explain") as pool:
        futures = {pool.submit(_guarded, _explain_one, f, backend, settings, cache, budget, breaker): f
                   for f in flags}
        for fut in as_completed(futures):
            flag = futures[fut]
            result = fut.result()
            if isinstance(result, Exception):
                result = rule_explanation(flag).model_copy(
                    update={"rejected_reason": f"error: {type(result).__name__}: {result}"})
            explanations[flag.id] = result
            done += 1
            report("explain", done, total)
        # advisory opinions come second: when the budget is short, the explanations get it
        afutures = {pool.submit(_guarded, _advise_one, job, backend, settings, cache, budget, breaker): job
                    for job in jobs}
        for afut in as_completed(afutures):
            job = afutures[afut]
            adv = afut.result()
            if isinstance(adv, Advisory):
                for fid in job.flag_ids:
                    advisories[fid] = adv
            done += 1
            report("explain", done, total)
    out = []
    for f in flags:
        e = explanations[f.id]
        if f.id in advisories:
            e = e.model_copy(update={"advisory": advisories[f.id]})
        out.append(e)
    return out


def explanation_stats(explanations: Sequence[Explanation]) -> dict[str, Any]:
    """Counts for the eval: by source, fallback reasons, grounded share, tokens and cache hits.

    ``grounded_share`` = model explanations kept ÷ model answers obtained (kept + rejected by the
    grounding check); ``None`` when no model answer was obtained.
    """
    by_source = Counter(e.source for e in explanations)
    rejected = Counter((e.rejected_reason or "").split(":", 1)[0] for e in explanations if e.rejected_reason)
    kept = by_source.get("model", 0)
    answered = kept + rejected.get("grounding", 0)
    advisory = Counter(e.advisory.status for e in explanations if e.advisory)
    fresh = [e for e in explanations if not e.usage.get("cached")]
    return {
        "total": len(explanations),
        "by_source": {"rule": by_source.get("rule", 0), "model": kept},
        "rejected": dict(sorted(rejected.items())),
        "model_answers": answered,
        "grounded_share": (kept / answered) if answered else None,
        "advisory": dict(sorted(advisory.items())),
        "calls": sum(e.usage.get("calls", 0) for e in explanations),
        "cached": sum(1 for e in explanations if e.usage.get("cached")),
        "tokens": sum(e.usage.get("total_tokens", 0) for e in fresh),
    }


def advisory_lines(explanation: Explanation) -> list[str]:
    """The advisory opinion of ``explanation`` as reviewers read it: a heading with ``ADVISORY_LABEL``,
    then one line on the deviation reason and one on the category.  ``[]`` when there is none, or when
    it failed the grounding check (an ungrounded opinion is not shown, as an ungrounded explanation is
    not).  The app, the Markdown report and the DOCX memo show these lines.
    """
    adv = explanation.advisory
    if adv is None or adv.status != "ok":
        return []

    def line(topic: str, verdict: str | None, comment: str | None) -> str:
        return f"{topic}：{verdict or '—'}" + (f"。{comment.strip()}" if comment and comment.strip() else "")

    return [f"{adv.label}（{adv.model}，{adv.prompt}）",
            line("偏差原因", adv.reason_quality_zh, adv.reason_comment),
            line("指标归类", adv.category_fit_zh, adv.category_comment)]
