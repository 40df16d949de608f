"""Build the labelled corpus: write every case's policy*/report* files from the text in ``corpus/cases/``.

Usage::

    python corpus/build.py                 # (re)write the files into corpus/<case_id>/
    python corpus/build.py --out DIR       # write into DIR/<case_id>/ instead (labels.json copied along)
    python corpus/build.py --check         # rebuild into a temporary folder and compare byte for byte
    python corpus/build.py --coverage      # print the coverage tables of corpus/README.md

Each module ``corpus/cases/<name>.py`` (names starting with ``_`` are helpers) defines ``CASE_ID`` and
``files() -> dict[str, DocSpec]``; cases rebuilt from real documents take the verbatim DocSpecs from
``corpus/realdocs.py``.  ``labels.json`` in each case folder is written by hand and never touched here.

The output is deterministic: reportlab PDFs are written with ``invariant=1`` (in docgen), and DOCX/XLSX
archives are rewritten with fixed member timestamps and fixed core-property dates.
"""

from __future__ import annotations

import argparse
import filecmp
import importlib.util
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from types import ModuleType

CORPUS = Path(__file__).resolve().parent
CASES = CORPUS / "cases"
REAL_CASES = CORPUS / "real_cases"  # sources of the real-document corpus, built into corpus/real/
REAL = CORPUS / "real"
FILE_ROLES = ("policy", "report", "target", "history")
INPUT_SUFFIXES = (".pdf", ".docx", ".xlsx", ".html", ".htm", ".txt", ".md")
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
FIXED_W3CDTF = "2024-01-01T00:00:00Z"


def _import(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"corpus_case_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def case_modules(source: Path = CASES) -> list[ModuleType]:
    """Every case module of ``source`` (written cases, or ``real_cases``), in file-name order."""
    for p in (str(CASES), str(CORPUS)):  # `_kit` and `realdocs` are imported by plain name
        if p not in sys.path:
            sys.path.append(p)  # appended, so nothing here shadows an installed module
    modules = [_import(p) for p in sorted(source.glob("*.py")) if not p.name.startswith("_")]
    ids = [m.CASE_ID for m in modules]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"duplicate CASE_ID: {sorted(dupes)}")
    return modules


def _normalise_zip(path: Path) -> None:
    """Rewrite a DOCX/XLSX archive with fixed timestamps so that two builds give identical bytes."""
    with zipfile.ZipFile(path) as zf:
        members = [(info, zf.read(info.filename)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)",
                              rf"\g<1>{FIXED_W3CDTF}\g<2>", text)
                data = text.encode("utf-8")
            out = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            out.compress_type = zipfile.ZIP_DEFLATED
            out.external_attr = 0o644 << 16
            zf.writestr(out, data)


def build_case(module: ModuleType, out_dir: Path) -> list[Path]:
    """Write one case's files into ``out_dir/<CASE_ID>/``; stale policy*/report* files are removed."""
    from docreview.docgen import write

    case_dir = out_dir / module.CASE_ID
    case_dir.mkdir(parents=True, exist_ok=True)
    specs = module.files()
    for name in specs:
        if not name.startswith(FILE_ROLES) or Path(name).suffix.lower() not in INPUT_SUFFIXES:
            raise ValueError(f"{module.CASE_ID}: file name {name!r} must be "
                             f"{'/'.join(r + '*' for r in FILE_ROLES)} with an input suffix")
    for old in case_dir.iterdir():
        if old.is_file() and old.name.startswith(FILE_ROLES) and old.name not in specs:
            old.unlink()
    written = []
    for name, spec in specs.items():
        path = write(spec, case_dir / name)
        if path.suffix.lower() in (".docx", ".xlsx"):
            _normalise_zip(path)
        written.append(path)
    return written


def build(out_dir: Path = CORPUS, *, copy_labels: bool = False) -> list[Path]:
    """Build every case into ``out_dir`` (written cases) and ``out_dir/real`` (real documents)."""
    written: list[Path] = []
    for source, committed, target in ((CASES, CORPUS, out_dir), (REAL_CASES, REAL, out_dir / "real")):
        for module in case_modules(source):
            written += build_case(module, target)
            if copy_labels and target.resolve() != committed:
                for extra in ("labels.json", "SOURCE.md"):
                    if (committed / module.CASE_ID / extra).is_file():
                        shutil.copyfile(committed / module.CASE_ID / extra, target / module.CASE_ID / extra)
    return written


def check() -> list[str]:
    """Rebuild into a temporary folder; return the committed files that differ or are missing."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in build(Path(tmp)):
            rel = path.relative_to(tmp)
            committed = CORPUS / rel
            if not committed.is_file():
                problems.append(f"missing: {rel}")
            elif not filecmp.cmp(path, committed, shallow=False):
                problems.append(f"differs: {rel}")
    return problems


def coverage_markdown() -> str:
    """The coverage tables of corpus/README.md, computed from the committed labels and files."""
    import json
    from collections import defaultdict

    from docreview.models import FLAG_TYPES

    required: dict[str, list[str]] = defaultdict(list)
    optional: dict[str, list[str]] = defaultdict(list)
    reports: dict[str, list[str]] = defaultdict(list)
    policies: dict[str, list[str]] = defaultdict(list)
    for case_dir in sorted(p for p in CORPUS.iterdir() if (p / "labels.json").is_file()):
        labels = json.loads((case_dir / "labels.json").read_text(encoding="utf-8"))
        for flag in labels["flags"]:
            target = optional if flag.get("optional") else required
            if case_dir.name not in target[flag["type"]]:
                target[flag["type"]].append(case_dir.name)
        for f in sorted(case_dir.iterdir()):
            if f.suffix.lower() in INPUT_SUFFIXES:
                (policies if f.name.startswith("policy") else reports)[f.suffix.lower().lstrip(".")].append(
                    f"{case_dir.name}/{f.name}")
    lines = ["| flag code | cases (required) | n | also optional in |", "|---|---|---|---|"]
    for code in FLAG_TYPES:
        lines.append(f"| `{code}` | {', '.join(required[code])} | {len(required[code])} | "
                     f"{', '.join(c for c in optional[code] if c not in required[code]) or '—'} |")
    lines += ["", "| format | reports | policies |", "|---|---|---|"]
    for fmt in ("pdf", "docx", "xlsx", "html", "txt", "md"):
        lines.append(f"| {fmt.upper()} | {len(reports[fmt])} | {len(policies[fmt])} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="write into this folder instead of corpus/")
    parser.add_argument("--check", action="store_true", help="verify the committed files are up to date")
    parser.add_argument("--coverage", action="store_true", help="print the coverage tables for the README")
    args = parser.parse_args(argv)
    if args.coverage:
        sys.stdout.write(coverage_markdown())
        return 0
    if args.check:
        problems = check()
        for p in problems:
            sys.stdout.write(p + "\n")
        sys.stdout.write("corpus is up to date\n" if not problems else f"{len(problems)} file(s) out of date\n")
        return 1 if problems else 0
    out = args.out.resolve() if args.out else CORPUS
    written = build(out, copy_labels=args.out is not None)
    sys.stdout.write(f"wrote {len(written)} files for {len({p.parent for p in written})} cases into {out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
