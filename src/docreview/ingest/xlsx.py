"""XLSX: every sheet, cells as Excel shows them (number formats, dates as 2023年8月15日).

Rows between fully empty rows make one table; leading single-value rows above a table are titles or
notes.  Values are the cached results of formulas; a formula without one reads as ``''`` with a warning.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from typing import Any

import openpyxl

from docreview.errors import DocumentTooComplex
from docreview.ingest.common import Context, check_table, clean


def read_xlsx(ctx: Context) -> None:
    """Read the workbook in ``ctx`` into ``ctx.out``, one sheet after another."""
    _prescan(ctx)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions, not our problem
        wb = openpyxl.load_workbook(io.BytesIO(ctx.data), data_only=True, read_only=False, keep_links=False)
        uncached = _uncached_formulas(ctx, wb) if _has_uncached_formula(ctx.data) else {}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            ctx.warn(f"工作表「{ws.title}」是隐藏的，仍已读取 / sheet {ws.title!r} is hidden; read anyway")
        missing = uncached.get(ws.title, [])
        if missing:
            shown = "、".join(missing[:5]) + ("…" if len(missing) > 5 else "")
            ctx.warn(f"工作表「{ws.title}」{shown} 的公式没有缓存结果，按空白读取（请在 Excel 中重新计算并保存）"
                     f" / formulas without a cached value in {ws.title!r} ({shown}) read as ''")
        _xlsx_sheet(ctx, ws)


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _prescan(ctx: Context) -> None:
    """Count rows, cells and merged areas in the raw sheet XML, streaming, before openpyxl builds a cell
    object for each (a merged range A1:XFD1048576 alone would be 17 billion of them)."""
    limits, total = ctx.settings, 0
    with zipfile.ZipFile(io.BytesIO(ctx.data)) as zf:
        for info in zf.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            rows = cells = 0
            carry = b""
            with zf.open(info) as part:
                while chunk := part.read(1 << 20):
                    buffer = carry + chunk
                    cut = buffer.rfind(b"<")  # no tag is split: attribute values cannot hold a raw '<'
                    cut = len(buffer) if cut <= 0 else cut
                    done, carry = buffer[:cut], buffer[cut:]
                    rows += done.count(b"<row ") + done.count(b"<row>")
                    cells += done.count(b"<c ") + done.count(b"<c>")
                    for m in _MERGE.finditer(done):
                        area = ((int(m.group(4)) - int(m.group(2)) + 1)
                                * (_col_number(m.group(3)) - _col_number(m.group(1)) + 1))
                        if area > limits.max_table_cells:
                            raise DocumentTooComplex(
                                ctx.where, f"合并单元格区域过大：{m.group(1).decode()}{m.group(2).decode()}:"
                                           f"{m.group(3).decode()}{m.group(4).decode()} 超过 {limits.max_table_cells} "
                                           f"个单元格 / merged range too large: more than {limits.max_table_cells} cells")
                    if rows > limits.max_sheet_rows:
                        raise DocumentTooComplex(ctx.where, f"工作表行数过多：超过 {limits.max_sheet_rows} 行 / too many "
                                                            f"rows in a sheet: more than {limits.max_sheet_rows}")
                    if cells > limits.max_table_cells:
                        raise DocumentTooComplex(ctx.where, f"工作表过大：超过 {limits.max_table_cells} 个单元格 / sheet "
                                                            f"too large: more than {limits.max_table_cells} cells")
            total += cells
            if total > limits.max_cells:
                raise DocumentTooComplex(ctx.where, f"工作簿单元格总数过多：超过 {limits.max_cells} 个 / too many "
                                                    f"cells in the workbook: more than {limits.max_cells}")


def _has_uncached_formula(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = zf.read(name)
                for match in re.finditer(rb"<c\b[^>]*[^/]>(.*?)</c>", xml, re.S):
                    body = match.group(1)
                    if b"<f" in body and not re.search(rb"<v>[^<]+</v>", body):
                        return True
    return False


def _uncached_formulas(ctx: Context, values: Any) -> dict[str, list[str]]:
    formulas = openpyxl.load_workbook(io.BytesIO(ctx.data), data_only=False)
    out: dict[str, list[str]] = {}
    for ws in formulas.worksheets:
        shown = values[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and shown[cell.coordinate].value is None:
                    out.setdefault(ws.title, []).append(cell.coordinate)
    return out


def _xlsx_sheet(ctx: Context, ws: Any) -> None:
    # the used range, as openpyxl iterates it: one stray cell at XFD1048576 makes it the whole sheet
    check_table(ctx.where, ctx.settings, ws.max_row, ws.max_column)
    merged_width: dict[tuple[int, int], int] = {}
    for rng in ws.merged_cells.ranges:
        merged_width[(rng.min_row, rng.min_col)] = rng.max_col - rng.min_col + 1
    grid = [([_xlsx_display(c) for c in row], list(row)) for row in ws.iter_rows()]
    groups: list[list[tuple[list[str], list[Any]]]] = [[]]  # runs of rows between fully empty rows
    for texts, cells in grid:
        if any(texts):
            groups[-1].append((texts, cells))
        elif groups[-1]:
            groups.append([])
    for group in groups:
        # leading rows holding a single value are titles or notes above the table
        while group and sum(1 for t in group[0][0] if t) == 1:
            texts, cells = group.pop(0)
            j = next(i for i, t in enumerate(texts) if t)
            _xlsx_text_cell(ctx, ws.title, texts[j], cells[j], merged_width.get((cells[j].row, cells[j].column), 1))
        if group:
            first = min(next(i for i, t in enumerate(texts) if t) for texts, _ in group)
            last = max(max(i for i, t in enumerate(texts) if t) for texts, _ in group)
            ctx.out.table([texts[first:last + 1] for texts, _ in group], sheet=ws.title)


def _xlsx_text_cell(ctx: Context, sheet: str, text: str, cell: Any, width: int) -> None:
    font = cell.font
    big = bool(font and ((font.b and (font.sz or 11) >= 11) or (font.sz or 11) >= 13))
    is_heading = len(text) <= 50 and not text.endswith(("。", ".", "；", ";")) and (big or width >= 3)
    ctx.out.text(text, kind="heading" if is_heading else "paragraph", level=1 if is_heading else None,
                 sheet=sheet)


def _xlsx_display(cell: Any) -> str:
    """The cell as Excel shows it: number formats applied, dates as 2023年8月15日."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _format_date(value, cell.number_format or "")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int | float):
        return _format_number(value, cell.number_format or "General")
    return clean(str(value))


def _format_date(value: Any, fmt: str) -> str:
    f = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt).lower()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if "s" in f else "%H:%M")
    if "d" in f or not f:
        text = f"{value.year}年{value.month}月{value.day}日"
    elif "m" in f and "y" in f:
        text = f"{value.year}年{value.month}月"
    elif "y" in f:
        text = f"{value.year}年"
    else:
        text = f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dt.datetime) and "h" in f:
        text += value.strftime(" %H:%M:%S" if "s" in f else " %H:%M")
    return text


_FMT_TOKEN = re.compile(r'"([^"]*)"|\\(.)|(\[[^\]]*\]|_.|\*.)|([eE][+-][0#?]+)|([0#?.,])|(.)', re.S)


def _format_tokens(section: str) -> list[tuple[str, str]]:
    """(kind, text) tokens of one format section: ``lit`` shown as is, ``ph`` digit placeholders and
    separators, ``exp`` a scientific exponent; colours, locales, ``_x`` spacing and ``*x`` fills vanish."""
    tokens = []
    for m in _FMT_TOKEN.finditer(section):
        if m.group(1) is not None:
            tokens.append(("lit", m.group(1)))
        elif m.group(2) is not None:
            tokens.append(("lit", m.group(2)))
        elif m.group(3) is not None:
            continue
        elif m.group(4) is not None:
            tokens.append(("exp", m.group(4)))
        elif m.group(5) is not None:
            tokens.append(("ph", m.group(5)))
        else:
            tokens.append(("lit", m.group(6)))
    return tokens


def _format_number(value: float, fmt: str) -> str:
    """Apply the parts of an Excel number format that change what a reviewer reads: decimals, percent,
    scaling commas, literal text (``0"个"``).  Thousands separators are dropped."""
    sections = _split_sections(fmt)
    section = sections[0]
    if value < 0 and len(sections) > 1 and sections[1].strip():
        section, value = sections[1], -value  # the section shows its own sign or brackets
    elif value == 0 and len(sections) > 2 and sections[2].strip():
        section = sections[2]
    if section.strip().lower() in ("general", "@", ""):
        return _general(value)
    tokens = _format_tokens(section)
    placeholders = [i for i, (kind, text) in enumerate(tokens) if kind == "ph" and text in "0#?"]
    literal = "".join(text for kind, text in tokens if kind == "lit")
    if not placeholders:
        literal = re.sub("(?i)general", "", literal).replace("@", "")
        return literal + _general(value) if literal and not literal.isspace() else _general(value)
    first, last = placeholders[0], placeholders[-1]
    value = value * 100 ** sum(text.count("%") for kind, text in tokens if kind == "lit")
    number_part = "".join(text for kind, text in tokens[first:] if kind == "ph")
    trailing_commas = re.search(r"[0#?](,+)[^0#?]*$", number_part)
    if trailing_commas:
        value = value / 1000 ** len(trailing_commas.group(1))
    exponent = any(kind == "exp" for kind, _ in tokens)
    decimals = re.search(r"\.([0#?]+)", number_part)
    digits = decimals.group(1) if decimals else ""
    if exponent:
        number = f"{value:.{len(digits)}E}"
    else:
        number = f"{value:.{len(digits)}f}"
        keep = len(digits.rstrip("#?"))
        if keep < len(digits):  # '#' decimals are optional
            whole, frac = number.split(".")
            frac = frac[:keep] + frac[keep:].rstrip("0")
            number = whole + ("." + frac if frac else "")
        if re.fullmatch(r"-0(\.0*)?", number):
            number = number[1:]
    head = "".join(text for kind, text in tokens[:first] if kind == "lit")
    tail = "".join(text for kind, text in tokens[last + 1:] if kind == "lit")
    return head + number + tail


def _split_sections(fmt: str) -> list[str]:
    sections, current, quoted = [], "", False
    for ch in fmt:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += ch
    sections.append(current)
    return sections


def _general(value: float) -> str:
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    text = f"{value:.11g}"
    if "e" in text:
        text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text

