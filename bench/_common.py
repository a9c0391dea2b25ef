"""Shared pieces of the benchmarks: the raw-Whoosh baseline, timed children, percentiles, queries."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train.jsonl"
PYTHON = sys.executable
SEARCH = str(Path(PYTHON).with_name("search"))


def paragraph_texts(corpus: Path):
    """Yield the paragraphs of every document of a .jsonl corpus, split the way the indexer splits them."""
    from search.text.paragraphs import split

    for path in sorted(corpus.glob("*.jsonl")) if corpus.is_dir() else [corpus]:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    for p in split(json.loads(line)["text"]):
                        yield p.text


def baseline_schema():
    """Return the baseline's schema: one stemmed text field and nothing else."""
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import TEXT, Schema

    return Schema(text=TEXT(analyzer=StemmingAnalyzer(), stored=True))


def baseline_index(corpus: Path, index_dir: Path, compound: bool = True) -> int:
    """Index every paragraph into raw Whoosh in this one process; return how many. `compound=False` writes the
    segment as separate files, as our index does (Whoosh's default packs them into one)."""
    from whoosh import index

    index_dir.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(index_dir), baseline_schema())
    writer = ix.writer(limitmb=128, compound=compound)
    count = 0
    for text in paragraph_texts(corpus):
        writer.add_document(text=text)
        count += 1
    writer.commit()
    return count


class Measured:
    """Wall time, CPU time and peak memory of one child process and its descendants."""

    def __init__(self, wall: float, cpu: float, max_rss_mb: float, tree_rss_mb: float, returncode: int,
                 stdout: str, timeline: list | None = None) -> None:
        self.wall, self.cpu, self.max_rss_mb, self.tree_rss_mb = wall, cpu, max_rss_mb, tree_rss_mb
        self.returncode, self.stdout = returncode, stdout
        self.timeline = timeline or []  # (seconds, tree MB) at every sample, for a flat-or-growing verdict

    def memory_by_tenth(self) -> list[float]:
        """Return the peak tree memory in MB within each tenth of the run's wall time."""
        tenths = [0.0] * 10
        for t, mb in self.timeline:
            i = min(9, int(10 * t / self.wall)) if self.wall else 0
            tenths[i] = max(tenths[i], mb)
        return [round(mb) for mb in tenths]


def _tree_rss_kb(pid: int) -> int:
    """Return the summed resident memory of a process and all its descendants, in kB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as handle:
                    todo.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_measured(cmd: list[str], timeout: float | None = None, env: dict | None = None) -> Measured:
    """Run a command; return its wall time, CPU time (user+sys, children included) and peak memory."""
    began = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env)
    peak = [0]
    timeline: list[tuple[float, float]] = []
    stop = threading.Event()

    def sample() -> None:
        # ru_maxrss is one process's peak; a parallel reindex is several processes, so sum the tree too.
        while not stop.wait(0.1):
            kb = _tree_rss_kb(proc.pid)
            peak[0] = max(peak[0], kb)
            timeline.append((time.perf_counter() - began, kb / 1024))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out_chunks: list[str] = []
    reader = threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()), daemon=True)
    reader.start()
    deadline = None if timeout is None else began + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if deadline and time.perf_counter() > deadline:
            proc.kill()
        time.sleep(0.02)
    wall = time.perf_counter() - began
    stop.set()
    sampler.join()
    reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, peak[0] / 1024,
                    proc.returncode, "".join(out_chunks), timeline)


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (0..100) by nearest rank."""
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(len(ordered), rank) - 1]


def median(values: list[float]) -> float:
    """Return the median."""
    return percentile(values, 50)


def free_port() -> int:
    """Return a TCP port on loopback that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_WORD = re.compile(r"[A-Za-z][a-z]{3,}")
_NAME = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]{2,}\b")
_STOP = set("""that this with from have were been will they their there about which would could should
what when where into more than them then also just said says some such only other over most after
before because while these those being very your ours here like does make made many much even""".split())


def queries(corpus: Path, count: int = 240, speakers: list[str] | None = None) -> list[dict]:
    """Return a fixed list of realistic queries drawn deterministically from a corpus.

    A quarter each: common words, two-word phrases in quotes, two-word AND queries, names; every
    fifth query also filters on one of the given speaker keys (the most quoted ones).
    """
    words: Counter = Counter()
    names: Counter = Counter()
    phrases: Counter = Counter()
    for i, text in enumerate(paragraph_texts(corpus)):
        if i >= 20_000:
            break
        found = [w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP]
        words.update(found)
        names.update(_NAME.findall(text))
        phrases.update(zip(found, found[1:]))
    common = [w for w, _ in words.most_common(400)][20:]  # not the very commonest: they match everything
    pairs = [p for p, n in phrases.most_common(400) if p[0] != p[1]]
    people = [n for n, _ in names.most_common(200)]
    out: list[dict] = []
    for i in range(count):
        kind = i % 4
        if kind == 0:
            q = common[(i * 7) % len(common)]
        elif kind == 1:
            a, b = pairs[(i * 3) % len(pairs)]
            q = f'"{a} {b}"'
        elif kind == 2:
            q = f"{common[(i * 11) % len(common)]} {common[(i * 13 + 5) % len(common)]}"
        else:
            q = people[(i * 5) % len(people)]
        item = {"q": q}
        if speakers and i % 5 == 4:
            item["speaker"] = speakers[(i // 5) % len(speakers)]
        out.append(item)
    return out


def raw_search_timer(index_dir: Path):
    """Return a function timing one raw Whoosh search + highlight of the page's hits, in seconds."""
    from whoosh import highlight, index
    from whoosh.qparser import AndGroup, QueryParser

    ix = index.open_dir(str(index_dir))
    parser = QueryParser("text", ix.schema, group=AndGroup)

    def run(item: dict) -> float:
        began = time.perf_counter()
        with ix.searcher() as searcher:
            results = searcher.search_page(parser.parse(item["q"]), 1, pagelen=10)
            results.results.formatter = highlight.HtmlFormatter(tagname="mark")
            for hit in results:
                hit.highlights("text", top=3)
        return time.perf_counter() - began

    return run


def our_search_timer(index_dir: Path):
    """Return a function timing one search of ours in process (a session per query, as per request)."""
    from search import query

    engine = query.Engine(index_dir)

    def run(item: dict) -> float:
        began = time.perf_counter()
        with engine.session() as session:
            session.search(item["q"], speakers=[item["speaker"]] if item.get("speaker") else (), page_size=10)
        return time.perf_counter() - began

    return run


def top_speakers(index_dir: Path, count: int = 40) -> list[str]:
    """Return the keys of the most quoted speakers of one of our indexes."""
    from search import query

    with query.Engine(index_dir).session() as session:
        return [f.key for f in session.overview(top=count)["top_speakers"]]
