"""Outputs are written atomically (issue 18): a run that cannot finish writing — here a file-size limit
(RLIMIT_FSIZE) on the CLI's process, as a full disk would — leaves the previous outputs untouched and says
so in one line; the store's blob write turns a full disk into a StoreError with nothing half-written."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def _review(out: Path, cwd: Path, *, fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCREVIEW_", "OPENAI_"))}
    env["DOCREVIEW_WORKSPACE"] = str(cwd / "ws")
    return subprocess.run([sys.executable, "-m", "docreview.cli", "review", "--policy",
                           str(SAMPLES / "policy_目标表.docx"), "--report", str(SAMPLES / "report_自评报告.txt"),
                           "--retrieval", "bm25", "--out", str(out), "-q"],
                          cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300,
                          preexec_fn=limit)


@pytest.mark.slow
def test_a_failed_write_leaves_the_previous_outputs_intact(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _review(out, tmp_path)
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(before) == {"review.json", "审核意见.md"}
    smallest = min(len(b) for b in before.values())

    # every output is larger than the limit: the old code left a truncated file and exited 1
    second = _review(out, tmp_path, fsize=smallest // 2)
    assert second.returncode == 2, second.stderr
    assert "之前的输出未改动" in second.stderr and "文件超过允许的大小" in second.stderr
    assert "Traceback" not in second.stderr and "OSError" not in second.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temporary file left either


def test_a_full_disk_while_storing_a_blob_is_a_store_error(tmp_path: Path) -> None:
    """ENOSPC from a real write: a file-size limit in a child process makes the same failure path."""
    script = f"""
import resource, sys
sys.path.insert(0, {str(ROOT / "tests")!r})
from pathlib import Path
from docreview.errors import StoreError
from docreview.settings import Settings
from docreview.store import Workspace
ws = Workspace(Settings(workspace=Path({str(tmp_path / "ws")!r})))
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    ws.store_document(b"x" * 100_000 + "预算执行率98%".encode(), "big.txt", user=None)
except StoreError as exc:
    print(exc.message)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8",
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("文件无法保存 / the file cannot be stored"), proc.stdout
    blobs = [p for p in (tmp_path / "ws").rglob("*") if p.is_file() and "blob" in str(p)]
    assert all(p.stat().st_size != 4096 for p in blobs)  # no truncated blob, no temporary file
    assert not [p for p in (tmp_path / "ws").rglob(".tmp-*")]


def test_a_full_disk_while_storing_a_blob_is_named(tmp_path: Path) -> None:
    """A real ENOSPC: a 256 KB tmpfs mounted in a private mount namespace (``unshare -rm``) holds the
    workspace's blobs; storing a 1 MB file fails as a StoreError saying the disk is full, nothing left."""
    import shutil

    blobs = tmp_path / "ws" / "blobs"
    blobs.mkdir(parents=True)
    script = f"""
from pathlib import Path
from docreview.errors import StoreError
from docreview.settings import Settings
from docreview.store import Workspace
ws = Workspace(Settings(workspace=Path({str(tmp_path / "ws")!r})))
try:
    ws.store_document(bytes(range(256)) * 4096 + "预算执行率98%".encode(), "big.txt", user=None)
except StoreError as exc:
    print(exc.message)
print(sorted(p.name for p in Path({str(blobs)!r}).rglob("*") if p.is_file()))
"""
    if shutil.which("unshare") is None:
        pytest.skip("no unshare(1)")
    cmd = f"mount -t tmpfs -o size=256k tmpfs {blobs} && exec {sys.executable} -c \"$0\""
    proc = subprocess.run(["unshare", "-rm", "sh", "-c", cmd, script], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    if proc.returncode != 0 and "mount" in proc.stderr + proc.stdout.lower():
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "文件无法保存 / the file cannot be stored: 磁盘空间不足 / no space left on device"
    assert lines[1] == "[]"  # no truncated blob, no temporary file


def test_an_actual_cell_of_several_figures_is_shown_as_written() -> None:
    """tf01: the scorer compares 体检率 (下降1%) of 「签约率提高1%体检率下降1%」; the reviewer sees the cell."""
    from docreview.models import Claim, Quantity, Span
    from docreview.render import actual_value

    span = Span(file="report.docx", table=0, row=22)
    cell = Claim(id="c", kind="row", name="公卫均等化签约完成率、特殊人群体检率", span=span,
                 actual=Quantity(value=-1, unit="%", kind="percent", text="下降1%"), actual_text="签约率提高1%体检率下降1%")
    assert actual_value(cell) == "签约率提高1%体检率下降1%"
    one = Claim(id="d", kind="row", name="就业率", span=span, actual=Quantity(value=85, unit="%", kind="percent"),
                actual_text="85％")
    assert actual_value(one) == "85%"
