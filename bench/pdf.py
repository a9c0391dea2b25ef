"""PDF quotes: PolNeAR dev articles printed by Chromium (two columns, running heads, page numbers) and read back.

Usage: .venv/bin/python bench/pdf.py [--articles N] [--keep DIR | --reuse DIR] [--repeat N]
       .venv/bin/python bench/pdf.py --memory 200,2000

With --memory: Chromium prints one long PDF per page count (a page of text each, head and foot on
every page) and a child process reads each with search.documents.load; its peak RSS is printed, so
that memory that grows with the page count shows.

Scores, over the gold direct quotes of the articles:
- quotes found and speaker right: the scorer of search/evaluation/scoring.py, run on the quotes found in the
  PDF after their offsets are mapped back into the article text (word alignment);
- page right: the page a found quote starts on, against the page where pypdf (another library)
  finds the quote's first words;
- running heads and feet indexed: Chromium's header (date and time, title) and footer (file
  address, "n/m") anywhere in the paragraphs;
- speed: CPU seconds of our PDF ingestion (search.documents.load) against pdfminer.six's own
  extract_text of the same files, best of --repeat, in this one process.
The same articles read from their plain text are scored too, as the ceiling. Needs Chromium and the
`bench` extra (pypdf). Prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pdfmake import articles, chromium, make_pdfs  # noqa: E402

from search import documents  # noqa: E402
from search.evaluation import scoring as evaluate  # noqa: E402
from search.extraction.extract import extract  # noqa: E402
from search.model import Extraction  # noqa: E402

_WORD = re.compile(r"\w+")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl"})


def words(text: str) -> list[re.Match]:
    return list(_WORD.finditer(text.translate(_LIGATURES)))


class OffsetMap:
    """Map offsets of the text read from a PDF to offsets of the article text, through aligned words."""

    def __init__(self, pdf_text: str, article_text: str):
        a, b = words(pdf_text), words(article_text)
        matcher = difflib.SequenceMatcher(None, [m.group().lower() for m in a], [m.group().lower() for m in b],
                                          autojunk=False)
        self.points: list[tuple[int, int]] = []  # (pdf offset, article offset) at the start and end of each word
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                wa, wb = a[block.a + k], b[block.b + k]
                self.points.append((wa.start(), wb.start()))
                self.points.append((wa.end(), wb.end()))
        self.keys = [p for p, _ in self.points]

    def __call__(self, offset: int | None, end: bool = False) -> int | None:
        if offset is None or not self.points:
            return None
        import bisect

        k = bisect.bisect_right(self.keys, offset) - 1 if not end else bisect.bisect_left(self.keys, offset)
        k = min(max(k, 0), len(self.points) - 1)
        return self.points[k][1]


def page_truth(pdf: Path) -> list[str]:
    """Return the letters of each page as pypdf reads them."""
    import pypdf

    return [letters(page.extract_text()) for page in pypdf.PdfReader(pdf).pages]


def letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.translate(_LIGATURES).lower())


def true_page(pages: list[str], text: str, start: int) -> int | None:
    """Return the page (from 1) on which the words at `start` stand, or None if pypdf cannot find them."""
    before, after = letters(text[max(0, start - 80):start])[-30:], letters(text[start:start + 200])[:30]
    joined, starts, pos = "", [], 0
    for page in pages:
        starts.append(pos)
        joined += page
        pos += len(page)
    # With the letters before it the place is unique even for a short quote; a page break (and its
    # running head) between them leaves the quote's own letters to find.
    at = joined.find(before + after) if before else -1
    at = at + len(before) if at >= 0 else joined.find(after)
    if at < 0 or not after:
        return None
    import bisect

    return bisect.bisect_right(starts, at)


def furniture_found(text: str, article: dict, number_of_pages: int) -> list[str]:
    """Return the running heads and feet of Chromium's print that made it into the text."""
    found = []
    if "file:" in text or "file://" in text:
        found.append("footer address")
    found += [m.group() for m in re.finditer(r"\d{1,2}/\d{1,2}/\d{2}, \d{1,2}:\d{2} [AP]M", text)]
    title = letters(article["title"])
    if title and letters(text).count(title) > letters(article["text"]).count(title):
        found.append("title as running head")
    for m in re.finditer(r"(?<![\w/])(\d{1,3})/(\d{1,3})(?![\w/])", text):
        if m.group(2) == str(number_of_pages) and m.group() not in article["text"]:
            found.append(m.group())
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=24)
    parser.add_argument("--keep", type=Path, help="print the PDFs into this folder and keep them")
    parser.add_argument("--reuse", type=Path, help="score the PDFs already in this folder (from --keep)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory", help="page counts of long PDFs to read in a child, e.g. 200,2000")
    args = parser.parse_args(argv)
    if args.memory:
        return memory([int(n) for n in args.memory.split(",")])
    chosen = articles(args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        if args.reuse:
            pdfs = [args.reuse / f"{a['id']}.pdf" for a in chosen]
        else:
            browser = chromium()
            if not browser:
                print("no Chromium (apt-get install chromium, or SEARCH_CHROMIUM=PATH)")
                return 1
            pdfs = make_pdfs(chosen, args.keep or Path(tmp), browser)
        run(chosen, pdfs, args.repeat)
    return 0


def run(chosen: list[dict], pdfs: list[Path], repeat: int) -> None:
    from pdfminer.high_level import extract_text

    skipped: list = []
    docs = {}
    for pdf, article in zip(pdfs, chosen):
        (doc,) = documents.load([pdf], skipped)
        docs[article["id"]] = doc
    pages_total = sum(len(d.pages) for d in docs.values())
    print(f"{len(pdfs)} PDFs, {pages_total} pages, two columns, Chromium's running head and foot on every page; "
          f"skipped: {skipped or 'none'}")

    mapped: dict[str, Extraction] = {}
    page_right = page_total = page_unknown = 0
    heads: list[str] = []
    paragraphs_right = paragraphs_total = 0
    for article in chosen:
        doc = docs[article["id"]]
        extraction = extract(doc)
        to_article = OffsetMap(doc.text, article["text"])
        quotes = []
        for q in extraction.quotes:
            start, end = to_article(q.start), to_article(q.end, end=True)
            if start is None or end is None or end <= start:
                continue
            quotes.append(replace(q, start=start, end=end, speaker_start=to_article(q.speaker_start),
                                  speaker_end=to_article(q.speaker_end, end=True)))
        mapped[article["id"]] = Extraction(evaluate.document_of(article), (), tuple(quotes))
        truth = page_truth(Path(doc.path))
        for gold in article["quotes"]:
            if gold.get("type") != "direct" or gold.get("inner_start") is None:
                continue
            g = evaluate.Piece(gold["inner_start"], gold["inner_end"], 0)
            best = max(quotes, key=lambda q: evaluate.iou(evaluate.Piece(q.start, q.end, 0), g), default=None)
            if best is None or evaluate.iou(evaluate.Piece(best.start, best.end, 0), g) < 0.5:
                continue
            expected = true_page(truth, article["text"], gold["inner_start"])
            if expected is None:
                page_unknown += 1
                continue
            page_total += 1
            page_right += best.page == expected
        paragraph_text = "\n\n".join(p.text for p in extraction.paragraphs)
        ours = {" ".join(p.text.split()) for p in extraction.paragraphs}
        for para in article["text"].split("\n\n")[1:]:
            if para.strip():
                paragraphs_total += 1
                paragraphs_right += " ".join(para.split()) in ours
        heads += [f"{article['id']}: {h}" for h in furniture_found(paragraph_text, article, len(doc.pages))]

    from_pdf = evaluate.evaluate(chosen, lambda d: mapped[d.id])
    from_text = evaluate.evaluate(chosen, extract)
    print("\nQuotes from the PDFs (scored in article offsets):")
    print(evaluate.format_report(from_pdf))
    print("\nThe same articles from their text (the ceiling):")
    print(evaluate.format_report(from_text))
    share = from_pdf.tp / from_text.tp if from_text.tp else 0
    print(f"\nfound in PDF / found in text   {share:.3f} ({from_pdf.tp}/{from_text.tp})")
    print(f"page right                     {page_right / max(page_total, 1):.3f} ({page_right}/{page_total}); "
          f"{page_unknown} quotes pypdf could not place")
    print(f"paragraphs rebuilt exactly     {paragraphs_right / max(paragraphs_total, 1):.3f} "
          f"({paragraphs_right}/{paragraphs_total})")
    print(f"running heads/feet indexed     {len(heads)}" + "".join(f"\n    {h}" for h in heads[:20]))

    ours, theirs = [], []
    for _ in range(repeat):
        started = time.process_time()
        list(documents.load(pdfs, []))
        ours.append(time.process_time() - started)
        started = time.process_time()
        for pdf in pdfs:
            extract_text(pdf)
        theirs.append(time.process_time() - started)
    print(f"\nspeed: our ingestion {min(ours):.2f} s CPU, pdfminer.six extract_text {min(theirs):.2f} s CPU "
          f"(best of {repeat}): ratio {min(ours) / min(theirs):.2f}")


def memory(counts: list[int]) -> int:
    """Print the peak RSS of reading Chromium-printed PDFs of the given page counts, one child each."""
    import html
    import os
    import subprocess

    from pdfmake import print_pdf

    browser = chromium()
    if not browser:
        print("no Chromium (apt-get install chromium, or SEARCH_CHROMIUM=PATH)")
        return 1
    words = ("The committee heard testimony about the budget and the schools of the county, and "
             "“we will report back,” said the chair. ") * 14
    with tempfile.TemporaryDirectory() as tmp:
        for count in counts:
            page = Path(tmp) / f"long-{count}.html"
            body = "".join(f'<p style="break-after: page">{n}. {html.escape(words)}</p>' for n in range(count))
            page.write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>Hearing record</title></head>"
                            f"<body>{body}</body></html>", encoding="utf-8")
            pdf = page.with_suffix(".pdf")
            started = time.perf_counter()
            print_pdf(page, pdf, browser)
            printed = time.perf_counter() - started
            code = ("import sys; from search import documents; s = []; (d,) = documents.load([sys.argv[1]], s); "
                    "print(len(d.pages), len(d.text), s)")
            child = subprocess.Popen([sys.executable, "-c", code, str(pdf)], cwd=ROOT, stdout=subprocess.PIPE,
                                     text=True)
            out = child.stdout.read()
            _, status, usage = os.wait4(child.pid, 0)
            pages, chars, skipped = out.split(" ", 2)
            print(f"{count:>5} pages ({pdf.stat().st_size / 1e6:.1f} MB, printed in {printed:.0f} s): "
                  f"read {pages} pages, "
                  f"{int(chars) / 1e6:.1f} M characters, peak RSS {usage.ru_maxrss / 1024:.0f} MB, "
                  f"CPU {usage.ru_utime + usage.ru_stime:.1f} s, skipped {skipped.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
