"""Plain text and Markdown, and the text decoding that detection and HTML share.

:func:`decode` tries a BOM, UTF-16 without a BOM, UTF-8, the declared charset, GB18030, then
charset-normalizer.  Detection decodes TXT/MD once (``Context.text``); :func:`read_txt` and :func:`read_md`
turn that text into blocks.
"""

from __future__ import annotations

import codecs
import re

from docreview.errors import DocumentTooComplex, EmptyDocument
from docreview.ingest.common import SPACES, Context, clean

# --------------------------------------------------------------------------- decoding text

_PLAUSIBLE_SAMPLE = 1_000_000
GBK_NAMES = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "gb18030", "chinese", "csgb2312", "euc-cn", "cp936"}


def _plausible(text: str, *, cjk_expected: bool) -> bool:
    """Whether decoded text looks like a document: few controls / PUA / U+FFFD; with ``cjk_expected``
    (GB18030, UTF-16 guesses) the non-ASCII characters must be mostly CJK, punctuation or symbols."""
    if not text:
        return True
    text = text[:_PLAUSIBLE_SAMPLE]  # a Python loop per character: 45 MB of text would take seconds
    bad = non_ascii = plausible = 0
    for ch in text:
        o = ord(ch)
        if o < 0x80:
            if o < 0x20 and ch not in "\t\n\r\f":
                bad += 1
            continue
        non_ascii += 1
        if o < 0xA0 or 0xD800 <= o <= 0xF8FF or o == 0xFFFD or o >= 0xF0000:
            bad += 1
        elif (0xA0 <= o <= 0xFF or 0x2C7 <= o <= 0x2D9 or 0x391 <= o <= 0x451 or 0x2000 <= o <= 0x27BF
              or 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F
              or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF):
            plausible += 1
    if bad > max(1, len(text) * 0.01):
        return False
    return not cjk_expected or non_ascii == 0 or plausible >= 0.9 * non_ascii


def decode(data: bytes, ctx: Context, *, hint: str | None = None) -> tuple[str, str] | None:
    """Decode text bytes: BOM, UTF-16 without BOM, UTF-8, the declared charset, GB18030, then
    charset-normalizer.  Returns ``(text, encoding)`` or None when the bytes are not text."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                text = data.decode(enc, errors="replace")
                ctx.warn(f"部分字节不符合 {enc} 编码，已替换为 � / some bytes are not valid {enc}; replaced")
                return text, enc
    if b"\x00" in data:
        # Text never holds NUL bytes, except UTF-16/32 without a BOM (ASCII characters give 00 bytes).
        zeros_even = data[0::2].count(0)
        zeros_odd = data[1::2].count(0)
        order = ["utf-16-le", "utf-16-be"] if zeros_odd >= zeros_even else ["utf-16-be", "utf-16-le"]
        for enc in order:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _plausible(text, cjk_expected=True):
                return text, enc
        return None
    try:
        text = data.decode("utf-8")
        if _plausible(text, cjk_expected=False):
            return text, "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    if hint:
        candidates.append("gb18030" if hint.lower() in GBK_NAMES else hint)
    candidates.append("gb18030")
    for enc in dict.fromkeys(candidates):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text, cjk_expected=True):
            return text, enc
    # a few corrupt bytes in otherwise good UTF-8 or GBK text: keep the text, mark the bytes
    for enc in ("utf-8", "gb18030"):
        lenient = data.decode(enc, errors="replace")
        if lenient.count("\ufffd") <= max(1, len(lenient) // 100) and _plausible(
                lenient.replace("\ufffd", ""), cjk_expected=enc != "utf-8"):
            ctx.warn(f"少量字节不是有效的 {enc} 编码，已替换为 � / a few bytes are not valid {enc}; replaced")
            return lenient, enc
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # charset-normalizer is a last resort; its failure means "not text"
        best = None
    if best is not None:
        text = str(best)
        if _plausible(text, cjk_expected=False):
            ctx.warn(f"按 {best.encoding} 编码读取（自动识别）/ decoded as {best.encoding} (detected)")
            return text, best.encoding
    return None


# --------------------------------------------------------------------------- TXT / Markdown

_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_CN_HEADING_1 = re.compile(r"^[一二三四五六七八九十]+[、.．]\S")
_CN_HEADING_2 = re.compile(r"^[（(][一二三四五六七八九十]+[)）]\S")
_MD_SEPARATOR = re.compile(r"^\s*:?-{1,}:?\s*$")
_SENTENCE_END = ("。", "．", "！", "？", "；", "：", "，", ".", "!", "?", ";", ":", ",")


def read_txt(ctx: Context) -> None:
    """Plain text, decoded by detection into ``ctx.text``."""
    _read_decoded(ctx, markdown=False)


def read_md(ctx: Context) -> None:
    """Markdown, decoded by detection into ``ctx.text``."""
    _read_decoded(ctx, markdown=True)


def _read_decoded(ctx: Context, *, markdown: bool) -> None:
    text = ctx.text
    assert text is not None
    if not text.strip():
        raise EmptyDocument(ctx.where)
    _read_text(ctx, text, markdown=markdown)


def _read_text(ctx: Context, text: str, *, markdown: bool) -> None:
    """Blank lines separate paragraphs (the lines of one paragraph are kept, joined by ``\\n``); Markdown
    pipe tables and runs of tab-separated lines are tables; ``#`` headings (Markdown), ``一、`` / ``（一）``
    headings and a short first line (plain text) are headings."""
    limits = ctx.settings
    if len(text) > limits.max_chars:
        raise DocumentTooComplex(ctx.where, f"文字过多：超过 {limits.max_chars} 个字符 / too much text: more than "
                                            f"{limits.max_chars} characters")
    lines = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"))
    longest = max(map(len, lines), default=0)
    if longest > limits.max_line_chars:
        raise DocumentTooComplex(ctx.where, f"单行过长：{longest} 个字符，超过 {limits.max_line_chars} / a line of "
                                            f"{longest} characters, more than {limits.max_line_chars}")
    out = ctx.out

    def table_row(rows: list[list[str]]) -> None:  # checked as rows are read, not after 300,000 are built
        if len(rows) >= limits.max_sheet_rows:
            raise DocumentTooComplex(ctx.where, f"表格行数过多：超过 {limits.max_sheet_rows} 行 / too many rows: "
                                                f"more than {limits.max_sheet_rows}")
    paragraph: list[str] = []

    def flush() -> None:
        if not paragraph:
            return
        cleaned = [SPACES.sub(" ", ln).strip() for ln in paragraph]
        cleaned = [ln for ln in cleaned if ln]
        paragraph.clear()
        if not cleaned:
            return
        if (not markdown and not out.blocks and len(cleaned) == 1 and len(cleaned[0]) <= 40
                and not cleaned[0].endswith(_SENTENCE_END)):
            out.text(cleaned[0], kind="heading", level=1)
        else:
            out.text("\n".join(cleaned))

    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            flush()
            i += 1
            continue
        if markdown and (m := _MD_HEADING.match(line)):
            flush()
            out.text(clean(m.group(2)), kind="heading", level=len(m.group(1)))
            i += 1
            continue
        if _pipe_row(line) and (line.lstrip().startswith("|") or (i + 1 < len(lines)
                                                                  and _is_separator(lines[i + 1]))):
            start = i
            rows: list[list[str]] = []
            while i < len(lines) and lines[i].strip() and _pipe_row(lines[i]):
                if not _is_separator(lines[i]):
                    table_row(rows)
                    rows.append(_pipe_cells(lines[i], markdown=markdown))
                i += 1
            if max((len(r) for r in rows), default=0) >= 2:
                flush()
                out.table(rows)
            else:  # `cell |` lines of flattened page text: one column is no table
                paragraph.extend(lines[start:i])
            continue
        if "\t" in line.lstrip("\t "):
            flush()
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                table_row(rows)
                rows.append([clean(c) for c in lines[i].split("\t")])
                i += 1
            out.table(rows)
            continue
        stripped = clean(line)
        if not markdown and len(stripped) <= 40 and not stripped.endswith(("。", "；", ";")):
            if _CN_HEADING_1.match(stripped) or _CN_HEADING_2.match(stripped):
                flush()
                out.text(stripped, kind="heading", level=1 if _CN_HEADING_1.match(stripped) else 2)
                i += 1
                continue
        paragraph.append(line)
        i += 1
    flush()


def _pipe_row(line: str) -> bool:
    return len(re.findall(r"(?<!\\)\|", line)) >= 1 and bool(line.strip())


def _is_separator(line: str) -> bool:
    cells = _split_pipes(line)
    return bool(cells) and all(_MD_SEPARATOR.match(c) for c in cells) and "-" in line


def _split_pipes(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.replace("\\|", "|") for c in re.split(r"(?<!\\)\|", s)]


def _pipe_cells(line: str, *, markdown: bool) -> list[str]:
    cells = _split_pipes(line)
    if markdown:
        cells = [re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), c) for c in cells]
        cells = [re.sub(r"<br\s*/?>", "\n", c, flags=re.I) for c in cells]
    return [clean(c) for c in cells]
