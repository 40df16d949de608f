"""The workload of issue 17: a 4-indicator target table and prose self-evaluation reports of N sentences,
plus the 100-page table report of ``eval/bench.py``.

Run: ``.venv/bin/python eval/gen_prose.py [--out eval/bench_out/prose] [--sentences 100 400 1600 6400]``.
Writes ``policy_4.docx`` (the target table), ``report_prose_<N>.txt`` (UTF-8) and ``expected_<N>.json``
(the actual each indicator should be matched to).  ``eval/bench.py`` imports ``write_prose_workload`` and
``write_table_workload``; the reports are deterministic for a given seed.

Every sentence of a prose report states 3–4 numbers, as the 绩效目标完成情况 part of a real 自评报告 does:
one county's rural-road project told town by town (lengths, funds, people, rates, dates, counts), in varied
subjects, units and phrasings.  The four indicators are answered once in the summary at the head of part 三
by sentences naming them; town sections restate some of them with their own (partial) figures.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SIZES = (100, 400, 1600, 6400)

# (一级, 二级, 三级, 指标值, 分值): what the policy's target table says
INDICATORS = [
    ("产出指标", "数量指标", "新改建农村公路里程", "≥110公里", "20"),
    ("产出指标", "质量指标", "工程交工验收合格率", "≥98%", "20"),
    ("效益指标", "社会效益指标", "受益群众人数", "≥3.5万人", "20"),
    ("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "10"),
]
# what the summary sentences of every report state for them (met, met, missed, met)
ACTUALS = {"新改建农村公路里程": "112.6公里", "工程交工验收合格率": "100%", "受益群众人数": "3.2万人",
           "沿线群众满意度": "94.6%"}

TOWNS = ["城关镇", "石桥镇", "河口乡", "白沙镇", "青山乡", "龙潭镇", "柳林乡", "双河镇", "东岗乡", "西坪镇",
         "南塘乡", "北湖镇", "高坪乡", "马家镇", "黄泥乡", "新田镇", "大寨乡", "松林镇", "桃源乡", "金竹镇",
         "杨柳乡", "三合镇", "石门乡", "红岩镇", "长岭乡", "枫树镇", "凉水乡", "清溪镇", "花桥乡", "古城镇"]
ROAD_WORKS = ["新改建农村公路", "实施通组公路硬化", "完成县乡道提档升级", "建成资源路旅游路", "完成窄路面拓宽改造",
              "实施村道安全生命防护工程", "完成产业路建设"]
ORGS = ["县交通运输局", "县公路事务中心", "县农村公路管理所", "项目建设单位", "县财政局", "监理单位"]
TOPICS = ["安全生产", "农村公路养护", "工程质量管理", "财务管理", "招投标管理", "路长制"]
CN_DIGITS = "零一二三四五六七八九"


def _cn_small(n: int) -> str:
    """1–99 in Chinese numerals (reports write small counts that way: 十二个, 三十五座)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else f"{CN_DIGITS[tens]}十")
    return head + (CN_DIGITS[ones] if ones else "") if n else "零"


def _count(rng: random.Random, low: int, high: int) -> str:
    n = rng.randint(low, high)
    if n < 100 and rng.random() < 0.25:
        return "两" if n == 2 else _cn_small(n)
    return str(n)


def _town_sentence(rng: random.Random, town: str, used: set[int]) -> str:
    """One sentence of a town section with 3–4 numbers, of a template not in ``used`` (a paragraph does not
    say the same kind of thing twice)."""
    month = rng.randint(1, 11)
    templates = [
        lambda: f"{town}{rng.choice(ROAD_WORKS)}{rng.randint(20, 160) / 10:g}公里，完成投资{rng.randint(120, 980)}"
                f"万元，惠及沿线群众{rng.randint(800, 6000)}人。",
        lambda: f"{town}共改造危桥{_count(rng, 1, 9)}座、涵洞{_count(rng, 3, 40)}道，新增安全防护设施"
                f"{rng.randint(5, 90) / 10:g}公里。",
        lambda: f"{month}月至{month + 1}月，{rng.choice(ORGS)}在{town}组织质量抽检{_count(rng, 2, 12)}次，"
                f"抽检路段{rng.randint(4, 30)}段，抽检合格率为{rng.randint(940, 1000) / 10:g}%。",
        lambda: f"全年拨付{town}养护资金{rng.randint(15, 260)}万元，占年度养护预算的{rng.randint(30, 99)}%，"
                f"较上年增加{rng.randint(2, 40)}万元。",
        lambda: f"{town}累计投入劳动力{rng.randint(800, 9000)}个工日，设置公益性岗位{_count(rng, 4, 60)}个，"
                f"带动{rng.randint(20, 400)}户脱贫户增收。",
        lambda: f"截至{month}月底，{town}已落实县级配套资金{rng.randint(40, 600)}万元、乡镇自筹资金"
                f"{rng.randint(5, 120)}万元，资金到位率{rng.randint(70, 100)}%。",
        lambda: f"{town}组织开展{rng.choice(TOPICS)}培训{_count(rng, 1, 8)}期，培训{rng.randint(40, 900)}人次，"
                f"发放宣传资料{rng.randint(200, 5000)}份。",
        lambda: f"{town}{_count(rng, 5, 40)}个行政村通客车率达到{rng.randint(90, 100)}%，新增候车亭"
                f"{_count(rng, 2, 30)}个，开通镇村公交线路{_count(rng, 1, 9)}条。",
        lambda: f"{town}完成路面修补{rng.randint(300, 12000)}平方米、清理边沟{rng.randint(5, 120)}公里、整治路域"
                f"环境问题{rng.randint(10, 300)}处。",
        lambda: f"{rng.choice(ORGS)}共受理{town}群众反映问题{rng.randint(5, 80)}件，办结{rng.randint(5, 80)}件，"
                f"平均办理时长{rng.randint(2, 15)}天。",
        lambda: f"{town}段共签订施工合同{_count(rng, 1, 12)}份，合同金额{rng.randint(200, 3000)}万元，已支付进度款"
                f"{rng.randint(100, 2500)}万元。",
        lambda: f"{town}建成“四好农村路”示范路{rng.randint(10, 90) / 10:g}公里，栽植行道树{rng.randint(300, 8000)}株，"
                f"绿化面积{rng.randint(10, 300)}亩。",
        lambda: f"第{_count(rng, 1, 30)}标段（{town}）于{rng.randint(2023, 2024)}年{month}月{rng.randint(1, 28)}日开工，"
                f"合同工期{rng.randint(90, 360)}天，实际完成产值{rng.randint(80, 1500)}万元。",
        lambda: f"{town}今年雨季共排查安全隐患{rng.randint(10, 200)}处，整改到位{rng.randint(10, 200)}处，"
                f"投入应急抢通资金{rng.randint(3, 90)}万元，出动机械{rng.randint(5, 120)}台班。",
        lambda: f"{town}路面平整度检测平均值为{rng.randint(18, 45) / 10:g}米每公里，压实度达到{rng.randint(93, 99)}%，"
                f"混凝土试块强度合格率{rng.randint(95, 100)}%。",
        lambda: f"在{town}新设置道路交通标志标牌{rng.randint(20, 400)}块、减速带{rng.randint(5, 80)}处、"
                f"波形护栏{rng.randint(100, 9000)}米。",
        # restatements naming the indicators, with the town's own (partial) figures
        lambda: f"其中{town}新改建农村公路{rng.randint(20, 150) / 10:g}公里，占全县任务的{rng.randint(3, 15)}%，"
                f"涉及{_count(rng, 2, 15)}个行政村。",
        lambda: f"{town}境内{_count(rng, 1, 6)}个标段工程交工验收合格率为100%，优良率{rng.randint(80, 98)}%，"
                f"整改问题{rng.randint(2, 30)}项。",
        lambda: f"{town}年底入户回访{rng.randint(50, 400)}户，沿线群众满意度{rng.randint(88, 99)}.{rng.randint(0, 9)}%，"
                f"收集意见建议{rng.randint(3, 40)}条。",
    ]
    weights = [6, 4, 4, 4, 3, 4, 3, 3, 4, 3, 3, 3, 3, 3, 2, 3] + [1, 1, 1]
    while True:
        pick = rng.choices(range(len(templates)), weights=weights)[0]
        if pick not in used:
            used.add(pick)
            return templates[pick]()


def prose_report(sentences: int, *, seed: int = 17) -> tuple[str, str]:
    """(title, text) of a report with ``sentences`` number-bearing sentences (headings not counted)."""
    rng = random.Random(seed)
    title = "安远县交通运输局2024年度农村公路提档升级项目绩效自评报告"
    lines: list[str] = [title, "", "一、项目基本情况", ""]
    count = 0

    def para(items: list[str]) -> None:
        nonlocal count
        lines.append("".join(items))
        lines.append("")
        count += len(items)

    para(["2024年全县安排农村公路提档升级项目资金4860万元，涉及30个乡镇212个行政村，计划新改建农村公路110公里。"])
    lines += ["二、预算执行情况", ""]
    para(["项目全年预算资金4860万元，实际支出4521.3万元，预算执行率为93%。"])
    lines += ["三、绩效目标完成情况", ""]
    para([
        "截至2024年12月底，全县累计完成新改建农村公路112.6公里，完成年度目标110公里的102.4%，较上年增加18.5公里。",
        "经县交通运输局组织验收，全部26个标段工程交工验收合格率为100%，优良率91%，其中21个标段一次性通过验收。",
        "项目建成后，受益群众人数达3.2万人，沿线212个行政村8460户群众出行条件明显改善。",
        "年底委托第三方开展问卷调查，发放问卷1200份，回收有效问卷1168份，沿线群众满意度为94.6%。",
    ])
    closing = ["部分标段因7月汛期连续降雨停工23天，受益群众人数较目标少0.3万人，完成率为91.4%。",
               "下一步将加快剩余5个标段建设，2025年3月底前完成扫尾工程，新增受益群众约3000人。"]
    town_no = 0
    while count < sentences - len(closing):
        town = TOWNS[town_no % len(TOWNS)]
        town_no += 1
        lines += [f"（{_cn_small(town_no) if town_no < 100 else town_no}）{town}", ""]
        for _ in range(rng.randint(2, 4)):
            room = sentences - len(closing) - count
            if room <= 0:
                break
            used: set[int] = set()
            para([_town_sentence(rng, town, used) for _ in range(min(room, rng.randint(3, 6)))])
    lines += ["四、存在的问题及改进措施", ""]
    para(closing)
    return title, "\n".join(lines)


def write_policy(out: Path) -> Path:
    """The 4-indicator target table (DOCX)."""
    from docreview.docgen import DocSpec, Heading, Table, write

    rows = [["一级指标", "二级指标", "三级指标", "指标值", "分值"], *[list(row) for row in INDICATORS]]
    return write(DocSpec(blocks=[Heading("农村公路提档升级项目绩效目标表"), Table(rows)]), out / "policy_4.docx")


def write_prose_workload(out: Path, sizes: tuple[int, ...] = SIZES, *, seed: int = 17) -> dict[int, Path]:
    """Write the policy and one report per size; {sentences: report path}."""
    out.mkdir(parents=True, exist_ok=True)
    write_policy(out)
    reports: dict[int, Path] = {}
    for n in sizes:
        _, text = prose_report(n, seed=seed)
        path = out / f"report_prose_{n}.txt"
        path.write_text(text, encoding="utf-8")
        (out / f"expected_{n}.json").write_text(json.dumps(ACTUALS, ensure_ascii=False, indent=2), encoding="utf-8")
        reports[n] = path
    return reports


# --------------------------------------------------------------------------- the 100-page table report

LEVELS = [
    ("产出指标", "数量指标", "个"), ("产出指标", "质量指标", "%"), ("产出指标", "时效指标", ""),
    ("产出指标", "成本指标", "万元"), ("效益指标", "社会效益指标", "人次"), ("效益指标", "生态效益指标", "亩"),
    ("满意度指标", "服务对象满意度指标", "%"),
]
SUBJECTS = ["农村公路", "危桥改造", "安全饮水", "校舍维修", "技能培训", "送戏下乡", "垃圾清运", "河道清淤", "造林绿化",
            "疫苗接种", "养老床位", "高标准农田", "污水管网", "路灯安装", "文化广场", "卫生室", "便民服务", "电商站点",
            "产业基地", "防汛物资"]


def write_table_workload(out: Path, *, pages: int = 100, indicators: int = 60, seed: int = 7) -> tuple[Path, Path]:
    """A policy target table (DOCX) and a ~100-page report PDF with tables and prose (60 indicators)."""
    from docreview.docgen import DocSpec, Heading, PageBreak, Para, Table, write

    rng = random.Random(seed)
    names: list[tuple[str, str, str, str, str, float]] = []
    for i in range(indicators):
        l1, l2, unit = LEVELS[i % len(LEVELS)]
        subject = SUBJECTS[i % len(SUBJECTS)]
        if l2 == "时效指标":
            names.append((l1, l2, f"{subject}项目{i + 1}完工时间", "2024年10月底前", "2024年11月15日", 1.5))
            continue
        target = rng.choice([10, 20, 50, 90, 95, 100, 120, 300, 1200])
        actual = round(target * rng.uniform(0.8, 1.6), 1)
        sign = "≤" if l2 == "成本指标" else "≥"
        name = f"{subject}{'完成率' if unit == '%' else '数量'}{i + 1}"
        names.append((l1, l2, name, f"{sign}{target}{unit}", f"{actual}{unit}", 1.5))
    policy_rows = [["一级指标", "二级指标", "三级指标", "指标值", "分值"]]
    policy_rows += [[a, b, c, t, f"{w:g}"] for a, b, c, t, _, w in names]
    policy = write(DocSpec(blocks=[Heading("项目支出绩效目标表"), Table(policy_rows)]), out / "policy_bench.docx")

    blocks: list[object] = [Heading("项目支出绩效自评报告（基准测试）")]
    blocks.append(Table([["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                         ["年度资金总额", "5000", "5200", "4810", "10", "92.50%", "10"]]))
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    per_page = 6
    chunks = [names[i:i + per_page] for i in range(0, len(names), per_page)]
    for page in range(pages):
        if page < len(chunks):
            rows = [header] + [[a, b, c, t, act, f"{w:g}", f"{w:g}", "受资金拨付进度影响，部分工程延期"
                                if "时间" in c else ""] for a, b, c, t, act, w in chunks[page]]
            blocks.append(Table(rows))
        subject = SUBJECTS[page % len(SUBJECTS)]
        for k in range(5):
            blocks.append(Para(
                f"（{k + 1}）{subject}工作方面，本年度共组织开展现场督导{rng.randint(3, 30)}次，累计投入资金"
                f"{rng.randint(20, 500)}万元，覆盖{rng.randint(2, 40)}个行政村，服务群众{rng.randint(300, 9000)}人次。"
                "项目严格执行政府采购和财务管理制度，资金拨付及时，未发现挤占挪用情况。下一步将继续加强项目全过程"
                "绩效监控，及时发现和纠正执行偏差，确保绩效目标如期实现。"))
        blocks.append(PageBreak())
    report = write(DocSpec(blocks=blocks), out / "report_bench.pdf")  # type: ignore[arg-type]
    return policy, report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "bench_out" / "prose")
    ap.add_argument("--sentences", type=int, nargs="*", default=list(SIZES))
    ap.add_argument("--table", action="store_true", help="also write the 100-page table report")
    args = ap.parse_args()
    for n, path in write_prose_workload(args.out, tuple(args.sentences)).items():
        print(f"{n:>6} sentences  {path}  {path.stat().st_size / 1024:.0f} KB")
    if args.table:
        policy, report = write_table_workload(args.out)
        print(f"table report {report} (policy {policy})")


if __name__ == "__main__":
    main()
