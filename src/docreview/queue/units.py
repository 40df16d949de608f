"""Which uploaded files make which unit (issue 15): an upload is a set of units, each reviewed as one review.

A file arrives with a kind (``store.jobs.FileKind``: 目标表, 自评表, 自评报告, 监控表, 政策文件) and a unit.  Three
ways to say which unit a file belongs to, one result (``SetFile`` records) for ``plan_units``:

- by hand on the upload page (a unit per file; default: the batch's unit);
- ``files_from_zip``: a folder per unit in a ZIP (files at its top level are the batch's: policies shared by
  every unit, reports of the default unit); bounded by the ingest zip-bomb guard, an entry count, and names
  made safe with ``sanitize_filename``; a manifest inside the ZIP (``清单.xlsx`` / ``清单.csv``) is applied;
- ``read_manifest`` + ``apply_manifest``: a small XLSX or CSV with the columns 单位, 文件名, 类型
  (``manifest_template`` is the downloadable template).

``plan_units`` groups the files by unit (names cleaned by ``history.clean_unit_name``, compared by
``history.unit_key``) and decides each file's role: a policy is reviewed against, the other files of a unit are
its report files, reviewed together; a 目标表 is the unit's policy side when the unit also has a 自评表, 自评报告
or 监控表, and is itself reviewed (as a target table) when it is all the unit has.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import PurePosixPath

from pydantic import BaseModel, Field

from docreview.errors import DocReviewError
from docreview.ingest.detect import check_archive
from docreview.settings import IngestSettings
from docreview.store.files import format_from_name, sanitize_filename
from docreview.store.history import clean_unit_name, unit_key
from docreview.store.intake import FileError
from docreview.store.jobs import FILE_KIND_ZH, FILE_KINDS, FileKind

MAX_ZIP_ENTRIES = 500
"""Most entries (files and folders) an uploaded ZIP of units may hold."""
MANIFEST_STEMS = ("清单", "manifest", "文件清单")
"""A ZIP member with one of these names (``.xlsx`` / ``.csv``) is the manifest, not a document."""
MANIFEST_COLUMNS = ("单位", "文件名", "类型")
_IGNORED = re.compile(r"(^|/)(__MACOSX|\.[^/]*|Thumbs\.db|desktop\.ini)(/|$)", re.I)
_LABELS: dict[str, FileKind] = {
    **{zh: kind for kind, zh in FILE_KIND_ZH.items()},  # type: ignore[misc]
    **{kind: kind for kind in FILE_KINDS},  # type: ignore[misc]
    "目标表": "target", "目标申报表": "target", "绩效目标申报表": "target", "监控表": "monitor", "运行监控": "monitor",
    "绩效运行监控表": "monitor", "绩效自评表": "self_eval_table", "评价表": "self_eval_table",
    "绩效自评报告": "self_eval_report", "评价报告": "self_eval_report", "报告": "self_eval_report",
    "政策": "policy", "指标体系": "policy", "管理办法": "policy",
}


class SetFile(BaseModel):
    """One file of an upload: its name and bytes, its kind (None: guessed from its name) and its unit (empty:
    the batch's — a policy shared by every unit, a report of the default unit)."""

    filename: str
    data: bytes
    kind: FileKind | None = None
    unit: str = ""
    detected: FileKind | None = None  # the kind proposed by detection, when the reviewer saw it and chose ``kind``


class PlannedUnit(BaseModel):
    """A unit's files as one review: its report files and its policies (its own and the shared ones)."""

    unit_name: str
    reports: list[SetFile] = Field(default_factory=list)
    policies: list[SetFile] = Field(default_factory=list)

    @property
    def doc_kind(self) -> str | None:
        """The document kind to review the unit as: a target table or a monitoring report when all its report
        files are; a self-evaluation when the reviewer turned a file detected as something else into a 自评表 or
        自评报告; None (as detected: 绩效自评, 部门整体自评 or 绩效评价报告) otherwise."""
        kinds = {f.kind for f in self.reports}
        if kinds in ({"target"}, {"monitor"}):
            return kinds.pop()
        overridden = any(f.detected is not None and f.detected != f.kind for f in self.reports)
        if overridden and kinds <= {"self_eval_table", "self_eval_report"}:
            return "self_eval"
        return None


class UnitPlan(BaseModel):
    units: list[PlannedUnit] = Field(default_factory=list)
    errors: list[FileError] = Field(default_factory=list)


def kind_from_name(name: str) -> FileKind | None:
    """The kind a file's name suggests (``policy_目标表.docx`` → policy, ``某局自评报告.pdf`` → 自评报告), or None."""
    stem = PurePosixPath(name).stem.lower()
    if re.search(r"政策|办法|通知|指标体系|policy", stem):
        return "policy"
    if "监控" in stem or "monitor" in stem:
        return "monitor"
    if "目标" in stem or "target" in stem:
        return "target"
    if "报告" in stem:
        return "self_eval_report"
    if re.search(r"自评|评价|表", stem):
        return "self_eval_table"
    return None


def kind_from_label(text: str) -> FileKind | None:
    """The kind a manifest's 类型 cell names (Chinese label or code), or None."""
    key = re.sub(r"\s+", "", text or "").lower()
    return _LABELS.get(key)


def guess_kind(name: str, doc_kind: str | None = None) -> FileKind:
    """A file's kind from what detection found (``pipeline.detect_kind``: policy, target, monitor, a
    self-evaluation) and its name: a self-evaluation is a 自评表 when its name or format says table."""
    if doc_kind in ("policy", "target", "monitor"):
        return doc_kind  # type: ignore[return-value]
    by_name = kind_from_name(name)
    if doc_kind is None and by_name is not None:
        return by_name
    if by_name in ("self_eval_table", "self_eval_report"):
        return by_name
    return "self_eval_table" if format_from_name(name) == "xlsx" else "self_eval_report"


def files_from_zip(data: bytes, *, settings: IngestSettings, name: str = "upload.zip") -> tuple[list[SetFile],
                                                                                                  list[FileError]]:
    """The files of a ZIP of units: each top-level folder is a unit (deeper folders belong to it), files at the
    top level are the batch's.  Refuses (``DocReviewError``) a ZIP that is corrupt, a zip bomb or has more than
    ``MAX_ZIP_ENTRIES`` entries; a member whose name has no supported format becomes a ``FileError``."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise DocReviewError(f"ZIP 文件已损坏，无法打开 / the ZIP cannot be opened: {e}") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise DocReviewError(f"ZIP 中的文件过多（{len(infos)} > {MAX_ZIP_ENTRIES}）/ too many entries in the ZIP")
        check_archive(name, infos, settings)
        files: list[SetFile] = []
        errors: list[FileError] = []
        manifest: tuple[str, bytes] | None = None
        for info in infos:
            path = _member_name(info)
            if info.is_dir() or _IGNORED.search(path):
                continue
            parts = [p for p in path.split("/") if p not in ("", ".", "..")]
            if not parts:
                continue
            filename = sanitize_filename(parts[-1])
            unit = clean_unit_name(sanitize_filename(parts[0], default="")) if len(parts) > 1 else ""
            try:
                body = zf.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as e:  # encrypted or corrupt member
                errors.append(FileError(filename=filename, role="report", message=f"{filename}: 无法解压 / {e}"))
                continue
            if not unit and PurePosixPath(filename).stem.lower() in MANIFEST_STEMS and PurePosixPath(
                    filename).suffix.lower() in (".xlsx", ".csv"):
                manifest = (filename, body)
                continue
            if format_from_name(filename) is None:
                errors.append(FileError(filename=filename, role="report",
                                        message=f"{filename}: 不支持的文件类型，已跳过 / unsupported file type, skipped"))
                continue
            files.append(SetFile(filename=filename, data=body, kind=kind_from_name(filename), unit=unit))
    if manifest is not None:
        rows = read_manifest(manifest[1], manifest[0])
        files, more = apply_manifest(rows, files)
        errors += more
    return files, errors


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's path: names not flagged UTF-8 are usually GBK (Windows' ZIP tool), which zipfile read as cp437."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name.replace("\\", "/")


class ManifestRow(BaseModel):
    unit: str
    filename: str
    kind: FileKind | None = None


def read_manifest(data: bytes, filename: str) -> list[ManifestRow]:
    """The rows of a manifest (XLSX or CSV; columns 单位, 文件名, 类型 under a header row); ``DocReviewError``
    when it cannot be read or has no 文件名 column."""
    rows = _xlsx_rows(data) if filename.lower().endswith(".xlsx") else _csv_rows(data)
    header_at = next((n for n, r in enumerate(rows) if any(_cell(c) in ("文件名", "文件", "filename") for c in r)), None)
    if header_at is None:
        raise DocReviewError("清单中没有「文件名」列 / the manifest has no 文件名 column")
    header = [_cell(c) for c in rows[header_at]]

    def col(*names: str) -> int | None:
        return next((i for i, h in enumerate(header) if h in names), None)

    i_unit, i_file, i_kind = col("单位", "被审核单位", "unit"), col("文件名", "文件", "filename"), col("类型", "kind")
    out: list[ManifestRow] = []
    for r in rows[header_at + 1:]:
        cells = [_cell(c) for c in r]

        def at(i: int | None, cells: list[str] = cells) -> str:
            return cells[i] if i is not None and i < len(cells) else ""

        name = sanitize_filename(at(i_file), default="") if at(i_file) else ""
        if not name:
            continue
        out.append(ManifestRow(unit=clean_unit_name(at(i_unit)), filename=name, kind=kind_from_label(at(i_kind))))
    return out


def _cell(value: object) -> str:
    return "" if value is None else str(value).strip()


def _xlsx_rows(data: bytes) -> list[list[object]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            check_archive("manifest.xlsx", zf.infolist(), IngestSettings())
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DocReviewError:
        raise
    except Exception as e:  # noqa: BLE001 — any unreadable workbook is one message
        raise DocReviewError(f"清单无法读取 / the manifest cannot be read: {type(e).__name__}") from None
    try:
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True, max_row=5000)]
    finally:
        wb.close()


def _csv_rows(data: bytes) -> list[list[object]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any bytes
        raise DocReviewError("清单编码无法识别 / the manifest's encoding is not UTF-8 or GBK")
    rows: list[list[object]] = [list[object](r) for r in csv.reader(io.StringIO(text))][:5000]
    return rows


def apply_manifest(rows: Sequence[ManifestRow], files: Sequence[SetFile]) -> tuple[list[SetFile], list[FileError]]:
    """The files with the unit and kind the manifest gives them (matched by file name); a file the manifest
    does not name keeps its own; a row naming no uploaded file becomes a ``FileError``."""
    by_name = {r.filename: r for r in rows}
    names = {sanitize_filename(f.filename) for f in files}
    out = []
    for f in files:
        row = by_name.get(sanitize_filename(f.filename))
        if row is None:
            out.append(f)
            continue
        out.append(f.model_copy(update={"unit": row.unit, "kind": row.kind or f.kind}))
    errors = [FileError(filename=r.filename, role="report",
                        message=f"清单中的文件未上传：{r.filename} / listed in the manifest but not uploaded")
              for r in rows if r.filename not in names]
    return out, errors


def manifest_template() -> bytes:
    """The manifest template offered for download: the three columns, an example row per kind, the kinds."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "清单"
    ws.append(list(MANIFEST_COLUMNS))
    for row in (("某县交通运输局", "交通局绩效自评表.xlsx", "自评表"), ("某县交通运输局", "交通局绩效自评报告.docx", "自评报告"),
                ("某县交通运输局", "交通局绩效目标表.xlsx", "目标表"), ("", "农村公路项目管理办法.pdf", "政策文件")):
        ws.append(list(row))
    notes = wb.create_sheet("说明")
    notes.append(["类型可填：" + "、".join(FILE_KIND_ZH.values())])
    notes.append(["单位留空的政策文件由本批次所有单位共用；单位留空的其他文件归入上传页填写的被审核单位。"])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 36
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def plan_units(files: Sequence[SetFile], *, default_unit: str) -> UnitPlan:
    """Group ``files`` into units (by ``history.unit_key`` of their cleaned unit names; empty: ``default_unit``
    for reports, the whole batch for policies) and give each unit its report files and policies.  A unit
    with no report file (only policies) becomes a ``FileError``."""
    plan = UnitPlan()
    shared: list[SetFile] = []
    groups: dict[str, PlannedUnit] = {}
    default = clean_unit_name(default_unit)
    for f in files:
        kind = f.kind or guess_kind(f.filename)
        f = f.model_copy(update={"kind": kind, "unit": clean_unit_name(f.unit)})
        if kind == "policy" and not f.unit:
            shared.append(f)
            continue
        name = f.unit or default or clean_unit_name(PurePosixPath(f.filename).stem)
        unit = groups.setdefault(unit_key(name), PlannedUnit(unit_name=name))
        (unit.policies if kind == "policy" else unit.reports).append(f)
    for unit in groups.values():
        kinds = {f.kind for f in unit.reports}
        if kinds - {"target"} and "target" in kinds:  # the targets are what the unit's reports are checked against
            unit.policies += [f for f in unit.reports if f.kind == "target"]
            unit.reports = [f for f in unit.reports if f.kind != "target"]
        if not unit.reports:
            plan.errors.append(FileError(filename="、".join(f.filename for f in unit.policies), role="policy",
                                         message=f"单位「{unit.unit_name}」没有待审核的报告文件 / unit "
                                                 f"{unit.unit_name} has no report file"))
            continue
        unit.policies += shared
        plan.units.append(unit)
    return plan
