"""The rule engine: indicator scores, budget execution, totals and the twelve flags of domain.md §5.

Entry points: ``load_profile(name_or_path, settings) -> Profile``, ``list_profiles(settings)`` and
``score_review(inp, profile) -> ScoringResult``.  No LLM plays any part here: every flag states a fact
with the numbers the rule used and the evidence on both sides.

Decisions where domain.md leaves room (each is a profile setting or documented here):

- **Weights.**  A form weight (``claim.weight``, else ``indicator.weight``) wins.  Indicators without one
  share what their 一级 group has left (a stated 一级 weight such as ``产出指标(50分)`` beats the profile's
  and is final).  A group with no indicator hands its weight to its fallback (满意度 → 效益); weight still
  without a home goes to indicators with no known 一级, else proportionally to the open groups.  The budget
  weight is a budget line's 分值, else a heading such as ``预算执行情况(20分)``, else the profile's.
- **Self scores are compared only against form weights.**  With a profile weight the form's scale is unknown
  (realdocs/03 has a 得分 column but no 分值 column), so ``self_score_inflated`` needs a stated 分值
  (indicator) or a stated budget weight (budget).
- **Computed total** = budget score + Σ rule scores.  Indicators the rules cannot score (a number answered
  with a word, an unknown qualitative word, no target) add 0 and keep ``rule_score=None``.
- **Qualitative rule score** = the self score clamped into the band of the actual's words (达成 /
  部分达成 / 未达成), or the band's top without a self score.
- **Time indicators** are those whose target is a date or a duration (direction from
  ``normalize.resolve_direction``: a time limit unless it measures time given).  A date or duration target
  answered with an achievement word (``按时完成``) counts as met; any other word is ``unit_mismatch``.  A
  ``时效`` rate (``及时率100%``) is scored as a number.
- **A bare actual** (``35200`` in a 完成值 column beside a 度量单位 column) is read in the unit of the row's
  own restated target, multiplier included (``≥4.2万人`` → ``4.5`` means 45000人), else of the target; a
  fraction ≤ 1 against a percent target is read as a spreadsheet percentage (0.95 → 95%).
- **Budget rate source**, in order: a table's total line; the sum of a table's detail lines (realdocs/05,
  whose total line is 0); a prose total with both figures; a stated rate.  Table lines beat prose lines.
- **``arithmetic_error`` vs ``inconsistent_values`` for budget lines.**  A table's total line that is zero
  while the same table's detail lines hold money contradicts them: ``inconsistent_values`` (one flag, and no
  further comparison of that line).  A non-zero total that differs from the sum of its table's details is a
  sum problem: ``arithmetic_error``.  The same figure given twice (two lines of one label, or two totals of
  the same scope) with different amounts is ``inconsistent_values`` — only when at least one is a table
  line, and not when the sentence also writes the table's figure (``调减至130万元``).
- **Sums of parts** (``arithmetic_error``, tolerance ``amount_tolerance``): a budget line's 年初预算 + 追加/调减
  against its 调整后预算 (only when all three are stated), and a detail table's 合计/小计 (``ColumnTotal``)
  against the sum of the rows above it.
- **Stated totals** are checked against the rows of their own file (and table): 合计 of 分值 against the
  rows' weights (with or without the budget weight), a 一级 heading against its rows (a heading of no group,
  ``年度目标(90分)``, against all rows), 总分 against the self scores (plus the budget self score; when that
  is not on the form, anything in ``[Σ, Σ + budget weight]`` is accepted).  Weights must add up to 100
  with the stated budget weight; without one, only a sum above 100 is an error.
- **``vague_target``**: empty or placeholder targets of 数量/质量/时效/成本 (and of 效益 when the
  indicator carries numbers); targets of only vague words (``有效提升``, ``效果明显``, ``高``) in any
  category but 满意度; word-only targets of 数量/成本 (``符合相关规定``) unless they compare
  (``不超预算``); an "indicator" that is only a 二级 category name (realdocs/S1 ``数量指标 | 100``).
  Word targets of 质量/时效 (``严格执行相关制度规定``) may be checkable rules and are not flagged.
- **``missing_deviation_reason``**: a reason counts when it has a cause word, or is a sentence (≥ 8
  characters) without improvement-only words (下一步, 加强 …); prose about the indicator with a cause word
  counts too.
- **``target_changed``** compares parsed quantities after unit conversion and with each side's default
  direction resolved (``≥90%`` equals ``90%``); two word targets are not compared.  Prose found by a partial
  name only counts for a clear numeric difference.
- **Same indicator**: claims of the same normalised name, plus prose whose name contains or is contained in
  the indicator's (``观众`` for ``惠及观众``; used for duplicates and restated targets only, and only with
  units on both sides).  A value with a direction (``不少于1.5万人次``) restates a target and is never the
  second of two different values.
- **Equality of two figures** allows for the precision of the less precise one (``89.97`` equals
  ``89.974``; ``108`` does not equal ``110``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from docreview import normalize
from docreview.errors import ConfigError
from docreview.models import (
    BudgetLine,
    Claim,
    Direction,
    Evidence,
    Flag,
    FlagType,
    Indicator,
    IndicatorResult,
    Match,
    Quantity,
    RuleValue,
    ScoreSummary,
    ScoringInput,
    ScoringResult,
    Severity,
    Span,
    StatedTotal,
)
from docreview.settings import Settings

Band = Literal["达成", "部分达成", "未达成"]

# --------------------------------------------------------------------------- profile


class WordLists(BaseModel):
    """Word lists the rules match against (substring match unless stated)."""

    model_config = ConfigDict(extra="forbid")

    not_achieved: list[str] = ["未达成", "未完成", "未实现", "未达到", "没有完成", "没有达到", "未按时", "未按期",
                               "未能", "效果较差", "较差", "无效", "滞后", "逾期", "否"]
    partial: list[str] = ["部分达成", "部分完成", "部分实现", "部分达到", "基本达成", "基本完成", "基本实现",
                          "基本达到", "基本满足", "一定效果", "有所", "一般"]
    achieved: list[str] = ["达成", "已完成", "完成", "实现", "达到", "达标", "按时", "按期", "及时", "明显", "显著",
                           "有效", "良好", "较好", "满意", "合格", "符合", "到位", "是", "好", "高"]
    vague: list[str] = ["有效提升", "有效提高", "有效改善", "有效增强", "明显改善", "明显提升", "明显提高", "明显增强",
                        "显著提升", "显著提高", "显著改善", "进一步提升", "进一步提高", "进一步改善", "逐步提高",
                        "逐步提升", "稳步提升", "大幅提升", "不断提高", "持续改善", "有所提高", "有所提升",
                        "有所改善", "效果明显", "效果显著", "得到提升", "得到改善", "得到提高"]
    reverse: list[str] = ["成本", "费用", "增幅", "事故", "投诉", "超标", "能耗", "差错", "违规", "变质"]
    reverse_exceptions: list[str] = ["核算率", "控制率", "执行率", "合格率", "完成率", "到位率", "覆盖率", "达标率",
                                     "节约率", "下降率", "降低率", "保障率"]
    empty: list[str] = ["/", "／", "无", "—", "——", "-", "－", "空", "暂无", "N/A", "n/a", "NA"]
    reason_empty: list[str] = ["0", "/", "／", "无", "—", "——", "-", "－", "无偏差", "暂无", "没有", "不存在", "N/A"]
    placeholders: list[str] = ["*", "＊", "X", "x", "×", "_", "＿", "某"]
    cause: list[str] = ["原因", "由于", "因为", "因", "受", "导致", "造成", "致使", "影响", "所致", "延期", "推迟",
                        "延迟", "滞后", "调整", "变更", "取消", "疫情", "天气", "不足", "减少", "短缺", "缺乏", "困难",
                        "未到位", "不到位", "未下达", "未拨付", "暂停", "停工", "客观", "低于", "高于", "少于",
                        "多于", "超出", "不及", "偏低", "偏高", "变化", "需求"]
    # a reason with no cause word still counts when it is a sentence without these (measures only)
    improvement_only: list[str] = ["下一步", "加强", "进一步", "继续", "将", "努力", "确保", "力争", "完善", "改进",
                                   "今后", "提高"]
    direction_markers: list[str] = ["≥", "≤", "≧", "≦", ">", "<", "＞", "＜", "以上", "以下", "以内", "不低于",
                                    "不少于", "不超过", "不高于", "不多于", "控制在", "至少"]
    quantitative_level2: list[str] = ["数量", "质量", "时效", "成本", "日效"]
    # 二级 categories where a target of words only (no vague word either) is still not measurable
    words_not_measurable_level2: list[str] = ["数量", "成本"]
    benefit: list[str] = ["效益", "可持续"]
    # an "indicator" named only by its 二级 category has nothing to measure (realdocs/S1)
    category_names: list[str] = ["数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
                                 "生态效益指标", "可持续影响指标", "产出指标", "效益指标"]
    # a StatedTotal of kind level1_weight with one of these in its label is the budget-execution weight
    budget_weight_labels: list[str] = ["预算执行", "资金执行", "预算资金"]


class Profile(BaseModel):
    """Every threshold of domain.md §4/§5.  Loaded from YAML by :func:`load_profile`."""

    model_config = ConfigDict(extra="forbid")

    name: str = "default"
    description: str = ""
    budget_weight: float = 10.0
    level1_weights: dict[str, float] = {"满意度": 10.0, "效益": 30.0, "产出": 50.0}
    level1_keywords: dict[str, list[str]] = {
        "满意度": ["满意"],
        "效益": ["效益", "可持续"],
        "产出": ["产出", "数量", "质量", "时效", "日效", "成本", "时间"],
    }
    weight_fallback: dict[str, str] = {"满意度": "效益"}
    form_weights_win: bool = True
    reverse_mode: Literal["linear", "ratio"] = "linear"
    time_miss_cap: float = Field(0.8, ge=0, le=1)
    qualitative_bands: dict[Band, tuple[float, float]] = {
        "达成": (0.8, 1.0),
        "部分达成": (0.6, 0.8),
        "未达成": (0.0, 0.6),
    }
    rounding: int = Field(2, ge=0, le=6)
    score_tolerance: float = Field(0.1, ge=0)
    arithmetic_tolerance: float = Field(0.1, ge=0)
    amount_tolerance: float = Field(0.1, ge=0)
    rate_tolerance_pp: float = Field(0.5, ge=0)
    ratings: dict[Literal["优", "良", "中"], float] = {"优": 90.0, "良": 80.0, "中": 60.0}
    low_budget_threshold: float = Field(0.9, ge=0, le=1)
    overachieved_factor: float = Field(1.5, gt=1)
    missed_high_deviation: float = Field(0.10, ge=0)
    words: WordLists = Field(default_factory=WordLists)

    @field_validator("qualitative_bands")
    @classmethod
    def _bands_complete(cls, v: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        missing = {"达成", "部分达成", "未达成"} - set(v)
        if missing:
            raise ValueError(f"qualitative_bands lacks {sorted(missing)}")
        for band, (lo, hi) in v.items():
            if not 0 <= lo <= hi <= 1:
                raise ValueError(f"qualitative band {band} must satisfy 0 ≤ low ≤ high ≤ 1")
        return v

    @model_validator(mode="after")
    def _groups_consistent(self) -> Profile:
        unknown = set(self.level1_weights) - set(self.level1_keywords)
        if unknown:
            raise ValueError(f"level1_weights names groups without keywords: {sorted(unknown)}")
        for src, dst in self.weight_fallback.items():
            if dst not in self.level1_weights:
                raise ValueError(f"weight_fallback {src} → {dst}: no such group")
        return self

    def rating(self, total: float) -> Literal["优", "良", "中", "差"]:
        """The rating of a total out of 100."""
        for label, cut in sorted(self.ratings.items(), key=lambda kv: -kv[1]):
            if total >= cut - 1e-9:
                return label
        return "差"

    def round(self, x: float) -> float:
        """Round half up to ``rounding`` decimals (7.445 → 7.45, not banker's 7.44)."""
        q = Decimal(1).scaleb(-self.rounding)
        return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def _bundled_dir() -> Path:
    return Path(str(resources.files("docreview") / "profiles"))


def _profile_files(settings: Settings | None) -> dict[str, Path]:
    """name → YAML file; a user ``profiles_dir`` shadows a bundled profile of the same name."""
    found: dict[str, Path] = {}
    dirs = [_bundled_dir()]
    if settings is not None and settings.scoring.profiles_dir is not None:
        dirs.append(Path(settings.scoring.profiles_dir))
    for d in dirs:
        if d.is_dir():
            for p in sorted([*d.glob("*.yaml"), *d.glob("*.yml")]):
                found[p.stem] = p
    return found


def list_profiles(settings: Settings | None = None) -> list[str]:
    """Names of the bundled profiles and of those in ``settings.scoring.profiles_dir``."""
    return sorted(_profile_files(settings))


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict) and k not in {"qualitative_bands", "ratings",
                                                                              "level1_weights"}:
            out[k] = _deep_merge(out[k], v)
        else:
            out[k] = v
    return out


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        where = getattr(e, "problem_mark", None)
        detail = f"{getattr(e, 'problem', None) or e}" + (f" (line {where.line + 1})" if where is not None else "")
        raise ConfigError(f"评分方案无法读取 / cannot read scoring profile {path.name}: {detail}",
                          path=str(path)) from e
    if not isinstance(data, dict):
        raise ConfigError(f"评分方案格式错误 / scoring profile {path.name} is not a mapping", path=str(path))
    return data


def _resolve(path: Path, files: dict[str, Path], seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The profile's mapping with ``extends`` applied (a local ``default.yaml`` may extend the bundled one)."""
    data = _read_yaml(path)
    parent = data.pop("extends", None)
    data.setdefault("name", path.stem)
    if parent is None:
        return data
    parent = str(parent)
    base_path = files.get(parent)
    if base_path is not None and base_path.resolve() == path.resolve():
        base_path = _bundled_dir() / f"{parent}.yaml"  # shadowing a bundled profile of the same name
        if not base_path.is_file():
            base_path = None
    if base_path is None:
        raise ConfigError(f"评分方案 {path.name} 继承的方案不存在 / unknown parent profile {parent!r}; "
                          f"可用 available: {', '.join(sorted(files))}", path=str(path))
    if base_path.resolve() in seen:
        raise ConfigError(f"评分方案循环继承 / profile {path.name} extends itself ({parent})", path=str(path))
    return _deep_merge(_resolve(base_path, files, (*seen, path.resolve())), data)


def load_profile(name_or_path: str, settings: Settings | None = None) -> Profile:
    """Load a scoring profile by name (``default``, ``hubei`` …, or one in ``settings.scoring.profiles_dir``,
    which shadows a bundled one of the same name) or from a YAML path.  ``extends: NAME`` inherits.

    Raises ``ConfigError`` for an unknown name (listing the available ones) or an invalid file.
    """
    files = _profile_files(settings)
    path: Path | None = files.get(name_or_path)
    if path is None:
        candidate = Path(name_or_path).expanduser()
        if candidate.suffix in {".yaml", ".yml"} or candidate.is_file():
            if not candidate.is_file():
                raise ConfigError(f"评分方案文件不存在 / scoring profile file not found: {name_or_path}",
                                  path=str(candidate))
            path = candidate
    if path is None:
        raise ConfigError(f"未知的评分方案 / unknown scoring profile {name_or_path!r}; "
                          f"可用 available: {', '.join(sorted(files)) or '—'}")
    data = _resolve(path, files)
    try:
        return Profile.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"评分方案 {path.name} 有误 / invalid scoring profile {path.name}: {where}: {first['msg']}",
                          path=str(path)) from e


# --------------------------------------------------------------------------- small helpers

_SIGN = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}
_BUDGET_FIELDS = {"initial": "年初预算数", "adjusted": "全年预算数", "executed": "全年执行数"}
_ARABIC = re.compile(r"[0-9０-９]")


_num = normalize.format_number


def _pct(ratio: float) -> str:
    return normalize.format_percent(ratio, decimals=1, trim=False)


def _mentions(text: str, value: float) -> bool:
    """Whether ``text`` writes ``value`` in Arabic figures (``130``, ``130.0``, ``130.00``)."""
    for m in re.finditer(r"\d+(?:\.\d+)?", normalize.to_halfwidth(text or "").replace(",", "")):
        if abs(float(m.group()) - value) < 1e-9:
            return True
    return False


def _written_scale(q: Quantity) -> float:
    """The 万/亿 multiplier folded into ``q.value`` (``4.2万人`` → 42000 人: 10000), else 1."""
    m = re.search(r"\d+(?:\.\d+)?", normalize.to_halfwidth(q.text or "").replace(",", ""))
    if q.value is None or m is None or float(m.group()) == 0:
        return 1.0
    ratio = q.value / float(m.group())
    return next((s for s in (1e3, 1e4, 1e8) if abs(ratio / s - 1) < 1e-6), 1.0)


def _has_number(text: str) -> bool:
    """Whether ``text`` states a figure (``95%``, ``三百人``) — not merely a numeral word (``进一步``)."""
    return bool(_ARABIC.search(text)) or bool(normalize.find_quantities(text))


def _decimals(x: float) -> int:
    s = f"{abs(x):.6f}".rstrip("0")
    return len(s.split(".")[1]) if "." in s else 0


def _flag_id(ftype: str, indicator: str | None, key: str) -> str:
    return hashlib.sha1(f"{ftype}|{indicator or ''}|{key}".encode()).hexdigest()[:16]


def _text_of(q: Quantity | None, text: str | None) -> str:
    if text and text.strip():
        return text.strip()
    return q.text.strip() if q is not None else ""


def _has(words: Iterable[str], text: str) -> bool:
    return any(w and w in text for w in words)


def _after_actual(claim: Claim) -> str:
    """The words of a prose claim from its actual on: a cause explains a figure after stating it (``…一万零八百吨，
    …主要原因是…``); words before it say what was counted (``受理…清运不及时…的投诉7件``), not why."""
    actual = claim.actual_span.quote if claim.actual_span is not None and claim.actual_span.quote else ""
    pos = claim.text.find(actual) if actual else -1
    return claim.text[pos:] if pos >= 0 else claim.text


def _clean(text: str) -> str:
    return re.sub(r"[\s。．.，,；;：:！!、]", "", text or "")


def _evidence(side: Literal["policy", "report"], span: Span | None) -> list[Evidence]:
    return [] if span is None else [Evidence.from_span(side, span)]


def _dedupe_evidence(items: Sequence[Evidence]) -> list[Evidence]:
    out: list[Evidence] = []
    seen: set[tuple[Any, ...]] = set()
    for e in items:
        key = (e.file, e.page, e.sheet, e.row, e.start, e.end, e.quote)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


# --------------------------------------------------------------------------- per-indicator working state


@dataclass
class _Row:
    ind: Indicator
    match: Match | None
    matched: Claim | None
    group: list[Claim]  # matched claim first, then other claims of the same name
    actual_claim: Claim | None
    score_claim: Claim | None
    related: list[Claim] = field(default_factory=list)  # prose whose name contains / is contained in ours
    level1_group: str | None = None
    weight: float = 0.0
    weight_source: str = "profile"
    result: IndicatorResult | None = None

    @property
    def self_score(self) -> float | None:
        return self.score_claim.self_score if self.score_claim is not None else None

    @property
    def form_weight(self) -> float | None:
        if self.matched is not None and self.matched.weight is not None:
            return self.matched.weight
        return self.ind.weight


@dataclass
class _Outcome:
    """What the numeric or qualitative rule decided for one indicator."""

    status: Literal["met", "missed", "not_reported", "qualitative", "unscored"]
    rule_score: float | None = None
    completion: float | None = None
    deviation: float | None = None  # None with a miss → treated as large
    band: str | None = None
    band_low: float = 0.0
    band_high: float = 0.0
    inputs: dict[str, RuleValue] = field(default_factory=dict)
    miss_message: str = ""


class _Engine:
    def __init__(self, inp: ScoringInput, profile: Profile) -> None:
        self.inp = inp
        self.p = profile
        self.w = profile.words
        self.claims = {c.id: c for c in inp.claims}
        self.matches = {m.indicator_id: m for m in inp.matches}
        self.flags: list[Flag] = []
        self._flag_ids: set[str] = set()
        self._levels: dict[str, tuple[str | None, str | None]] = {}  # claim id → 一级/二级 of its indicator

    # ------------------------------------------------------------------ flags

    def flag(self, ftype: FlagType, indicator: str | None, severity: Severity, message: str, *, key: str = "",
             inputs: dict[str, RuleValue] | None = None, evidence: Sequence[Evidence] = (),
             searched: Sequence[Any] = ()) -> None:
        fid = _flag_id(ftype, indicator, key)
        if fid in self._flag_ids:
            return
        self._flag_ids.add(fid)
        self.flags.append(Flag(id=fid, type=ftype, indicator=indicator, severity=severity, message=message,
                               inputs={k: v for k, v in (inputs or {}).items()},
                               evidence=_dedupe_evidence(evidence), searched=list(searched)))

    def policy_ev(self, ind: Indicator) -> list[Evidence]:
        return _evidence("policy" if ind.source == "policy" else "report", ind.span)

    # ------------------------------------------------------------------ words and values

    def is_empty_text(self, text: str | None) -> bool:
        t = (text or "").strip()
        return not t or t in self.w.empty or normalize.is_empty_value(t)

    def is_placeholder(self, text: str) -> bool:
        """``*``, ``XX%``, ``≥_个``: a target slot left as the template's placeholder."""
        t = _clean(text)
        for marker in self.w.direction_markers:
            t = t.replace(marker, "")
        if not t or _ARABIC.search(t):
            return False
        return t[0] in "".join(self.w.placeholders) or "XX" in t.upper() or normalize.is_placeholder(text)

    def is_vague(self, text: str) -> bool:
        if _has_number(text):
            return False
        return _has(self.w.vague, text) or normalize.is_vague(text)

    def actual_of(self, claim: Claim | None) -> tuple[Quantity | None, str]:
        """The claim's actual as a Quantity (or None when empty) and its text."""
        if claim is None:
            return None, ""
        text = _text_of(claim.actual, claim.actual_text)
        q = claim.actual
        if q is None and text and not self.is_empty_text(text):
            q = normalize.parse_quantity(text)
            if q is None:
                q = Quantity(kind="qualitative", text=text)
        if q is not None and q.kind == "qualitative" and self.is_empty_text(q.text or text):
            return None, text
        if q is None and self.is_empty_text(text):
            return None, text
        return q, text

    def has_actual(self, claim: Claim) -> bool:
        return self.actual_of(claim)[0] is not None

    def carries_direction(self, q: Quantity, text: str) -> bool:
        if q.kind == "qualitative":
            return False
        if q.explicit_direction and q.direction is not None:
            return True
        return _has(self.w.direction_markers, text or q.text)

    def target_of(self, ind: Indicator, claim: Claim | None) -> tuple[Quantity | None, str, str]:
        """Target quantity, its text and where it came from (``policy``/``report``)."""
        text = ind.target_text or (ind.target.text if ind.target is not None else "")
        q = ind.target
        if q is None and text.strip() and not self.is_empty_text(text):
            q = normalize.parse_quantity(text)
        if q is not None or text.strip():
            return q, text, ind.source
        if claim is not None:
            ctext = _text_of(claim.target, claim.target_text)
            cq = claim.target
            if cq is None and ctext and not self.is_empty_text(ctext):
                cq = normalize.parse_quantity(ctext)
            if cq is not None or ctext:
                return cq, ctext, "report"
        return None, "", ind.source

    def is_reverse_name(self, name: str) -> bool:
        return _has(self.w.reverse, name) and not _has(self.w.reverse_exceptions, name)

    def direction_of(self, q: Quantity, name: str, ind: Indicator | None = None) -> Direction | None:
        """Effective direction (domain.md §3): the sign written, a stated 指标性质, then the defaults of
        ``normalize.resolve_direction`` widened by the profile's word lists."""
        if q.kind == "qualitative":
            return None
        if q.explicit_direction and q.direction is not None:
            return q.direction
        # extraction copies its resolved default into Indicator.direction; only a different value is a
        # stated one (指标性质 column), so that the profile's word lists still decide the defaults
        if ind is not None and ind.direction is not None and ind.direction != q.direction:
            return ind.direction
        bare = q.model_copy(update={"direction": None}) if q.kind != "date" else q
        resolved: Direction | None = normalize.resolve_direction(bare, name)
        if resolved in (None, ">=") and q.kind not in ("date", "duration") and self.is_reverse_name(name):
            return "<="
        if resolved == "<=" and q.kind != "date" and _has(self.w.reverse_exceptions, name) and not (
                q.value is not None and q.value == 0):
            return ">="  # 成本核算率: a rate where more is better
        return resolved or ">="

    def convert(self, value: float, from_unit: str, to_unit: str) -> float | None:
        """``value`` in ``to_unit``; an empty unit on either side is taken as the other's (a unit column
        the extractor did not attach).  ``万公斤``-style units written by hand are unfolded."""
        if from_unit == to_unit or not from_unit or not to_unit:
            return value
        out = normalize.convert(value, from_unit, to_unit)
        if out is not None:
            return out
        scale = {"万": 1e4, "亿": 1e8, "千": 1e3}
        f_mul = scale.get(from_unit[0], 1.0) if len(from_unit) > 1 else 1.0
        t_mul = scale.get(to_unit[0], 1.0) if len(to_unit) > 1 else 1.0
        if f_mul == t_mul == 1.0:
            return None
        f_unit = from_unit[1:] if f_mul != 1.0 else from_unit
        t_unit = to_unit[1:] if t_mul != 1.0 else to_unit
        base = normalize.convert(value * f_mul, f_unit, t_unit)
        return None if base is None else base / t_mul

    def same_value(self, a: Quantity, b: Quantity) -> bool | None:
        """Whether two figures agree (within the precision of the less precise); None if not comparable."""
        if a.kind == "date" or b.kind == "date":
            if a.kind == b.kind == "date" and a.date and b.date:
                return a.date == b.date
            return None
        if a.value is None or b.value is None or a.kind == "qualitative" or b.kind == "qualitative":
            return None
        bv = self.convert(b.value, b.unit, a.unit)
        if bv is None:
            return None
        tol_a = 0.5 * 10 ** -_decimals(a.value)
        tol_b = self.convert(0.5 * 10 ** -_decimals(b.value), b.unit, a.unit) or 0.0
        return abs(a.value - bv) <= max(tol_a, abs(tol_b)) + 1e-9

    def show(self, q: Quantity, direction: Direction | None = None) -> str:
        """A quantity for a message: a target with its effective direction (``≥120公里``); an actual as the
        report wrote it when that is a short Arabic figure (``2400万公斤``), else in Arabic numerals."""
        if q.kind == "qualitative":
            return q.text
        if direction is None:
            text = q.text.strip()
            if text and _ARABIC.search(text) and len(text) <= 16:
                return text
            return normalize.format_quantity(q)
        return normalize.format_quantity(q.model_copy(update={"direction": direction, "explicit_direction": True}))

    # ------------------------------------------------------------------ grouping and weights

    def group_of(self, *texts: str | None) -> str | None:
        for text in texts:
            if not text:
                continue
            for grp, words in self.p.level1_keywords.items():
                if _has(words, text):
                    return grp
        return None

    def build_rows(self) -> list[_Row]:
        by_name: dict[str, list[Claim]] = {}
        for c in self.inp.claims:
            if c.name.strip():
                by_name.setdefault(normalize.normalize_name(c.name), []).append(c)
        rows: list[_Row] = []
        previous: str | None = None
        for ind in self.inp.indicators:
            m = self.matches.get(ind.id)
            matched = self.claims.get(m.claim_id) if m is not None and m.claim_id else None
            names = {normalize.normalize_name(ind.name)}
            if matched is not None and matched.name.strip():
                names.add(normalize.normalize_name(matched.name))
            group: list[Claim] = [matched] if matched is not None else []
            for n in sorted(names):
                for c in by_name.get(n, []):
                    if all(c.id != g.id for g in group):
                        group.append(c)
            # a claim of the same name counts even when retrieval did not pick it
            actual_claim = next((c for c in group if self.has_actual(c)), None)
            score_claim = next((c for c in group if c.self_score is not None), None)
            keys = {k for k in names if len(k) >= 2}
            related = [c for c in self.inp.claims if c.kind == "prose" and c.name.strip()
                       and all(c.id != g.id for g in group)
                       and any(self._contains(normalize.normalize_name(c.name), k) for k in keys)]
            # claims the matcher attached to this indicator besides its own (a prose restatement of the row)
            for cid in (m.alternates if m is not None else []):
                alt = self.claims.get(cid)
                if alt is not None and all(alt.id != g.id for g in [*group, *related]):
                    related.append(alt)
            row = _Row(ind=ind, match=m, matched=matched, group=group, actual_claim=actual_claim,
                       score_claim=score_claim, related=related)
            for c in group:
                self._levels.setdefault(c.id, (ind.level1, ind.level2))
            lvl1 = ind.level1 or (matched.level1 if matched else None)
            lvl2 = ind.level2 or (matched.level2 if matched else None)
            row.level1_group = self.group_of(lvl1, lvl2) or previous
            previous = row.level1_group
            rows.append(row)
        return rows

    @staticmethod
    def _contains(a: str, b: str) -> bool:
        return len(a) >= 2 and len(b) >= 2 and (a in b or b in a)

    def budget_weight(self) -> tuple[float, bool]:
        """Budget execution weight and whether the form stated it (分值 on a budget line, or a heading such
        as ``预算执行情况(20分)``)."""
        if self.p.form_weights_win:
            for line in self._budget_order():
                if line.weight is not None:
                    return line.weight, True
            for t in self.inp.totals:
                if t.kind == "level1_weight" and _has(self.w.budget_weight_labels, f"{t.level1 or ''}{t.label}"):
                    return t.value, True
        return self.p.budget_weight, False

    def assign_weights(self, rows: list[_Row], budget_weight: float) -> None:
        stated: dict[str, float] = {}
        for t in self.inp.totals:
            if t.kind == "level1_weight":
                grp = self.group_of(t.level1, t.label)
                if grp is not None and grp not in stated:
                    stated[grp] = t.value
        configured = dict(self.p.level1_weights)
        target_total = 100.0 - budget_weight
        total_cfg = sum(configured.values())
        if total_cfg > 0 and abs(total_cfg - target_total) > 1e-9:
            configured = {g: v * target_total / total_cfg for g, v in configured.items()}
        configured.update(stated)

        present = {r.level1_group for r in rows if r.level1_group is not None}
        group_weight = {g: configured.get(g, 0.0) for g in present}
        pending = 0.0
        for g, v in configured.items():
            if g in present:
                continue
            dst = self.p.weight_fallback.get(g)
            if dst is not None and dst in present and dst not in stated:  # a stated 一级 weight is final
                group_weight[dst] += v
            else:
                pending += v
        unknown = [r for r in rows if r.level1_group is None]
        if pending > 0:
            if unknown:
                pass
            else:  # spread over the groups present, but a 一级 weight the form states is final
                open_groups = [g for g in group_weight if g not in stated]
                base = sum(group_weight[g] for g in open_groups)
                for g in open_groups:
                    group_weight[g] += pending * (group_weight[g] / base if base else 1 / len(open_groups))
                pending = 0.0

        for r in rows:
            fw = r.form_weight if self.p.form_weights_win else None
            if fw is not None:
                r.weight, r.weight_source = fw, "form"
        buckets: dict[str | None, list[_Row]] = {}
        for r in rows:
            buckets.setdefault(r.level1_group, []).append(r)
        for bucket, members in buckets.items():
            free = [r for r in members if r.weight_source != "form"]
            if not free:
                continue
            budget = group_weight.get(bucket, 0.0) if bucket is not None else pending
            used = sum(r.weight for r in members if r.weight_source == "form")
            share = max(0.0, budget - used) / len(free)
            for r in free:
                r.weight = share

    # ------------------------------------------------------------------ indicator rules

    def score_rows(self, rows: list[_Row]) -> None:
        for r in rows:
            r.result = self.score_row(r)

    def score_row(self, r: _Row) -> IndicatorResult:
        ind, p = r.ind, self.p
        base = IndicatorResult(indicator_id=ind.id, name=ind.name, level1=ind.level1 or (
            r.matched.level1 if r.matched else None), weight=p.round(r.weight),
            claim_id=next((c.id for c in (r.matched, r.actual_claim, r.score_claim) if c is not None), None),
            self_score=r.self_score)
        target, target_text, _source = self.target_of(ind, r.matched)
        self.check_vague(r, target, target_text)
        self.check_target_changed(r)
        self.check_duplicates(r)

        claimed = r.self_score is not None and r.self_score > 0
        actual, actual_text = self.actual_of(r.actual_claim)
        if actual is None:
            base.status = "not_reported"
            base.rule_score = 0.0
            if claimed:
                self.unsupported(r, "empty", actual_text or "")
            else:
                self.not_reported(r, target, target_text)
            self.check_above_weight(r)
            return base
        base.actual = actual
        if self.carries_direction(actual, actual_text):
            base.status = "unscored"
            base.rule_score = 0.0 if claimed else None
            if claimed:
                self.unsupported(r, "direction", actual_text)
            self.check_above_weight(r)
            return base

        qualitative_target = ind.qualitative or (target is not None and target.kind == "qualitative") or (
            target is None and bool(target_text.strip()) and not _has_number(target_text)
            and not self.is_placeholder(target_text) and not self.is_empty_text(target_text))
        if qualitative_target or (target is None and actual.kind == "qualitative"):
            out = self.rule_qualitative(r, actual_text or actual.text, target_text)
        elif target is None or target.kind == "qualitative":
            out = _Outcome("unscored")
        elif actual.kind == "qualitative":
            out = self.rule_word_for_number(r, target, actual_text or actual.text)
        else:
            out = self.rule_quantitative(r, target, actual)

        base.status = out.status
        base.rule_score = None if out.rule_score is None else p.round(out.rule_score)
        base.completion = None if out.completion is None else round(out.completion, 6)
        if out.status == "met" and base.completion is None:
            base.completion = 1.0
        if out.status == "missed":
            self.target_missed(r, target, target_text, out)
        self.check_inflated(r, base.rule_score, out)
        return base

    def rule_qualitative(self, r: _Row, actual_text: str, target_text: str) -> _Outcome:
        band = self.band_of(actual_text, target_text)
        if band is None:
            return _Outcome("qualitative", inputs={"actual": actual_text})
        lo, hi = self.p.qualitative_bands[band]
        w = r.weight
        self_score = r.self_score
        rule = hi * w if self_score is None else min(max(self_score, lo * w), hi * w)
        out = _Outcome("missed" if band == "未达成" else "qualitative", rule_score=rule, band=band,
                       band_low=self.p.round(lo * w), band_high=self.p.round(hi * w))
        out.inputs = {"actual": actual_text, "target": target_text, "band": band,
                      "band_low": out.band_low, "band_high": out.band_high, "weight": w,
                      "self_score": self_score, "rule_score": self.p.round(rule)}
        out.miss_message = (f"{r.ind.name}：实际完成情况“{actual_text}”，属于未达成"
                            + (f"（目标：{target_text}）" if target_text else ""))
        return out

    def band_of(self, actual_text: str, target_text: str) -> Band | None:
        a = _clean(actual_text)
        if not a:
            return None
        if _has(self.w.not_achieved, a):
            return "未达成"
        if _has(self.w.partial, a):
            return "部分达成"
        if a == _clean(target_text) or _has(self.w.achieved, a):
            return "达成"
        return None

    def rule_word_for_number(self, r: _Row, target: Quantity, word: str) -> _Outcome:
        """A quantitative target answered with a word."""
        if target.kind in ("date", "duration"):
            band = self.band_of(word, "")
            if band == "达成":
                return _Outcome("met", rule_score=r.weight, completion=1.0)
        ev = [*self.policy_ev(r.ind), *self.report_ev(r.actual_claim, "actual")]
        self.flag("unit_mismatch", r.ind.name, "medium",
                  f"{r.ind.name}：目标为数值{self.show(target)}，实际只填写文字“{word}”", key="word",
                  inputs={"target": self.show(target), "actual": word, "target_unit": target.unit,
                          "weight": r.weight, "self_score": r.self_score}, evidence=ev)
        return _Outcome("unscored")

    def rule_quantitative(self, r: _Row, target: Quantity, actual: Quantity) -> _Outcome:
        p, w, name = self.p, r.weight, r.ind.name
        direction = self.direction_of(target, name, r.ind)
        tshow = self.show(target, direction)
        ashow = self.show(actual)
        inputs: dict[str, RuleValue] = {"target": tshow, "actual": ashow, "direction": direction,
                                        "weight": w, "self_score": r.self_score}

        if target.kind == "date":
            if actual.kind != "date" or actual.date is None or target.date is None:
                self.mismatch(r, target, actual, tshow, ashow)
                return _Outcome("unscored")
            late = (actual.date - target.date).days
            met = late <= 0 if direction != ">=" else late >= 0
            inputs.update({"target_date": target.date.isoformat(), "actual_date": actual.date.isoformat(),
                           "days_late": float(late)})
            if met:
                return _Outcome("met", rule_score=w, completion=1.0, inputs=inputs)
            out = _Outcome("missed", rule_score=p.time_miss_cap * w, completion=None, deviation=None,
                           inputs=inputs)
            out.miss_message = f"{name}：实际完成时间{ashow}，晚于目标{tshow}（晚{abs(late)}天）"
            return out

        if actual.kind == "date" or target.value is None or actual.value is None:
            self.mismatch(r, target, actual, tshow, ashow)
            return _Outcome("unscored")
        actual_value, actual_unit, assumed = actual.value, actual.unit, ""
        if not actual_unit:
            # a bare figure is in the unit of the form's 度量单位 column, i.e. of the row's own target
            ref = r.actual_claim.target if r.actual_claim is not None and r.actual_claim.target is not None \
                and r.actual_claim.target.unit else target
            if ref.unit:
                actual_value, actual_unit = actual_value * _written_scale(ref), ref.unit
                assumed = ref.unit
        converted = self.convert(actual_value, actual_unit, target.unit)
        if converted is None:
            self.mismatch(r, target, actual, tshow, ashow)
            return _Outcome("unscored")
        a, b = target.value, converted
        unit = target.unit or actual.unit
        converted_note = ""
        if target.unit == "%" and not actual.unit and 0 <= b <= 1 < a:
            b = b * 100  # a spreadsheet fraction: 0.95 for 95%
            converted_note = f"（即{_num(b)}%）"
            inputs["actual_converted"] = b
        elif actual_unit and target.unit and (actual_unit != target.unit or actual_value != actual.value):
            converted_note = f"（折合{_num(b)}{target.unit}）"
            inputs["actual_converted"] = b
        if assumed:
            inputs["actual_unit_assumed"] = assumed
        inputs.update({"target_value": a, "actual_value": actual.value, "unit": unit})
        time_limit = target.kind == "duration"

        if a == 0 and direction in ("=", "<=", "<"):
            met = b <= 0
            out = _Outcome("met" if met else "missed", rule_score=w if met else 0.0,
                           completion=1.0 if met else 0.0, deviation=None, inputs=inputs)
            out.miss_message = f"{name}：实际{ashow}{converted_note}，目标为{tshow}"
        elif direction in ("<=", "<"):
            if b <= a:
                score = w
            elif p.reverse_mode == "ratio":
                score = w * min(1.0, a / b)
            else:
                score = 0.0 if b >= 2 * a else w * (1 - (b - a) / a)
            met = b <= a
            out = _Outcome("met" if met else "missed", rule_score=score,
                           completion=a / b if b > 0 else 1.0, deviation=(b - a) / a, inputs=inputs)
            out.miss_message = (f"{name}：实际{ashow}{converted_note}，超过目标{tshow}"
                                f"（超出{_pct((b - a) / a)}）")
        else:  # ≥, >, = with A > 0: positive
            if a == 0:
                met, score, completion = b >= 0, w if b >= 0 else 0.0, 1.0
            else:
                met = b >= a
                score = w if met else max(0.0, w * b / a)
                completion = b / a
            out = _Outcome("met" if met else "missed", rule_score=score, completion=completion,
                           deviation=(a - b) / a if a else None, inputs=inputs)
            out.miss_message = (f"{name}：实际{ashow}{converted_note}，未达到目标{tshow}"
                                f"（完成{_pct(completion)}）")
            if direction in (">=", ">") and a > 0 and b >= p.overachieved_factor * a:
                self.flag("overachieved", name, "low",
                          f"{name}：实际{ashow}{converted_note}，为目标{tshow}的{b / a:.2f}倍，目标可能偏低",
                          key="over", inputs={**inputs, "ratio": b / a, "factor": p.overachieved_factor},
                          evidence=[*self.policy_ev(r.ind), *self.report_ev(r.actual_claim, "actual")])
        if time_limit and out.status == "missed" and out.rule_score is not None:
            out.rule_score = min(out.rule_score, p.time_miss_cap * w)
        out.inputs["completion"] = out.completion
        out.inputs["rule_score"] = None if out.rule_score is None else p.round(out.rule_score)
        return out

    def mismatch(self, r: _Row, target: Quantity, actual: Quantity, tshow: str, ashow: str) -> None:
        self.flag("unit_mismatch", r.ind.name, "medium",
                  f"{r.ind.name}：目标{tshow}与实际{ashow}单位不同，无法换算", key="unit",
                  inputs={"target": tshow, "actual": ashow, "target_unit": target.unit or target.kind,
                          "actual_unit": actual.unit or actual.kind, "weight": r.weight,
                          "self_score": r.self_score},
                  evidence=[*self.policy_ev(r.ind), *self.report_ev(r.actual_claim, "actual")])

    # ------------------------------------------------------------------ indicator flags

    def report_ev(self, claim: Claim | None, part: str = "") -> list[Evidence]:
        if claim is None:
            return []
        span = {"actual": claim.actual_span, "target": claim.target_span, "score": claim.score_span,
                "reason": claim.reason_span}.get(part)
        return _evidence("report", span or claim.span)

    def not_reported(self, r: _Row, target: Quantity | None, target_text: str) -> None:
        name = r.ind.name
        tshow = self.show(target, self.direction_of(target, name, r.ind)) if target is not None else target_text
        if r.matched is not None:
            empty = _text_of(r.matched.actual, r.matched.actual_text)
            msg = f"{name}：完成值为空（“{empty}”），也未自评得分" if empty else f"{name}：完成值为空，也未自评得分"
        else:
            msg = f"{name}：报告中未找到完成值，也未自评得分"
        if tshow:
            msg += f"（目标{tshow}）"
        self.flag("not_reported", name, "high", msg, key="nr",
                  inputs={"target": tshow, "weight": r.weight, "self_score": r.self_score,
                          "matched": r.matched is not None,
                          "match_method": r.match.method if r.match else "none"},
                  evidence=[*self.policy_ev(r.ind), *self.report_ev(r.matched, "actual")],
                  searched=r.match.searched if r.match else [])

    def unsupported(self, r: _Row, why: Literal["empty", "direction"], actual_text: str) -> None:
        name = r.ind.name
        s = _num(r.self_score)
        if why == "empty":
            shown = f"（“{actual_text}”）" if actual_text else ""
            msg = f"{name}：完成值为空{shown}，却自评{s}分"
        else:
            msg = f"{name}：完成值“{actual_text}”带方向符号，不是实际测量值，却自评{s}分"
        claim = r.actual_claim or r.matched or r.score_claim
        self.flag("unsupported_score", name, "high", msg, key="us",
                  inputs={"actual": actual_text, "reason": why, "self_score": r.self_score, "weight": r.weight},
                  evidence=[*self.policy_ev(r.ind), *self.report_ev(claim, "actual"),
                            *self.report_ev(r.score_claim, "score")])

    def check_above_weight(self, r: _Row) -> bool:
        s = r.self_score
        if s is None or r.weight_source != "form" or s <= r.weight + self.p.score_tolerance:
            return False
        self.flag("self_score_inflated", r.ind.name, "medium",
                  f"{r.ind.name}：自评{_num(s)}分，超过该指标分值{_num(r.weight)}分", key="sf",
                  inputs={"self_score": s, "weight": r.weight, "tolerance": self.p.score_tolerance},
                  evidence=[*self.policy_ev(r.ind), *self.report_ev(r.score_claim, "score")])
        return True

    def check_inflated(self, r: _Row, rule: float | None, out: _Outcome) -> None:
        if self.check_above_weight(r) or r.weight_source != "form":
            return  # with a profile weight the form's scale is unknown (realdocs/03 has no 分值 column)
        s, tol = r.self_score, self.p.score_tolerance
        if s is None or rule is None or s <= rule + tol:
            return
        name = r.ind.name
        if out.band is not None:
            msg = (f"{name}：定性指标实际“{out.inputs.get('actual')}”属于{out.band}，得分区间"
                   f"{_num(out.band_low)}–{_num(out.band_high)}分（分值{_num(r.weight)}），"
                   f"自评{_num(s)}分超出区间")
        else:
            msg = f"{name}：自评{_num(s)}分，按规则应得{_num(rule)}分（分值{_num(r.weight)}）"
        self.flag("self_score_inflated", name, "medium", msg, key="sf",
                  inputs={**out.inputs, "self_score": s, "rule_score": rule, "weight": r.weight,
                          "tolerance": tol, "weight_source": r.weight_source},
                  evidence=[*self.policy_ev(r.ind), *self.report_ev(r.actual_claim, "actual"),
                            *self.report_ev(r.score_claim, "score")])

    def target_missed(self, r: _Row, target: Quantity | None, target_text: str, out: _Outcome) -> None:
        dev = out.deviation
        high = dev is None or dev >= self.p.missed_high_deviation - 1e-12
        name = r.ind.name
        self.flag("target_missed", name, "high" if high else "medium", out.miss_message, key="tm",
                  inputs={**out.inputs, "deviation": dev, "high_deviation": self.p.missed_high_deviation},
                  evidence=[*self.policy_ev(r.ind), *self.report_ev(r.actual_claim, "actual")])
        self.check_reason(r, out)

    def check_reason(self, r: _Row, out: _Outcome) -> None:
        reasons = [c.reason.strip() for c in [*r.group, *r.related] if c.reason and c.reason.strip()]
        prose = [_after_actual(c) for c in [*r.group, *r.related] if c.kind == "prose" and c.text]
        empty = {_clean(x) for x in self.w.reason_empty}
        for text in reasons:
            t = _clean(text)
            if t in empty:
                continue
            if _has(self.w.cause, t) or (len(t) >= 8 and not _has(self.w.improvement_only, t)):
                return
        if any(_has(self.w.cause, _clean(text)) for text in prose):
            return
        given = reasons[0] if reasons else ""
        reason_claim = next((c for c in r.group if c.reason and c.reason.strip()), r.actual_claim or r.matched)
        shown = f"（填写为“{given}”）" if given else "（未填写）"
        self.flag("missing_deviation_reason", r.ind.name, "medium",
                  f"{r.ind.name}：未完成目标，但未说明偏差原因{shown}", key="mr",
                  inputs={"reason": given, "target": out.inputs.get("target"), "actual": out.inputs.get("actual")},
                  evidence=[*self.policy_ev(r.ind), *self.report_ev(reason_claim, "reason")])

    def check_vague(self, r: _Row, target: Quantity | None, target_text: str) -> None:
        """No measurable target: empty or placeholder (数量/质量/时效/成本, 效益 with numbers), only vague
        words (any category but 满意度), words only for 数量/成本, or an indicator that is only a category."""
        ind, claim = r.ind, r.matched
        lvl1 = ind.level1 or (claim.level1 if claim else None) or ""
        lvl2 = ind.level2 or (claim.level2 if claim else None) or ""
        if "满意" in lvl1 or "满意" in lvl2 or "满意" in ind.name:
            return
        w = self.w
        quantitative = _has(w.quantitative_level2, lvl2) or "成本" in lvl1
        benefit = _has(w.benefit, lvl1) or _has(w.benefit, lvl2)
        if benefit and not quantitative:
            actual_text = _text_of(claim.actual, claim.actual_text) if claim else ""
            numbers = bool(_ARABIC.search(target_text) or _ARABIC.search(actual_text) or (
                claim is not None and claim.actual is not None and claim.actual.kind in ("number", "percent")))
        else:
            numbers = quantitative
        text = target_text.strip()
        measurable = target is not None and target.kind != "qualitative" and (
            target.value is not None or target.date is not None)
        category = normalize.normalize_name(ind.name) in {normalize.normalize_name(n) for n in w.category_names}
        if category and (quantitative or benefit):
            why = f"指标名称只是二级指标类别“{ind.name}”，目标值“{text}”没有可衡量的对象"
        elif measurable:
            return
        elif not text or self.is_empty_text(text):
            if not numbers:
                return
            why = "未填写目标值"
        elif self.is_placeholder(text):
            if not (quantitative or benefit):
                return
            why = f"目标值“{text}”是占位符"
        elif self.is_vague(text):
            why = f"目标“{text}”只有描述性词语，无法衡量"
        elif (_has(w.words_not_measurable_level2, lvl2) or "成本" in lvl1) and not _has_number(text) \
                and not _has([*w.direction_markers, "不超"], text):
            why = f"目标“{text}”只有文字，没有数值"
        else:
            return
        self.flag("vague_target", ind.name, "low", f"{ind.name}：{lvl2 or lvl1 or '该'}指标{why}", key="vt",
                  inputs={"target": text, "level1": lvl1, "level2": lvl2},
                  evidence=[*self.policy_ev(ind), *self.report_ev(claim, "target")])

    def check_target_changed(self, r: _Row) -> None:
        """The report restates a target (in its row, or in prose about the indicator) unlike the policy's."""
        ind = r.ind
        if not self.inp.has_policy or ind.source != "policy":
            return
        pq = ind.target
        if pq is None and ind.target_text.strip() and not self.is_empty_text(ind.target_text):
            pq = normalize.parse_quantity(ind.target_text)
        if pq is None:
            return
        for claim in [*r.group, *r.related]:
            loose = claim not in r.group  # found by a partial name: only a clear numeric difference counts
            rtext = _text_of(claim.target, claim.target_text)
            rq = claim.target
            if rq is None and rtext and not self.is_empty_text(rtext):
                rq = normalize.parse_quantity(rtext)
            if rq is None or (rq.kind == "qualitative" and (self.is_empty_text(rq.text) or pq.kind == "qualitative")):
                continue
            pd: Direction | None = None
            rd: Direction | None = None
            if (pq.kind == "qualitative") != (rq.kind == "qualitative"):
                changed = not loose
            else:
                pd = self.direction_of(pq, ind.name, ind)
                rd = self.direction_of(rq, ind.name, ind)
                same = self.same_value(pq, rq)
                changed = (same is False) or (same is None and not loose) or (pd != rd and not loose)
            if not changed:
                continue
            pshow = self.show(pq, pd) if pq.kind != "qualitative" else (pq.text or ind.target_text)
            rshow = self.show(rq, rd) if rq.kind != "qualitative" else (rq.text or rtext)
            self.flag("target_changed", ind.name, "high",
                      f"{ind.name}：报告中的目标{rshow}与目标表中的{pshow}不一致", key="tc",
                      inputs={"policy_target": pshow, "report_target": rshow, "policy_direction": pd,
                              "report_direction": rd},
                      evidence=[*_evidence("policy", ind.span), *self.report_ev(claim, "target")])
            return

    def check_duplicates(self, r: _Row) -> None:
        """Two different actuals for the same indicator (rows and prose of the same name, or the match)."""
        values: list[tuple[Claim, Quantity, bool]] = []
        for c in [*r.group, *r.related]:
            q, text = self.actual_of(c)
            if q is not None and q.kind != "qualitative" and not self.carries_direction(q, text):
                values.append((c, q, c in r.related))  # 不少于1.5万人次 restates a target: not a value
        for i, (c1, q1, loose1) in enumerate(values):
            for c2, q2, loose2 in values[i + 1:]:
                if (loose1 or loose2) and not (q1.unit and q2.unit):
                    continue  # a prose claim found by a partial name must carry its own unit
                if self.same_value(q1, q2) is False:
                    self.flag("inconsistent_values", r.ind.name, "high",
                              f"{r.ind.name}：报告中实际完成值前后不一致：{self.show(q1)}（{c1.span.where()}）"
                              f"与{self.show(q2)}（{c2.span.where()}）", key=f"iv|{c1.id}|{c2.id}",
                              inputs={"value_1": self.show(q1), "value_2": self.show(q2), "claim_1": c1.id,
                                      "claim_2": c2.id},
                              evidence=[*self.report_ev(c1, "actual"), *self.report_ev(c2, "actual")])
                    return

    # ------------------------------------------------------------------ budget

    @staticmethod
    def _in_table(line: BudgetLine) -> bool:
        return line.span.table is not None or line.span.row is not None

    def _budget_order(self) -> list[BudgetLine]:
        """Table lines before prose lines (the form is the authority), totals first within each."""
        return sorted(self.inp.budget, key=lambda b: (not self._in_table(b), not b.is_total))

    @staticmethod
    def _denominator(line: BudgetLine) -> float | None:
        return line.adjusted if line.adjusted is not None else line.initial

    def _tables(self) -> dict[tuple[str, int | None], list[BudgetLine]]:
        out: dict[tuple[str, int | None], list[BudgetLine]] = {}
        for b in self.inp.budget:
            if self._in_table(b):
                out.setdefault((b.span.file, b.span.table), []).append(b)
        return out

    def budget(self, weight: float, weight_stated: bool
               ) -> tuple[float | None, float | None, float | None, BudgetLine | None]:
        """(rate, rule score, self score, the line used); flags low execution and inflated budget scores.

        The rate comes from, in order: a table's total line; the sum of a table's detail lines; a prose total
        with both figures; a stated rate."""
        lines = self._budget_order()
        if not lines:
            return None, None, None, None
        rate: float | None = None
        executed = adjusted = None
        used: BudgetLine | None = None
        candidates: list[tuple[float, float, BudgetLine]] = []
        for t in lines:
            den = self._denominator(t)
            if t.is_total and self._in_table(t) and t.executed is not None and den:
                candidates.append((t.executed, den, t))
        for table in self._tables().values():
            details = [d for d in table if not d.is_total]
            ex = [d.executed for d in details if d.executed is not None]
            den_sum = sum(x for x in (self._denominator(d) for d in details) if x is not None)
            if ex and den_sum:
                candidates.append((sum(ex), den_sum, details[0]))
        for t in lines:
            den = self._denominator(t)
            if t.is_total and not self._in_table(t) and t.executed is not None and den:
                candidates.append((t.executed, den, t))
        if candidates:
            executed, adjusted, used = candidates[0]
            rate = executed / adjusted
        else:
            stated = next((b for b in lines if b.rate_stated is not None), None)
            if stated is not None and stated.rate_stated is not None:
                rate, used = stated.rate_stated / 100, stated
        self_line = next((b for b in lines if b.self_score is not None), None)
        self_score = self_line.self_score if self_line is not None else None
        if rate is None:
            return None, None, self_score, used
        rule = self.p.round(min(rate, 1.0) * weight)
        unit = used.unit if used is not None else "万元"
        basis = (f"执行{_num(executed)}{unit}÷预算{_num(adjusted)}{unit}" if executed is not None
                 else "表中所列执行率")
        ev = _evidence("report", used.span if used else None)
        inputs: dict[str, RuleValue] = {"rate": rate, "executed": executed, "adjusted": adjusted, "unit": unit,
                                        "weight": weight, "rule_score": rule, "self_score": self_score,
                                        "threshold": self.p.low_budget_threshold}
        if rate < self.p.low_budget_threshold - 1e-12:
            self.flag("low_budget_execution", None, "medium",
                      f"预算执行率{rate * 100:.2f}%（{basis}），低于{_num(self.p.low_budget_threshold * 100)}%",
                      key="lb", inputs=inputs, evidence=ev)
        # without a stated budget weight the form's scale is unknown (10 or 20 points): no comparison
        if self_score is not None and self_line is not None and weight_stated:
            sev = _evidence("report", self_line.span)
            if self_score > weight + self.p.score_tolerance:
                self.flag("self_score_inflated", None, "medium",
                          f"预算执行：自评{_num(self_score)}分，超过分值{_num(weight)}分", key="budget",
                          inputs={**inputs, "tolerance": self.p.score_tolerance}, evidence=[*ev, *sev])
            elif self_score > rule + self.p.score_tolerance:
                self.flag("self_score_inflated", None, "medium",
                          f"预算执行：自评{_num(self_score)}分，按执行率{rate * 100:.2f}%应得{_num(rule)}分"
                          f"（分值{_num(weight)}）", key="budget",
                          inputs={**inputs, "tolerance": self.p.score_tolerance}, evidence=[*ev, *sev])
        return rate, rule, self_score, used

    def budget_consistency(self) -> None:
        lines = self.inp.budget
        totals = [b for b in lines if b.is_total]
        details = [b for b in lines if not b.is_total]
        tol = self.p.amount_tolerance

        # a table's total line against the detail lines of the same table: one flag per total line and kind
        zero_totals: set[int] = set()
        for t in totals:
            if not self._in_table(t):
                continue  # a prose total has no rows of its own
            rows = [d for d in details if self._in_table(d) and (d.span.file, d.span.table) == (t.span.file,
                                                                                          t.span.table)]
            zero: list[str] = []
            off: list[str] = []
            inputs: dict[str, RuleValue] = {"unit": t.unit, "tolerance": tol}
            used: list[BudgetLine] = []
            for fld, label in _BUDGET_FIELDS.items():
                tv = getattr(t, fld)
                parts: list[tuple[BudgetLine, float]] = []
                for d in rows:
                    v = self._amount(d, fld, t.unit)
                    if v is not None:
                        parts.append((d, v))
                if tv is None or not parts:
                    continue
                s = sum(v for _d, v in parts)
                if abs(tv - s) <= tol + 1e-9:
                    continue
                if "field" not in inputs:  # the first differing field under the plain keys
                    inputs.update({"field": fld, "total": tv, "sum_of_details": s})
                inputs[f"{fld}_total"] = tv
                inputs[f"{fld}_sum_of_details"] = s
                used.extend(d for d, _v in parts if d not in used)
                if tv == 0 and s > 0:
                    zero.append(f"{label}合计行为0{t.unit}、明细行合计为{_num(s)}{t.unit}")
                else:
                    off.append(f"{label}合计行为{_num(tv)}{t.unit}、明细行之和为{_num(s)}{t.unit}")
            ev = [*_evidence("report", t.span), *(e for d in used for e in _evidence("report", d.span))]
            if zero:
                zero_totals.add(id(t))
                self.flag("inconsistent_values", None, "high", f"{t.label}：" + "；".join(zero),
                          key=f"bz|{t.label}", inputs=inputs, evidence=ev)
            if off:
                self.flag("arithmetic_error", None, "high", f"{t.label}：" + "；".join(off),
                          key=f"bs|{t.label}", inputs=inputs, evidence=ev)

        # the same figure given twice: two lines of one label, or two totals of the same scope
        def same_figure(b1: BudgetLine, b2: BudgetLine) -> bool:
            if normalize.normalize_name(b1.label) == normalize.normalize_name(b2.label):
                return True
            scoped = ("基本", "项目支出", "人员", "公用", "结转", "上年")
            return b1.is_total and b2.is_total and not _has(scoped, b1.label) and not _has(scoped, b2.label)

        for i, b1 in enumerate(lines):
            for b2 in lines[i + 1:]:
                if not same_figure(b1, b2) or id(b1) in zero_totals or id(b2) in zero_totals:
                    continue  # a zero total line is one contradiction, flagged above
                if not (self._in_table(b1) or self._in_table(b2)):
                    continue  # two prose sentences usually speak of different sums (基本支出, 三公经费 …)
                diffs: list[str] = []
                pair_inputs: dict[str, RuleValue] = {"unit": b1.unit}
                for fld, label in _BUDGET_FIELDS.items():
                    v1, v2 = getattr(b1, fld), getattr(b2, fld)
                    if v1 is None or v2 is None:
                        continue
                    prose = b2 if self._in_table(b1) and not self._in_table(b2) else (
                        b1 if self._in_table(b2) and not self._in_table(b1) else None)
                    table_value = v1 if prose is b2 else v2
                    if prose is not None and _mentions(prose.span.quote, table_value):
                        continue  # the sentence also states the table's figure (调减至130万元)
                    if self.same_value(Quantity(value=v1, unit=b1.unit), Quantity(value=v2, unit=b2.unit)) is False:
                        diffs.append(f"{label}{_num(v1)}{b1.unit}与{_num(v2)}{b2.unit}")
                        if "field" not in pair_inputs:
                            pair_inputs.update({"field": fld, "value_1": v1, "value_2": v2})
                        pair_inputs[f"{fld}_1"] = v1
                        pair_inputs[f"{fld}_2"] = v2
                if diffs:
                    self.flag("inconsistent_values", None, "high",
                              f"预算数据前后不一致：{b1.label}（{b1.span.where()}）与{b2.label}（{b2.span.where()}）"
                              f"分别为" + "；".join(diffs),
                              key=f"bd|{b1.label}|{b2.label}|{i}", inputs=pair_inputs,
                              evidence=[*_evidence("report", b1.span), *_evidence("report", b2.span)])

        # 年初预算 + 追加/调减 against the stated 调整后预算 (only when all three are stated)
        for b in lines:
            if b.initial is None or b.added is None or b.adjusted is None:
                continue
            expected = b.initial + b.added
            if abs(expected - b.adjusted) <= tol + 1e-9:
                continue
            change = f"追加{_num(b.added)}" if b.added >= 0 else f"调减{_num(-b.added)}"
            self.flag("arithmetic_error", None, "high",
                      f"{b.label}：年初预算{_num(b.initial)}{b.unit}、{change}{b.unit}，应为{_num(expected)}{b.unit}，"
                      f"所列调整后预算为{_num(b.adjusted)}{b.unit}，相差{_num(round(abs(b.adjusted - expected), 6))}{b.unit}",
                      key=f"adj|{b.label}|{b.span.file}|{b.span.start}",
                      inputs={"initial": b.initial, "added": b.added, "adjusted": b.adjusted,
                              "sum": expected, "difference": round(b.adjusted - expected, 6), "unit": b.unit,
                              "tolerance": tol},
                      evidence=_evidence("report", b.span))

        # a stated rate against executed ÷ budget
        for b in lines:
            den = self._denominator(b)
            if b.rate_stated is None or b.executed is None or not den:
                continue
            calc = b.executed / den * 100
            if abs(calc - b.rate_stated) > self.p.rate_tolerance_pp + 1e-9:
                self.flag("arithmetic_error", None, "high",
                          f"{b.label}：表中执行率{_num(b.rate_stated)}%，按执行数{_num(b.executed)}÷预算数"
                          f"{_num(den)}计算为{calc:.2f}%", key=f"rate|{b.label}",
                          inputs={"rate_stated": b.rate_stated, "rate_computed": round(calc, 4),
                                  "executed": b.executed, "adjusted": den,
                                  "tolerance_pp": self.p.rate_tolerance_pp},
                          evidence=_evidence("report", b.span))

    def _amount(self, line: BudgetLine, fld: str, unit: str) -> float | None:
        v = getattr(line, fld)
        if v is None:
            return None
        return self.convert(v, line.unit, unit)

    # ------------------------------------------------------------------ detail tables

    def column_totals(self) -> None:
        """合计/小计 rows of detail tables (明细表, 成本构成) against the sum of the rows above them."""
        tol = self.p.amount_tolerance
        for t in self.inp.column_totals:
            total = sum(t.parts)
            diff = t.stated - total
            if abs(diff) <= tol + 1e-9:
                continue
            digits = max([_decimals(t.stated), *(_decimals(v) for v in t.parts)])
            total, diff = round(total, digits), round(diff, digits)
            self.flag("arithmetic_error", None, "high",
                      f"{t.label}「{t.column}」为{_num(t.stated)}{t.unit}，各行（{len(t.parts)}行）之和为"
                      f"{_num(total)}{t.unit}，相差{_num(abs(diff))}{t.unit}",
                      key=f"ct|{t.span.file}|{t.span.table}|{t.span.row}|{t.column}",
                      inputs={"stated": t.stated, "sum": total, "difference": diff, "column": t.column,
                              "unit": t.unit, "rows": len(t.parts), "tolerance": tol},
                      evidence=[*_evidence("report", t.span), *_evidence("report", t.parts_span)])

    # ------------------------------------------------------------------ stated totals

    def _form_rows(self, t: StatedTotal) -> list[Claim]:
        """The table rows a stated total speaks of: rows of the same file, and of the same table when known."""
        rows = [c for c in self.inp.claims if c.kind == "row" and c.span.file == t.span.file]
        if t.span.table is not None:
            same = [c for c in rows if c.span.table == t.span.table]
            if same:
                rows = same
        return rows

    @staticmethod
    def _weights_known(rows: Sequence[Claim]) -> bool:
        """Every row that is an indicator (has a score or an actual) carries a 分值."""
        return any(c.weight is not None for c in rows) and not any(
            c.weight is None and (c.self_score is not None or c.actual is not None) for c in rows)

    def totals(self, budget_weight: float, budget_weight_stated: bool, budget_self: float | None) -> None:
        """Stated totals against their own parts (weights, 一级 weights, scores), and weights against 100."""
        tol = self.p.arithmetic_tolerance
        checked_files: set[str] = set()
        for t in self.inp.totals:
            rows = self._form_rows(t)
            ev = _evidence("report", t.span)
            if t.kind == "weight_total":
                if not self._weights_known(rows):
                    continue
                wsum = sum(c.weight or 0.0 for c in rows)
                checked_files.add(t.span.file)
                if all(abs(t.value - o) > tol + 1e-9 for o in (wsum, wsum + budget_weight)):
                    self.flag("arithmetic_error", None, "high",
                              f"{t.label}：表中分值合计{_num(t.value)}，各指标分值之和为{_num(wsum)}"
                              f"（加预算执行{_num(budget_weight)}分为{_num(wsum + budget_weight)}）",
                              key=f"wt|{t.label}|{t.value}",
                              inputs={"stated": t.value, "sum": wsum, "budget_weight": budget_weight,
                                      "tolerance": tol}, evidence=ev)
            elif t.kind == "level1_weight":
                label = f"{t.level1 or ''}{t.label}"
                if _has(self.w.budget_weight_labels, label):
                    continue
                members = self._level1_members(rows, t)
                if not self._weights_known(members):
                    continue
                wsum = sum(c.weight or 0.0 for c in members)
                if abs(wsum - t.value) > tol + 1e-9:
                    name = t.level1 or t.label
                    self.flag("arithmetic_error", None, "high",
                              f"{name}：所属指标分值之和为{_num(wsum)}，表中该项分值为{_num(t.value)}",
                              key=f"l1|{name}",
                              inputs={"stated": t.value, "sum": wsum, "level1": name, "indicators": len(members),
                                      "tolerance": tol},
                              evidence=[*ev, *(e for c in members for e in self.report_ev(c))][:20])
            elif t.kind == "score_total":
                scores = [c.self_score for c in rows if c.self_score is not None]
                if not scores:
                    continue
                ssum = sum(scores)
                same_file_self = next((b.self_score for b in self.inp.budget
                                       if b.self_score is not None and b.span.file == t.span.file), None)
                ok = abs(t.value - ssum) <= tol + 1e-9
                if budget_self is not None:
                    ok = ok or abs(t.value - ssum - budget_self) <= tol + 1e-9
                if same_file_self is None:  # the budget score is not on this form: it may be anything 0…w
                    ok = ok or ssum - tol <= t.value <= ssum + budget_weight + tol
                if not ok:
                    total = ssum + (budget_self or 0.0)
                    self.flag("arithmetic_error", None, "high",
                              f"{t.label}：表中总分{_num(t.value)}，各项自评得分之和为{_num(total)}",
                              key=f"st|{t.label}|{t.value}",
                              inputs={"stated": t.value, "sum": total, "indicator_scores": ssum,
                                      "budget_self_score": budget_self, "tolerance": tol}, evidence=ev)

        # weights that do not add up to 100, per table of indicator rows
        tables: dict[tuple[str, int | None], list[Claim]] = {}
        for c in self.inp.claims:
            if c.kind == "row":
                tables.setdefault((c.span.file, c.span.table), []).append(c)
        for (file, table), rows in tables.items():
            if file in checked_files or not self._weights_known(rows):
                continue
            wsum = sum(c.weight or 0.0 for c in rows)
            total = wsum + budget_weight
            bad = abs(total - 100) > tol + 1e-9 if budget_weight_stated else wsum > 100 + tol + 1e-9
            if not bad:
                continue
            self.flag("arithmetic_error", None, "high",
                      (f"分值合计：预算执行{_num(budget_weight)}分 + 各指标{_num(wsum)}分 = {_num(total)}分，"
                       "不等于100分") if budget_weight_stated
                      else f"分值合计：各指标分值之和为{_num(wsum)}分，超过100分",
                      key=f"w100|{file}|{table}",
                      inputs={"sum": wsum, "budget_weight": budget_weight if budget_weight_stated else None,
                              "expected": 100.0, "tolerance": tol},
                      evidence=[e for c in rows for e in self.report_ev(c)][:20])

    def claimed_scores(self, rows: list[_Row]) -> list[float]:
        """Self scores of the indicators, plus those of table rows no indicator took (each claim once)."""
        seen: set[str] = set()
        scores: list[float] = []
        for r in rows:
            if r.score_claim is not None and r.score_claim.self_score is not None:
                seen.add(r.score_claim.id)
                scores.append(r.score_claim.self_score)
        taken = {c.id for r in rows for c in r.group}
        for c in self.inp.claims:
            if c.kind == "row" and c.self_score is not None and c.id not in taken and c.id not in seen:
                seen.add(c.id)
                scores.append(c.self_score)
        return scores

    def _level1_members(self, rows: list[Claim], t: StatedTotal) -> list[Claim]:
        """Rows under a stated 一级 weight: same 一级 text, else the same group; a heading of no group
        (``绩效指标(90分)``, ``年度目标(80分)``) covers every row of the table."""
        def norm(s: str | None) -> str:
            return re.sub(r"[（(][^)）]*[)）]|\d+(\.\d+)?分?|[\s:：]", "", s or "")

        def levels(c: Claim) -> tuple[str | None, str | None]:
            lv1, lv2 = self._levels.get(c.id, (None, None))
            return c.level1 or lv1, c.level2 or lv2

        want = norm(t.level1 or t.label)
        exact = [c for c in rows if want and norm(levels(c)[0]) == want]
        if exact:
            return exact
        grp = self.group_of(t.level1, t.label)
        if grp is None:
            return rows
        return [c for c in rows if self.group_of(*levels(c)) == grp]

    # ------------------------------------------------------------------ duplicates outside indicators

    def unmatched_duplicates(self, rows: list[_Row]) -> None:
        """Claims of one name that no indicator took: still two different values for one quantity."""
        taken = {c.id for r in rows for c in r.group}
        by_name: dict[str, list[Claim]] = {}
        for c in self.inp.claims:
            if c.id not in taken and c.name.strip():
                by_name.setdefault(normalize.normalize_name(c.name), []).append(c)
        for claims in by_name.values():
            if len(claims) < 2:
                continue
            vals: list[tuple[Claim, Quantity]] = []
            for c in claims:
                q, text = self.actual_of(c)
                if q is not None and q.kind != "qualitative" and not self.carries_direction(q, text):
                    vals.append((c, q))
            for i, (c1, q1) in enumerate(vals):
                hit = next(((c2, q2) for c2, q2 in vals[i + 1:] if self.same_value(q1, q2) is False), None)
                if hit is not None:
                    c2, q2 = hit
                    self.flag("inconsistent_values", c1.name, "high",
                              f"{c1.name}：报告中实际完成值前后不一致：{self.show(q1)}（{c1.span.where()}）"
                              f"与{self.show(q2)}（{c2.span.where()}）", key=f"iv|{c1.id}|{c2.id}",
                              inputs={"value_1": self.show(q1), "value_2": self.show(q2), "claim_1": c1.id,
                                      "claim_2": c2.id},
                              evidence=[*self.report_ev(c1, "actual"), *self.report_ev(c2, "actual")])
                    break


# --------------------------------------------------------------------------- entry point


def score_review(inp: ScoringInput, profile: Profile) -> ScoringResult:
    """Score every indicator and the budget by the rules of ``profile`` and raise the flags of domain.md §5."""
    eng = _Engine(inp, profile)
    rows = eng.build_rows()
    budget_weight, budget_weight_stated = eng.budget_weight()
    eng.assign_weights(rows, budget_weight)
    eng.score_rows(rows)
    eng.unmatched_duplicates(rows)
    rate, budget_score, budget_self, _line = eng.budget(budget_weight, budget_weight_stated)
    eng.budget_consistency()
    eng.column_totals()
    eng.totals(budget_weight, budget_weight_stated, budget_self)

    results = [r.result for r in rows if r.result is not None]
    indicator_score = profile.round(sum(r.rule_score or 0.0 for r in results))
    computed = profile.round(indicator_score + (budget_score or 0.0))
    self_scores = eng.claimed_scores(rows)
    self_total: float | None
    if self_scores or budget_self is not None:
        self_total = profile.round(sum(self_scores) + (budget_self or 0.0))
    else:
        stated = [t.value for t in inp.totals if t.kind == "score_total"]
        self_total = stated[0] if stated else None
    summary = ScoreSummary(
        budget_score=budget_score,
        budget_weight=profile.round(budget_weight),
        execution_rate=None if rate is None else round(rate, 6),
        indicator_score=indicator_score,
        computed_total=computed,
        self_total=self_total,
        rating=profile.rating(computed),
    )
    return ScoringResult(results=results, flags=eng.flags, score=summary)
