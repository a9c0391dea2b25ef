"""Expensive requests through the real server: each answers in bounded time, and ordinary queries keep their pace.

Usage: .venv/bin/python bench/expensive.py [--index DIR | --times N [--keep DIR]] [--clients 8] [--ordinary N]
                                           [--limit SECONDS] [--threads N] [--time-budget S] [--long-workers N]
                                           [--list]

The index: --index serves one already built (e.g. the 1M `ours` that `bench/scale.py --keep DIR` leaves);
--times N (default 10) builds PolNeAR train N times over with bench/scale.py's generator (new documents
recombining train's paragraphs, N times train's quotes), indexed by `search reindex`, in --keep DIR or a
temporary folder. It is served by `search serve` (waitress, the default settings unless told) on 127.0.0.1.

1. Each of the expensive requests below (wildcards, ranges, fuzzy and long words, many ORs, deep pages, the
   biggest speaker's and document's pages, feeds, checks), one after another: its status, what the answer
   says (whole, partial, capped, refused with a message) and its time. The target: every one within
   --limit seconds (1.5 at PolNeAR x10, 3 at 1M quotes), each 200 (whole, or with its partial or capped
   notice) or 400 with a message.
2. Ordinary queries (bench/_common.py's list from train) through /api/search, one after another: p50 and
   p95 idle, then again while --clients threads send the expensive requests without pause. The target:
   p95 under load within 2x idle.

Not a test: it prints figures and asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from _common import ROOT, SEARCH, TRAIN, free_port, median, percentile, queries

COMMON = ("said people state president government time years country house election campaign party "
          "american trump clinton obama national political public support policy news report women security "
          "health police money world federal democrats republican voters senate court white new first last "
          "like make right think know want going good great work called told added").split()


def expensive(top_speaker: str, big_doc: str, doc_pages: int, window: int, page_size: int, listing: int) -> list[str]:
    """Return the expensive requests, as paths with their query strings."""
    deepest = window // page_size  # the last page within the result window
    ors = lambda n, sep=" OR ": sep.join(COMMON[:n])  # noqa: E731
    long_word = "x" * 300
    pasted = " ".join(COMMON[:60])
    searches = [
        ("a* b* c*", "paragraph"), ("*a*", "paragraph"), ("*a*", "quote"), ("[a TO z]", "quote"), ("{a TO}", "quote"),
        ("t?*", "quote"), ("a*", "quote"), ("a*", "paragraph"), ("a*", "all"), ("s*", "all"), ("co* re* pr*", "all"),
        ("?a*", "quote"), ("t*e", "paragraph"), ("th??", "all"), ("1*", "paragraph"), ("a* OR b* OR c* OR d*", "all"),
        ("presdent~2", "quote"), ("goverment~2", "paragraph"), ("trmp~2 clintn~2", "all"), ("ab~2", "all"),
        ("secur~1/1", "paragraph"), (long_word, "quote"), (long_word + "~", "quote"), (long_word, "all"),
        (ors(40), "all"), (ors(60), "paragraph"), (" ".join(COMMON[:60]), "paragraph"), (ors(60) + " a*", "all"),
        ("NOT said", "quote"), ("NOT zzzz", "all"), ('"the president said"', "paragraph"), ('"a* b*"', "quote"),
        ("said", "all"), ("a*", "quote&sort=date"), ("said OR people", "all&sort=date"),
    ]
    paths = [f"/api/search?q={urllib.parse.quote(q)}&type={t}" for q, t in searches]
    paths += [
        f"/?q={urllib.parse.quote('a* b* c*')}&type=all", f"/?q={urllib.parse.quote(ors(60))}&type=all",
        f"/?q={urllib.parse.quote('t?*')}&type=paragraph", f"/?q={urllib.parse.quote(long_word)}",
        f"/api/search?q=said&type=all&page={deepest}", f"/api/search?q=said&type=all&page={deepest + 1}",
        f"/api/search?q=&type=all&page={deepest}", f"/?q=&type=paragraph&page={deepest}&sort=date",
        "/api/search?q=&type=all&from=2010&to=2030", "/?from=2010", f"/api/search?q=a*&speaker={top_speaker}",
        f"/api/search?q=s*&type=all&exclude={top_speaker}",
        f"/speaker/{top_speaker}", f"/speaker/{top_speaker}?page={window // listing}",
        f"/speaker/{top_speaker}?page={window // listing + 1}",
        f"/doc/{urllib.parse.quote(big_doc)}", f"/doc/{urllib.parse.quote(big_doc)}?page={doc_pages}",
        "/search.atom?q=said", f"/search.atom?q={urllib.parse.quote('a* b*')}", "/search.atom?q=&type=all",
        f"/search.atom?q=&speaker={top_speaker}",
        f"/api/check?q={urllib.parse.quote(pasted)}", f"/check?q={urllib.parse.quote(pasted)}", "/",
    ]
    return paths


def classify(path: str, status: int, body: str) -> str:
    """Say what an answer is: whole, partial, capped, refused (400 with a message), or something wrong."""
    if status == 400:
        message = json.loads(body).get("error") if body.startswith("{") else re.search(
            r'role="alert"><h1>That search could not run</h1><p>(.*?)</p>', body, re.S)
        text = message if isinstance(message, str) else (message.group(1) if message else "")
        return f"refused: {text}" if text else "400 WITHOUT A MESSAGE"
    if status != 200:
        return f"HTTP {status}"
    if body.startswith("{"):
        answer = json.loads(body)
        if answer.get("partial"):
            return "partial" + (" + capped" if answer.get("notices") else "")
        return "capped" if answer.get("notices") else "whole"
    partial = "Partial results" in body or "Partial:" in body
    capped = "matched more than" in body
    if partial:
        return "partial + capped" if capped else "partial"
    return "capped" if capped else "whole"


def fetch(root: str, path: str) -> tuple[int, str, float]:
    """GET a path; return its status, body and seconds."""
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(root + path, timeout=120) as response:
            body, status = response.read().decode("utf-8"), response.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read().decode("utf-8"), exc.code
    return status, body, time.perf_counter() - began


def build(times: int, keep: Path | None) -> Path:
    """Build PolNeAR train `times` times over and index it; return the index folder."""
    import scale

    work = Path(keep or tempfile.mkdtemp(prefix="bench-expensive-"))
    corpus, index_dir = work / "corpus", work / "ours"
    if not (index_dir / "CURRENT").exists():
        texts, counts = scale.train_paragraphs()
        train_quotes = sum(sum(c) for c in counts)
        if not corpus.exists():
            print("generated", scale.generate(corpus, train_quotes * times, texts, counts), "(documents, quotes)")
        subprocess.run([SEARCH, "reindex", str(corpus), "--index-dir", str(index_dir)], check=True, cwd=ROOT)
    return index_dir


def biggest(index_dir: Path, listing: int) -> tuple[str, str, int]:
    """Return the most quoted speaker's key, the id of the document with the most records and its pages."""
    from search import query
    from search.query.facets import term_counts

    with query.Engine(index_dir).session() as s:
        speaker = s.overview(top=1)["top_speakers"][0].key
        docs = term_counts(s.searcher.reader(), "doc")
        doc = max(docs, key=docs.get)
        pages = s.document_page(doc, 1, listing)[2]
    return speaker, doc, pages


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="serve this index instead of building one")
    parser.add_argument("--times", type=int, default=10, help="build PolNeAR train this many times over")
    parser.add_argument("--keep", type=Path, help="build in this folder and reuse it next time")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--ordinary", type=int, default=120, help="ordinary queries timed idle and under load")
    parser.add_argument("--limit", type=float, default=1.5, help="seconds each expensive request may take")
    parser.add_argument("--threads", type=int, help="search serve --threads (default: its own)")
    parser.add_argument("--time-budget", type=float, help="search serve --time-budget (default: its own)")
    parser.add_argument("--long-workers", type=int, help="search serve --long-workers (default: its own)")
    parser.add_argument("--list", action="store_true", help="print the expensive requests and stop")
    args = parser.parse_args(argv)
    from search import config

    settings = config.defaults()
    index_dir = args.index or build(args.times, args.keep)
    top_speaker, big_doc, doc_pages = biggest(index_dir, settings["LISTING_PAGE_SIZE"])
    paths = expensive(top_speaker, big_doc, doc_pages, settings["MAX_RESULT_WINDOW"], settings["PAGE_SIZE"],
                      settings["LISTING_PAGE_SIZE"])
    if args.list:
        print("\n".join(paths))
        return
    port = free_port()
    command = [SEARCH, "serve", "--port", str(port), "--index-dir", str(index_dir)]
    command += ["--threads", str(args.threads)] if args.threads else []
    command += ["--time-budget", str(args.time_budget)] if args.time_budget else []
    command += ["--long-workers", str(args.long_workers)] if args.long_workers is not None else []
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                fetch(root, "/api/search?q=test")
                break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("the server did not come up")
        for path in paths[:5]:  # open the index's files and the vocabulary once, as a running server has
            fetch(root, path)
        print(f"{len(paths)} expensive requests on {index_dir} (speaker {top_speaker}, document {big_doc}); "
              f"limit {args.limit} s")
        print("| # | request | status | answer | seconds |")
        print("|---|---|---|---|---|")
        worst, wrong = 0.0, 0
        for n, path in enumerate(paths, 1):
            status, body, took = fetch(root, path)
            kind = classify(path, status, body)
            worst = max(worst, took)
            bad = took > args.limit or status not in (200, 400) or "WITHOUT" in kind
            wrong += bad
            shown = path if len(path) < 90 else path[:87] + "..."
            print(f"| {n} | `{shown}` | {status} | {kind[:90]} | {took:.2f}{' **over**' if bad else ''} |")
        print(f"slowest {worst:.2f} s; {wrong} of {len(paths)} over the limit or not 200/400-with-a-message")
        load(root, paths, args)
    finally:
        server.terminate()
        server.wait(timeout=30)


def load(root: str, paths: list[str], args) -> None:
    """Time ordinary queries idle, then while clients send the expensive requests without pause."""
    items = queries(TRAIN, args.ordinary)
    ordinary = [f"/api/search?{urllib.parse.urlencode({'q': i['q']})}" for i in items]

    def timed() -> list[float]:
        return [fetch(root, path)[2] for path in ordinary]

    idle = timed()
    stop = threading.Event()
    seen: list[tuple[int, float]] = []

    def client(offset: int) -> None:
        n = offset
        while not stop.is_set():
            status, _body, took = fetch(root, paths[n % len(paths)])
            seen.append((status, took))
            n += 1

    clients = [threading.Thread(target=client, args=(i * 7,), daemon=True) for i in range(args.clients)]
    for c in clients:
        c.start()
    time.sleep(2)  # let the flood build up
    loaded = timed()
    stop.set()
    for c in clients:
        c.join(180)
    i50, i95, l50, l95 = (median(idle), percentile(idle, 95), median(loaded), percentile(loaded, 95))
    statuses = sorted({s for s, _ in seen})
    print(f"\nordinary /api/search, {len(ordinary)} queries one after another:")
    print("| | p50 ms | p95 ms |")
    print("|---|---|---|")
    print(f"| idle | {i50 * 1000:.1f} | {i95 * 1000:.1f} |")
    print(f"| {args.clients} clients sending expensive requests | {l50 * 1000:.1f} | {l95 * 1000:.1f} |")
    print(f"p95 under load / idle: {l95 / i95:.2f} (target <= 2) -> {'met' if l95 / i95 <= 2 else 'NOT met'}")
    print(f"expensive requests answered meanwhile: {len(seen)}, statuses {statuses}, p50 "
          f"{median([t for _, t in seen]):.2f} s, max {max(t for _, t in seen):.2f} s")


if __name__ == "__main__":
    main()
