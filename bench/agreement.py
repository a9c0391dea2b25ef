"""Whoosh and PostgreSQL on one news set, request by request: totals, first pages, facets, quote ids and a replica.

Usage: .venv/bin/python bench/agreement.py [CORPUS] [--queries N] [--keep DIR]

CORPUS (default ../shared/data/polnear/dev.jsonl) is indexed by `search reindex` into a Whoosh folder and into a
database of a throwaway PostgreSQL server with a streaming standby (tests/pg.py). Then each engine answers the
same requests, one of each form a person can send: words, phrases, OR, exclusion, word beginnings, fuzzy words, a
person's name, each record type, date order, the speaker, source and date filters, a later page, the uncertain
flag. For each: whether the totals are within 5%, how much of Whoosh's first page PostgreSQL's first page holds
(the issue asks ≥ 0.6), whether the facets agree, and whether the standby answers as the primary. Last, whether
every quote id is the same in both engines. `--queries N` adds N queries drawn from the corpus as bench/engines.py
draws them (bench/_common.queries), and prints those whose first pages overlap under 0.6. Not a test: it prints
one line a request and a summary.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, SEARCH, queries

sys.path.insert(0, str(ROOT))

DEFAULT = ROOT.parent / "shared" / "data" / "polnear" / "dev.jsonl"


def requests(top: list[str], sources: list[str], named: str) -> list[dict]:
    """Return one request of each form, filled with the corpus's own speakers and sources."""
    return [
        dict(text="said"), dict(text="trump"), dict(text="clinton campaign"), dict(text="tax plan", type="all"),
        dict(text='"white house"', type="all"), dict(text='"health care"'), dict(text="iran OR russia"),
        dict(text="immigration OR border", type="paragraph"), dict(text="clinton -email"),
        dict(text="email -clinton", type="all"), dict(text="immigra*"), dict(text="presid*", type="all"),
        dict(text="elecshun~"), dict(text=named), dict(text="", type="all"), dict(text="", type="paragraph"),
        dict(text="police", sort="date", certain=True), dict(text="", sort="date", type="all", page=3),
        dict(text="", speakers=(top[0],)), dict(text="said", speakers=tuple(top[:2])),
        dict(text="people", exclude=(top[0],)), dict(text="", sources=(sources[0],), type="all"),
        dict(text="vote", sources=tuple(sources[:2])), dict(text="", date_from="2016-09", date_to="2016-10"),
        dict(text="government", date_from="2017"), dict(text="said", page=2), dict(text="-email", type="all"),
    ]


def reindex(corpus: Path, target: list[str]) -> float:
    """Index the corpus with `search reindex` into a folder or database; return the seconds it took."""
    began = time.perf_counter()
    subprocess.run([str(SEARCH), "reindex", "--allow-shrink", *target, str(corpus)], check=True,
                   capture_output=True, text=True)
    return time.perf_counter() - began


def compare(whoosh, primary, standby, args: dict) -> dict:
    """Answer one request on each engine and say how the answers stand."""
    with whoosh.session() as wh, primary.session() as pg, standby.session() as sb:
        want, got, mirror = wh.search(**args), pg.search(**args), sb.search(**args)
    close = abs(got.total - want.total) <= 0.05 * max(want.total, 1)
    mine = [h.id for h in want.hits]
    shared = len(set(mine) & {h.id for h in got.hits})
    overlap = shared / len(mine) if mine else 1.0
    facets = [(f.key, f.count) for f in got.facets] == [(f.key, f.count) for f in want.facets]
    same = (mirror.total, [h.id for h in mirror.hits]) == (got.total, [h.id for h in got.hits])
    return {"args": args, "whoosh": want.total, "postgres": got.total, "totals_close": close,
            "overlap": round(overlap, 2), "facets_equal": facets, "standby_same": same,
            "partial": got.partial or want.partial}


def overview(engine) -> dict | None:
    """Return what an engine's front page counts, or None while it cannot answer yet."""
    try:
        with engine.session() as session:
            return session.overview()
    except Exception:  # the standby may not hold the tables yet
        return None


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--queries", type=int, default=0, help="more queries drawn from the corpus")
    parser.add_argument("--keep", type=Path, help="build in this folder and leave it there")
    options = parser.parse_args(argv)
    if not options.corpus.exists():
        sys.exit(f"no corpus at {options.corpus}")
    from search.engines.postgres import PostgresEngine
    from search.query import Engine, Limits
    from tests import pg

    if pg.missing():
        sys.exit(pg.missing())
    folder = options.keep or Path(tempfile.mkdtemp(prefix="agreement-"))
    cluster = pg.Cluster()
    try:
        url = cluster.database()
        seconds = reindex(options.corpus, ["--index-dir", str(folder / "whoosh")]), reindex(
            options.corpus, ["--database-url", url])
        print(f"reindex: Whoosh {seconds[0]:.1f} s, PostgreSQL {seconds[1]:.1f} s")
        standby = cluster.standby()
        limits = Limits(seconds=30)  # the answers are compared, not timed: none may be cut short
        whoosh, primary = Engine(folder / "whoosh", limits), PostgresEngine(url, limits=limits)
        replica = PostgresEngine(url, read_url=standby.url(url.rsplit("/", 1)[1]), limits=limits)
        pg.wait_for(lambda: overview(replica) == overview(primary), seconds=60)
        with whoosh.session() as wh:
            everything = wh.search("", type="all", page_size=1)
            top = [f.key for f in everything.facets[:3]]
            sources = [f.key for f in everything.sources[:2]]
            named = next(f.name for f in everything.facets if " " in f.name)
        rows = [compare(whoosh, primary, replica, args) for args in requests(top, sources, named)]
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        drawn = [compare(whoosh, primary, replica, dict(text=item["q"]))
                 for item in queries(options.corpus, options.queries)] if options.queries else []
        for row in drawn:
            if row["overlap"] < 0.6 or not row["totals_close"]:
                print("drawn:", json.dumps(row, ensure_ascii=False))
        with whoosh.session() as wh, primary.session() as sess:
            ids = [{r["id"] for r in s.every_match("", type="quote")} for s in (wh, sess)]
        print(json.dumps({
            "requests": len(rows), "totals_close": sum(r["totals_close"] for r in rows),
            "overlap_at_least_0.6": sum(r["overlap"] >= 0.6 for r in rows),
            "facets_equal": sum(r["facets_equal"] for r in rows), "standby_same": sum(r["standby_same"] for r in rows),
            "partial": sum(r["partial"] for r in rows), "drawn": len(drawn),
            "drawn_totals_close": sum(r["totals_close"] for r in drawn),
            "drawn_overlap_at_least_0.6": sum(r["overlap"] >= 0.6 for r in drawn),
            "quotes": len(ids[0]), "ids_equal": ids[0] == ids[1]}))
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
