"""Read PDF files (.pdf) with pdfminer.six, page by page: positioned lines, metadata, and what cannot be read.

The lines go to `pdflayout` for reading order, running heads and feet, and paragraphs; there is no
OCR, so a PDF without a text layer is reported and skipped.
"""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from typing import Iterator

from ..model import Document
from . import pdflayout, printout

SUFFIXES = (".pdf",)
GENRE = "report"
MAX_XMP_BYTES = 1024 * 1024
MAX_PAGES = 2000  # pages read of one PDF; the rest is reported and left out
MAX_REFERENCE_CHAIN = 64  # objects that only point at another object, followed in a row
ISOLATED = True  # read in a child process under a time and memory budget (see documents.guard)


def prepare() -> None:
    """Import pdfminer once in the indexer, so that the child reading each PDF (documents.guard) need not."""
    import pdfminer.converter
    import pdfminer.layout
    import pdfminer.pdfdocument
    import pdfminer.pdfinterp
    import pdfminer.pdfpage
    import pdfminer.pdfparser
    import pdfminer.pdftypes  # noqa: F401 - imported for the children forked after this


def read(source) -> Iterator[Document]:
    """Yield the document of a PDF file, or report why it cannot be read."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    raw = source.read_bytes()
    if raw is None:
        return
    if not raw.lstrip()[:5] == b"%PDF-":
        source.skip("not a PDF (no %PDF- header)")
        return
    try:
        document = _bounded_document(PDFParser(io.BytesIO(raw)))
    except PDFPasswordIncorrect:
        source.skip("encrypted PDF: it needs a password to open")
        return
    except PDFEncryptionError as exc:
        source.skip(f"encrypted PDF that cannot be decrypted: {exc or 'unsupported encryption'}")
        return
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on damaged files; the run goes on
        source.skip(f"truncated or damaged PDF: {_why(exc)}")
        return
    info = _readable_metadata(document, source)
    # boxes_flow=None: pdflayout orders the lines itself, so pdfminer's own box ordering is not run.
    device = PDFPageAggregator(PDFResourceManager(), laparams=LAParams(boxes_flow=None))
    interpreter = PDFPageInterpreter(device.rsrcmgr, device)
    pages: list[pdflayout.Page] = []
    unreadable: list[int] = []
    try:
        for number, page in enumerate(PDFPage.create_pages(document), 1):
            if number > MAX_PAGES:
                source.skip(f"only the first {MAX_PAGES} pages are read; the rest is left out")
                break
            try:
                interpreter.process_page(page)
                pages.append(_page(device.get_result()))
            except Exception as exc:  # noqa: BLE001 - one bad page is reported, the others are kept
                unreadable.append(number)
                pages.append(pdflayout.Page(()))
                source.skip(f"page {number} unreadable: {_why(exc)}", f"{source.path} p. {number}")
    except Exception as exc:  # noqa: BLE001 - the page tree itself is damaged: what was read so far is all
        source.skip(f"truncated or damaged PDF after {len(pages)} pages: {_why(exc)}")
        if not pages:
            return
    if not pages:
        source.skip("truncated or damaged PDF: no pages found")
        return
    if not any(p.lines for p in pages):
        source.skip("no text layer (scanned?)")
        return
    blank = [n for n, p in enumerate(pages, 1) if not p.lines and n not in unreadable]
    if blank and len(blank) < len(pages):
        source.skip(f"no text layer (scanned?) on {_ranges(blank)}; the other pages are kept",
                    f"{source.path} p. {blank[0]}")
    title = source.meta.get("title") or info.get("title", "")
    laid = pdflayout.lay_out(pages, title)
    if not laid.text.strip():
        source.skip("no text")
        return
    yield source.document(laid.text, pages=laid.pages, genre=GENRE, **_as_printed(document, info, laid))


def _readable_metadata(document, source) -> dict:
    """Return the PDF's metadata, or report why it cannot be read and return none."""
    try:
        return _metadata(document)
    except Exception as exc:  # noqa: BLE001 - damaged metadata (a loop of references) loses the metadata only
        source.skip(f"metadata unreadable: {_why(exc)}")
        return {}


class ReferenceLoop(ValueError):
    """An indirect object that leads back to itself, or through too many others."""


def _bounded_document(parser):
    """Open a PDFDocument whose indirect references end: a loop of references raises ReferenceLoop."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdftypes import PDFObjRef

    class Bounded(PDFDocument):
        def getobj(self, objid: int) -> object:
            # pdfminer's resolve1 follows references while it gets a reference back; an object "7 0 R" whose
            # object 7 is "6 0 R" made it spin forever. Here a reference chain is followed to its end or refused.
            seen = {objid}
            obj = super().getobj(objid)
            while isinstance(obj, PDFObjRef):
                if obj.objid in seen or len(seen) >= MAX_REFERENCE_CHAIN:
                    raise ReferenceLoop(f"object {objid} is a loop of references")
                seen.add(obj.objid)
                obj = super().getobj(obj.objid)
            return obj

    # caching=False: parsed objects are not kept for the whole file, so memory follows the page, not the file.
    return Bounded(parser, password="", caching=False)


def _page(layout) -> pdflayout.Page:
    """Return the text lines of a pdfminer page layout, in top-left coordinates."""
    from pdfminer.layout import LTTextBox, LTTextLine

    height = layout.height
    lines = []
    stack = list(layout)
    while stack:
        item = stack.pop()
        if isinstance(item, LTTextLine):
            text = item.get_text().strip()
            if text:
                lines.append(pdflayout.Line(item.x0, height - item.y1, item.x1, height - item.y0, text))
        elif isinstance(item, LTTextBox) or hasattr(item, "__iter__"):
            stack.extend(item)
    return pdflayout.Page(tuple(lines), layout.width, height)


def _why(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def _ranges(numbers: list[int]) -> str:
    out, start = [], numbers[0]
    for a, b in zip(numbers, numbers[1:] + [0]):  # 0 ends the last run: pages count from 1
        if b != a + 1:
            out.append(f"p. {start}" if start == a else f"pp. {start}–{a}")
            start = b
    return ", ".join(out)


def _metadata(document) -> dict:
    """Return title, authors and date from the info dictionary, else from XMP."""
    found: dict = {}
    for info in document.info or ():
        title, author, date = (_text(info.get(k)) for k in ("Title", "Author", "CreationDate"))
        found.setdefault("title", title)
        found.setdefault("authors", tuple(a.strip() for a in re.split(r"[;]|\band\b", author) if a.strip()))
        found.setdefault("date", _pdf_date(date))
    xmp = _xmp(document)
    for key, value in xmp.items():
        if not found.get(key):
            found[key] = value
    return {k: v for k, v in found.items() if v}


def _as_printed(document, info: dict, laid) -> dict:
    """Return the metadata of a printout of a web page as the page gives it, other PDFs' as they are."""
    if not printout.is_printout(*_made_by(document)):
        return info
    return printout.printed_page(info, (text for _page_number, text in laid.removed))


def _made_by(document) -> tuple[str, str]:
    """Return the Producer and the Creator the info dictionary names."""
    for info in document.info or ():
        return _text(info.get("Producer")), _text(info.get("Creator"))
    return "", ""


def _text(value) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    value = resolve1(value)
    if isinstance(value, bytes):
        value = decode_text(value)
    elif isinstance(value, PSLiteral):
        value = str(value.name)
    return " ".join(str(value).split()) if isinstance(value, str) else ""


def _pdf_date(value: str) -> str:
    """Return the ISO date of a PDF date string ("D:20160912..." → "2016-09-12"), or ""."""
    m = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", value or "")
    if not m:
        return ""
    return "-".join(part for part in m.groups() if part)


_XMP_NS = {"dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
           "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}


def _xmp(document) -> dict:
    """Return title, authors and date from the XMP metadata stream, where there is one."""
    from pdfminer.pdftypes import resolve1

    try:
        stream = resolve1(document.catalog.get("Metadata"))
        data = stream.get_data() if stream is not None else b""
    except Exception:  # noqa: BLE001 - damaged metadata loses the metadata, not the document
        return {}
    if not data or len(data) > MAX_XMP_BYTES or b"<!ENTITY" in data:
        return {}
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return {}
    title = root.find(".//dc:title//rdf:li", _XMP_NS)
    creators = root.findall(".//dc:creator//rdf:li", _XMP_NS)
    date = root.find(".//xmp:CreateDate", _XMP_NS)
    if date is None:
        date = root.find(".//dc:date//rdf:li", _XMP_NS)
    out = {
        "title": " ".join((title.text or "").split()) if title is not None else "",
        "authors": tuple(" ".join((c.text or "").split()) for c in creators if (c.text or "").strip()),
        "date": _pdf_date((date.text or "").replace("-", "")) if date is not None else "",
    }
    return out
