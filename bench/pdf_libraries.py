"""Which PDF library reads two-column pages in order? pypdf, pdfminer.six and pdfplumber on Chromium-printed articles.

Usage: .venv/bin/python bench/pdf_libraries.py [--articles N] [--keep DIR]

Each PolNeAR dev article (with a direct quote) is printed by Chromium in two columns with its header
and footer (bench/pdfmake.py); each library's own plain text extraction reads it back. A paragraph
counts as read in order when its letters (case, spacing and punctuation aside) appear unbroken in
the output and after the paragraph before it (longest increasing run of the found positions). Also
CPU seconds per library over the same files. Needs Chromium and the `bench` extra. Prints figures,
asserts nothing.
"""
from __future__ import annotations

import argparse
import bisect
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pdfmake import articles, chromium, make_pdfs  # noqa: E402

_NOT_LETTER = re.compile(r"[^a-z0-9]+")


def letters(text: str) -> str:
    """Return the lower-case letters and digits of a text, ligatures unfolded."""
    text = text.replace("ﬁ", "fi").replace("ﬂ", "fl").replace("ﬀ", "ff").replace("ﬃ", "ffi").replace("ﬄ", "ffl")
    return _NOT_LETTER.sub("", text.lower())


def pypdf_text(path: Path, mode: str = "plain") -> str:
    import pypdf

    return "\n".join(page.extract_text(extraction_mode=mode) for page in pypdf.PdfReader(path).pages)


def pdfminer_text(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(path)


def pdfplumber_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def ours(path: Path) -> str:
    import sys as _sys

    _sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from search import documents

    return "\n\n".join(d.text for d in documents.load([path], []))


LIBRARIES = {
    "pypdf": pypdf_text,
    "pypdf (layout mode)": lambda p: pypdf_text(p, "layout"),
    "pdfminer.six": pdfminer_text,
    "pdfplumber": pdfplumber_text,
    "ours (pdfminer lines)": ours,
}


def in_order(article: dict, text: str) -> tuple[int, int]:
    """Return (paragraphs read whole and in order, paragraphs) for one article."""
    wanted = [letters(p) for p in article["text"].split("\n\n")[1:] if letters(p)]
    got = letters(text)
    positions = []
    for para in wanted:
        at = got.find(para)
        if at >= 0:
            positions.append(at)
    # The longest increasing run of positions: paragraphs that come out in the article's order.
    tails: list[int] = []
    for p in positions:
        k = bisect.bisect_left(tails, p)
        tails[k:k + 1] = [p]
    return len(tails), len(wanted)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=24)
    parser.add_argument("--keep", type=Path, help="write the PDFs here and keep them")
    args = parser.parse_args(argv)
    browser = chromium()
    if not browser:
        print("no Chromium (apt-get install chromium, or SEARCH_CHROMIUM=PATH)")
        return 1
    chosen = articles(args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        pdfs = make_pdfs(chosen, folder, browser)
        print(f"{len(pdfs)} PDFs printed by Chromium, two columns, header and footer on every page")
        print(f"{'library':22} {'paragraphs in order':>22} {'CPU s':>7}")
        for name, read in LIBRARIES.items():
            right = total = 0
            started = time.process_time()
            texts = [read(pdf) for pdf in pdfs]
            cpu = time.process_time() - started
            for article, text in zip(chosen, texts):
                r, t = in_order(article, text)
                right, total = right + r, total + t
            print(f"{name:22} {right / total:>8.3f} ({right:>4}/{total:<4}) {cpu:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
