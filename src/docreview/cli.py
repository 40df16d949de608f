"""The ``docreview`` command.  It runs the library's public API and translates errors at the edge:
bad input ends in one line naming the file and exit code 2, never a traceback."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from docreview.errors import DocReviewError
from docreview.settings import Settings

app = typer.Typer(
    help="docreview: 绩效自评报告审核 / check performance reports against policy targets.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
llm_app = typer.Typer(help="LLM endpoint tools.", no_args_is_help=True)
user_app = typer.Typer(help="Workspace users.", no_args_is_help=True)
app.add_typer(llm_app, name="llm")
app.add_typer(user_app, name="user")

console = Console()
err_console = Console(stderr=True)

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}


def _settings(workspace: Path | None) -> Settings:
    settings = Settings()
    if workspace is not None:
        settings = settings.model_copy(update={"workspace": workspace})
    return settings


def _progress(quiet: bool) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=quiet,
    )


Workspace = Annotated[Path | None, typer.Option("--workspace", help="Workspace folder (default .docreview).")]


@app.command()
def review(
    report: Annotated[list[Path] | None, typer.Option("--report", "-r", help="Report file (repeatable).")] = None,
    policy: Annotated[list[Path] | None, typer.Option("--policy", "-p", help="Policy file (repeatable).")] = None,
    target: Annotated[list[Path] | None, typer.Option(
        "--target", "-t", help="Target table (绩效目标表, repeatable): reviewed on its own (目标审核), or, with "
                               "--report, the report's targets.")] = None,
    history: Annotated[list[Path] | None, typer.Option(
        "--history", help="An earlier year's document of the same unit (repeatable): the baseline.")] = None,
    kind: Annotated[str | None, typer.Option(
        help="Document kind, overriding detection: self_eval | dept_eval | evaluation | target | monitor | "
             "policy")] = None,
    profile: Annotated[str | None, typer.Option(help="Scoring profile name or YAML path.")] = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the review as JSON.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write review.json and 审核意见.md here.")] = None,
    llm: Annotated[bool, typer.Option("--llm/--no-llm", help="Explain flags through the LLM endpoint.")] = False,
    retrieval: Annotated[str | None, typer.Option(help="hybrid | bm25 | vector")] = None,
    workspace: Workspace = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Review report files against policy files (or against the reports' own targets); a target table on its
    own (``--target``) gets the target review (domain.md §7.2), a monitoring table the progress rules (§7.3);
    ``--history`` adds last year's documents of the unit as the baseline (§7.4)."""
    from docreview.pipeline import run_review
    from docreview.render import render_markdown, review_to_json

    settings = _settings(workspace)
    if not llm:
        settings = settings.model_copy(update={"llm": settings.llm.model_copy(update={"base_url": None})})
    with _progress(quiet) as prog:
        tasks: dict[str, Any] = {}
        ocr_started = [0.0]

        def on_progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = prog.add_task(stage, total=total)
            description = stage
            if stage == "ocr":  # a scan: pages read of pages to read, and the time a page takes
                if done == 0:
                    ocr_started[0] = time.perf_counter()
                per_page = (time.perf_counter() - ocr_started[0]) / done if done else 0.0
                description = f"OCR {done}/{total} 页" + (f" · {per_page:.1f} s/页" if done else "")
            prog.update(tasks[stage], completed=done, total=total, description=description)

        policies, reports = list(policy or []), list(report or [])
        if reports:
            policies += list(target or [])  # the report's own target table is its policy
        else:
            reports, kind = list(target or []), kind or ("target" if target else None)
        result = run_review(policies, reports, settings=settings, profile=profile, progress=on_progress,
                            retrieval_mode=retrieval, kind=kind, history_paths=list(history or []))
    data = review_to_json(result)
    outputs: dict[Path, str] = {}
    if out is not None:
        json_path = json_path or out / "review.json"
        outputs[out / "审核意见.md"] = render_markdown(result)
    if json_path is not None:
        outputs[json_path] = json.dumps(data, ensure_ascii=False, indent=2)
    _write_outputs(outputs)
    if not quiet:
        _print_summary(result)
        if out is not None:
            console.print(f"审核意见 / review report: {out / '审核意见.md'}")
        if json_path is not None:
            console.print(f"JSON: {json_path}")


def _write_outputs(outputs: dict[Path, str]) -> None:
    """Write every output to a temporary name beside it, then rename them all into place: a run that fails
    (a full disk, a file-size limit) leaves the previous outputs as they were, never a truncated file
    or a new ``review.json`` beside an old ``审核意见.md``."""
    import os
    import tempfile

    written: list[tuple[str, Path]] = []
    try:
        for path, text in outputs.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            written.append((tmp, path))
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, path in written:
            os.replace(tmp, path)
    except OSError as exc:
        where = written[-1][1] if written else next(iter(outputs), Path("."))
        reason = "磁盘空间不足 / no space left on device" if exc.errno in (28, 122) else (
            "文件超过允许的大小 / file size limit exceeded" if exc.errno == 27 else exc.strerror or str(exc))
        raise DocReviewError(f"无法写入 {where}，之前的输出未改动 / cannot write {where}; the previous outputs "
                             f"are unchanged: {reason}") from None
    finally:
        for tmp, _path in written:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _print_summary(result: Any) -> None:
    from docreview.models import FLAG_ZH, SEVERITY_ORDER, SEVERITY_ZH
    from docreview.render import kind_lines, reading_warnings

    for line in kind_lines(result):
        console.print(line)
    for warning in reading_warnings(result):  # before anything else: the figures below are not a rating
        console.print(f"[bold yellow]⚠ {warning}[/bold yellow]")
    s = result.score
    console.print(
        f"[bold]得分 score[/bold] {s.total_text}  "
        f"[bold]自评 self[/bold] {'-' if s.self_total is None else f'{s.self_total:.2f}'}  "
        f"[bold]评级 rating[/bold] {s.rating_text}  "
        f"[bold]指标 indicators[/bold] {len(result.indicators)}  [bold]问题 flags[/bold] {len(result.flags)}"
    )
    if not result.flags:
        console.print("未发现问题 / no flags" if not reading_warnings(result) else
                      "未发现问题，但文件未能完整读取 / no flags, but the reading is incomplete")
        return
    table = Table(title="问题清单 / flags", show_lines=False)
    table.add_column("严重程度")
    table.add_column("类型")
    table.add_column("指标")
    table.add_column("说明", overflow="fold")
    for f in sorted(result.flags, key=lambda f: SEVERITY_ORDER[f.severity]):
        table.add_row(f"[{SEVERITY_STYLE[f.severity]}]{SEVERITY_ZH[f.severity]}[/]", f"{FLAG_ZH[f.type]}\n{f.type}",
                      f.indicator or "—", f.message)
    console.print(table)


@app.command("eval")
def eval_cmd(
    corpus_dir: Annotated[Path, typer.Argument(help="Folder of labelled cases (domain.md §6).")],
    json_path: Annotated[Path | None, typer.Option("--json")] = None,
    markdown: Annotated[Path | None, typer.Option("--markdown")] = None,
    retrieval: Annotated[str, typer.Option(help="hybrid | bm25 | vector")] = "hybrid",
    profile: Annotated[str | None, typer.Option()] = None,
    llm: Annotated[bool, typer.Option("--llm/--no-llm")] = False,
    workspace: Workspace = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Run the review pipeline over labelled cases and report precision/recall per flag type."""
    from docreview.evaluate import evaluate_corpus, report_to_markdown

    if retrieval not in ("hybrid", "bm25", "vector"):
        raise DocReviewError(f"--retrieval must be hybrid, bm25 or vector, not {retrieval!r}")
    settings = _settings(workspace)
    if not llm:
        settings = settings.model_copy(update={"llm": settings.llm.model_copy(update={"base_url": None})})
    with _progress(quiet) as prog:
        task = prog.add_task("cases", total=None)

        def on_case(done: int, total: int) -> None:
            prog.update(task, completed=done, total=total)

        report = evaluate_corpus(corpus_dir, settings=settings, mode=retrieval, profile=profile, progress=on_case)
    md = report_to_markdown(report)
    outputs: dict[Path, str] = {}
    if json_path is not None:
        outputs[json_path] = report.model_dump_json(indent=2)
    if markdown is not None:
        outputs[markdown] = md
    _write_outputs(outputs)
    if not quiet:
        parts = {"all": (report.flags, report.indicators, report.actuals, len(report.cases))}
        parts |= {name: (p.flags, p.indicators, p.actuals, p.cases) for name, p in report.parts.items()}
        for name, (f, ind, act, n) in parts.items():
            console.print(
                f"[bold]{name}[/bold]: flags P {f.precision:.3f} R {f.recall:.3f} F1 {f.f1:.3f} | indicator "
                f"recall {ind.recall:.3f} | actual accuracy {act.accuracy:.3f} | {n} cases")
        console.print(f"{report.seconds:.1f}s ({report.seconds_per_case:.2f}s per case)")
        table = Table(title="by flag type")
        for col in ("type", *(f"{name} P/R/F1 (n)" for name in parts)):
            table.add_column(col)
        for code in report.flags.by_type:
            cells = []
            for f, *_ in parts.values():
                m = f.by_type.get(code)
                cells.append(f"{m.precision:.2f}/{m.recall:.2f}/{m.f1:.2f} ({m.support})" if m else "—")
            table.add_row(code, *cells)
        console.print(table)


@llm_app.command("check")
def llm_check(workspace: Workspace = None) -> None:
    """Say whether the configured LLM endpoint answers and which model it serves."""
    from docreview.llm import check_endpoint

    status = check_endpoint(_settings(workspace))
    if status.ok:
        console.print(f"[green]OK[/green] {status.base_url} models: {', '.join(status.models) or '-'}"
                      f" (configured: {status.model}; {status.latency_ms:.0f} ms)")
    else:
        err_console.print(f"LLM endpoint not usable: {status.error}")
        raise typer.Exit(2)


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Option(help="reviewer | admin")] = "reviewer",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
    workspace: Workspace = None,
) -> None:
    """Create a workspace account for the app."""
    from docreview.store import Workspace as Store

    if role not in ("reviewer", "admin"):
        raise DocReviewError(f"--role must be reviewer or admin, not {role!r}")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        raise DocReviewError("密码至少 8 位 / the password needs at least 8 characters")
    store = Store(_settings(workspace))
    store.add_user(name, role=role, password=password)
    console.print(f"user {name} ({role}) created")


@app.command("app")
def run_app(
    port: Annotated[int, typer.Option()] = 8501,
    workspace: Workspace = None,
) -> None:
    """Start the Streamlit reviewer workspace."""
    import os
    import subprocess

    env = dict(os.environ)
    if workspace is not None:
        env["DOCREVIEW_WORKSPACE"] = str(workspace)
    cmd = [sys.executable, "-m", "streamlit", "run", str(app_entry()), "--server.port", str(port),
           "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer"]
    raise typer.Exit(subprocess.call(cmd, env=env))


def app_entry() -> Path:
    """The Streamlit script of the reviewer app (``streamlit run <this>``): the repository's ``app/main.py``,
    which the package also ships as ``docreview/webapp`` (a link in the source tree, real files in a wheel)."""
    return Path(__file__).resolve().parent / "webapp" / "main.py"


@app.command()
def inspect(
    path: Annotated[Path, typer.Argument(help="A document to read.")],
    role: Annotated[str, typer.Option(help="policy | report")] = "report",
) -> None:
    """Show what docreview reads and extracts from one document."""
    from docreview import extract, ingest
    from docreview.models import PolicyExtraction
    from docreview.render import actual_value

    doc = ingest.read(path, settings=Settings().ingest)
    console.print(f"{doc.name}: {doc.format}, {len(doc.blocks)} blocks, pages={doc.pages}")
    if doc.ocr_pages:
        _print_ocr_tables(doc)
    extraction = extract.extract_policy(doc) if role == "policy" else extract.extract_report(doc)
    for t in extraction.tables:  # how each table was read: its kind, and each column's role and why
        console.print(f"[bold]{t.where()}[/bold] 类型 {t.kind}；表头第{'—' if t.header_row is None else t.header_row + 1}行；"
                      f"读出 {t.rows_read}/{t.rows} 行，未识别 {t.rows_unread} 行")
        for col in t.columns:
            console.print(f"    列{col.col + 1} 「{col.header}」 → {col.role}  ({col.reason}；"
                          f"表头 {col.header_score:g} / 内容 {col.content_score:g})")
    if isinstance(extraction, PolicyExtraction):
        px = extraction
        for ind in px.indicators:
            console.print(f"  指标 {ind.level1 or ''}/{ind.level2 or ''}/{ind.name}: {ind.target_text} "
                          f"w={ind.weight} @ {ind.span.where()}")
        unparsed = px.unparsed
    else:
        rx = extraction
        console.print(f"  正文含数字的句子 {rx.prose_numbers} 句，读出 {rx.prose_read} 句")
        for c in rx.claims:
            console.print(f"  {c.kind} {c.name}: target={c.target_text} actual={actual_value(c)} "
                          f"score={c.self_score} @ {c.span.where()}")
        for b in rx.budget:
            console.print(f"  预算 {b.label}: {b.initial} {b.adjusted} {b.executed} rate={b.rate_stated}")
        unparsed = rx.unparsed
    for u in unparsed:
        console.print(f"  [dim]未识别 {u.span.where()}: {u.text[:60]} ({u.reason})[/dim]")


def _print_ocr_tables(doc: Any) -> None:
    """OCR'd tables cell by cell: text, recognition confidence, and ``待核实`` where a reviewer must check."""
    pages = ", ".join(str(p) for p in doc.ocr_pages)
    console.print(f"OCR 识别页 / OCR pages: {pages}", markup=False)
    for warning in doc.warnings:
        console.print(f"  {warning}", markup=False, style="dim")
    for block in doc.blocks:
        if block.kind != "table" or not any(r.confidence for r in block.rows):
            continue
        console.print(f"[bold]第{block.page}页 表{(block.table or 0) + 1}[/bold]（OCR，每格：文字 〔置信度〕）")
        for row in block.rows:
            cells = []
            for j, text in enumerate(row.cells):
                conf = row.confidence[j] if row.confidence else None
                if not text and conf is None and j not in row.uncertain:
                    continue
                mark = " 待核实" if j in row.uncertain else ""
                shown = f"{text or '∅'} 〔{conf:.2f}{mark}〕" if conf is not None else f"{text or '∅'} 〔—{mark}〕"
                cells.append(f"列{j + 1} {shown}")
            if cells:
                console.print(f"  行{row.index + 1}: " + " | ".join(cells), markup=False, soft_wrap=True)


@app.command()
def profiles(workspace: Workspace = None) -> None:
    """List the scoring profiles, one line each: name and what it follows."""
    from docreview.score import list_profiles, load_profile

    settings = _settings(workspace)
    for name in list_profiles(settings):
        console.print(f"{name:<12} {load_profile(name, settings).description}", markup=False, soft_wrap=True)


def _one_line(message: str) -> str:
    """Messages from parsers (YAML, zip, PDF) can span lines; the terminal gets one."""
    return " ".join(message.split())


def main() -> None:
    """Console entry point: never a traceback; exit 2 on bad input."""
    try:
        rc = app(standalone_mode=False)
    except click.exceptions.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(2)
    except DocReviewError as e:
        err_console.print(f"错误 / error: {_one_line(e.message)}", highlight=False, markup=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as e:  # noqa: BLE001 — the edge: one line, no traceback
        err_console.print(f"内部错误 / internal error: {type(e).__name__}: {_one_line(str(e))}", highlight=False,
                          markup=False, soft_wrap=True)
        sys.exit(1)
    sys.exit(rc if isinstance(rc, int) else 0)


if __name__ == "__main__":
    main()
