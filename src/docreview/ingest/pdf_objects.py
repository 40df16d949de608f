"""pdfplumber's page objects at a lower price.

pdfplumber turns every pdfminer layout object of a page (each character, line and rectangle) into a dict,
and passes every attribute through ``resolve_all``, which walks lists and tuples element by element looking
for indirect references.  A character's attributes are plain numbers and strings (its matrix a tuple of six
numbers), so on a ruled table page that walk is a third of the time pdfplumber takes to give the page's
objects (``eval/bench.py``'s 100-page table report: 10 table pages, 9,700 objects, ~0.08 s of 0.42 s).

:func:`light` gives one page a ``process_object`` that builds the very same dicts but resolves only values
that are not plain (everything else goes through pdfplumber's own ``resolve_all``).  It is the same code as
pdfplumber 0.11's ``Page.process_object`` otherwise; ``tests/test_pdf_objects.py`` checks that both give
equal objects on every PDF of the test fixtures and the corpus, and ``pyproject.toml`` keeps pdfplumber
below 0.12 so that a new version is looked at before it is trusted here.
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

_PLAIN = (float, int, str, bool, type(None))
_KINDS: dict[type, str] = {}


def light(page: Any) -> Any:
    """``page`` (a pdfplumber Page, before its objects are first asked for) with the cheaper
    ``process_object``; returns the page."""
    page.process_object = types.MethodType(_process_object, page)
    return page


def _resolved(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple and all(type(v) in _PLAIN for v in value):
        return value
    return resolve_all(value)


def _process_object(self: Any, obj: Any) -> dict[str, Any]:
    cls = obj.__class__
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = re.sub(lt_pat, "", cls.__name__).lower()
    attr = {k: _resolved(v) for k, v in obj.__dict__.items() if k in ALL_ATTRS}
    attr["object_type"] = kind
    attr["page_number"] = self.page_number
    for cs in ("ncs", "scs"):
        if hasattr(obj, cs):
            attr[cs] = resolve_and_decode(getattr(obj, cs).name)
    if isinstance(obj, (LTChar, LTTextContainer)):
        text = obj.get_text()
        norm = self.pdf.unicode_norm
        attr["text"] = normalize_unicode(norm, text) if norm is not None else text
    if isinstance(obj, LTChar):
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        if isinstance(attr["fontname"], bytes):  # rare byte-encoded font names: pdfplumber's own repair
            attr["fontname"] = fix_fontname_bytes(attr["fontname"])
    elif isinstance(obj, LTCurve):
        attr["pts"] = list(map(self.point2coord, attr["pts"]))
        attr["path"] = [(cmd, *map(self.point2coord, pts)) for cmd, *pts in obj.original_path or ()]
        attr["dash"] = obj.dashing_style
    mb_x0, mb_top = self.mediabox[:2]
    if "y0" in attr:
        attr["top"] = (self.height - attr["y1"]) + mb_top
        attr["bottom"] = (self.height - attr["y0"]) + mb_top
        attr["doctop"] = self.initial_doctop + attr["top"]
    if "x0" in attr and mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr
