"""Coverage-guided fuzzing of the readers and the extraction (atheris, libFuzzer) — a test tool, not part of CI.

Run: ``.venv/bin/pip install -e '.[fuzz]'`` once, then
``.venv/bin/python eval/fuzz_ingest.py --format pdf [--seconds 300] [--jobs 1]`` (formats: pdf, docx, xlsx,
html, txt, md).  Each format has its own corpus folder, ``eval/fuzz_corpus/<format>/``, seeded with the small
fixtures of ``tests/fixtures/files`` on the first run; libFuzzer adds every input that reaches new code to it,
so a later run starts where the last one stopped (commit the folder to keep what a long run found).

What counts as a failure (libFuzzer then writes the input to ``eval/fuzz_crashes/`` and stops):

- any exception but a :class:`~docreview.errors.DocumentError` out of ``ingest.read_here`` — the reader's own
  translation of library errors into a clear message naming the file is the contract;
- any exception at all out of ``extract.extract_report`` / ``extract_policy`` on a document that was read;
- an input that runs past ``--timeout`` seconds (default 20) or past ``--rss-mb`` resident memory (default
  2048): the structural caps inside the readers must end crafted input long before the parsing worker's
  deadline and ceiling would (``ingest.bounded``).

Reproduce one: ``.venv/bin/python eval/fuzz_ingest.py --format pdf eval/fuzz_crashes/crash-…``.
Shrink a corpus that grew to the inputs that keep its coverage (libFuzzer ``-merge=1``) before committing it:
``.venv/bin/python eval/fuzz_ingest.py --format pdf --minimize``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "html": ".html", "txt": ".txt", "md": ".md"}
CORPUS = ROOT / "eval" / "fuzz_corpus"
CRASHES = ROOT / "eval" / "fuzz_crashes"
SEEDS = ROOT / "tests" / "fixtures" / "files"
MAX_SEED_BYTES = 64 * 1024


def seed_corpus(fmt: str) -> Path:
    """The corpus folder of ``fmt``, seeded with the fixtures of that format when it is empty."""
    folder = CORPUS / fmt
    folder.mkdir(parents=True, exist_ok=True)
    if not any(folder.iterdir()):
        for f in sorted(SEEDS.glob(f"*{FORMATS[fmt]}")):
            if f.stat().st_size <= MAX_SEED_BYTES:
                shutil.copyfile(f, folder / f"seed-{f.name}")
    return folder


def _work_folder() -> Path:
    """This process's scratch folder (in memory where there is /dev/shm).  libFuzzer ends the process with C's
    ``exit``, past Python's clean-up, so the folders of processes that are gone are removed here instead."""
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    for old in base.glob("docreview-fuzz-*"):
        pid = old.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(old, ignore_errors=True)
    work = base / f"docreview-fuzz-{os.getpid()}"
    work.mkdir(exist_ok=True)
    return work


def minimize(fmt: str) -> None:
    """Replace the corpus of ``fmt`` by libFuzzer's merge of it (a child process: libFuzzer exits when done)."""
    corpus = seed_corpus(fmt)
    merged = CORPUS / f".{fmt}-merged"
    shutil.rmtree(merged, ignore_errors=True)
    merged.mkdir()
    subprocess.run([sys.executable, __file__, "--format", fmt, "--merge-into", str(merged)], check=True)
    if not any(merged.iterdir()):
        raise SystemExit(f"合并后语料为空，保留原语料 / the merge kept nothing; {corpus} left as it was")
    before = len(list(corpus.iterdir()))
    shutil.rmtree(corpus)
    merged.rename(corpus)
    print(f"{fmt}: {before} → {len(list(corpus.iterdir()))} inputs")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--format", choices=sorted(FORMATS), default="pdf")
    ap.add_argument("--seconds", type=int, default=300, help="total fuzzing time (libFuzzer -max_total_time)")
    ap.add_argument("--timeout", type=int, default=20, help="seconds one input may take")
    ap.add_argument("--rss-mb", type=int, default=2048, help="resident memory one input may reach")
    ap.add_argument("--max-len", type=int, default=MAX_SEED_BYTES, help="largest input libFuzzer makes")
    ap.add_argument("--minimize", action="store_true", help="shrink the format's corpus to the inputs that keep "
                    "its coverage, then stop")
    ap.add_argument("--merge-into", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--libfuzzer", nargs=argparse.REMAINDER, default=None, help=argparse.SUPPRESS)
    ap.add_argument("inputs", nargs="*", type=Path, help="inputs to run once (reproduce a crash) instead of fuzzing")
    args = ap.parse_args()

    if args.minimize:
        minimize(args.format)
        return
    try:
        import atheris
    except ImportError:
        raise SystemExit("atheris 未安装：先运行 .venv/bin/pip install -e '.[fuzz]' / atheris is not installed") from None

    with atheris.instrument_imports():  # coverage of our readers and of the parsers they call
        import docx  # noqa: F401
        import openpyxl  # noqa: F401
        import pdfminer  # noqa: F401
        import pdfplumber  # noqa: F401
        import pypdf  # noqa: F401

        from docreview import extract
        from docreview.errors import DocumentError
        from docreview.ingest import read_here
        from docreview.settings import Settings

    settings = Settings().ingest.model_copy(update={"ocr": False})  # OCR is fuzzed through its own inputs
    suffix = FORMATS[args.format]
    work = _work_folder()
    target = work / f"input{suffix}"

    def one_input(data: bytes) -> None:
        target.write_bytes(data)
        try:
            doc = read_here(target, settings=settings)
        except DocumentError:
            return  # a clear, typed error naming the file: the contract
        extract.extract_report(doc)
        extract.extract_policy(doc)

    CRASHES.mkdir(parents=True, exist_ok=True)
    # libFuzzer runs argv[0] again for a merge's inner passes: a small executable that starts this script
    wrapper = work / "fuzz_ingest"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{Path(__file__).resolve()}" --format {args.format} '
                       f'--libfuzzer "$@"\n', encoding="utf-8")
    wrapper.chmod(0o700)
    if args.libfuzzer is not None:  # an inner pass libFuzzer started: its own arguments, unchanged
        libfuzzer = [str(wrapper), *args.libfuzzer]
    elif args.merge_into is not None:  # the child of --minimize: libFuzzer merges, then exits the process
        libfuzzer = [str(wrapper), "-merge=1", str(args.merge_into), str(seed_corpus(args.format)),
                     f"-timeout={args.timeout}", f"-rss_limit_mb={args.rss_mb}"]
    elif args.inputs:
        libfuzzer = [str(wrapper), *map(str, args.inputs)]
    else:
        libfuzzer = [str(wrapper), str(seed_corpus(args.format)), f"-max_total_time={args.seconds}",
                     f"-timeout={args.timeout}", f"-rss_limit_mb={args.rss_mb}", f"-max_len={args.max_len}",
                     f"-artifact_prefix={CRASHES}/{args.format}-", "-print_final_stats=1"]
    try:
        atheris.Setup(libfuzzer, one_input)
        atheris.Fuzz()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
