"""Benchmark: a generated 100-page report with 60 indicators, stage by stage, plus the corpus eval.

Run: ``.venv/bin/python eval/bench.py [--out eval/bench_out] [--skip-corpus]``.  Prints a table and writes
``bench.json``.  Targets (2 cores, no LLM): whole review ≤ 3 × raw pypdf extraction + embedding model load;
peak RSS < 1.5 GB; whole corpus evaluated < 120 s.  Not a test: figures go into the issue notes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LEVELS = [
    ("产出指标", "数量指标", "个"), ("产出指标", "质量指标", "%"), ("产出指标", "时效指标", ""),
    ("产出指标", "成本指标", "万元"), ("效益指标", "社会效益指标", "人次"), ("效益指标", "生态效益指标", "亩"),
    ("满意度指标", "服务对象满意度指标", "%"),
]
SUBJECTS = ["农村公路", "危桥改造", "安全饮水", "校舍维修", "技能培训", "送戏下乡", "垃圾清运", "河道清淤", "造林绿化",
            "疫苗接种", "养老床位", "高标准农田", "污水管网", "路灯安装", "文化广场", "卫生室", "便民服务", "电商站点",
            "产业基地", "防汛物资"]


def make_documents(out: Path, *, pages: int = 100, indicators: int = 60, seed: int = 7) -> tuple[Path, Path]:
    """A policy target table (DOCX) and a ~100-page report PDF with tables and prose."""
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
    page = 0
    while page < pages:
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
        page += 1
    report = write(DocSpec(blocks=blocks), out / "report_bench.pdf")  # type: ignore[arg-type]
    return policy, report


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_stages(policy: Path, report: Path, workspace: Path) -> dict[str, float]:
    """Stage times of one in-process review: ``run_review``'s own per-stage timings (the pipeline is the
    one sequence of stages; the benchmark does not re-compose it), plus the floor — reading the PDF's
    text with raw pypdf — and the embedding model's load time."""
    import pypdf

    from docreview import retrieve
    from docreview.pipeline import run_review
    from docreview.settings import Settings

    fig: dict[str, float] = {}
    t0 = time.perf_counter()
    reader = pypdf.PdfReader(str(report))
    text = "".join(p.extract_text() or "" for p in reader.pages)
    fig["raw_pypdf_s"] = time.perf_counter() - t0
    fig["pages"] = len(reader.pages)
    fig["chars"] = len(text)

    settings = Settings(workspace=workspace)
    t0 = time.perf_counter()
    embedder = retrieve.get_embedder(settings.retrieval.embedder, settings.retrieval)
    embedder.embed_query(["预热"])
    fig["model_load_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    review = run_review([policy], [report], settings=settings, profile="default", explain=False)
    fig["review_s"] = time.perf_counter() - t0
    for stage, seconds in review.timings.items():
        fig[f"{stage}_s"] = seconds
    fig["pages_per_s"] = fig["pages"] / fig["ingest_s"]
    fig["indicators"] = len(review.indicators)
    fig["claims"] = len(review.claims)
    fig["matched"] = sum(1 for m in review.matches if m.claim_id)
    fig["flags"] = len(review.flags)
    fig["stages_peak_rss_mb"] = peak_rss_mb()
    return fig


def run_measured(cmd: list[str], workspace: Path) -> tuple[float, float]:
    """Run ``cmd`` as its own process with a fresh workspace; (wall seconds, peak RSS MB).  Exits on failure."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCREVIEW_")}
    env["DOCREVIEW_WORKSPACE"] = str(workspace)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rss = 0.0
    # VmHWM is the process's own peak RSS (RUSAGE_CHILDREN would count the pre-exec copy of this process)
    while proc.poll() is None:
        try:
            for line in Path(f"/proc/{proc.pid}/status").read_text(encoding="utf-8").splitlines():
                if line.startswith("VmHWM:"):
                    rss = max(rss, int(line.split()[1]) / 1024)
        except OSError:
            pass
        time.sleep(0.02)
    _, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])} failed: {stderr[-2000:]}")
    return wall, rss


def bench_process(policy: Path, report: Path, workspace: Path) -> dict[str, float]:
    exe = Path(sys.executable).with_name("docreview")
    cmd = [str(exe), "review", "--policy", str(policy), "--report", str(report), "--quiet",
           "--json", str(workspace / "review.json")]
    wall, rss = run_measured(cmd, workspace)
    return {"process_s": wall, "process_peak_rss_mb": rss}


def bench_corpus(workspace: Path) -> dict[str, object]:
    from docreview.evaluate import evaluate_corpus
    from docreview.settings import Settings

    out: dict[str, object] = {}
    for mode in ("hybrid", "bm25", "vector"):
        settings = Settings(workspace=workspace / mode)
        t0 = time.perf_counter()
        rep = evaluate_corpus(ROOT / "corpus", settings=settings, mode=mode)
        out[mode] = {"seconds": time.perf_counter() - t0, "flags_f1": rep.flags.f1,
                     "flags_precision": rep.flags.precision, "flags_recall": rep.flags.recall,
                     "matching_accuracy": rep.actuals.accuracy, "indicator_recall": rep.indicators.recall}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "eval" / "bench_out")
    ap.add_argument("--skip-corpus", action="store_true")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    policy, report = make_documents(args.out)
    stages = bench_stages(policy, report, args.out / "ws_stages")
    proc = bench_process(policy, report, args.out / "ws_process")
    corpus = {} if args.skip_corpus else bench_corpus(args.out / "ws_corpus")
    budget = 3 * stages["raw_pypdf_s"] + stages["model_load_s"]
    result = {"stages": stages, "process": proc, "corpus": corpus,
              "targets": {"review_budget_s": budget, "review_within_budget": proc["process_s"] <= budget,
                          "rss_under_1536mb": proc["process_peak_rss_mb"] < 1536,
                          "corpus_under_120s": bool(corpus) and corpus["hybrid"]["seconds"] < 120}}  # type: ignore[index]
    (args.out / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"{'figure':<28}{'value':>12}")
    for k, v in {**stages, **proc}.items():
        print(f"{k:<28}{v:>12.3f}" if isinstance(v, float) else f"{k:<28}{v:>12}")
    print(f"{'review budget (3×raw+load)':<28}{budget:>12.3f}")
    for mode, m in corpus.items():
        print(f"corpus {mode:<8} F1 {m['flags_f1']:.3f}  matching {m['matching_accuracy']:.3f}  "  # type: ignore[index]
              f"{m['seconds']:.1f}s")  # type: ignore[index]
    print(json.dumps(result["targets"], indent=2))


if __name__ == "__main__":
    main()
