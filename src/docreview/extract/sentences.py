"""Report and policy text cut into sentences and clauses (with the section each sentence sits in), and the
words around a figure cleaned into a name: the ground both prose readers (:mod:`.prose`, :mod:`.prose_budget`)
stand on."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from docreview.extract.rows import clean
from docreview.models import Block, Document, Span

__all__ = ["split_sentences"]

_SENTENCE_END = re.compile(r"[。！？；;!?\n]")
_CLAUSE_END = re.compile(r"[，,：:；;]")
_TOC_LINE = re.compile(r"^[^。，,；;]{1,40}?[^\d.\s]\s*\d{1,3}$")
_HEAD_FILLER = re.compile(
    r"^(?:其中|全年|年内|年初确定|年初|本年度|本年|今年|当年|年度|年(?![均龄度初末底内终份级限轻薪检报会])(?=\w{4})|"
    r"(?:下达|确定|设定)的(?:任务|目标)(?:是|为)|任务(?:是|为)|"
    r"全县|全镇|全市|全区|全乡|本项目|该项目|项目(?=计划|拟|共|累计|已|实际)|我局|我镇|本单位|共计|共|累计|仅|只|又|再|用于|"
    r"合计|总计|已经|已|实际|完成|实现|开展|组织|举办|确保|力争|计划(?!.{1,4}率$)|预计|并|和|及(?!时|格)|同时|通过|目标为|目标|要求)+")
_TAIL_FILLER = re.compile(
    r"(?:达到了|达到|(?<![下送到抵传转])达|不低于|不少于|不高于|不超过|不大于|不小于|低于|高于|超过|控制在|保持在|保持|稳定在|提高到|"
    r"提高至|提升到|提升至|下降到|下降至|降低到|降低至|降至|增长到|增至|为|是|在|约|共计|共|(?<![审设统会估预核])计|累计|合计|总计|有|"
    r"了|完成|实现|于|按|需|须|应(?=达到|控制|保持|不低于|不少于|不高于|不超过|在)|目标值|指标值|目标|≥|≤|>|<|=|＞|＜|≧|≦)+$")
_VERB_ONLY = {"发生", "出现", "新增", "发放", "举办", "组织", "培训", "建成", "新建", "实施", "处理", "办理", "接待",
              "受理", "查处", "帮助", "服务", "惠及", "覆盖", "救助", "资助", "补助", "共有", "有", "开展", "完成",
              "治理", "整治", "改造", "修建", "新改建", "建设", "维修", "安装", "配备", "购置", "采购"}
_FILLER_ONLY = {"", "实际", "实际完成", "完成", "共", "累计", "合计", "有", "共有", "其中", "达到", "实现"}
# words that label a slot or a category, never what is measured: 年初指标值, 全年实际完成值, 目标值, 数量指标 …
_LABEL_NAME = re.compile(
    r"^(?:其中)?(?:年初|年度|全年|本年|当年|年末|项目)?(?:确定的?|设定的?)?(?:实际)?(?:完成|设定|设置|确定)?"
    r"(?:指标值|目标值|完成值|预期值|计划值|完成数|计划数|完成情况|预期目标|绩效目标|绩效指标|目标|指标){0,2}(?:为|是)?$"
    r"|^(?:产出|效益|满意度)?(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|满意度|效益|"
    r"产出|经济成本|社会成本|生态环境成本|一级|二级|三级|绩效目标)(?:指标|目标)$")

@dataclass
class _Sentence:
    """A sentence of a paragraph, or of a table cell (``row``/``col`` set; offsets still index ``Block.text``)."""

    block: Block
    start: int
    end: int
    row: int | None = None
    col: int | None = None
    # "section": under a title such as 一、绩效目标分解下达情况 (figures of plan sentences are targets);
    # "list": after a paragraph ending 绩效目标设定如下： (every figure is a target)
    target_mode: Literal["", "section", "list"] = ""

    @property
    def text(self) -> str:
        return self.block.text[self.start:self.end]

    def span(self, file: str, start: int, end: int) -> Span:
        return self.block.span(file, start, end, row=self.row, col=self.col)


def split_sentences(block: Block, start: int, end: int, *, row: int | None = None,
           col: int | None = None) -> Iterator[_Sentence]:
    """The sentences of ``block.text[start:end]``."""
    text = block.text[start:end]
    pos = 0
    for m in _SENTENCE_END.finditer(text + "\n"):
        stop = min(m.end(), len(text))
        if text[pos:stop].strip():
            yield _Sentence(block, start + pos, start + stop, row=row, col=col)
        pos = m.end()


# a section title and its level: 一、 (1), （一） (2), 1. or （1） (3); an unnumbered heading block is level 1
_SECTION_NUMBER = re.compile(r"^\s*(?:(?P<l1>[一二三四五六七八九十]+\s*[、.．])|(?P<l2>[(（]\s*[一二三四五六七八九十]+\s*[)）])|"
                             r"(?P<l3>\d+\s*[、.．](?!\d)|[(（]\s*\d+\s*[)）]))\s*")
# the section of the self-evaluation template (财预〔2020〕10号) that states the year's targets, and titles that
# open the part answering them
_TARGET_SECTION = re.compile(r"(?:目标|指标)的?(?:分解|下达|设定|设置|申报|确定)|^(?:项目)?(?:年度)?(?:绩效)?目标$")
_RESULT_SECTION = re.compile(r"完成|实现|偏离|自评|评价|分析|结论|原因|措施|问题")
# a paragraph that announces the targets listed after it
_LIST_OPENER = re.compile(r"目标[^。：:；;]{0,8}?(?:如下|为|是|包括)\s*[：:]\s*$")


def _section(block: Block) -> tuple[int, str, bool] | None:
    """(level, title, numbered) when the block opens a section: a numbered paragraph or any heading."""
    text = block.text.strip()
    m = _SECTION_NUMBER.match(text)
    if m is None:
        if block.kind != "heading":
            return None
        level, rest = 1, text
    else:
        level = 1 if m.group("l1") else 2 if m.group("l2") else 3
        rest = text[m.end():]
    return level, re.split(r"[。：:；;，,]", rest, maxsplit=1)[0].strip(), m is not None


def _sentences(doc: Document) -> Iterator[_Sentence]:
    """The sentences of the paragraphs, each knowing whether it sits where targets are stated: a numbered target
    section (closed by the next title of its level or above), or the paragraphs after one that announces a list
    of targets (closed by a heading or a title of the part that answers them)."""
    mode: Literal["", "section", "list"] = ""
    level = 0
    for block in doc.blocks:
        if block.kind not in ("paragraph", "heading"):
            continue
        section = _section(block)
        if section is not None:
            sec_level, title, numbered = section
            if numbered and _TARGET_SECTION.search(title) and not _RESULT_SECTION.search(title):
                mode, level = "section", sec_level
            elif mode == "list" and numbered and not _RESULT_SECTION.search(title):
                pass  # `一、产出指标` inside the list
            elif mode and (mode == "list" or sec_level <= level):
                mode = ""
        if block.kind != "paragraph":
            continue
        if _TOC_LINE.match(block.text.strip()):
            continue  # a contents line ending in its page number
        for s in split_sentences(block, 0, len(block.text)):
            s.target_mode = mode
            yield s
        if _LIST_OPENER.search(block.text.rstrip()):
            mode = "list"


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause of ``text`` around ``pos``: from the end of the clause mark before it to the next mark."""
    marks = _clause_marks(text)
    i = bisect.bisect_right(marks, pos, key=lambda m: m[1])  # the first mark that ends after pos
    start = marks[i - 1][1] if i else 0
    return start, marks[i][0] if i < len(marks) else len(text)


@functools.lru_cache(maxsize=4096)
def _clause_marks(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every clause mark of ``text``; a sentence's clauses are asked for once per figure."""
    return tuple(m.span() for m in _CLAUSE_END.finditer(text))


_ORDINAL = re.compile(r"^(?:第[一二三四五六七八九十]+|[一二三四五六七八九十]是|[一二三四五六七八九十\d]+\s*[、.．](?!\d)|"
                      r"[(（]\s*[一二三四五六七八九十\d]+\s*[)）])\s*")


def _is_label(name: str) -> bool:
    return bool(_LABEL_NAME.match(_ORDINAL.sub("", name)))


# a form's hint left in a name (`黄金蜜(葡萄)种植数量(≥**株)`) and marks of key indicators (★)
_TEMPLATE_HINT = re.compile(r"[(（][^()（）]*(?:[*＊]|[xX]{2}|×)[^()（）]*[)）]|[★☆]+")


def _strip_name(text: str) -> str:
    name = _ORDINAL.sub("", _TEMPLATE_HINT.sub("", clean(text)).strip(" ,，、:：;；“”\"'"))
    for _ in range(4):
        stripped = _TAIL_FILLER.sub("", name).rstrip(" ,，、:：;；“”\"'")  # `指标值为“约` → `指标值为“` → …
        head = _HEAD_FILLER.sub("", stripped)
        stripped = head if len(head) >= 2 else stripped
        if stripped == name:
            break
        name = stripped
    name = name.strip(" ,，、:：;；\"'的")
    # a quotation mark belongs to the name when it closes or opens a quotation inside it (“三公”经费支出)
    if name.startswith("“") and "”" not in name:
        name = name[1:]
    if name.endswith("”") and "“" not in name:
        name = name[:-1]
    if "”" in name and "“" not in name:
        name = "“" + name
    return name
