"""Numbers, units, directions and dates of Chinese performance tables, made comparable.

Pure functions, no I/O.  Everything downstream (extract, match, score, evaluate) compares values through
this module, so the conventions are stated once here:

- **Width.**  :func:`to_halfwidth` folds full-width digits, letters and signs to ASCII, ``≧``/``≦`` to
  ``≥``/``≤`` and drops zero-width characters; CJK punctuation ``、；。`` is kept.
- **Numbers.**  :func:`parse_number` reads Arabic (``1,234.5``), Chinese (``三万四千五百``, ``八十七点五``,
  ``二〇二五``), financial (``壹拾贰万``) and mixed (``十亿3000万``, ``2万5千``) numerals; 万/亿/千/百 are folded
  into the value.  Colloquial tails count as the next lower unit (``一百五`` = 150, ``三万五`` = 35000).
- **Units.**  ``Quantity.value`` is in ``Quantity.unit`` as written, in a canonical spelling
  (:func:`canonical_unit`: 千克→公斤, 千米→公里, 百分比→%, 日→天, 工作日→个工作日, 百分点→个百分点).  A 万/亿
  written before a unit stays in the unit when ``万X`` is itself a unit (万元, 亿元, 万吨, 万亩, 万平方米,
  万立方米, 万千瓦时, 万吨标准煤); otherwise it is folded into the value (``2400万公斤`` → 24000000 公斤,
  ``3.2万人次`` → 32000 人次).  ``千``/``百`` before a unit are folded unless ``千X``/``百X`` is a unit spelling
  (千克, 千米, 千元, 千瓦时, 百分比, 百分点).
- **Unit families** (:func:`unit_family`, :func:`convert`): money 元/千元/万元/百万元/亿元; mass
  克/斤/公斤/吨/千吨/万吨; length 毫米/厘米/米/公里; area 平方米/万平方米/亩/万亩/公顷/平方公里 (1 公顷 = 15 亩 =
  10000 平方米, so 1 亩 = 666.67 平方米); volume 升/立方米/万立方米; percent %/‰; time 秒/分钟/小时/天/周/个月/
  季度/年 (1 年 = 12 个月 = 365 天, so a month is 30.42 天 -- an approximation, good enough to compare a
  deadline); 个工作日 alone (not convertible to 天); 个百分点 alone; energy 千瓦时/万千瓦时; power 千瓦/兆瓦/万千瓦;
  standard coal 吨标准煤/万吨标准煤.  Every count word (个 所 家 座 项 次 场 场次 件 户 套 台 辆 起 人 人次 …) is
  its own family: 人 and 人次 never convert.
- **Directions.**  :func:`parse_quantity` records only what the text says (``explicit_direction=True``);
  the copula ``为`` ("is") is *not* taken as ``=`` there, because prose actuals say ``完成率为106.7%``.
  ``零事故``-style targets get direction ``=`` (not explicit).  ``低于``/``高于`` are the strict ``<``/``>``.
  :func:`resolve_direction` applies domain.md §3 defaults (see its docstring for the word lists).
- **Dates.**  ``kind="date"``.  A deadline is stored as its last day (``2025年6月底前`` → 2025-06-30, ``2019年12月``
  → 2019-12-31, ``2023年底`` → 2023-12-31) with direction ``<=`` when the text says 前/以前/之前/内.  **Dates
  without a year** (``12月前``, ``年底前``, ``6月30日``) keep ``date=None`` and their text; :func:`resolve_date`
  completes them with a year taken from context (the report's year).  ``按时``/``按期``/``及时`` are qualitative.
- **Ranges** ``90%-95%``, ``90～95%``, ``3至5个``: ``value`` is the lower, ``upper`` the upper bound.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeVar

from docreview.models import Direction, Quantity, QuantityKind

T = TypeVar("T")

__all__ = [
    "DIRECTION_WORDS",
    "DirectionWords",
    "FoundQuantity",
    "canonical_unit",
    "convert",
    "find_quantities",
    "format_number",
    "format_percent",
    "format_quantity",
    "is_empty_value",
    "is_placeholder",
    "is_vague",
    "NameKeyIndex",
    "normalize_name",
    "parse_direction",
    "parse_number",
    "parse_quantity",
    "resolve_date",
    "resolve_direction",
    "to_halfwidth",
    "unit_family",
    "units_compatible",
]

# --------------------------------------------------------------------------- width

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_KEEP_FULLWIDTH = frozenset("；")  # CJK punctuation kept as is (、 and 。 are outside the FF block anyway)
_EXTRA_FOLD = {
    "≧": "≥", "≦": "≤", "⩾": "≥", "⩽": "≤", "≽": "≥", "≼": "≤", "═": "=", "〓": "=", "\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
    "〜": "~", "﹣": "-", "﹤": "<", "﹥": ">", "﹦": "=", "﹪": "%", "﹢": "+", "﹐": ",", "﹒": ".",
}


def _fold_char(ch: str) -> str:
    """One character folded to half width ('' for a zero-width character)."""
    if ch in _ZERO_WIDTH:
        return ""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E and ch not in _KEEP_FULLWIDTH:
        return chr(code - 0xFEE0)
    return _EXTRA_FOLD.get(ch, ch)


def _fold_table(*, keep: str = "") -> dict[int, str | None]:
    """``str.translate`` table of :func:`_fold_char` over every character it changes, except those in ``keep``."""
    chars = [*_ZERO_WIDTH, *_EXTRA_FOLD, *(chr(c) for c in range(0xFF01, 0xFF5F))]
    return {ord(ch): (_fold_char(ch) or None) for ch in chars if ch not in keep and _fold_char(ch) != ch}


_FOLD = _fold_table()
_FOLD_KEEP_COMMA = _fold_table(keep="，")


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters, signs and spaces as ASCII; ``≧``/``≦`` as ``≥``/``≤``; zero-width
    characters removed.  CJK punctuation such as ``、`` ``；`` ``。`` is kept."""
    return text.translate(_FOLD)


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    """``to_halfwidth(text)`` and, for each of its characters, the index of the source character.
    The full-width comma stays: in prose it separates clauses (``目标值500，完成值600``), never thousands."""
    folded = text.translate(_FOLD_KEEP_COMMA)
    if len(folded) == len(text):  # every fold is one character for one: the map is the identity
        return folded, list(range(len(text)))
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        f = ch if ch == "，" else _fold_char(ch)
        if f:
            out.append(f)
            index.append(i)
    return "".join(out), index


# --------------------------------------------------------------------------- numbers

_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "幺": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "三": 3, "叁": 3,
    "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8,
    "捌": 8, "九": 9, "玖": 9,
}
_CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_MULT = {**_CN_SMALL, **_CN_BIG}
_CN_NUM_CHARS = "".join(_CN_DIGITS) + "".join(_CN_SMALL) + "".join(_CN_BIG)
_NUM_TOKEN = re.compile(r"\d+(?:\.\d+)?|[" + _CN_NUM_CHARS + "]|点")
_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d,])")


@dataclass
class _NumTok:
    kind: str  # num | small | big | point
    value: Decimal
    cn: bool = False  # a Chinese digit (not an Arabic figure)
    zero: bool = False  # the digit 零


def _tokens(text: str) -> list[_NumTok] | None:
    out: list[_NumTok] = []
    pos = 0
    for m in _NUM_TOKEN.finditer(text):
        if m.start() != pos:
            return None
        pos = m.end()
        t = m.group()
        if t[0].isdigit():
            out.append(_NumTok("num", Decimal(t)))
        elif t in _CN_DIGITS:
            out.append(_NumTok("num", Decimal(_CN_DIGITS[t]), cn=True, zero=_CN_DIGITS[t] == 0))
        elif t in _CN_SMALL:
            out.append(_NumTok("small", Decimal(_CN_SMALL[t])))
        elif t in _CN_BIG:
            out.append(_NumTok("big", Decimal(_CN_BIG[t])))
        else:
            out.append(_NumTok("point", Decimal(0)))
    if pos != len(text) or not out:
        return None
    return out


def _digits_value(toks: list[_NumTok]) -> str | None:
    """``五`` / ``二五`` / ``25`` after a 点: the digit string of a decimal fraction."""
    digits = []
    for t in toks:
        if t.kind != "num":
            return None
        if t.cn:
            digits.append(str(int(t.value)))
        elif t.value == t.value.to_integral_value() and "." not in str(t.value):
            digits.append(str(t.value))
        else:
            return None
    return "".join(digits)


def _combine(toks: list[_NumTok]) -> Decimal | None:
    """Value of a token run without 点 (a decimal point inside an Arabic figure is fine)."""
    if len(toks) > 1 and all(t.kind == "num" and t.cn for t in toks):
        if len(toks) < 3 and not any(t.zero for t in toks):
            return None  # 三四 = "three or four"
        return Decimal("".join(str(int(t.value)) for t in toks))  # 二〇二五
    total = section = small = Decimal(0)
    pending: Decimal | None = None
    zero_gap = False
    last_small: Decimal | None = None
    last_unit: Decimal | None = None
    seen_any = False
    for i, t in enumerate(toks):
        if t.kind == "num":
            if pending is not None and pending != 0:
                return None  # two figures side by side: 三四, 3 5
            if t.zero:
                zero_gap = True
            pending = t.value
            seen_any = True
        elif t.kind == "small":
            if pending is None:
                # a bare 十 leads (十二, 二百一十?  no: 一十 is written out); 百/千 need a digit
                if t.value != 10 or (i > 0 and toks[i - 1].kind == "small"):
                    return None
                pending = Decimal(1)
            if last_small is not None and t.value >= last_small:
                return None  # 十百, 二十三百
            if pending == 0:
                return None
            small += pending * t.value
            last_small, last_unit = t.value, t.value
            pending, zero_gap = None, False
            seen_any = True
        elif t.kind == "big":
            segment = small + (pending or 0)
            if t.value == _CN_BIG["亿"]:
                if total or section + segment == 0:
                    return None  # 一亿二亿
                total = (section + segment) * t.value  # 一万亿 = 10**12
                section = Decimal(0)
            else:
                if segment == 0:
                    return None
                if section:
                    return None  # 一万二万
                section = segment * t.value
            small, pending, last_small, last_unit, zero_gap = Decimal(0), None, None, t.value, False
        else:
            return None
    if not seen_any:
        return None
    if (pending is not None and not zero_gap and last_unit is not None and last_unit >= 100
            and toks[-1].kind == "num" and toks[-2].kind in ("small", "big")
            and pending == pending.to_integral_value() and 1 <= pending <= 9):
        pending = pending * last_unit / 10  # 一百五 = 150, 三万五 = 35000, 两千五 = 2500
    return total + section + small + (pending or 0)


@functools.lru_cache(maxsize=4096)
def _parse_decimal(text: str) -> Decimal | None:
    t = to_halfwidth(text).strip()
    if re.search(r"\d\s+\d", t):
        return None  # "3 5" is two figures
    t = t.replace(" ", "")
    if not t:
        return None
    sign = Decimal(1)
    if t[0] in "+-" or t.startswith("负"):
        sign = Decimal(-1) if t[0] in "-负" else Decimal(1)
        t = t[1:]
    t = _THOUSANDS.sub(lambda m: m.group().replace(",", ""), t)
    if not t:
        return None
    toks = _tokens(t)
    if toks is None:
        return None
    points = [i for i, tk in enumerate(toks) if tk.kind == "point"]
    if len(points) > 1:
        return None
    if not points:
        value = _combine(toks)
        return None if value is None else sign * value
    p = points[0]
    head, tail = toks[:p], toks[p + 1:]
    if not head or not tail:
        return None
    # 八十七点五 / 三点五万: the fraction digits run up to an optional trailing 万/亿
    big = None
    if tail[-1].kind == "big":
        big, tail = tail[-1], tail[:-1]
    digits = _digits_value(tail)
    int_part = _combine(head)
    if digits is None or not digits or int_part is None or any(t.kind == "big" for t in head):
        return None
    value = int_part + Decimal("0." + digits)
    if big is not None:
        value *= big.value
    return sign * value


def _to_float(value: Decimal) -> float:
    return float(value)


def parse_number(text: str) -> float | None:
    """The number ``text`` spells, or None.

    Arabic (``1,234.5``, ``１２３``), Chinese (``三万四千五百``, ``两千``, ``一百零五``, ``八十七点五``, ``零点五``),
    financial (``壹拾贰万``, ``贰仟叁佰``) and mixed (``十亿3000万``, ``1.2亿``, ``2万5千``) forms; 万/亿/千/百
    are folded into the value.  Anything else in the text (a unit, a ``%``) makes it not a number."""
    if not text:
        return None
    value = _parse_decimal(text)
    return None if value is None else _to_float(value)


def _fmt_number(value: float) -> str:
    """``87.5``, ``345``, ``24000000``, ``0.00001``: no trailing ``.0``, no exponent."""
    if value == int(value) and abs(value) < 1e16:
        return str(int(value))
    try:
        d = Decimal(repr(value))
    except InvalidOperation:
        return str(value)
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def format_number(x: float | None) -> str:
    """A number for a reviewer's message: at most 6 decimals, no trailing zeros (``108``, ``89.974``,
    ``0.852634``); '' for None."""
    if x is None:
        return ""
    s = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if s in {"-0", ""} else s


def format_percent(fraction: float | None, *, decimals: int = 2, trim: bool = True) -> str:
    """A fraction as a percent: ``0.852634`` → ``85.26%`` (``trim``: ``0.9`` → ``90%``; else ``90.00%``);
    '' for None."""
    if fraction is None:
        return ""
    s = f"{fraction * 100:.{decimals}f}"
    if trim and "." in s:
        s = s.rstrip("0").rstrip(".")
    return f"{s}%"


# --------------------------------------------------------------------------- units

_FAMILIES: dict[str, dict[str, float]] = {
    "money": {"元": 1.0, "千元": 1e3, "万元": 1e4, "百万元": 1e6, "亿元": 1e8},
    "mass": {"克": 1.0, "斤": 500.0, "公斤": 1e3, "吨": 1e6, "千吨": 1e9, "万吨": 1e10},
    "length": {"毫米": 1e-3, "厘米": 1e-2, "米": 1.0, "公里": 1e3},
    "area": {"平方米": 1.0, "万平方米": 1e4, "亩": 10000 / 15, "万亩": 1e4 * 10000 / 15, "公顷": 1e4,
             "平方公里": 1e6},
    "volume": {"升": 1e-3, "立方米": 1.0, "万立方米": 1e4},
    "percent": {"%": 1.0, "‰": 0.1},
    "percentage_point": {"个百分点": 1.0},
    "time": {"秒": 1 / 86400, "分钟": 1 / 1440, "小时": 1 / 24, "天": 1.0, "周": 7.0, "个月": 365 / 12,
             "季度": 365 / 4, "年": 365.0},
    "workday": {"个工作日": 1.0},
    "energy": {"千瓦时": 1.0, "万千瓦时": 1e4},
    "power": {"千瓦": 1.0, "兆瓦": 1e3, "万千瓦": 1e4},
    "coal": {"吨标准煤": 1.0, "万吨标准煤": 1e4},
}
_UNIT_FAMILY = {u: fam for fam, members in _FAMILIES.items() for u in members}
_COUNT_UNITS = frozenset(
    "个 所 家 座 项 次 场 场次 件 户 套 台 辆 起 篇 册 本 期 批 人 人次 名 位 处 条 栋 幢 间 张 份 部 类 种 支 只 头 株 棵 "
    "块 宗 例 车次 架次 架 艘 班 届 批次 课时 学时 台次 户次 期次 篇次 人日 人天 分 倍".split())
_UNIT_ALIASES = {
    "千克": "公斤", "kg": "公斤", "KG": "公斤", "Kg": "公斤", "千米": "公里", "km": "公里", "KM": "公里",
    "Km": "公里", "百分比": "%", "％": "%", "百分点": "个百分点", "㎡": "平方米", "m2": "平方米", "m²": "平方米",
    "平米": "平方米", "万㎡": "万平方米", "万平米": "万平方米", "平方千米": "平方公里", "km2": "平方公里",
    "km²": "平方公里", "m3": "立方米", "m³": "立方米", "万m3": "万立方米", "万m³": "万立方米", "日": "天",
    "工作日": "个工作日", "个小时": "小时", "钟头": "小时", "个钟头": "小时", "星期": "周", "个星期": "周",
    "个季度": "季度", "吨标煤": "吨标准煤", "万吨标煤": "万吨标准煤", "kWh": "千瓦时", "kW": "千瓦", "延米": "米",
    "公分": "厘米", "天次": "人天",
}
_ALL_UNIT_SPELLINGS = sorted({*_UNIT_FAMILY, *_COUNT_UNITS, *_UNIT_ALIASES}, key=len, reverse=True)
_UNIT_RE = re.compile("|".join(re.escape(u) for u in _ALL_UNIT_SPELLINGS))
_ALL_UNIT_SPELLINGS_SET = frozenset({*_ALL_UNIT_SPELLINGS, "%"})
# a rate's denominator: 元/亩, 人次/年, 次/10万公顷 (a figure and a multiplier may come before the unit)
_PER_RE = re.compile(r"/(?:\d+(?:\.\d+)?)?[十百千万]?(?:人次|人|户|场次|场|次|年|月|天|日|吨|亩|公顷|平方米|公里|个|台|辆|件|项|座|所|株|"
                     r"头|只|名)")
# After a Chinese numeral these words are not counts: 一次性, 一部分, 一个别, 一期间 …
_CN_UNIT_BLOCK = {"次": "性", "部": "分门", "个": "别", "期": "间", "条": "龙", "块": "儿", "名": "义"}
_UNIT_BLOCK = {"项": "目", "年": "度级"}
_INCIDENT_WORDS = re.compile(r"事故|事件|案件|火灾|纠纷|投诉|故障|险情|案|违法|违规|上访")


def canonical_unit(text: str) -> str:
    """The canonical spelling of a unit: 千克→公斤, 公里/千米→公里, 百分比/％→%, 日→天, 工作日→个工作日,
    百分点→个百分点, ㎡/平米→平方米.  Unknown units come back stripped and half-width."""
    t = to_halfwidth(text or "").strip().replace(" ", "")
    return _UNIT_ALIASES.get(t, t)


def _family_factor(unit: str) -> tuple[str, float] | None:
    """(family, factor to the family's base) of a canonical unit.  A unit column may hold a multiplied
    count (``万人次``, ``千户``, ``万公斤``): its family is the base unit's, times the multiplier."""
    if unit in _UNIT_FAMILY:
        fam = _UNIT_FAMILY[unit]
        return fam, _FAMILIES[fam][unit]
    if unit in _COUNT_UNITS:
        return f"count:{unit}", 1.0
    if len(unit) > 1 and unit[0] in "万亿千百":
        base = canonical_unit(unit[1:])
        inner = None if base[:1] in "万亿千百" else _family_factor(base)
        if inner is not None:
            return inner[0], inner[1] * _MULT[unit[0]]
    return None


def unit_family(unit: str) -> str | None:
    """The family a unit converts within: ``money``, ``mass``, ``length``, ``area``, ``volume``,
    ``percent``, ``percentage_point``, ``time``, ``workday``, ``energy``, ``power``, ``coal``; a count word
    is its own family ``count:<unit>`` (``count:人次``, also for ``万人次``).  None for '' and unknown units."""
    ff = _family_factor(canonical_unit(unit))
    return None if ff is None else ff[0]


def units_compatible(a: str, b: str) -> bool:
    """Whether a value in ``a`` can be compared with one in ``b``: same unit or same family.
    The empty unit is compatible only with itself."""
    ca, cb = canonical_unit(a), canonical_unit(b)
    if ca == cb:
        return True
    fa, fb = unit_family(ca), unit_family(cb)
    return fa is not None and fa == fb


def convert(value: float, from_unit: str, to_unit: str) -> float | None:
    """``value`` (in ``from_unit``) expressed in ``to_unit``; None when the units do not convert
    (``%`` vs ``人``, ``人`` vs ``人次``, ``天`` vs ``个工作日``).  ``3.2万人次`` → ``32000人次`` converts."""
    ca, cb = canonical_unit(from_unit), canonical_unit(to_unit)
    if ca == cb:
        return value
    fa, fb = _family_factor(ca), _family_factor(cb)
    if fa is None or fb is None or fa[0] != fb[0]:
        return None
    return value * fa[1] / fb[1]


def _match_unit(s: str, i: int, *, cn: bool = False) -> tuple[str, int] | None:
    """The unit starting at ``s[i]`` (longest spelling) as (canonical, length)."""
    m = _UNIT_RE.match(s, i)
    if m is None:
        per = _PER_RE.match(s, i) if s.startswith("/", i) else None
        if per is not None:  # a figure with only a denominator: ≤28.40/株 (the 元 left out)
            return per.group(), len(per.group())
        return None
    spelled = m.group()
    end = m.end()
    if spelled.isascii() and spelled.isalpha() and end < len(s) and s[end].isascii() and s[end].isalpha():
        return None  # kgs, kms: part of a longer word
    per = _PER_RE.match(s, end)
    unit = _UNIT_ALIASES.get(spelled, spelled)
    if per is not None and unit in (*_FAMILIES["money"], "次", "人次", "人", "个", "吨", "天", "小时"):
        per_unit = canonical_unit(per.group()[1:])
        return f"{unit}/{per_unit}", end - i + len(per.group())
    blocked = _UNIT_BLOCK.get(spelled)
    if blocked and end < len(s) and s[end] in blocked and s[end:end + 2] != "目标":
        return None  # 项目 (project), 年度 (fiscal year), 年级: words, not units (3项目标 is 3 项)
    if cn:
        blocked = _CN_UNIT_BLOCK.get(spelled)
        if blocked and end < len(s) and s[end] in blocked:
            return None
        if spelled == "年" and re.match(r"(?:以内|之内|内)", s[end:end + 2]):
            return unit, end - i  # 一年内: a time limit
        if spelled in ("分", "年", "月", "米"):
            return None  # 十分重要, 一年来, 一米阳光: not measurements
    return unit, end - i


def _kind_of(unit: str) -> QuantityKind:
    if unit in ("%", "‰"):
        return "percent"
    if _UNIT_FAMILY.get(unit) in ("time", "workday"):
        return "duration"
    return "number"


# --------------------------------------------------------------------------- directions

_DIRECTION_WORDS: list[tuple[str, Direction]] = [
    ("大于或等于", ">="), ("大于等于", ">="), ("小于或等于", "<="), ("小于等于", "<="),
    ("不得低于", ">="), ("不得少于", ">="), ("不得超过", "<="), ("不得高于", "<="),
    ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("不高于", "<="), ("不超过", "<="), ("不大于", "<="),
    ("不多于", "<="), ("不超出", "<="), ("不晚于", "<="), ("不迟于", "<="), ("不早于", ">="), ("及以上", ">="), ("以上", ">="), ("以下", "<="), ("以内", "<="),
    ("之内", "<="), ("以前", "<="), ("之前", "<="), ("至少", ">="), ("最少", ">="), ("最多", "<="),
    ("控制在", "<="), ("达到", ">="), ("高于", ">"), ("低于", "<"), ("大于", ">"), ("小于", "<"), ("超过", ">"),
    ("多于", ">"), ("少于", "<"), ("等于", "="), (">=", ">="), ("=>", ">="), ("<=", "<="), ("=<", "<="),
    ("≥", ">="), ("≤", "<="), ("≮", ">="), ("≯", "<="), (">", ">"), ("<", "<"), ("=", "="),
]
_SUFFIX_WORDS = frozenset({"及以上", "以上", "以下", "以内", "之内", "以前", "之前", "前", "内"})
_DIRECTION_MAP: dict[str, Direction] = dict(_DIRECTION_WORDS)
_DIR_RE = re.compile("|".join(re.escape(w) for w, _ in sorted(_DIRECTION_WORDS, key=lambda x: -len(x[0])))
                     + r"|(?<=[底末日月年号])前(?!后)|(?<=[天日月年时周])内|为(?=\s*[-+\d" + _CN_NUM_CHARS + "])")
_NEGATION = re.compile(r"(?:未|没有|没|未能|尚未|不能|无法)$")
# Prefix markers that may stand right before a figure (parse_quantity, find_quantities)
_PREFIX_WORDS = [w for w, _ in _DIRECTION_WORDS if w not in _SUFFIX_WORDS] + ["达"]
_PREFIX_RE = re.compile("(?:" + "|".join(re.escape(w) for w in sorted(_PREFIX_WORDS, key=len, reverse=True))
                        + r")\s*$")
_PROSE_PREFIX_RE = re.compile("(?:" + "|".join(re.escape(w) for w in sorted(
    (w for w in _PREFIX_WORDS if w not in ("达到", "达")), key=len, reverse=True)) + r")\s*$")
_SUFFIX_RE = re.compile(r"\s*(?:及以上|以上|以下|以内|之内)")
_PREFIX_DIRECTION: dict[str, Direction] = {**_DIRECTION_MAP, "达": ">="}


def parse_direction(text: str) -> Direction | None:
    """The direction a text states, or None.

    ``≥ >= 不低于 不少于 不小于 大于等于 达到 以上 至少`` → ``>=``; ``≤ <= 不高于 不超过 不大于 小于等于 以内 以下
    控制在 …前`` → ``<=``; ``= 等于 为`` (为 only right before a figure) → ``=``; ``> 大于 高于 超过`` → ``>``;
    ``< 小于 低于`` → ``<``.  A trailing ``以上/以下/以内/前`` wins over a leading word (``控制在95%以上`` is ``>=``);
    otherwise the first marker counts.  ``未达到`` states no direction."""
    if not text:
        return None
    t = to_halfwidth(text)
    found: list[tuple[str, Direction]] = []
    for m in _DIR_RE.finditer(t):
        word = m.group()
        if _NEGATION.search(t[:m.start()]):
            continue
        if word in ("以上", "以下", "以内", "之内", "以前", "之前") and (m.start() == 0 or t[m.start() - 1] in "，。；：、,.;: "):
            continue  # 以下几点: "the following", not a bound
        direction: Direction = "=" if word == "为" else ("<=" if word in ("前", "内") else _DIRECTION_MAP[word])
        found.append((word, direction))
    if not found:
        return None
    suffixes = [d for w, d in found if w in _SUFFIX_WORDS]
    return suffixes[-1] if suffixes else found[0][1]


def _prefix_direction(prefix: str, *, prose: bool) -> tuple[Direction | None, int]:
    """Direction word standing right before a figure, and how many characters it takes."""
    m = (_PROSE_PREFIX_RE if prose else _PREFIX_RE).search(prefix)
    if m is None or _NEGATION.search(prefix[:m.start()]):
        return None, 0
    word = m.group().strip()
    return _PREFIX_DIRECTION[word], len(m.group())


# --------------------------------------------------------------------------- dates

_Y = r"(?P<y>\d{4}|[〇零一二三四五六七八九]{4})"
_M = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?P<d>3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
_DATE_SUFFIX = r"(?P<suf>以前|之前|前(?!后)|以内|之内|内)?"
_PART = r"(?P<part>底|末|初|上旬|中旬|下旬)?"
_DATE_PATTERNS = [
    ("ymd", re.compile(_Y + r"\s*年\s*" + _M + r"\s*月\s*" + _D + r"\s*[日号]" + _DATE_SUFFIX)),
    ("ymd", re.compile(r"(?P<y>\d{4})(?P<sep>[-./])(?P<m>1[0-2]|0?[1-9])(?P=sep)(?P<d>3[01]|[12]\d|0?[1-9])(?![\d.])"
                       + _DATE_SUFFIX)),
    ("ym", re.compile(_Y + r"\s*年\s*" + _M + r"\s*月(?:份)?" + _PART + _DATE_SUFFIX)),
    ("yp", re.compile(_Y + r"\s*年(?:度)?\s*(?P<part>年底|年末|底|末|上半年|下半年|第?[一二三四1-4]季度末?|年内|内)"
                      + _DATE_SUFFIX)),
    ("md", re.compile(r"(?<![\d年])" + _M + r"\s*月\s*" + _D + r"\s*[日号]" + _DATE_SUFFIX)),
    ("m", re.compile(r"(?<![\d年个])" + _M + r"\s*月(?!度|份额|亮)(?:份)?" + _PART + _DATE_SUFFIX)),
]
_YEAR_ONLY = re.compile(_Y + r"\s*年(?!度)" + _DATE_SUFFIX)
_YEARLESS_DEADLINE = re.compile(
    r"^(?:于|在)?(?P<w>年底|年末|年内|当年|本年度内|本年内|年度内|上半年|下半年|第?[一二三四1-4]季度末?)(?P<suf>以前|之前|前|内)?"
    r"(?:完成|前完成|办结|到位)?$")
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _small_int(text: str) -> int | None:
    v = parse_number(text)
    return int(v) if v is not None and v == int(v) else None


def _year(text: str) -> int | None:
    if text.isdigit():
        y = int(text)
    else:
        y = int("".join(str(_CN_DIGITS[c]) for c in text)) if all(c in _CN_DIGITS for c in text) else 0
    return y if 1900 <= y <= 2100 else None


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _part_date(y: int, m: int | None, part: str | None) -> dt.date | None:
    if m is not None:
        if part in (None, "", "底", "末", "下旬"):
            return _month_end(y, m)
        if part == "初":
            return dt.date(y, m, 10)
        if part == "上旬":
            return dt.date(y, m, 10)
        if part == "中旬":
            return dt.date(y, m, 20)
        return None
    if part is None or part in ("年底", "年末", "底", "末", "下半年", "年内", "内"):
        return dt.date(y, 12, 31)
    if part == "上半年":
        return dt.date(y, 6, 30)
    q = re.search(r"[一二三四1-4]", part)
    if q:
        return _month_end(y, _QUARTER[q.group()] * 3)
    return None


@dataclass
class _Tok:
    start: int
    end: int
    value: float | None = None
    unit: str = ""
    kind: QuantityKind = "number"
    upper: float | None = None
    date: dt.date | None = None
    direction: Direction | None = None
    explicit: bool = False
    cn: bool = False  # the figure is written in Chinese numerals
    text: str = ""


def _date_token(s: str, i: int, *, prose: bool) -> _Tok | None:
    if i > 0 and s[i - 1].isdigit():
        return None
    for kind, pattern in _DATE_PATTERNS:
        m = pattern.match(s, i)
        if m is None:
            continue
        g = m.groupdict()
        y = _year(g["y"]) if g.get("y") else None
        if g.get("y") and y is None:
            continue
        mo = _small_int(g["m"]) if g.get("m") else None
        d = _small_int(g["d"]) if g.get("d") else None
        if mo is not None and not 1 <= mo <= 12:
            continue
        date: dt.date | None = None
        if y is not None:
            try:
                if kind == "ymd" and mo is not None and d is not None:
                    date = dt.date(y, mo, d)
                else:
                    date = _part_date(y, mo, g.get("part"))
            except ValueError:
                continue
            if date is None:
                continue
        elif d is not None and mo is not None:
            if d > calendar.monthrange(2000, mo)[1]:
                continue
        elif kind == "m" and prose and not (g.get("part") or g.get("suf")) and not _month_context(s, m.end()):
            continue  # a bare "6月" in prose needs 底/前/完成 … to be a deadline
        suffix = g.get("suf") or ""
        part = g.get("part") or ""
        direction: Direction | None = "<=" if suffix or part in ("年内", "内") else None
        return _Tok(i, m.end(), kind="date", date=date, direction=direction, explicit=direction is not None,
                    text=m.group())
    if not prose:
        m = _YEAR_ONLY.match(s, i)
        if m is not None and (y := _year(m.group("y"))) is not None:
            suffix = m.group("suf") or ""
            direction = "<=" if suffix else None
            return _Tok(i, m.end(), kind="date", date=dt.date(y, 12, 31), direction=direction,
                        explicit=direction is not None, text=m.group())
    return None


def _month_context(s: str, end: int) -> bool:
    return bool(re.match(r"\s*(?:完成|底|末|前|中旬|上旬|下旬|开始|启动|结束|竣工|完工|实施|开工|交付)", s[end:]))


def resolve_date(q: Quantity, year: int) -> dt.date | None:
    """The date of a date quantity, completing one written without a year (``12月前``, ``年底前``,
    ``6月30日``) with ``year`` (normally the report's year).  None for other quantities."""
    if q.kind != "date":
        return None
    if q.date is not None:
        return q.date
    t = to_halfwidth(q.text).strip()
    m = _YEARLESS_DEADLINE.match(t)
    if m is not None:
        w = m.group("w")
        return _part_date(year, None, w if w == "上半年" or "季度" in w else "年底")
    for pattern in (_DATE_PATTERNS[4][1], _DATE_PATTERNS[5][1]):
        m2 = pattern.search(t)
        if m2 is None:
            continue
        g = m2.groupdict()
        mo = _small_int(g["m"])
        if mo is None or not 1 <= mo <= 12:
            continue
        d = _small_int(g["d"]) if g.get("d") else None
        try:
            return dt.date(year, mo, d) if d is not None else _part_date(year, mo, g.get("part"))
        except ValueError:
            return None
    return None


# --------------------------------------------------------------------------- the scanner

_RUN_CHARS = "0-9" + _CN_NUM_CHARS
_RUN_RE = re.compile("[" + _RUN_CHARS + "][" + _RUN_CHARS + ".,点]*")
_PERCENT_WORD = re.compile(r"(?P<w>百分之|千分之)(?P<n>[" + _RUN_CHARS + ".点]+)")
_ZERO_WORD = re.compile(
    r"零(?P<w>安全生产事故|安全事故|责任事故|事故|投诉|伤亡|死亡|差错|失误|违规|违纪|违法|上访|缺陷|案件|事件)")
_ZERO_UNITS = {"安全生产事故": "起", "安全事故": "起", "责任事故": "起", "事故": "起", "案件": "起", "事件": "起",
               "投诉": "件", "上访": "件", "伤亡": "人", "死亡": "人"}
_APPROX = re.compile(r"\s*(?:余|多)(?=\S)")
_MAX_RUN = 40  # longer digit runs are codes, not figures; the cap keeps the shrink loop cheap
_RANGE_SEP = re.compile(r"\s*(?:-|~|—|–|至|到)\s*")
_ORDINAL_BEFORE = re.compile(r"(?:第|No\.?|NO\.?|#)\s*$")


def _is_cn_figure(text: str) -> bool:
    return not any(c.isdigit() for c in text)


def _number_token(s: str, i: int, *, prose: bool, allow_range: bool = True) -> _Tok | None:
    """A figure (Arabic, Chinese or mixed) at ``s[i]`` with its multiplier and unit."""
    m = _RUN_RE.match(s, i, min(len(s), i + _MAX_RUN))
    if m is None:
        return None
    if i > 0 and (s[i - 1].isdigit() or (s[i - 1] == "." and i > 1 and s[i - 2].isdigit())):
        return None
    run = m.group().rstrip(".,点")
    for k in range(len(run), 0, -1):
        cand = run[:k]
        if cand[-1] in ".,点":
            continue
        value = _parse_decimal(cand)
        if value is None:
            continue
        cn = _is_cn_figure(cand)
        end = i + k
        unit = ""
        last = cand[-1]
        unit_hit = None
        if last in _MULT and k > 1:
            unit_hit = _match_unit(s, end - 1, cn=cn)
            others = any(c in _MULT for c in cand[:-1])
            if unit_hit is not None and unit_hit[1] > 1 and (last in _CN_BIG or not others):
                value = value / _MULT[last]
                unit, end = unit_hit[0], end - 1 + unit_hit[1]
            else:
                unit_hit = None
        if unit_hit is None:
            approx = _APPROX.match(s, end)
            at = approx.end() if approx else end
            if at < len(s) and s[at] == " ":
                at += 1
            hit = _match_unit(s, at, cn=cn)
            if hit is not None:
                unit, end = hit[0], at + hit[1]
        if cand in _MULT and cand != "十":
            return None
        tok = _Tok(i, end, value=_to_float(value), unit=unit, kind=_kind_of(unit), cn=cn, text=s[i:end])
        if allow_range:
            _extend_range(s, tok, prose=prose)
        return tok
    return None


def _extend_range(s: str, tok: _Tok, *, prose: bool) -> None:
    sep = _RANGE_SEP.match(s, tok.end)
    if sep is None or tok.value is None:
        return
    other = _number_token(s, sep.end(), prose=prose, allow_range=False)
    if other is None or other.value is None or other.value < tok.value:
        return
    if tok.unit and other.unit and tok.unit != other.unit:
        return
    if tok.unit and not other.unit:
        return
    if _looks_year(tok) or _looks_year(other):
        return
    tok.upper = other.value
    tok.unit = other.unit or tok.unit
    tok.kind = _kind_of(tok.unit)
    tok.end = other.end
    tok.text = s[tok.start:tok.end]


def _looks_year(tok: _Tok) -> bool:
    return (not tok.cn and tok.value is not None and tok.value == int(tok.value) and 1900 <= tok.value <= 2100
            and tok.unit in ("", "年") and "." not in tok.text)


def _skip_token(s: str, tok: _Tok, *, prose: bool) -> bool:
    """Figures that are not measurements: years, list markers, ordinals, codes, clock times."""
    before = s[max(0, tok.start - 24):tok.start]
    after = s[tok.end:tok.end + 24]
    raw = s[tok.start:tok.end]
    if _ORDINAL_BEFORE.search(before):
        return True
    if before[-1:].isascii() and before[-1:].isalpha() or (not tok.unit and after[:1].isascii() and after[:1].isalpha()):
        return True  # 51000021R000000019951, 13zp: codes
    if before[-1:] in ("_", "-") and len(before) > 1 and before[-2].isalnum() and not tok.unit:
        return True
    if (after[:1] == ":" and after[1:2].isdigit()) or (before[-1:] == ":" and before[-2:-1].isdigit()):
        return True  # 15:38:36
    if tok.unit == "年" and _looks_year(tok):
        return True  # 2023年 alone is a year, not three years
    if not tok.unit and _looks_year(tok) and re.match(r"\s*(?:年|年度|届|级|版|[-~—至到]\s*(?:19|20)\d\d)", after):
        return True
    if not tok.unit and (after[:1] == "_" or before[-1:] == "_"):
        return True
    if not tok.unit and re.match(r"年度|年级|届|级", after):
        return True  # 19年度, 2021级
    if tok.cn and not tok.unit and prose:
        return True  # 一是, 十四五: Chinese numerals count only with a unit
    if tok.cn and tok.unit == "起" and not (_INCIDENT_WORDS.search(after[:16])
                                            or re.search(r"(?:发生|出现|共|累计|查处|处置|办结)\s*$", before)):
        return True  # 一起 = "together" unless an incident follows
    if not tok.unit and tok.upper is None and "." not in raw and not tok.cn:
        if after[:1] == "、" or (after[:1] == "." and not after[1:2].isdigit()):
            return True  # 1、 1.: list markers
        if after[:1] in (")", "）") and before[-1:] in ("(", "（", ""):
            return True  # (1)
    if tok.cn and not tok.unit and after[:1] in ("、", ")", "）"):
        return True  # 一、 （一）
    if after[:1] == "." and after[1:2].isdigit():
        return True  # 1.2.3: section numbers
    return False


def _scan(s: str, *, prose: bool) -> list[_Tok]:
    """All quantities of half-width text ``s``, left to right, without surrounding direction words."""
    out: list[_Tok] = []
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        if ch.isdigit() or ch in _CN_NUM_CHARS:
            tok = _date_token(s, i, prose=prose)
            if tok is None:
                zm = _ZERO_WORD.match(s, i) if ch == "零" else None
                if zm is not None:
                    tok = _Tok(i, zm.end(), value=0.0, unit=_ZERO_UNITS.get(zm.group("w"), ""), direction="=",
                               text=zm.group())
                elif ch in "百千" and (pm := _PERCENT_WORD.match(s, i)) is not None:
                    tok = _percent_word(s, pm)
                else:
                    tok = _number_token(s, i, prose=prose)
                    if tok is not None and _skip_token(s, tok, prose=prose):
                        i = tok.end
                        continue
            if tok is not None:
                out.append(tok)
                i = tok.end
                continue
            run = _RUN_RE.match(s, i)
            i = run.end() if run is not None else i + 1
            continue
        i += 1
    return out


def _percent_word(s: str, pm: re.Match[str]) -> _Tok | None:
    n = pm.group("n").rstrip(".点")
    value = 100.0 if n == "百" else parse_number(n)
    if value is None:
        # 百分之九十以上: shrink until it reads
        for k in range(len(n) - 1, 0, -1):
            value = parse_number(n[:k])
            if value is not None:
                n = n[:k]
                break
        if value is None:
            return None
    end = pm.start("n") + len(n)
    unit = "%" if pm.group("w") == "百分之" else "‰"
    return _Tok(pm.start(), end, value=value, unit=unit, kind="percent", cn=True, text=s[pm.start():end])


# --------------------------------------------------------------------------- parse_quantity

_PAREN_RE = re.compile(r"[(（\[【]([^()（）\[\]【】]*)[)）\]】]")
_LABEL_PREFIX = re.compile(
    r"^(?:年度指标值|指标值|目标值|预期目标|年初目标值|实际完成值|完成值|全年完成值|实际值|当年预期实现值)\s*[:：]?\s*")
_TIMELY_WORDS = frozenset({"按时", "按期", "及时", "按时完成", "按期完成", "及时完成", "按时按质", "按计划"})
_NO_INCIDENT = re.compile(r"^(?:无|未发生|不发生|没有发生|杜绝)(?:重大|重特大|较大|一般)?(?:安全生产|安全|责任)?事故(?:发生)?$")
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")
_FILLER_AFTER = re.compile(r"^(?:以上|以下|以内|之内|左右|及以上|内|完成|办结|到位|的目标|目标)*$")


def _prep(text: str) -> str:
    t = to_halfwidth(text).strip()
    t = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", t)  # spaces from line wraps in CJK
    t = _LABEL_PREFIX.sub("", t)
    # (计划标准), (历史标准): annotations; a parenthesised figure goes too when the rest has one
    def drop(m: re.Match[str]) -> str:
        inner = m.group(1)
        if not re.search(r"\d", inner):
            return ""
        rest = t[:m.start()] + t[m.end():]
        return "" if re.search(r"\d", rest) else inner
    for _ in range(3):
        new = _PAREN_RE.sub(drop, t)
        if new == t:
            break
        t = new
    return t.strip()


def _quantity(tok: _Tok, text: str) -> Quantity:
    return Quantity(value=tok.value if tok.kind != "date" else None, unit=tok.unit, direction=tok.direction,
                    kind=tok.kind, upper=tok.upper, date=tok.date, text=text, explicit_direction=tok.explicit)


def parse_quantity(text: str) -> Quantity | None:
    """One target or actual value, as written in a table cell.

    ``≥92%``, ``不低于95%``, ``95%以上``, ``控制在5%以内``, ``1.2亿元`` (1.2 亿元), ``三万四千五百人次``,
    ``2400万公斤`` (24000000 公斤), ``零事故`` (0 起, ``=``), ``2天以内``, ``≤30个工作日``, ``提高2个百分点``,
    ``90%-95%``, ``2025年6月底前`` (date 2025-06-30, ``<=``), ``12月前`` (date without year, see
    :func:`resolve_date`); words (``有效改善``, ``达成预期指标``) give ``kind="qualitative"``.  Leading labels
    (``指标值：``) and words (``完成造林绿化面积3.2万亩``) are allowed before the one figure; empty cells,
    placeholders (``XX%``), text with several figures and figures that cannot be read give None."""
    if text is None:
        return None
    raw = text.strip()
    s = _prep(raw)
    if not s or is_empty_value(s) or is_placeholder(s):
        return None
    if s in _TIMELY_WORDS:
        return Quantity(kind="qualitative", text=raw)
    if _NO_INCIDENT.match(s):
        return Quantity(value=0.0, unit="起", direction="=", text=raw)
    deadline = _YEARLESS_DEADLINE.match(s)
    if deadline is not None:
        direction: Direction | None = "<=" if deadline.group("suf") or deadline.group("w").endswith("内") else None
        return Quantity(kind="date", direction=direction, explicit_direction=direction is not None, text=raw)
    toks = [t for t in _scan(s, prose=False) if not _lone_cn(s, t)]
    if not toks:
        core = _strip_directions(s)
        value = parse_number(core) if core else None
        if value is not None:
            d = parse_direction(s)
            return Quantity(value=value, direction=d, explicit_direction=d is not None, text=raw)
        if re.search(r"\d", s) or not _HAS_CJK.search(s):
            return None
        return Quantity(kind="qualitative", text=raw)
    if len(toks) > 1:
        return None
    tok = toks[0]
    prefix, suffix = s[:tok.start], s[tok.end:]
    if re.search(r"[A-Za-z]\.?$", prefix):
        return None  # a letter glued to the figure (`M.8万元`, `IO`): a misread figure, never a value
    if tok.cn and tok.unit and not tok.kind == "date" and len(_FILLER_AFTER.sub("", suffix)) >= 2 \
            and not _SUFFIX_RE.match(suffix):
        return Quantity(kind="qualitative", text=raw)  # 全面完成一期工程: a numeral inside words
    words_after = _HAS_CJK.findall(re.sub(r"[(（][^()（）]*[)）]", "", _FILLER_AFTER.sub("", suffix)))
    if tok.kind != "date" and not _HAS_CJK.search(prefix) and len(words_after) >= 6 and not _SUFFIX_RE.match(suffix) \
            and (tok.upper is not None or re.search(r"未|没有|不能|无法|尚未", suffix)):
        # `1-2期未能及时培训`, `1-6期培训结束后及时考核`: a range of batches or a negated clause opens a phrase of
        # words: not the value (`37个基层医疗机构` stays 37个, and words before a figure make it the object of
        # what was done: `本年度已完成37个基层医疗机构…`)
        return Quantity(kind="qualitative", text=raw)
    if tok.kind != "date" or tok.direction is None:
        sm = _SUFFIX_RE.match(suffix)
        if sm is not None:
            tok.direction, tok.explicit = _DIRECTION_MAP[sm.group().strip()], True
        elif tok.kind == "duration" and suffix.startswith("内"):
            tok.direction, tok.explicit = "<=", True
        else:
            d, _ = _prefix_direction(prefix, prose=False)
            if d is not None:
                tok.direction, tok.explicit = d, True
            elif tok.kind == "date":
                sd = parse_direction(suffix[:4]) if suffix.startswith(("前", "以前", "之前")) else None
                if sd is not None:
                    tok.direction, tok.explicit = sd, True
    if prefix.endswith(("-", "负")) and tok.value is not None and tok.kind != "date" \
            and not _prefix_direction(prefix[:-1], prose=False)[0] and len(prefix) == 1:
        tok.value = -tok.value
    return _quantity(tok, raw)


def _lone_cn(s: str, tok: _Tok) -> bool:
    """A Chinese numeral with no unit counts only when it is the whole (direction-stripped) text."""
    if not (tok.cn and not tok.unit and tok.kind != "date" and tok.direction is None):
        return False
    if len(s) - (tok.end - tok.start) > 12:
        return True  # more than direction words around it (cheap test first: long cells have many numerals)
    rest = s[:tok.start] + s[tok.end:]
    return bool(_strip_directions(rest))


def _strip_directions(text: str) -> str:
    t = _DIR_RE.sub("", text)
    return t.strip()


# --------------------------------------------------------------------------- find_quantities


@dataclass(frozen=True)
class FoundQuantity:
    """A quantity found in prose: ``text[start:end]`` is what was read (direction words included)."""

    start: int
    end: int
    quantity: Quantity
    text: str = ""


def find_quantities(text: str) -> list[FoundQuantity]:
    """Every quantity of a sentence, with offsets into ``text``.

    ``全年开展送戏下乡演出三百二十场次，完成率106.7%，未达到年初1000人次的目标`` → 320 场次, 106.7 %, 1000 人次.
    Dates stay whole (``2023年6月底前``), ``发生一起一般道路运输事故`` is 1 起, and list markers (``1.``,
    ``（一）``), ordinals (``第三``), codes and bare years (``2023年``) are skipped.  Direction words right
    before or after a figure (``不低于95%``, ``95%以上``, ``2天以内``) are part of it; the copula ``为`` and
    ``达到`` are not, because in prose they usually introduce an actual."""
    if not text:
        return []
    s, index = _fold_with_map(text)
    out: list[FoundQuantity] = []
    for tok in _scan(s, prose=True):
        start, end = tok.start, tok.end
        if tok.kind != "date" or tok.direction is None:
            sm = _SUFFIX_RE.match(s, end)
            if sm is not None and tok.kind != "date":
                tok.direction, tok.explicit = _DIRECTION_MAP[sm.group().strip()], True
                end = sm.end()
            elif tok.kind == "duration" and s.startswith("内", end):
                tok.direction, tok.explicit = "<=", True
                end += 1
            d, width = _prefix_direction(s[max(0, start - 8):start], prose=True)
            if d is not None:
                if tok.direction is None:
                    tok.direction, tok.explicit = d, True
                start -= width
                while start < tok.start and s[start] == " ":
                    start += 1
        o_start = index[start] if start < len(index) else len(text)
        o_end = index[end - 1] + 1 if end > 0 else 0
        out.append(FoundQuantity(o_start, o_end, _quantity(tok, text[o_start:o_end]), text[o_start:o_end]))
    return out


# --------------------------------------------------------------------------- resolve_direction

# Cost- and incident-type words (domain.md §3): without a sign the target is a maximum.
_REVERSE_WORDS = ("成本", "费用", "经费", "支出", "事故", "投诉", "超标", "能耗", "能源消费", "发生率", "发生数", "变质",
                  "差错", "失误", "误差", "损耗", "违规", "违纪", "违法", "逾期", "超支", "返工", "不合格", "伤亡", "死亡",
                  "损失", "空置率", "流失率", "辍学率", "发病率", "漏报率", "错误率", "故障率", "返修率", "投诉量", "案件数")
# …unless the indicator is a rate where more is better (成本核算率, 投诉办结率, 水电气消耗下降率, 利息费用保障率)
_REVERSE_EXCEPTIONS = ("核算率", "控制率", "执行率", "合格率", "完成率", "到位率", "覆盖率", "达标率", "节约率",
                       "下降率", "降低率", "减少率", "保障率", "处理率", "办结率", "解决率", "回复率", "处置率",
                       "整改率", "查处率", "结案率", "化解率", "调处率", "兑现率", "落实率", "支付率", "拨付率",
                       "及时率", "满意", "知晓率", "响应率", "受理率", "审核率", "公开率", "准确率", "完好率",
                       "支出进度", "支出率")
# Growth words: a growth indicator follows what grows (公用经费增幅 is a maximum, 零售总额增幅 a minimum)
_GROWTH_WORDS = ("增幅", "增长率", "增速", "增长", "提高")
# Durations that measure service given (培训时长) are minimums; other durations are time limits
_DURATION_MINIMUM = ("时长", "时数", "学时", "课时", "服务时间", "开放时间", "运行时间", "开机时间")


@dataclass(frozen=True)
class DirectionWords:
    """The word lists :func:`resolve_direction` reads (domain.md §3).  A scoring profile supplies its own
    (``Profile.words``); extraction uses these defaults.

    - ``reverse``: cost-, expense-, energy- and incident-type words: a target without a sign is a maximum;
    - ``reverse_exceptions``: rates where more is better although they hold such a word (成本核算率);
    - ``growth``: words that make an indicator a growth rate (增幅, 增长率, 增速, 提高 …);
    - ``duration_minimum``: durations that measure time given (培训时长), not a time limit."""

    reverse: tuple[str, ...] = _REVERSE_WORDS
    reverse_exceptions: tuple[str, ...] = _REVERSE_EXCEPTIONS
    growth: tuple[str, ...] = _GROWTH_WORDS
    duration_minimum: tuple[str, ...] = _DURATION_MINIMUM


DIRECTION_WORDS = DirectionWords()

# a word after the head noun of what grows: 医疗费用总额增幅, 事故起数增长, 公用经费较上年增长
_GROWTH_SUBJECT_TAIL = re.compile(r"(?:[\s()（）]|总额|总量|金额|数量|总数|起数|件数|次数|规模|水平|指数|较上年|比上年|较去年"
                                  r"|同比|环比|年均|平均|[额量数])$")


def _grows_a_cost(label: str, text: str, words: DirectionWords) -> bool | None:
    """For a growth indicator (a growth word in ``text``): whether what grows is a cost, an expense, energy
    use or incidents.  None: not a growth indicator.  What grows is the name before the growth word (after
    it when the name starts with it: ``提高群众满意度``); its head noun comes last in Chinese, so it is a cost
    when it ends with a cost word (``销售费用增幅``, ``事故起数增长``), not when one is only inside it
    (``事故处理效率提高``)."""
    if not any(w and w in text for w in words.growth):
        return None
    starts = [label.find(w) for w in words.growth if w and w in label]
    subject = label
    if starts:
        first = min(starts)
        grown = next(w for w in sorted(words.growth, key=len, reverse=True) if w and label.startswith(w, first))
        subject = label[:first] if label[:first].strip() else label[first + len(grown):]
    while subject:
        if any(w and subject.endswith(w) for w in words.reverse):
            return True
        tail = _GROWTH_SUBJECT_TAIL.search(subject)
        if tail is None:
            return False
        subject = subject[:tail.start()]
    return False


def resolve_direction(q: Quantity | None, name: str | None = None, *,
                      words: DirectionWords = DIRECTION_WORDS) -> Direction | None:
    """The direction a target means (domain.md §3) -- the one function that decides it.

    An explicit direction wins; a qualitative target has none; a zero target (``0起``, ``零事故``) is ``=``;
    a date is ``<=``; a duration is ``<=`` (a time limit) unless the indicator measures time given
    (``words.duration_minimum``: 时长, 学时 …).  A value without a sign is ``>=`` except for cost- and
    incident-type indicators (a ``words.reverse`` word in the name or the target: 成本, 费用, 经费, 支出, 能耗,
    事故, 投诉, 超标, 发生率 …), which are ``<=``, unless the name is a rate where more is better
    (``words.reverse_exceptions``: 核算率, 保障率, 下降率 …: ``水电气消耗下降率``, ``利息费用保障率``).  A growth
    indicator (``words.growth``: 增幅, 增长率, 增速, 提高 …) follows what grows: the growth of a cost,
    expense, energy use or incident count (``公用经费增幅 3%``) is ``<=``, of anything else
    (``社会消费品零售总额增幅 8%``: income, output, sales, coverage, visitors) ``>=``.  Scoring passes the
    profile's word lists as ``words``."""
    if q is None or q.kind == "qualitative":
        return None
    if q.explicit_direction and q.direction is not None:
        return q.direction
    if q.kind == "date":
        return q.direction or "<="
    if q.value is not None and q.value == 0 and q.upper is None:
        return "="
    if q.direction is not None:
        return q.direction
    label = to_halfwidth(name or "")
    text = label + " " + to_halfwidth(q.text or "")
    if q.kind == "duration":
        return ">=" if any(w in label for w in words.duration_minimum) else "<="
    if any(w in label for w in words.reverse_exceptions):
        return ">="
    cost_growth = _grows_a_cost(label, text, words)
    if cost_growth is not None:
        return "<=" if cost_growth else ">="
    return "<=" if any(w in text for w in words.reverse) else ">="


# --------------------------------------------------------------------------- format_quantity

_SIGN = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}


def format_quantity(q: Quantity) -> str:
    """Arabic figure, unit as written and the sign when the direction is explicit: ``345人次``, ``≥92%``,
    ``1.2亿元``, ``87.5%``, ``90%-95%``, ``≤30个工作日``; dates as ``2025年6月30日前``.  Parses back to the same
    quantity with :func:`parse_quantity`."""
    if q.kind == "qualitative":
        return q.text
    if q.kind == "date":
        if q.date is None:
            return q.text
        s = f"{q.date.year}年{q.date.month}月{q.date.day}日"
        if q.explicit_direction and q.direction in ("<=", "<"):
            s += "前"
        elif q.explicit_direction and q.direction in (">=", ">"):
            s = _SIGN[q.direction] + s
        return s
    if q.value is None:
        return q.text
    sign = _SIGN[q.direction] if q.explicit_direction and q.direction else ""
    body = f"{_fmt_number(q.value)}{q.unit}"
    if q.upper is not None:
        body += f"-{_fmt_number(q.upper)}{q.unit}"
    return sign + body


# --------------------------------------------------------------------------- names and cell words

_NAME_NUMBERING = re.compile(
    r"^\s*(?:指标\s*[0-9一二三四五六七八九十]+\s*[:：、.]?|[0-9]+(?:\.[0-9]+)*\s*[、.:：)）]|"
    r"[(（]\s*[0-9一二三四五六七八九十]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|[①-⑳])\s*")
_UNIT_PAREN = re.compile(r"[(（]\s*(?:单位\s*[:：]\s*)?(?:%|‰|[\u4e00-\u9fff]{1,4}|[a-zA-Z²³]{1,4})\s*[)）]$")
_NAME_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）\[\]【】{}<>,，.。;；:：、!！?？·•\-—–_~～/\\|*＊]")


@functools.lru_cache(maxsize=65536)  # pure; a review compares the same names many times
def normalize_name(name: str) -> str:
    """Comparison key of an indicator name: half width, no leading numbering (``指标1:``, ``1、``, ``（一）``,
    ``1.``), a trailing unit in brackets dropped (``覆盖率（%）``, ``(万元)``), then no spaces, quotes,
    brackets, punctuation or symbols — only letters and digits after NFKC (bracket *contents* otherwise stay:
    ``发放(缴纳)覆盖率`` → ``发放缴纳覆盖率``, ``“最多跑一次”事项占比`` → ``最多跑一次事项占比``); lower case.
    The one indicator-name key: extract, match, score, explain, pipeline and the eval all compare names
    with it."""
    if not name:
        return ""
    t = to_halfwidth(name).strip()
    for _ in range(2):
        t = _NAME_NUMBERING.sub("", t)
    m = _UNIT_PAREN.search(t)
    if m is not None:
        inner = re.sub(r"^[(（]\s*(?:单位\s*[:：]\s*)?|\s*[)）]$", "", m.group())
        if canonical_unit(inner) in _UNIT_FAMILY or canonical_unit(inner) in _COUNT_UNITS or inner in ("%", "‰"):
            t = t[:m.start()]
    t = unicodedata.normalize("NFKC", _NAME_DROP.sub("", t))
    return "".join(c for c in t if unicodedata.category(c)[0] in "LN").lower()


class NameKeyIndex(Generic[T]):
    """Items filed under name keys (:func:`normalize_name`), to find those whose key equals a key, lies inside it or
    contains it without comparing every key: the keys inside a key are its substrings, looked up; the keys around
    it share all its character pairs, so only the keys listed under its rarest pair are tested.  Lookups cost the
    square of the key's length and the size of one posting list, not the number of items."""

    def __init__(self) -> None:
        self._items: dict[str, list[tuple[int, T]]] = {}
        self._by_pair: dict[str, set[str]] = {}
        self._added = 0

    def add(self, key: str, item: T) -> None:
        if key not in self._items:
            self._items[key] = []
            for j in range(len(key) - 1):
                self._by_pair.setdefault(key[j:j + 2], set()).add(key)
        self._items[key].append((self._added, item))
        self._added += 1

    def related(self, keys: Iterable[str], *, min_len: int = 2) -> list[T]:
        """The items whose key equals one of ``keys`` or, both keys being at least ``min_len`` (≥ 2) characters
        long, lies inside it or contains it; each item once, in the order they were added."""
        found: set[str] = set()
        for key in keys:
            if key in self._items:
                found.add(key)
            if len(key) < max(min_len, 2):
                continue
            found.update(key[a:b] for a in range(len(key) - min_len + 1)
                         for b in range(a + min_len, len(key) + 1) if key[a:b] in self._items)
            pairs = [self._by_pair.get(key[j:j + 2], set()) for j in range(len(key) - 1)]
            found.update(k for k in min(pairs, key=len) if key in k)
        hits = sorted((hit for k in found for hit in self._items[k]), key=lambda h: h[0])
        return [item for _, item in hits]


_EMPTY_WORDS = frozenset({"无", "空", "暂无", "无数据", "n/a", "na", "null", "none", "未填", "未填写", "不详"})
_EMPTY_CHARS = frozenset("/\\-—–－／_ ")


def is_empty_value(text: str | None) -> bool:
    """A cell that holds no value: '', ``/``, ``／``, ``无``, ``-``, ``—``, ``——``, ``空``, ``N/A``, ``暂无``.
    ``0`` is a value, not empty."""
    if text is None:
        return True
    t = to_halfwidth(text).strip()
    if not t:
        return True
    if t.lower() in _EMPTY_WORDS or t == "一":  # a dash typed as the character 一 fills an empty form cell
        return True
    return all(c in _EMPTY_CHARS for c in t) and "_" not in t


_PLACEHOLDER_CORE = re.compile(r"^[*xX×✕_…．.·?？○□]+$")


def is_placeholder(text: str | None) -> bool:
    """A template slot left unfilled: ``*``, ``XX``, ``xx``, ``_``, ``×××``, ``……``, ``XX%``, ``≥XX个``,
    ``某某``.  A real figure (``88``) is not a placeholder."""
    if not text:
        return False
    t = to_halfwidth(text).strip().replace(" ", "")
    if not t or re.search(r"\d", t):
        return False
    t = _DIR_RE.sub("", t)
    unit = canonical_unit(t)
    if unit and (unit in _ALL_UNIT_SPELLINGS_SET or (unit[0] in "万亿千" and unit[1:] in _ALL_UNIT_SPELLINGS_SET)):
        return True  # a unit with no figure (`公里`, `万人`, `≧ %`): the template's slot left unfilled
    um = re.search(r"(?:" + _UNIT_RE.pattern + r")$", t)
    if um is not None and um.start() > 0:
        t = t[:um.start()]
    if t in ("某", "某某", "某某某"):
        return True
    return bool(_PLACEHOLDER_CORE.match(t)) and t not in (".", "·")


_VAGUE_WORDS = re.compile(
    r"有效|明显|显著|逐步|进一步|稳步|大幅|大大|持续|不断|较大|一定程度|积极|切实|有所|日益|日趋|全面提升|全面提高|巩固|基本提高|基本改善|"
    r"较好|良好|普遍")
_VAGUE_WHOLE = frozenset({"高", "较高", "好", "较好", "良好", "优", "优良", "提高", "提升", "改善", "增强", "加强",
                          "增加", "减少", "降低"})


def is_vague(text: str | None) -> bool:
    """A target of words only that cannot be measured: ``有效提升``, ``明显改善``, ``逐步提高``, ``显著``,
    ``进一步加强``, ``效果明显``, ``高``.  Anything with a figure is not vague; neither are standards such as
    ``严格执行相关制度规定``, ``达成预期指标`` or ``按时``."""
    if not text:
        return False
    t = to_halfwidth(text).strip()
    if not t or re.search(r"\d", t) or is_placeholder(t):
        return False
    if any(tok.value is not None or tok.date is not None for tok in _scan(t, prose=True)):
        return False
    if re.sub(r"[\s,，。；;]", "", t) in _VAGUE_WHOLE:
        return True
    return bool(_VAGUE_WORDS.search(t))
