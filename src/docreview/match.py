"""Match each indicator to the report claim that states its actual value.

Two passes, each a global one-to-one assignment (greedy on score, best pair first):

1. **row_name** — table-row claims by name similarity (containment, rapidfuzz ratio / partial ratio,
   character-bigram Jaccard) after normalisation, with small corroborating bonuses for the same 二级指标,
   compatible units and an equal target value; accepted at ``settings.retrieval.row_name_threshold``.
2. **retrieval** — indicators still unmatched query the passage index (name + target text); prose claims
   linked to the hits are accepted when the name coverage, the fused retrieval score and the unit agree
   (``settings.retrieval.match_threshold``).  The hits are kept in ``Match.searched`` so a
   ``not_reported`` flag can show what was searched.

No match is ever forced below its threshold: an indicator without one gets ``method="none"``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from docreview.models import Claim, Indicator, Match, Quantity, SearchHit
from docreview.normalize import convert, normalize_name, units_compatible
from docreview.retrieve import PassageIndex
from docreview.settings import Settings

# --------------------------------------------------------------------------- normalisation


def units_agree(a: str | None, b: str | None) -> bool | None:
    """True/False when both units are known and (in)compatible; None when either is missing."""
    if not a or not b:
        return None
    return bool(units_compatible(a, b))


def _values_equal(a: Quantity | None, b: Quantity | None) -> bool:
    if a is None or b is None or a.value is None or b.value is None:
        return False
    if a.unit == b.unit:
        return abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value))
    try:
        converted = convert(b.value, b.unit, a.unit)
    except Exception:  # an unknown unit pair is simply "not equal"
        return False
    return converted is not None and abs(a.value - converted) <= 1e-6 * max(1.0, abs(a.value))


# --------------------------------------------------------------------------- name similarity


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} if len(text) > 1 else {text} if text else set()


_CONTRASTS: tuple[tuple[str, str], ...] = (
    ("收入", "支出"), ("增长", "下降"), ("增加", "减少"), ("上升", "下降"), ("提高", "降低"),
    ("城市", "农村"), ("城镇", "农村"), ("城区", "农村"), ("小学", "初中"), ("初中", "高中"),
    ("国内", "国外"), ("省内", "省外"),
)
_CONTRAST_PENALTY = 0.3


def _contrasting(a: str, b: str) -> bool:
    """True when one name has a word and the other its opposite (一般公共预算收入 vs 支出增长率)."""
    for x, y in _CONTRASTS:
        if (x in a and y in b and y not in a and x not in b) or (y in a and x in b and x not in a and y not in b):
            return True
    return False


@dataclass(frozen=True)
class NameSimilarity:
    """Similarity of two indicator names in [0, 1] and the measures behind it."""

    score: float
    signals: dict[str, float] = field(default_factory=dict)


def name_similarity(a: str, b: str) -> NameSimilarity:
    """How alike two indicator names are, after ``normalize.normalize_name``.

    ``score`` is the best of: equality (1.0); containment of one name in the other (0.6 + 0.4 × length
    ratio, names of at least 2 characters); rapidfuzz ``ratio``; character-bigram Jaccard; minus
    ``0.3`` when the names differ by a contrast pair (收入/支出, 增长/下降, 城镇/农村 …).
    ``partial_ratio`` is reported as a signal only: on short Chinese names it rates 贫困户满意度 and
    群众满意度 as 0.75 alike, which is noise rather than evidence.
    """
    na, nb = normalize_name(a), normalize_name(b)
    if not na or not nb:
        return NameSimilarity(0.0, {"name": 0.0})
    short, long_ = sorted((na, nb), key=len)
    contain = 0.0
    if na == nb:
        contain = 1.0
    elif len(short) >= 2 and short in long_:
        contain = 0.6 + 0.4 * len(short) / len(long_)
    ratio = fuzz.ratio(na, nb) / 100.0
    partial = fuzz.partial_ratio(na, nb) / 100.0 if len(short) >= 4 else 0.0
    ba, bb = _bigrams(na), _bigrams(nb)
    jaccard = len(ba & bb) / len(ba | bb) if ba | bb else 0.0
    contrast = 1.0 if _contrasting(na, nb) else 0.0
    score = max(0.0, max(contain, ratio, jaccard) - _CONTRAST_PENALTY * contrast)
    return NameSimilarity(score, {"name": score, "contain": contain, "ratio": ratio, "partial": partial,
                                  "jaccard": jaccard, "contrast": contrast})


def name_coverage(name: str, text: str) -> float:
    """Share of the indicator name's character bigrams found in ``text`` (1.0 when the name is inside),
    less the contrast penalty when the text says the opposite word (收入 for 支出)."""
    nn, nt = normalize_name(name), normalize_name(text)
    if not nn or not nt:
        return 0.0
    if nn in nt:
        return 1.0
    grams = _bigrams(nn)
    coverage = len(grams & _bigrams(nt)) / len(grams)
    return max(0.0, coverage - _CONTRAST_PENALTY) if _contrasting(nn, nt) else coverage


# --------------------------------------------------------------------------- scoring a candidate

_LEVEL_BONUS = 0.05
_UNIT_BONUS = 0.05
_TARGET_BONUS = 0.05
_UNIT_PENALTY = 0.15
_BONUS_FLOOR = 0.5  # bonuses only corroborate names that already look alike
# a prose claim must carry most of the indicator name: 0.6 keeps 群众对政府工作满意度 (0.75) for 群众满意度
# and refuses 群众满意度 for 贫困户满意度 (0.4 by bigrams, 0.55 by name similarity)
_MIN_PROSE_NAME = 0.6
_MIN_WORDED_NAME = 0.8
_PROSE_WEIGHTS = {"name": 0.6, "retrieval": 0.25, "unit": 0.15}


def _indicator_unit(ind: Indicator) -> str:
    return ind.unit or (ind.target.unit if ind.target else "")


def _claim_unit(claim: Claim) -> str:
    if claim.actual is not None and claim.actual.unit:
        return claim.actual.unit
    return claim.target.unit if claim.target is not None else ""


def row_candidate(ind: Indicator, claim: Claim) -> tuple[float, dict[str, float]]:
    """Score of matching a table-row claim to an indicator by name, with corroborating bonuses."""
    sim = name_similarity(ind.name, claim.name)
    signals = dict(sim.signals)
    score = sim.score
    level = bool(ind.level2 and claim.level2
                 and normalize_name(ind.level2) == normalize_name(claim.level2))
    unit = units_agree(_indicator_unit(ind), _claim_unit(claim))
    target = _values_equal(ind.target, claim.target)
    signals["level"] = 1.0 if level else 0.0
    signals["unit"] = {True: 1.0, False: -1.0, None: 0.0}[unit]
    signals["target_equal"] = 1.0 if target else 0.0
    if sim.score >= _BONUS_FLOOR:
        score += _LEVEL_BONUS * level + _UNIT_BONUS * (unit is True) + _TARGET_BONUS * target
    if unit is False:
        score -= _UNIT_PENALTY
    score = max(0.0, min(1.0, score))
    signals["score"] = score
    return score, signals


_CLAUSE = re.compile(r"[^，,；;。！？!?\n]+[，,；;。！？!?\n]*")


def _claim_window(claim: Claim, fallback: str) -> tuple[str, str]:
    """The clause of a prose claim that states its actual, and that clause with the one before it.

    A sentence often carries several claims (``开展送戏下乡演出320场次，技能培训860人次``); the name
    must be near the claim's own number, not anywhere in the sentence.
    """
    text = claim.text or fallback
    clauses = _CLAUSE.findall(text)
    actual = (claim.actual_span.quote if claim.actual_span and claim.actual_span.quote else claim.actual_text) or ""
    pos = text.find(actual) if actual else -1
    if pos < 0 or not clauses:
        return text, text
    offset = 0
    for i, clause in enumerate(clauses):
        if offset <= pos < offset + len(clause):
            return clause, (clauses[i - 1] if i else "") + clause
        offset += len(clause)
    return text, text


# the measure word of a name that prose says with the unit instead: 投诉件数 ↔ 投诉7件, 轮换数量 ↔ 轮换1.18万吨,
# 保障天数 ↔ 20天
_MEASURE_WORD = re.compile(r"(?:数量|件数|天数|人数|次数|个数|户数|场次数|总量|总数|数)$")
# the period a name opens with (年度轮换数量) is the report's whole year, said as 全年 or not at all
_PERIOD_WORD = re.compile(r"^(?:本年度|年度|全年|本年|当年|年内)")


def core_name(name: str) -> str:
    """The indicator name without a trailing measure word and a leading period word (``群众投诉件数`` →
    ``群众投诉``, ``年度轮换数量`` → ``轮换``); the name itself when fewer than 2 characters would be left."""
    key = normalize_name(name)
    core = _PERIOD_WORD.sub("", _MEASURE_WORD.sub("", key))
    return core if len(core) >= 2 else key


def _name_signal(ind: Indicator, claim: Claim, own: str, with_previous: str, unit: bool | None) -> float:
    name = max(name_coverage(ind.name, own), 0.9 * name_coverage(ind.name, with_previous))
    if claim.name:
        name = max(name, name_similarity(ind.name, claim.name).score)
    core = core_name(ind.name)
    if unit is True and core != normalize_name(ind.name):
        # the claim's unit says what the dropped measure word said, so the rest of the name must be there
        name = max(name, name_coverage(core, own), 0.9 * name_coverage(core, with_previous))
    return name


def same_project(ind: Indicator, claim: Claim) -> bool:
    """A report covering several projects keeps them apart: a claim answers only its own project's
    indicators (either side without a project — a policy, a one-project report — goes with any)."""
    return ind.project is None or claim.project is None or ind.project == claim.project


def prose_candidate(ind: Indicator, claim: Claim, hit: SearchHit) -> tuple[float, dict[str, float], bool]:
    """(score, signals, acceptable-apart-from-threshold) for a prose claim found through ``hit``.

    Refused outright when the claim states no actual, its unit cannot be converted to the target's, or
    its name signal is below 0.6.  The name signal is the best of: bigram coverage of the indicator
    name in the claim's own clause (0.9 × with the clause before it), name similarity to ``claim.name``
    and, when the units agree, the coverage of the name without its measure word (``群众投诉件数`` is
    answered by ``受理群众…投诉7件``: 件 says 件数).  ``score = 0.6·name + 0.25·retrieval + 0.15·unit``.
    """
    own, with_previous = _claim_window(claim, hit.text)
    unit = units_agree(_indicator_unit(ind), claim.actual.unit if claim.actual else None)
    name = _name_signal(ind, claim, own, with_previous, unit)
    unit_signal = {True: 1.0, False: 0.0, None: 0.5}[unit]
    score = (_PROSE_WEIGHTS["name"] * name + _PROSE_WEIGHTS["retrieval"] * hit.score
             + _PROSE_WEIGHTS["unit"] * unit_signal)
    signals = {k: v for k, v in hit.signals.items()}
    signals.update({"name": name, "retrieval": hit.score, "unit": {True: 1.0, False: -1.0, None: 0.0}[unit],
                    "score": score})
    has_actual = claim.actual is not None or bool(claim.actual_text and claim.actual_text.strip())
    # a word answer (`已全面完成`) has no unit to corroborate the name, so the name alone must be clear
    worded = claim.actual is not None and claim.actual.kind == "qualitative"
    ok = has_actual and unit is not False and name >= (_MIN_WORDED_NAME if worded else _MIN_PROSE_NAME)
    return score, signals, ok


# --------------------------------------------------------------------------- assignment


@dataclass(order=True)
class _Pair:
    sort_key: tuple[float, int, int]
    ind: int = field(compare=False)
    claim: int = field(compare=False)
    score: float = field(compare=False)
    signals: dict[str, float] = field(compare=False)


def _greedy(pairs: list[_Pair]) -> list[_Pair]:
    """Best pair first; each indicator and each claim used at most once (deterministic on ties)."""
    used_ind: set[int] = set()
    used_claim: set[int] = set()
    chosen = []
    for pair in sorted(pairs):
        if pair.ind in used_ind or pair.claim in used_claim:
            continue
        chosen.append(pair)
        used_ind.add(pair.ind)
        used_claim.add(pair.claim)
    return chosen


def _row_pairs(indicators: list[Indicator], claims: list[Claim], threshold: float,
               best_refused: dict[int, dict[str, float]]) -> list[_Pair]:
    """Table-row claims paired with indicators by name, each used once.

    Rows whose name key is the indicator's are paired first (best score first among them); the similar-name
    pass then scores only the indicators left, and only against rows sharing a character pair of their name
    keys (names sharing none cannot reach the threshold); it pairs them with the rows left.  A self-evaluation table reviewed against its
    own targets, or a target table whose names the report repeats, is paired in time linear in its rows; the
    all-pairs comparison is left for the names that differ (issue 18: no step quadratic in table count).
    ``best_refused`` gets, per indicator, the best score of a row it was compared with and did not get."""
    rows = [ci for ci, c in enumerate(claims) if c.kind == "row" and c.name.strip()]
    by_key: dict[str, list[int]] = {}
    for ci in rows:
        by_key.setdefault(normalize_name(claims[ci].name), []).append(ci)

    def scored(ii: int, cis: Iterable[int]) -> list[_Pair]:
        out = []
        for ci in cis:
            if not same_project(indicators[ii], claims[ci]):
                continue
            score, signals = row_candidate(indicators[ii], claims[ci])
            if score >= threshold:
                out.append(_Pair((-score, ii, ci), ii, ci, score, signals))
            else:
                best = best_refused[ii]
                best["best_row_name"] = max(best.get("best_row_name", 0.0), score)
        return out

    same = [p for ii, ind in enumerate(indicators) for p in scored(ii, by_key.get(normalize_name(ind.name), []))]
    chosen = _greedy(same)
    taken_ind = {p.ind for p in chosen}
    taken_claim = {p.claim for p in chosen}
    postings: dict[str, list[int]] = {}  # rows already taken are scored too: the closest refused row counts
    for ci in rows:
        for gram in _bigrams(normalize_name(claims[ci].name)):
            postings.setdefault(gram, []).append(ci)
    similar = []
    for ii, ind in enumerate(indicators):
        if ii in taken_ind:
            continue
        near = {ci for gram in _bigrams(normalize_name(ind.name)) for ci in postings.get(gram, ())}
        if rows and not near:  # no row shares a character pair with the name: as far from it as can be
            best_refused[ii].setdefault("best_row_name", 0.0)
        similar += scored(ii, sorted(near))
    chosen += _greedy([p for p in similar if p.claim not in taken_claim])
    # a row taken by a better-scoring indicator still counts as this one's closest refused row
    matched = {p.ind for p in chosen}
    for pair in same + similar:
        if pair.ind not in matched:
            best = best_refused[pair.ind]
            best["best_row_name"] = max(best.get("best_row_name", 0.0), pair.score)
    return chosen


def _prose_claims_of_hit(hit: SearchHit, index: PassageIndex, claims: Sequence[Claim], claim_pos: dict[str, int],
                         prose_at: dict[tuple[str, int | None], list[int]]) -> list[int]:
    """Prose claims stated in the hit's passage: its linked claim, and every prose claim of the same block
    whose actual (or sentence) overlaps the passage — a sentence may carry several claims."""
    found: list[int] = []
    passage = index.passage(hit.passage_id)
    if passage is not None and passage.claim_id in claim_pos:
        ci = claim_pos[passage.claim_id]
        if claims[ci].kind == "prose":
            found.append(ci)
    span = hit.span
    if span is not None and span.row is None:
        for ci in prose_at.get((span.file, span.block), []):
            cs = claims[ci].actual_span or claims[ci].span
            if ci not in found and min(cs.end, span.end) > max(cs.start, span.start):
                found.append(ci)
    return found


_MIN_SOLE_NAME = 0.4


def _sole_measure(ind: Indicator, refused: list[tuple[int, float, dict[str, float]]],
                  threshold: float) -> tuple[int, float, dict[str, float]] | None:
    """The one claim that answers ``ind`` although its wording differs (``可满足全市居民20天的口粮应急供应需求``
    for 粮食应急供应保障天数): retrieval ranks its passage first by every signal, it is the only claim among the
    hits whose unit converts to the target's (a specific unit, not ``%``), and part of the name is there."""
    unit = _indicator_unit(ind)
    if not unit or unit in ("%", "％"):
        return None
    compatible = [r for r in refused if r[2].get("unit") == 1.0]
    if len({found for found, _, _ in compatible}) != 1:
        return None
    found, score, signals = compatible[0]
    ranks = [v for k, v in signals.items() if k.endswith("_rank")]
    if not ranks or any(r != 1.0 for r in ranks):
        return None
    if signals.get("name", 0.0) < _MIN_SOLE_NAME or score < threshold:
        return None
    return found, score, signals


class _Progress:
    """Matching progress as one count: passages made searchable, then indicators searched, then claims
    compared with the matched indicators (``total`` is their sum; reported about 50 times at most)."""

    def __init__(self, report: Callable[[int, int], None] | None, total: int) -> None:
        self.report = report
        self.total = max(total, 1)
        self.done = 0
        self._step = max(1, self.total // 50)
        self._last = 0

    def grow(self, extra: int) -> None:
        self.total += extra

    def advance(self, n: int = 1) -> None:
        self.at(self.done + n)

    def at(self, done: int) -> None:
        self.done = min(max(done, self.done), self.total)
        if self.report is not None and (self.done - self._last >= self._step or self.done == self.total):
            self._last = self.done
            self.report(self.done, self.total)

    def finish(self) -> None:
        if self.report is not None and self._last != self.total:
            self.done = self._last = self.total
            self.report(self.total, self.total)


def _passages_by_place(index: PassageIndex) -> dict[tuple[str, int | None], tuple[list[int], list[str]]]:
    """Prose passages by (file, block): their start offsets (sorted) and ids, to find a claim's passage."""
    places: dict[tuple[str, int | None], list[tuple[int, str]]] = {}
    for p in index.passages:
        if p.span is not None and p.span.row is None:
            places.setdefault((p.span.file, p.span.block), []).append((p.span.start, p.id))
    out = {}
    for key, items in places.items():
        items.sort()
        out[key] = ([start for start, _ in items], [pid for _, pid in items])
    return out


def _passage_of(claim: Claim, places: dict[tuple[str, int | None], tuple[list[int], list[str]]]) -> str | None:
    span = claim.actual_span if claim.actual_span is not None and claim.actual_span.block == claim.span.block \
        else claim.span
    found = places.get((claim.span.file, claim.span.block))
    if found is None:
        return None
    starts, ids = found
    at = bisect.bisect_right(starts, span.start) - 1
    return ids[at] if at >= 0 else None


def name_candidates(ind: Indicator, claims: Sequence[Claim], prose: Sequence[int], *, limit: int) -> list[int]:
    """Prose claims (positions in ``claims``) whose own name is the indicator's (name similarity ≥ 0.6, as a
    prose match needs), best first, at most ``limit``: what the name match puts near an indicator besides
    BM25.  A claim name sharing no character pair with the indicator's core name is skipped unscored."""
    core = core_name(ind.name)
    grams = [g for g in _bigrams(core) if len(g) == 2] or [core]
    scored = []
    for ci in prose:
        name = claims[ci].name
        if not name or not any(g in name for g in grams):
            continue
        sim = name_similarity(ind.name, name).score
        if sim >= _MIN_PROSE_NAME:
            scored.append((-sim, ci))
    scored.sort()
    return [ci for _, ci in scored[:limit]]


def match_indicators(indicators: list[Indicator], claims: list[Claim], index: PassageIndex | None,
                     settings: Settings, *, progress: Callable[[int, int], None] | None = None) -> list[Match]:
    """One ``Match`` per indicator, in indicator order (``claim_id`` None when nothing passed).

    ``method`` says how the claim was found (``row_name``, ``retrieval``, ``none``); ``signals`` keep the
    measures behind ``score``; ``searched`` keeps the retrieval hits for retrieval matches and for every
    indicator left unmatched (when an index is given).  In hybrid retrieval the vector signal ranks only the
    passages BM25 puts near an indicator plus those of the claims named like it (``name_candidates``).

    ``progress(done, total)`` is called as the work advances: passages tokenised for BM25 (when prose must be
    searched), indicators searched, claims compared with the matched indicators.
    """
    rs = settings.retrieval
    work = _Progress(progress, len(indicators) + len(claims))
    matches: dict[int, Match] = {}
    best_refused: dict[int, dict[str, float]] = {i: {} for i in range(len(indicators))}

    # pass 1: table rows by name — the same name first, then similar names among the rest
    pairs = _row_pairs(indicators, claims, rs.row_name_threshold, best_refused)
    for pair in pairs:
        matches[pair.ind] = Match(indicator_id=indicators[pair.ind].id, claim_id=claims[pair.claim].id,
                                  score=pair.score, signals=pair.signals, method="row_name")

    # pass 2: prose claims through the passage index
    by_row = len(matches)
    work.advance(by_row)
    searched: dict[int, list[SearchHit]] = {}
    if index is not None and len(index) and len(matches) < len(indicators):
        index.add_terms(ind.name for ind in indicators)
        work.grow(len(index))
        base = work.done
        index.build_lexical(progress=lambda done, total: work.at(base + done))
        claim_pos = {c.id: ci for ci, c in enumerate(claims)}
        prose = [ci for ci, c in enumerate(claims) if c.kind == "prose"]
        places = _passages_by_place(index) if index.settings.retrieval.mode == "hybrid" else {}
        prose_at: dict[tuple[str, int | None], list[int]] = {}
        for ci, claim in enumerate(claims):
            if claim.kind == "prose":
                prose_at.setdefault((claim.span.file, claim.span.block), []).append(ci)
        todo = [ii for ii in range(len(indicators)) if ii not in matches]
        queries = {ii: " ".join(t for t in (indicators[ii].name, indicators[ii].target_text) if t).strip()
                   for ii in todo}
        near: dict[int, list[str]] = {}
        for ii in todo if places else []:
            found_at = (_passage_of(claims[ci], places)
                        for ci in name_candidates(indicators[ii], claims, prose, limit=rs.vector_candidates))
            near[ii] = [pid for pid in found_at if pid is not None]
        # every query's vector candidates embedded in one batch (cached ones are read, not embedded)
        index.prepare_search([queries[ii] for ii in todo], candidates=[near.get(ii, []) for ii in todo])
        prose_pairs = []
        for ii in todo:
            ind = indicators[ii]
            hits = index.search(queries[ii], k=rs.top_k, candidates=near.get(ii, []))
            work.advance()
            searched[ii] = hits
            seen: set[int] = set()
            refused: list[tuple[int, float, dict[str, float]]] = []
            accepted = False
            for hit in hits:
                for found in _prose_claims_of_hit(hit, index, claims, claim_pos, prose_at):
                    if found in seen:
                        continue
                    seen.add(found)
                    if not same_project(ind, claims[found]):
                        continue
                    score, signals, ok = prose_candidate(ind, claims[found], hit)
                    if ok and score >= rs.match_threshold:
                        prose_pairs.append(_Pair((-score, ii, found), ii, found, score, signals))
                        accepted = True
                    else:
                        refused.append((found, score, signals))
                        best = best_refused[ii]
                        best["best_retrieval"] = max(best.get("best_retrieval", 0.0), score)
            sole = None if accepted else _sole_measure(ind, refused, rs.match_threshold)
            if sole is not None:
                found, score, signals = sole
                prose_pairs.append(_Pair((-score, ii, found), ii, found, score, {**signals, "sole_measure": 1.0}))
        for pair in _greedy(prose_pairs):
            matches[pair.ind] = Match(indicator_id=indicators[pair.ind].id, claim_id=claims[pair.claim].id,
                                      score=pair.score, signals=pair.signals, method="retrieval",
                                      searched=searched.get(pair.ind, []))
        for pair in prose_pairs:
            if pair.ind not in matches:
                best = best_refused[pair.ind]
                best["best_retrieval"] = max(best.get("best_retrieval", 0.0), pair.score)

    work.advance(len(indicators) - by_row - len(searched))  # unmatched, with no index to search
    _attach_alternates(indicators, claims, matches, rs.row_name_threshold, work)
    work.finish()
    out = []
    for ii, ind in enumerate(indicators):
        if ii in matches:
            out.append(matches[ii])
        else:
            out.append(Match(indicator_id=ind.id, claim_id=None, score=0.0, signals=best_refused[ii],
                             method="none", searched=searched.get(ii, [])))
    return out


def _attach_alternates(indicators: list[Indicator], claims: list[Claim], matches: dict[int, Match],
                       threshold: float, work: _Progress | None = None) -> None:
    """Attach each claim nobody matched to the matched indicator it names best (same name rule as rows,
    compatible unit), so the scorer can compare a report's two statements of one quantity."""
    primary = {m.claim_id for m in matches.values()}
    # names sharing no bigram cannot reach the row threshold: skip them before the full score
    grams = {ii: _bigrams(normalize_name(indicators[ii].name)) for ii in matches}
    grams_of: dict[str, set[str]] = {}  # a long report says the same names many times (每个乡镇的资金到位率)
    for claim in claims:
        if work is not None:
            work.advance()
        if claim.id in primary or not claim.name.strip() or claim.actual is None:
            continue
        claim_grams = grams_of.get(claim.name)
        if claim_grams is None:
            claim_grams = grams_of[claim.name] = _bigrams(normalize_name(claim.name))
        best: tuple[float, int] | None = None
        for ii in matches:
            if not grams[ii] & claim_grams:
                continue
            score, signals = row_candidate(indicators[ii], claim)
            if score >= threshold and signals["unit"] >= 0 and (best is None or score > best[0]):
                best = (score, ii)
        if best is not None:
            matches[best[1]].alternates.append(claim.id)


def unmatched_claims(claims: Sequence[Claim], matches: Sequence[Match]) -> list[str]:
    """Ids of claims that no match uses, in claim order."""
    used = {m.claim_id for m in matches if m.claim_id}
    return [c.id for c in claims if c.id not in used]
