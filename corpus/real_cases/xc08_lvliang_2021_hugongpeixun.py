"""吕梁市 2021 — 吕梁山护工培训项目 绩效指标完成情况表 + 培训机构补助资金明细 (山西 吕梁).

Source: https://m.bidcenter.com.cn/newsrili-1-299854354.html — a 采招网 (bidcenter) page that reproduces an
attachment by image recognition ("以下内容为附件图片识别,个别文字可能不准确,请以附件为准").  The page shows two
tables: the 2021 吕梁山护工培训 indicator table (一级指标 | 二级指标 | 指标名称 | 目标值 | 完成值) and the list of
training schools with 补助资金 = ④*⑦.  The publishing agency is not named in the capture (吕梁山护工培训 is run by
吕梁市 人社 departments; the schools are in 吕梁市).  The attachment was an image/PDF → ``report.pdf``.

Kept verbatim: every cell of the indicator table (``12500名`` / ``12166名``, ``18—54周岁`` / ``存在18岁以下、54周岁以上``,
``2021.1.1-12.31``, ``1-2期未能及时培训``, ``60%及以上`` / ``53.53%``, ``95%及以上`` / ``88.32%及以上``, the
二级 labels 产出数量 / 产出质量 / 产出时效 / 产出成本), and rows 1–5 of the school table with the header's formula
row (① … ⑧=④*⑦) and the 备注 text of row 1 as far as it goes.
Left out: the capture breaks off when the school table's header repeats (a second page); rows after 5 are not in it.
Nothing rewritten.

Labels (domain.md §3–5; no policy file, no scores, no budget block on this attachment):
- target_missed (required): 培训任务 12166 < 12500名 (2.7%, medium); 结业考核通过率 98.79% < 100% (medium);
  考核任务完成及时 — "1-2期未能及时培训" states the time target was not met; 参训学员就业率 53.53% < 60%及以上
  (10.8%, high); 参培学员满意度 ``88.32%及以上`` < 95%及以上 (the actual carries a direction word; no score is
  claimed, so no unsupported_score).
- missing_deviation_reason on those five (required): the table has no reason column and the attachment gives no
  cause anywhere.
- target_missed optional: 培训对象 ``18—54周岁`` answered "存在18岁以下、54周岁以上" (a failure in words; a rule
  engine may instead see a range answered with words); 培训补贴标准达标 3000元/人 vs 2600元/人 (under 产出成本 a
  cost ceiling — met; read as a 达标 standard to be paid — missed).
- vague_target: 减轻参训人员经济负担 ``有效减轻``, 提高参训学员技术水平 ``基本提高``, 巩固脱贫攻坚成果 ``有效巩固`` —
  效益 indicators with degree words only.
- School table: 2600 × 842 = 218.92万, × 900 = 234, × 941 = 244.66, × 918 = 238.68, × 968 = 251.68 — all correct;
  no arithmetic flag.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "xc08_lvliang_2021_hugongpeixun"

REPORT = DocSpec(title="2021年吕梁山护工培训绩效指标完成情况", blocks=[
    P("详情见附件(注:以下内容为附件图片识别,个别文字可能不准确,请以附件为准)"),
    T("""
    一级指标 | 二级指标 | 指标名称 | 目标值 | 完成值
    产出指标 | 产出数量 | 完成2021年吕梁山护工培训任务 | 12500名 | 12166名
    ^^ | ^^ | 完成2021年吕梁山护工培训就业质量考核及验收 | 11所 | 11所
    ^^ | 产出质量 | 培训对象符合吕梁山护工培训招生计划规定 | 18—54周岁 | 存在18岁以下、54周岁以上
    ^^ | ^^ | 参训学员结业考核通过率 | 100% | 98.79%
    ^^ | ^^ | 培训机构考核验收达标 | 100% | 100%
    ^^ | 产出时效 | 培训任务完成及时 | 2021.1.1-12.31 | 2021.1.1-12.31
    ^^ | ^^ | 考核任务完成及时 | 1-6期培训结束后及时考核 | 1-2期未能及时培训
    ^^ | 产出成本 | 吕梁山护工培训补贴标准达标 | 3000元/人 | 2600元/人
    效益指标 | 经济效益 | 减轻参训人员经济负担 | 有效减轻 | 有效减轻
    ^^ | 社会效益 | 参训学员就业率 | 60%及以上 | 53.53%
    ^^ | ^^ | 提高参训学员技术水平 | 基本提高 | 基本提高
    ^^ | 可持续影响 | 巩固脱贫攻坚成果 | 有效巩固 | 有效巩固
    ^^ | 满意度 | 参培学员满意度 | 95%及以上 | 88.32%及以上
    """, widths=[1.0, 1.0, 2.6, 1.4, 1.6], header_rows=1),
    T("""
    序号 | 学校性质 | 培训机构 | 培训补助标准(元/人) | 就业奖补标准(元/人) | 2021年培训人数 | 合格人数 | 补助资金 | 备注
    ① | ② | ③ | ④ | ⑤ | ⑥ | ⑦ | ⑧=④*⑦ |
    1 | 民办 | 吕梁市远航职业培训学校 | 2600 | 400 | 842 | 842 | 218.92 | 在2020年度吕梁山护工培训第五期给汾阳学院、汾
    2 | 民办 | 吕梁精准职业培训学校 | 2600 | 400 | 900 | 900 | 234 |
    3 | 民办 | 吕梁市富康职业培训学校 | 2600 | 400 | 941 | 941 | 244.66 |
    4 | 民办 | 吕梁市离石区贝亲职业培训学校 | 2600 | 400 | 942 | 918 | 238.68 |
    5 | 民办 | 吕梁市离石区好大姐职业培训学校 | 2600 | 400 | 968 | 968 | 251.68 |
    """, widths=[0.4, 0.5, 1.8, 0.8, 0.8, 0.7, 0.6, 0.7, 1.5], header_rows=2),
    P("(来源页面在此表表头重复处截断,第6行及以后未收录。)"),
])


def files():
    return {"report.pdf": REPORT}
