"""Scoring profiles: every threshold and word list of domain.md §4/§5, read from named YAML files.

``load_profile(name_or_path, settings)`` reads a bundled profile (``default``, ``hubei`` …), one in
``settings.scoring.profiles_dir`` (which shadows a bundled one of the same name) or a YAML path;
``extends: NAME`` inherits.  ``list_profiles(settings)`` names them.
"""

from __future__ import annotations

import copy
import functools
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from docreview import normalize
from docreview.errors import ConfigError
from docreview.settings import Settings

Band = Literal["达成", "部分达成", "未达成"]

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
    # the word lists of normalize.resolve_direction, the one function that decides a target's direction
    # (domain.md §3); a profile may replace them
    reverse: list[str] = list(normalize.DIRECTION_WORDS.reverse)
    reverse_exceptions: list[str] = list(normalize.DIRECTION_WORDS.reverse_exceptions)
    growth: list[str] = list(normalize.DIRECTION_WORDS.growth)
    # shares of a whole that cannot exceed 100% (domain.md §5 unit_mismatch): 合格率, 覆盖率, 知晓率, 满意度 …
    bounded_rates: list[str] = ["合格率", "覆盖率", "知晓率", "满意度", "满意率", "达标率", "到位率", "完成率",
                                "执行率", "参保率", "入学率", "巩固率", "普及率", "验收合格率", "保障率", "发放率",
                                "及时率", "准确率", "通过率", "使用率", "利用率", "处理率", "回收率", "成活率",
                                "出勤率", "受理率", "办结率", "知晓度", "接种率", "检测率", "抽检率", "开展率"]
    # an indicator the form marks not applicable (domain.md §4); "/" only where a form's note says so
    not_applicable: list[str] = ["不适用", "不涉及"]
    empty: list[str] = ["/", "／", "无", "—", "——", "-", "－", "空", "暂无", "N/A", "n/a", "NA"]
    reason_empty: list[str] = ["0", "/", "／", "无", "—", "——", "-", "－", "无偏差", "暂无", "没有", "不存在", "N/A"]
    placeholders: list[str] = ["*", "＊", "X", "x", "×", "_", "＿", "某"]
    cause: list[str] = ["原因", "由于", "因为", "因", "受", "导致", "造成", "致使", "影响", "所致", "延期", "推迟",
                        "延迟", "滞后", "调整", "变更", "取消", "疫情", "天气", "不足", "减少", "短缺", "缺乏", "困难",
                        "未到位", "不到位", "未下达", "未拨付", "暂停", "停工", "客观", "低于", "高于", "少于",
                        "多于", "超出", "不及", "偏低", "偏高", "变化", "需求"]
    # a reason is only a promise (no reason) when every clause opens with one of these and names no cause
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
    # words that explain a budget figure (low execution, an adjustment, execution above the budget) in a
    # sentence about the budget; the figures' own words (调整后预算, 低于) are not reasons
    budget_reason: list[str] = ["原因", "由于", "因", "受", "导致", "造成", "致使", "所致", "用于", "主要是"]
    # a sentence or claim with one of these speaks of the budget
    budget_topic: list[str] = ["预算", "资金", "执行", "支出", "经费", "拨付", "追加", "调减", "结转"]

    def direction_words(self) -> normalize.DirectionWords:
        """The lists :func:`normalize.resolve_direction` reads, as this profile gives them."""
        return normalize.DirectionWords(reverse=tuple(self.reverse), reverse_exceptions=tuple(self.reverse_exceptions),
                                        growth=tuple(self.growth))


class BudgetThreshold(BaseModel):
    """``budget_mode: threshold`` (domain.md §4): the execution rate earns a share of the budget weight by band,
    and below the lowest band loses ``per_point`` points for each percentage point it falls short (a part of a
    point pro rata), down to ``floor`` points."""

    model_config = ConfigDict(extra="forbid")

    bands: list[tuple[float, float]] = Field(default=[(0.9, 1.0)], min_length=1,
                                             description="(rate at least, share of the budget weight) pairs.")
    per_point: float = Field(default=1.0, ge=0, description="Points deducted per percentage point below the "
                                                            "lowest band.")
    floor: float = Field(default=0.0, ge=0, description="The lowest score, in points.")

    @field_validator("bands")
    @classmethod
    def _bands_valid(cls, v: list[tuple[float, float]]) -> list[tuple[float, float]]:
        for rate, share in v:
            if not (0 <= rate <= 1 and 0 <= share <= 1):
                raise ValueError("budget_threshold.bands: rates and shares lie in [0, 1]")
        return sorted(v, key=lambda b: -b[0])


class Profile(BaseModel):
    """Every threshold of domain.md §4/§5.  Loaded from YAML by :func:`load_profile`."""

    model_config = ConfigDict(extra="forbid")

    name: str = "default"
    description: str = ""
    budget_weight: float = 10.0
    level1_weights: dict[str, float] = {"满意度": 10.0, "效益": 30.0, "产出": 50.0}
    level1_keywords: dict[str, list[str]] = {
        "满意度": ["满意"],
        "效益": ["效益", "可持续", "成效"],
        "产出": ["产出", "数量", "质量", "时效", "日效", "成本", "时间"],
    }
    weight_fallback: dict[str, str] = {"满意度": "效益"}
    form_weights_win: bool = True
    reverse_mode: Literal["linear", "ratio"] = "linear"
    # a missed deadline (domain.md §4): ``band`` scores a date missed in the 部分达成 band (its credit clamped
    # into it) and caps a duration limit overrun strictly below the 达成 floor and at ``time_miss_cap``;
    # ``proportional`` gives the credit alone: 1 − days late ÷ planned days (from 1 January of the target's
    # year to the date), or a duration's reverse rule
    time_miss_cap: float = Field(0.8, ge=0, le=1)
    time_miss: Literal["band", "proportional"] = "band"
    # budget execution (domain.md §4): min(rate, 1) × weight, or by ``budget_threshold``
    budget_mode: Literal["proportional", "threshold"] = "proportional"
    budget_threshold: BudgetThreshold = Field(default_factory=BudgetThreshold)
    # missing_deviation_reason for execution below low_budget_threshold and for a mid-year adjustment
    # (年初预算 ≠ 调整后预算) that the report does not explain
    budget_reasons: bool = False
    # an actual at or above this multiple of a ≥ target needs a reason (missing_deviation_reason); None: never
    overachieved_reason_factor: float | None = Field(None, gt=1)
    # not applicable indicators: dropped and the other weights rescaled to the same total, or scored 0
    not_applicable: Literal["exclude_and_rescale", "zero"] = "exclude_and_rescale"
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
    # target review (domain.md §7.2): the 一级 groups (names of ``level1_keywords``) a target table must have,
    # the 二级 words an 产出 group must have, and the share of identical targets that is "one value for all"
    required_level1: list[str] = ["产出", "效益", "满意度"]
    required_output_level2: list[str] = ["数量", "质量", "时效", "成本"]
    duplicate_share: float = Field(0.5, gt=0, lt=1)
    # monitoring (domain.md §7.3): 序时进度 at a month's end (month → share; empty: the elapsed share of the
    # year), how far behind it is ``behind_schedule`` and from how far it is high
    schedule_checkpoints: dict[int, float] = {}
    schedule_tolerance_pp: float = Field(10.0, ge=0)
    schedule_high_pp: float = Field(20.0, ge=0)

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
        missing = set(self.required_level1) - set(self.level1_keywords)
        if missing:
            raise ValueError(f"required_level1 names groups without keywords: {sorted(missing)}")
        for month, share in self.schedule_checkpoints.items():
            if not (1 <= month <= 12 and 0 <= share <= 1):
                raise ValueError("schedule_checkpoints: months 1–12, shares in [0, 1]")
        return self

    def schedule(self, months: float) -> tuple[float, str]:
        """序时进度 at ``months`` into the budget year: the checkpoint of the last month reached, else the elapsed
        share; with the basis (``checkpoint`` / ``elapsed``)."""
        reached = [m for m in self.schedule_checkpoints if m <= months + 1e-9]
        if reached:
            return self.schedule_checkpoints[max(reached)], "checkpoint"
        return min(1.0, months / 12), "elapsed"

    def rating(self, total: float) -> Literal["优", "良", "中", "差"]:
        """The rating of a total out of 100."""
        for label, cut in sorted(self.ratings.items(), key=lambda kv: -kv[1]):
            if total >= cut - 1e-9:
                return label
        return "差"

    def band_range(self, band: Band, weight: float) -> tuple[float, float]:
        """The scores a qualitative band allows on ``weight``: half-open below the top band, as the 10号 form
        note says (达成 [0.8w, w], 部分达成 [0.6w, 0.8w), 未达成 [0, 0.6w)); the open end is one rounding unit
        below the next band's floor (8 → 7.99)."""
        lo, hi = self.qualitative_bands[band]
        top = hi * weight if hi >= 1 else hi * weight - 10 ** -self.rounding
        return lo * weight, max(lo * weight, top)

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
    """The profile file as a mapping; parsed once per content (a batch loads the same profile per review)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"评分方案无法读取 / cannot read scoring profile {path.name}: {e}", path=str(path)) from e
    return copy.deepcopy(_parse_yaml(text, str(path)))


@functools.lru_cache(maxsize=64)
def _parse_yaml(text: str, source: str) -> dict[str, Any]:
    path = Path(source)
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as e:
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
