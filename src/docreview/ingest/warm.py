"""Imported once by the parsing forkserver (:mod:`.bounded`): the parsers and the tables they load lazily
on a document's first use (pdfminer's CJK CMaps, about 100 ms), so that every worker forked from the
server starts warm instead of loading them again."""

from __future__ import annotations

# imported for their side effect: loaded once in the server
import docreview.ingest.docx  # noqa: F401
import docreview.ingest.html  # noqa: F401
import docreview.ingest.pdf  # noqa: F401
import docreview.ingest.xlsx  # noqa: F401


def _load_cmaps() -> None:
    from pdfminer.cmapdb import CMapDB

    try:
        for cmap in ("UniGB-UCS2-H", "UniGB-UTF16-H", "GBK-EUC-H"):
            CMapDB.get_cmap(cmap)
        CMapDB.get_unicode_map("Adobe-GB1", vertical=False)
    except Exception:  # noqa: BLE001 — a missing table only costs the first document that needs it
        pass


_load_cmaps()
