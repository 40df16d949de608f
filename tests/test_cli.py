"""The CLI as a user runs it: a real subprocess, exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def run_cli(*args: str, cwd: Path, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCREVIEW_", "OPENAI_"))}
    env["DOCREVIEW_WORKSPACE"] = str(cwd / "ws")
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "docreview.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


@pytest.mark.slow
def test_review_writes_json_and_markdown(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli("review", "--policy", str(SAMPLES / "policy_目标表.docx"), "--report",
                   str(SAMPLES / "report_自评表.pdf"), "--report", str(SAMPLES / "report_自评报告.txt"),
                   "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads((out / "review.json").read_text(encoding="utf-8"))
    assert {"indicators", "actuals", "flags", "score"} <= set(data)
    assert any(f["type"] == "low_budget_execution" for f in data["flags"])
    md = (out / "审核意见.md").read_text(encoding="utf-8")
    assert "绩效自评审核意见" in md
    assert "评级" in proc.stdout and "Traceback" not in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("empty.pdf", b"", "empty"),
        ("picture.docx", b"GIF89a" + b"\x00" * 64, "unsupported"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "corrupt"),
    ],
)
def test_bad_report_is_one_line_exit_2(tmp_path: Path, name: str, content: bytes, needle: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    proc = run_cli("review", "--report", str(bad), cwd=tmp_path)
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert name in lines[0] and needle in lines[0].lower()
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("args", "says", "usage"),
    [
        (("review", "--nope"), "No such option: --nope", True),
        (("eval", "corpus", "--json"), "Option '--json' requires an argument.", False),
        (("nosuchcommand",), "No such command 'nosuchcommand'.", True),
    ],
)
def test_a_wrong_option_is_a_usage_error_exit_2(tmp_path: Path, args: tuple[str, ...], says: str,
                                                usage: bool) -> None:
    """The parser's own message (with a pointer to --help where it gives one), not an "internal error"
    (typer ships its own copy of click, whose exceptions are not click's)."""
    proc = run_cli(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert f"Error: {says}" in proc.stderr
    assert ("--help" in proc.stderr) is usage
    assert "内部错误" not in proc.stderr and "internal error" not in proc.stderr and "Traceback" not in proc.stderr


def test_missing_file_exit_2(tmp_path: Path) -> None:
    proc = run_cli("review", "--report", str(tmp_path / "没有这个文件.pdf"), cwd=tmp_path)
    assert proc.returncode == 2
    assert "没有这个文件.pdf" in proc.stderr and "Traceback" not in proc.stderr


def test_unknown_profile_exit_2(tmp_path: Path) -> None:
    proc = run_cli("review", "--report", str(SAMPLES / "report_自评报告.txt"), "--profile", "no-such-profile",
                   cwd=tmp_path)
    assert proc.returncode == 2
    assert "no-such-profile" in proc.stderr and "Traceback" not in proc.stderr


def test_broken_profile_yaml_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "局部方案.yaml"
    bad.write_text("weights: [\n", encoding="utf-8")
    proc = run_cli("review", "--report", str(SAMPLES / "report_自评报告.txt"), "--profile", str(bad), cwd=tmp_path)
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "局部方案.yaml" in lines[0] and "line" in lines[0], proc.stderr
