"""Print PolNeAR articles to PDF the way users get them: Chromium, two columns, running heads and page numbers.

Imported by bench/pdf.py and bench/pdf_libraries.py; not a benchmark itself.
"""
from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev.jsonl"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync")

STYLE = """
@page { size: Letter; margin: 0.75in 0.6in; }
body { font-family: "DejaVu Serif", serif; font-size: 10.5pt; line-height: 1.35; }
h1 { font-size: 18pt; line-height: 1.2; margin: 0 0 4pt; }
.byline { font-style: italic; margin: 0 0 12pt; }
.columns { columns: 2; column-gap: 0.3in; }
.columns p { margin: 0 0 7pt; }
"""


def chromium() -> str | None:
    """Return the Chromium to print with, or None."""
    path = os.environ.get("SEARCH_CHROMIUM") or "/usr/bin/chromium"
    return path if Path(path).exists() else shutil.which("chromium")


def articles(limit: int, path: Path = DEV) -> list[dict]:
    """Return the first `limit` articles of the gold file that have at least one direct quote."""
    out = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            if any(q.get("type") == "direct" and q.get("inner_start") is not None for q in article["quotes"]):
                out.append(article)
                if len(out) == limit:
                    break
    return out


def article_html(article: dict) -> str:
    """Return a printable page of one article: its first paragraph as the headline, the rest in two columns."""
    paragraphs = [p.strip() for p in article["text"].split("\n\n") if p.strip()]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs[1:])
    byline = " · ".join(x for x in (article.get("publisher"), article.get("publication_date")) if x)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(article["title"])}'
            f"</title><style>{STYLE}</style></head><body><h1>{html.escape(paragraphs[0])}</h1>"
            f'<p class="byline">{html.escape(byline)}</p><div class="columns">{body}</div></body></html>')


def print_pdf(page: Path, out: Path, browser: str) -> None:
    """Print one HTML file to PDF with Chromium's own header (date, title) and footer (address, n/m)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={out}",
                        page.as_uri()], check=True, capture_output=True, timeout=120)
    if not out.exists():
        raise RuntimeError(f"Chromium wrote no {out}")


def make_pdfs(chosen: list[dict], folder: Path, browser: str, jobs: int = 2) -> list[Path]:
    """Write one PDF per article into `folder` (named by article id) and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    jobs_list = []
    for article in chosen:
        page = folder / f"{article['id']}.html"
        page.write_text(article_html(article), encoding="utf-8")
        jobs_list.append((page, folder / f"{article['id']}.pdf"))
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda job: print_pdf(*job, browser), jobs_list))
    for page, _ in jobs_list:
        page.unlink()
    return [pdf for _, pdf in jobs_list]
