"""pdfplumber's page objects at a lower price.

pdfplumber turns every pdfminer layout object of a page (each character, line and rectangle) into a dict, and
sends every attribute through ``resolve_all``, which walks lists and tuples element by element looking for
indirect references.  A character's attributes are plain numbers and strings (its matrix a tuple of six numbers),
so on a ruled table page that walk is a third of what it costs to get the page's objects (``eval/bench.py``'s
100-page table report: 10 table pages, 9,700 objects, ~0.08 s of ~0.25 s).

:func:`light` gives one page its own object builder, :func:`_page_object`: the same dict (keys and values)
pdfplumber 0.11 builds, with only the values that are not plain sent through pdfplumber's ``resolve_all``.
``tests/test_pdf_objects.py`` holds the two equal on every PDF of the test fixtures and the corpus, and
``pyproject.toml`` keeps pdfplumber below 0.12 so that a new version is compared before it is trusted here.
"""

from __future__ import annotations

import re
import types
from typing import Any
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar, LTCurve, LTTextContainer
from pdfplumber.page import ALL_ATTRS, fix_fontname_bytes, lt_pat
from pdfplumber.utils import resolve_all, resolve_and_decode

__all__ = ["light"]

_PLAIN = frozenset({float, int, str, bool, type(None)})
_KIND_OF: dict[type, str] = {}  # LTChar -> "char", LTRect -> "rect" …


def light(page: Any) -> Any:
    """``page`` (a pdfplumber Page whose objects were not asked for yet) building its objects with
    :func:`_page_object`; returns the page."""
    page.process_object = types.MethodType(_page_object, page)
    return page


def _kind(cls: type) -> str:
    kind = _KIND_OF.get(cls)
    if kind is None:
        kind = _KIND_OF[cls] = re.sub(lt_pat, "", cls.__name__).lower()
    return kind


def _value(value: Any) -> Any:
    """``value`` as pdfplumber gives it: plain values (and tuples of them) as they are, the rest resolved."""
    if type(value) in _PLAIN or (type(value) is tuple and all(type(v) in _PLAIN for v in value)):
        return value
    return resolve_all(value)


def _as_tuple(colour: Any) -> tuple[Any, ...]:
    return colour if isinstance(colour, tuple) else (colour,)


def _page_object(page: Any, obj: Any) -> dict[str, Any]:
    """One layout object as a dict, in page coordinates (top-left origin, shifted by the media box)."""
    out = {name: _value(value) for name, value in vars(obj).items() if name in ALL_ATTRS}
    out["object_type"] = _kind(type(obj))
    out["page_number"] = page.page_number
    for space in ("ncs", "scs"):  # colour spaces (pdfminer gives characters an ncs only)
        if hasattr(obj, space):
            out[space] = resolve_and_decode(getattr(obj, space).name)
    if isinstance(obj, (LTChar, LTTextContainer)):
        form = page.pdf.unicode_norm
        out["text"] = obj.get_text() if form is None else normalize_unicode(form, obj.get_text())
    if isinstance(obj, LTChar):
        state = obj.graphicstate
        out["stroking_color"], out["non_stroking_color"] = _as_tuple(state.scolor), _as_tuple(state.ncolor)
        if isinstance(out["fontname"], bytes):  # a font name stored as bytes: pdfplumber's own repair
            out["fontname"] = fix_fontname_bytes(out["fontname"])
    elif isinstance(obj, LTCurve):
        to_page = page.point2coord
        out["pts"] = [to_page(p) for p in out["pts"]]
        out["path"] = [(op, *(to_page(p) for p in points)) for op, *points in (obj.original_path or ())]
        out["dash"] = obj.dashing_style
    left, top = page.mediabox[:2]
    if "y0" in out:
        out["top"] = page.height - out["y1"] + top
        out["bottom"] = page.height - out["y0"] + top
        out["doctop"] = page.initial_doctop + out["top"]
    if "x0" in out and left != 0:
        out["x0"] += left
        out["x1"] += left
    return out
