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
team_app = typer.Typer(help="Teams (业务科室 / clients): who sees which batches.", no_args_is_help=True)
app.add_typer(llm_app, name="llm")
app.add_typer(user_app, name="user")
app.add_typer(team_app, name="team")

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
    from docreview.pipeline import review_bounded
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
        # the review after reading runs in a child process under review_memory_mb and review_deadline_s
        result = review_bounded(policies, reports, settings=settings, profile=profile, progress=on_progress,
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


def _password(password_stdin: bool) -> str:
    """The new password: one line from stdin (scripts), else typed twice without echo."""
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _store(workspace: Path | None) -> Any:
    from docreview.store import Workspace as Store

    return Store(_settings(workspace))


def _user_line(u: Any) -> str:
    from docreview.auth import ROLE_ZH

    teams = "、".join(f"{team}（{ROLE_ZH.get(role, role)}）" for team, role in u.teams.items()) or "—"
    state = "" if u.active else "  [已停用 disabled]"
    return f"{u.name}  {u.role}（{ROLE_ZH.get(u.role, u.role)}）  科室 teams: {teams}{state}"


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Option(help="admin | lead | reviewer | viewer")] = "reviewer",
    team: Annotated[str | None, typer.Option(help="The team (业务科室 / client) to join; default: the default team "
                                                  "(an admin joins none).")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
    workspace: Workspace = None,
) -> None:
    """Create a workspace account for the app."""
    from docreview import auth

    auth.check_role(role)
    user = _store(workspace).add_user(name, role=role, password=_password(password_stdin), team=team)
    console.print(f"user {user.name} ({role}) created", markup=False)
    console.print(_user_line(user), markup=False)


@user_app.command("list")
def user_list(workspace: Workspace = None) -> None:
    """Every account: role, teams and whether it is disabled."""
    for user in _store(workspace).list_users():
        console.print(_user_line(user), markup=False, soft_wrap=True)


@user_app.command("disable")
def user_disable(name: Annotated[str, typer.Argument()], workspace: Workspace = None) -> None:
    """Disable an account: it can no longer sign in, and an open session of it is refused."""
    console.print(_user_line(_store(workspace).set_active(name, False)), markup=False)


@user_app.command("enable")
def user_enable(name: Annotated[str, typer.Argument()], workspace: Workspace = None) -> None:
    """Enable a disabled account again."""
    console.print(_user_line(_store(workspace).set_active(name, True)), markup=False)


@user_app.command("reset-password")
def user_reset_password(
    name: Annotated[str, typer.Argument()],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
    workspace: Workspace = None,
) -> None:
    """Set a new password for an account (the user can change it in the app afterwards)."""
    store = _store(workspace)
    if store.get_user(name) is None:
        raise DocReviewError(f"用户不存在 / no such user: {name}")
    store.set_password(name, _password(password_stdin))
    console.print(f"password of {name} reset", markup=False)


@user_app.command("set-role")
def user_set_role(
    name: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Argument(help="admin | lead | reviewer | viewer")],
    team: Annotated[str | None, typer.Option(help="Only the role in this team (lead | reviewer | viewer).")] = None,
    workspace: Workspace = None,
) -> None:
    """Change the account role (and its role in every team), or with --team its role in one team."""
    console.print(_user_line(_store(workspace).set_role(name, role, team=team)), markup=False)


@team_app.command("add")
def team_add(
    name: Annotated[str, typer.Argument()],
    org: Annotated[str | None, typer.Option("--org", help="The organisation (bureau or firm); default 默认机构.")] = None,
    kind: Annotated[str, typer.Option(help="department (业务科室) | client (a firm's client)")] = "department",
    workspace: Workspace = None,
) -> None:
    """Create a team: a 业务科室 or a client; its batches are seen by its members only."""
    team = _store(workspace).add_team(name, organisation=org, kind=kind)
    console.print(f"team {team.name} ({team.organisation}, {team.kind}) created", markup=False)


@team_app.command("list")
def team_list(workspace: Workspace = None) -> None:
    """Every team with its organisation and members."""
    from docreview.auth import ROLE_ZH

    for team in _store(workspace).list_teams():
        members = "、".join(f"{n}（{ROLE_ZH.get(r, r)}）" for n, r in team.members.items()) or "—"
        console.print(f"{team.name}  {team.organisation}  {team.kind}  成员 members: {members}", markup=False,
                      soft_wrap=True)


@team_app.command("grant")
def team_grant(
    user: Annotated[str, typer.Argument()],
    team: Annotated[str, typer.Argument()],
    role: Annotated[str | None, typer.Option(help="lead | reviewer | viewer; default: from the account role.")] = None,
    workspace: Workspace = None,
) -> None:
    """Give a user a team with a role (or change their role in it)."""
    console.print(_user_line(_store(workspace).grant(user, team, role=role)), markup=False)


@team_app.command("move-batch")
def team_move_batch(batch: Annotated[int, typer.Argument(help="A batch id.")], team: Annotated[str, typer.Argument()],
                    workspace: Workspace = None) -> None:
    """Put a batch (and its reviews) in another team, e.g. one that an older workspace put in 默认科室."""
    moved = _store(workspace).move_batch(batch, team)
    console.print(f"batch {moved.id} {moved.name} → {moved.team}", markup=False)


@team_app.command("revoke")
def team_revoke(user: Annotated[str, typer.Argument()], team: Annotated[str, typer.Argument()],
                workspace: Workspace = None) -> None:
    """Take a user out of a team."""
    console.print(_user_line(_store(workspace).revoke(user, team)), markup=False)


@app.command("app")
def run_app(
    port: Annotated[int, typer.Option()] = 8501,
    host: Annotated[str, typer.Option(help="Address to listen on: 127.0.0.1 (this machine only, behind a reverse "
                                           "proxy with TLS; README 部署) unless given, e.g. 0.0.0.0.")] = "127.0.0.1",
    workspace: Workspace = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", help="Workers of the review consumer started beside the app (default "
                          "DOCREVIEW_QUEUE_APP_WORKERS, 1); 0: none, reviews run on `docreview worker` machines.")] = None,
) -> None:
    """Start the Streamlit reviewer workspace, and a review worker beside it that stops with it."""
    import os
    import subprocess

    env = dict(os.environ)
    if workspace is not None:
        env["DOCREVIEW_WORKSPACE"] = str(workspace)
    n = _settings(workspace).queue.app_workers if workers is None else workers
    consumer = None
    if n > 0:  # reviews run in this process, not in the app: leaving a page loses nothing
        consumer = subprocess.Popen([sys.executable, "-m", "docreview.cli", "worker", "--workers", str(n),
                                     "--parent-pid", str(os.getpid())], env=env)
    cmd = streamlit_command(port=port, host=host, upload_max_mb=_settings(workspace).store.upload_max_mb)
    try:
        rc = subprocess.call(cmd, env=env)
    finally:
        if consumer is not None:
            _stop_worker(consumer)
    raise typer.Exit(rc)


def streamlit_command(*, port: int, host: str = "127.0.0.1", upload_max_mb: float) -> list[str]:
    """The command line that ``docreview app`` runs: the app's server (``webapp/server.py``: the pages plus the
    route that sets the HttpOnly session cookie, so a sign-in survives a reload) on ``host`` (127.0.0.1 unless
    told), Streamlit's own upload ceiling from the one upload setting (``store.upload_max_mb``, whole MB), XSRF
    protection on, and no Streamlit menu, toolbar or status chrome (all English): the app's pages are Chinese."""
    import math

    return [sys.executable, "-m", "streamlit", "run", str(app_server()), "--server.port", str(port),
            "--server.address", host, "--ui.hideTopBar", "true",
            "--server.maxUploadSize", str(max(1, math.ceil(upload_max_mb))),
            "--server.enableXsrfProtection", "true", "--browser.gatherUsageStats", "false",
            "--client.toolbarMode", "minimal"]


def _stop_worker(proc: Any) -> None:
    """SIGTERM: the worker stops at once and puts a running review back in the queue (SIGNAL_INTERRUPTED)."""
    import signal
    import subprocess

    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def app_entry() -> Path:
    """The Streamlit script of the reviewer app (``streamlit run <this>``): the repository's ``app/main.py``,
    which the package also ships as ``docreview/webapp`` (a link in the source tree, real files in a wheel)."""
    return Path(__file__).resolve().parent / "webapp" / "main.py"


def app_server() -> Path:
    """The ASGI launcher of the reviewer app (``st.App`` over ``app_entry()`` with the session-cookie routes)."""
    return Path(__file__).resolve().parent / "webapp" / "server.py"


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


# ---------------------------------------------------------------------- the review queue (issue 14)

batch_app = typer.Typer(help="Review batches on the queue: submit, status, retry, cancel, export.",
                        no_args_is_help=True)
app.add_typer(batch_app, name="batch")


@app.command("worker")
def worker_cmd(
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Reviews run at the same time.")] = 1,
    worker_type: Annotated[str | None, typer.Option(
        "--worker-type", help="process (default with several workers: one core each) | thread")] = None,
    parent_pid: Annotated[int | None, typer.Option("--parent-pid", hidden=True)] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
    workspace: Workspace = None,
) -> None:
    """Run a review consumer: takes review jobs from the queue (the workspace's SQLite queue, or Redis with
    DOCREVIEW_QUEUE_URL) until Ctrl-C (running reviews finish) or SIGTERM (they go back to the queue)."""
    from docreview.queue import run_consumer

    kind = worker_type or ("process" if workers > 1 else "thread")
    if kind not in ("process", "thread"):
        raise DocReviewError(f"--worker-type must be process or thread, not {kind!r}")
    run_consumer(_settings(workspace), workers=workers, worker_type=kind,  # type: ignore[arg-type]
                 parent_pid=parent_pid, verbose=verbose)


@batch_app.command("submit")
def batch_submit(
    name: Annotated[str, typer.Argument(help="Name of the new batch.")],
    report: Annotated[list[Path] | None, typer.Option(
        "--report", "-r", help="Report file (repeatable): one review each.")] = None,
    policy: Annotated[list[Path] | None, typer.Option("--policy", "-p", help="Policy file (repeatable).")] = None,
    zip_file: Annotated[Path | None, typer.Option(
        "--zip", help="A ZIP with a folder per unit (files at its top level: policies shared by every unit); each "
                      "unit's files are reviewed together as one review.")] = None,
    manifest: Annotated[Path | None, typer.Option(
        "--manifest", help="An XLSX/CSV manifest (columns 单位, 文件名, 类型) pairing files to units; the files are "
                           "--file options or else next to the manifest.")] = None,
    file: Annotated[list[Path] | None, typer.Option("--file", "-f", help="A file listed in --manifest.")] = None,
    unit: Annotated[str, typer.Option(help="The unit reviewed (default: each report's file name).")] = "",
    kind: Annotated[str | None, typer.Option(help="Document kind of the reports, overriding detection.")] = None,
    profile: Annotated[str | None, typer.Option(help="Scoring profile.")] = None,
    wait: Annotated[bool, typer.Option("--wait", help="Wait until the batch is finished, showing its progress.")]
    = False,
    workspace: Workspace = None,
) -> None:
    """Queue reviews in a new batch; returns at once unless --wait.  With --report: one review per report
    (against all the policies).  With --zip or --manifest: one review per unit, its files reviewed together."""
    from docreview.queue import submit_set, submit_uploads
    from docreview.queue.units import SetFile, apply_manifest, files_from_zip, read_manifest
    from docreview.store import Workspace as Store
    from docreview.store.intake import Upload

    if not report and zip_file is None and manifest is None:
        raise DocReviewError("需要 --report、--zip 或 --manifest / give --report, --zip or --manifest")
    settings = _settings(workspace)
    with Store(settings) as ws:
        if zip_file is None and manifest is None:
            out = submit_uploads(ws, policies=[Upload(filename=p.name, data=p.read_bytes()) for p in policy or []],
                                 reports=[Upload(filename=r.name, data=r.read_bytes(), kind=kind) for r in report or []],
                                 batch_name=name, unit_name=unit, profile=profile, user=None)
        else:
            files = [SetFile(filename=p.name, data=p.read_bytes(), kind="policy") for p in policy or []]
            files += [SetFile(filename=r.name, data=r.read_bytes()) for r in report or []]
            problems: list[Any] = []
            if zip_file is not None:
                found, problems = files_from_zip(zip_file.read_bytes(), settings=settings.ingest, name=zip_file.name)
                files += found
            if manifest is not None:
                rows = read_manifest(manifest.read_bytes(), manifest.name)
                given = {p.name: p for p in file or []}
                paths = [given.get(r.filename) or manifest.parent / r.filename for r in rows]
                listed = [SetFile(filename=p.name, data=p.read_bytes()) for p in paths if p.is_file()]
                files, more = apply_manifest(rows, [*files, *listed])
                problems += more
            for err in problems:
                err_console.print(f"未能提交 / not submitted: {_one_line(err.message)}", markup=False, highlight=False)
            out = submit_set(ws, files, batch_name=name, unit_name=unit, profile=profile, user=None)
        for err in out.errors:
            err_console.print(f"未能提交 / not submitted: {_one_line(err.message)}", markup=False, highlight=False)
        if out.batch is None:
            raise DocReviewError("没有可以审核的报告文件 / no report file could be submitted")
        console.print(f"批次 / batch {out.batch.id}: {len(out.jobs)} 个审核任务 / jobs "
                      f"({', '.join(str(j.id) for j in out.jobs)})", markup=False, highlight=False)
        if out.queue_error:
            err_console.print(out.queue_error, markup=False, highlight=False)
        if wait:
            _wait_for_batch(ws, out.batch.id)


def _wait_for_batch(ws: Any, batch_id: int) -> None:
    from docreview.store import jobs

    with _progress(False) as prog:
        task = prog.add_task(f"batch {batch_id}", total=None)
        while True:
            progress = jobs.batch_progress(ws, batch_id)
            counts = progress.counts
            prog.update(task, total=len(progress.jobs), completed=len(progress.jobs) - counts["queued"]
                        - counts["running"], description=f"batch {batch_id} · " + " ".join(
                            f"{jobs.STATE_ZH[k]} {v}" for k, v in counts.items() if v))
            if progress.finished:
                break
            time.sleep(ws.settings.queue.ui_refresh_s)
    _print_batch(progress)


@batch_app.command("status")
def batch_status(
    batch: Annotated[int | None, typer.Argument(help="A batch id (default: every batch with jobs).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    workspace: Workspace = None,
) -> None:
    """The jobs of a batch (state, stage, progress, attempts, error, review), or a line per batch."""
    from docreview.store import Workspace as Store
    from docreview.store import jobs

    with Store(_settings(workspace)) as ws:
        if batch is None:
            counts = jobs.batch_counts(ws)
            if as_json:
                console.print_json(json.dumps(counts))
                return
            table = Table(title="批次进度 / batches")
            for col in ("批次", *jobs.STATE_ZH.values()):
                table.add_column(col)
            for batch_id, by_state in sorted(counts.items(), reverse=True):
                table.add_row(str(batch_id), *(str(by_state[s]) for s in jobs.STATE_ZH))
            console.print(table)
            return
        progress = jobs.batch_progress(ws, batch)
        if as_json:
            console.print_json(progress.model_dump_json())
            return
        _print_batch(progress)


def _print_batch(progress: Any) -> None:
    from docreview.store import jobs

    b = progress.batch
    console.print(f"批次 {b.id}「{b.name}」: " + "，".join(f"{jobs.STATE_ZH[k]} {v}" for k, v in progress.counts.items()),
                  markup=False, highlight=False)
    table = Table(show_lines=False)
    for col in ("任务", "文件", "单位", "状态", "阶段", "尝试", "审核记录", "错误"):
        table.add_column(col, overflow="fold")
    for j in progress.jobs:
        stage = f"{j.stage} {j.done}/{j.total}" if j.stage else ""
        table.add_row(str(j.id), j.label, j.unit_name, j.state_zh, stage, str(j.attempts),
                      str(j.review_id or ""), j.error or "")
    console.print(table)


@batch_app.command("retry")
def batch_retry(job: Annotated[int, typer.Argument(help="The id of a failed or cancelled job.")],
                workspace: Workspace = None) -> None:
    """Queue a failed (or cancelled) job again, alone."""
    from docreview.queue import retry
    from docreview.store import Workspace as Store

    with Store(_settings(workspace)) as ws:
        out = retry(ws, job, user=None)
    console.print(f"任务 {job} 已重新排队 / job {job} queued again", markup=False, highlight=False)
    if out.queue_error:
        err_console.print(out.queue_error, markup=False, highlight=False)


@batch_app.command("cancel")
def batch_cancel(batch: Annotated[int, typer.Argument(help="A batch id.")], workspace: Workspace = None) -> None:
    """Cancel a batch: queued jobs are skipped, running ones stop at their next stage boundary."""
    from docreview.queue import cancel
    from docreview.store import Workspace as Store

    with Store(_settings(workspace)) as ws:
        counts = cancel(ws, batch, user=None)
    console.print(f"批次 {batch}：取消 {counts['cancelled']} 个排队任务，{counts['stopping']} 个运行中的任务将在当前阶段后停止 / "
                  f"{counts['cancelled']} queued jobs cancelled, {counts['stopping']} running jobs stop after their "
                  f"current stage", markup=False, highlight=False)


@batch_app.command("export")
def batch_export(
    batch: Annotated[int, typer.Argument(help="A batch id.")],
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Write the batch workbook (汇总, 通报排名, a sheet per unit).")]
    = None,
    memos: Annotated[Path | None, typer.Option("--memos", help="Write a ZIP of the units' 审核意见书 (DOCX).")] = None,
    signer: Annotated[str, typer.Option("--signer", help="落款 at the end of each memo.")] = "",
    date: Annotated[str | None, typer.Option("--date", help="日期 of the memos, YYYY-MM-DD (default: today).")] = None,
    workspace: Workspace = None,
) -> None:
    """Export a batch: the latest version of each of its reviews, as one workbook and/or a ZIP of memos."""
    import datetime as dt

    from docreview.store.batch_export import batch_memos_zip, batch_to_xlsx

    if xlsx is None and memos is None:
        raise DocReviewError("需要 --xlsx 或 --memos / give --xlsx or --memos")
    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        raise DocReviewError(f"日期格式应为 YYYY-MM-DD / --date must be YYYY-MM-DD: {date}") from None
    with _store(workspace) as ws:
        b = ws.get_batch(batch, user=None)
        records = ws.latest_records(user=None, batch_id=batch)
        if xlsx is not None:
            xlsx.write_bytes(batch_to_xlsx(records, ws.batch_ranking(batch, user=None), batch_name=b.name))
        if memos is not None:
            memos.write_bytes(batch_memos_zip(records, signer=signer, date=day))
    console.print(f"批次 {batch}：导出 {len(records)} 个审核记录 / {len(records)} reviews exported", markup=False,
                  highlight=False)


def _one_line(message: str) -> str:
    """Messages from parsers (YAML, zip, PDF) can span lines; the terminal gets one."""
    return " ".join(message.split())


# typer ≥ 0.2x parses with its own copy of click, whose exceptions are not click's: both are caught
_USAGE_ERRORS: tuple[type[Exception], ...] = tuple(
    {click.ClickException, *([typer.TyperException] if hasattr(typer, "TyperException") else [])})
_ABORTS: tuple[type[BaseException], ...] = tuple({click.exceptions.Abort, typer.Abort})


def main() -> None:
    """Console entry point: never a traceback; exit 2 on bad input."""
    try:
        rc = app(standalone_mode=False)
    except _ABORTS:
        err_console.print("aborted")
        sys.exit(130)
    except _USAGE_ERRORS as e:  # a wrong option or argument: click's own message and usage line
        show = getattr(e, "show", None)
        if callable(show):
            show()
        else:
            err_console.print(_one_line(str(e)), highlight=False, markup=False)
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
