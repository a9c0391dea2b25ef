"""Write the PostgreSQL index: a new generation's tables swapped in by one transaction, or an update in one."""
from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import tempfile
import time
from collections import Counter
from pathlib import Path
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from ... import documents as documents_mod
from ...attribution import identity
from ...index import build as whoosh_build
from ...index import groups as groups_mod
from ...index import resolving
from ...index.records import records, settled
from ...index.schema import DOCUMENT, NEAR, PARAGRAPH, QUOTE, TEXT_FIELD, build_schema
from ...index.store import IndexBusy, Summary, refuse_if_shrunk
from ...query.records import record
from . import schema
from .schema import table
from .terms import vector
from .updates import Resolved

INDEX_BUILD_MEMORY = "256MB"  # a reindex's index builds, for its own session only
BATCH_PER_JOB = 16  # documents handed to each extraction process at a time: memory stays flat
STORED = frozenset(name for name, field in build_schema().items() if field.stored)  # what a record reads back
COLUMNS = {
    "documents": ("id", "fields"),
    "paragraphs": ("seq", "doc", "paragraph", "start", "source", "date", "month", "text", "fields"),
    "paragraphs_search": ("seq", "doc", "paragraph", "source", "date", "month", "tsv"),
    "quotes": ("seq", "id", "doc", "paragraph", "start", "source", "date", "month", "speaker_key", "grp", "form",
               "uncertain", "text", "fields"),
    "quotes_search": ("seq", "doc", "paragraph", "source", "date", "month", "speaker_key", "grp", "form",
                      "uncertain", "tsv", "near"),
}


def _one(conn, query, params=()):
    """Return the one value a statement that always answers one row gives."""
    row = conn.execute(query, params).fetchone()
    assert row is not None
    return row[0]


@contextmanager
def writing(url: str) -> Iterator[psycopg.Connection]:
    """Connect to the primary, migrate the schema and hold the writers' lock; raise IndexBusy if another holds it."""
    with psycopg.connect(url, autocommit=True) as conn:
        schema.migrate(conn)
        if not _one(conn, "SELECT pg_try_advisory_lock(%s)", (schema.LOCK_KEY,)):
            raise IndexBusy("another reindex is running on this database")
        try:
            yield conn
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (schema.LOCK_KEY,))


def reindex(paths: Iterable, url: str, progress: Callable | None = None, allow_shrink: bool = False,
            jobs: int | None = None) -> Summary:
    """Build a new generation's tables from the given paths and swap them in with one transaction."""
    started = time.perf_counter()
    paths = whoosh_build._existing(paths)
    summary = Summary()
    with _workers(jobs) as pool, writing(url) as conn:
        generation = _one(conn, "SELECT nextval('search_generation')")
        try:
            schema.create_tables(conn, generation)
            with conn.transaction():
                docs = resolving.unique(documents_mod.load(paths, summary.skipped), progress, summary)
                _fill(conn, generation, docs, summary, identity.merge_keys, pool=pool)
            # GIN and B-tree builds sort in this much memory before spilling to disk (the server's default: 64 MB).
            conn.execute(sql.SQL("SET maintenance_work_mem = {}").format(sql.Literal(INDEX_BUILD_MEMORY)))
            schema.create_indexes(conn, generation)
            with conn.transaction():
                previous = _one(conn, "SELECT generation FROM search_served FOR UPDATE")
                _check_size(conn, generation, previous, summary, allow_shrink)
                roots = [str(r) for r in documents_mod.roots_of(paths)]
                conn.execute("UPDATE search_served SET generation = %s, previous = %s, roots = %s, changed = now()",
                             (generation, previous, Jsonb(roots)))
        except BaseException:
            schema.drop_tables(conn, generation)
            raise
        _prune(conn, {generation, previous})
    summary.generation = f"g{generation}"
    summary.seconds = time.perf_counter() - started
    return summary


def update(paths: Iterable, url: str, progress: Callable | None = None, allow_shrink: bool = False,
           jobs: int | None = None) -> Summary:
    """Add or replace the given documents in the served generation, in one transaction."""
    started = time.perf_counter()
    paths = whoosh_build._existing(paths)
    with writing(url) as conn:
        generation = schema.served(conn)
    if generation is None:
        added: list[str] = []

        def noted(doc) -> None:
            added.append(doc.id)  # every document is new to this index
            if progress:
                progress(doc)

        summary = reindex(paths, url, noted, allow_shrink, jobs)
        summary.added = added
        return summary
    summary = Summary()
    with _workers(jobs) as pool, writing(url) as conn, conn.transaction():
        t = {name: table(generation, name) for name in schema.TABLES}
        resolved = Resolved(conn, t, summary)
        merge = _OntoExisting(conn, generation, resolved.replaced)
        served = _count(conn, generation, "documents")
        roots = [Path(r) for r in _one(conn, "SELECT roots FROM search_served")]
        _fill(conn, generation, resolved.load(paths, roots, progress), summary, merge, resolved, pool)
        _check_size(conn, generation, None, summary, allow_shrink, served)
        summary.removed = resolved.removed()
    summary.speakers = len({canonical for canonical, _ in merge.last.values() if canonical})
    summary.generation = f"g{generation}"
    summary.seconds = time.perf_counter() - started
    return summary


def _fill(conn, generation: int, docs, summary: Summary, merge, resolved: Resolved | None = None,
          pool=None) -> None:
    """Read the documents and write their rows: documents and paragraphs at once, quotes once speakers and
    groups across the corpus are known (as the Whoosh build does)."""
    t = {name: table(generation, name) for name in schema.TABLES}
    names: Counter = Counter()
    words: Counter = Counter()
    # Records holding each term of each field, as Whoosh's doc frequencies.
    terms: dict[str, Counter] = {TEXT_FIELD[QUOTE]: Counter(), TEXT_FIELD[PARAGRAPH]: Counter(), NEAR: Counter()}
    counts: Counter = Counter()
    put = {name: _Rows(conn, t[name], name) for name in COLUMNS}
    # A record's stored row and its search row share its seq, numbered here after the rows already there.
    seqs = {name: itertools.count(_one(conn, sql.SQL("SELECT coalesce(max(seq), 0) + 1 FROM {}").format(t[name])))
            for name in schema.SEARCHED}
    with tempfile.TemporaryDirectory() as scratch, groups_mod.Grouper(scratch) as grouper, \
            tempfile.TemporaryFile(dir=scratch) as spill:
        for doc_id, recs, found in _extracted(docs, pool):
            if resolved is not None:
                resolved.delete(conn, t, doc_id)
            names.update(found)
            for rec in recs:
                counts[rec["type"]] += 1
                if rec["type"] == DOCUMENT:
                    put["documents"].add((doc_id, Jsonb(_stored(rec))))
                elif rec["type"] == PARAGRAPH:
                    words.update(whoosh_build._WORD.findall(rec["text"].lower()))
                    stored, searched = _paragraph_rows(next(seqs["paragraphs"]), rec, terms[TEXT_FIELD[PARAGRAPH]])
                    put["paragraphs"].add(stored)
                    put["paragraphs_search"].add(searched)
                else:
                    pickle.dump(rec, spill, pickle.HIGHEST_PROTOCOL)
                    if rec.get("kind") != "scare":
                        grouper.add(rec["id"], rec["quote_text"], rec["doc"])
        for name in ("documents", "paragraphs", "paragraphs_search"):
            put[name].flush()
        aliases, grouped = merge(names), grouper.groups()
        spill.seek(0)
        for _ in range(counts[QUOTE]):
            stored, searched = _quote_rows(next(seqs["quotes"]), settled(pickle.load(spill), aliases, grouped), terms)
            put["quotes"].add(stored)
            put["quotes_search"].add(searched)
        put["quotes"].flush()
        put["quotes_search"].flush()
    _add_counts(conn, t["words"], "word", words.items())
    _add_counts(conn, t["terms"], "field, term", ((field, term, n) for field, found in terms.items()
                                                  for term, n in found.items()))
    summary.documents, summary.paragraphs, summary.quotes = counts[DOCUMENT], counts[PARAGRAPH], counts[QUOTE]
    if merge is identity.merge_keys:
        summary.speakers = len({canonical for canonical, _ in aliases.values() if canonical})


def analysed(doc) -> tuple[str, list[dict], Counter]:
    """Extract one document's records and analyse their words into tsvectors (a worker's share of a reindex)."""
    recs, found = records(doc)
    out = []
    for rec in recs:
        rec = {k: v for k, v in rec.items() if v is not None and v != ""}
        if rec["type"] in (PARAGRAPH, QUOTE):
            rec["_tsv"], rec["_terms"] = vector(rec["type"], rec["text" if rec["type"] == PARAGRAPH else "quote_text"])
        out.append(rec)
    return doc.id, out, found


@contextmanager
def _workers(jobs: int | None) -> Iterator:
    """Start the extraction processes of a reindex (None for one job): forked before any database connection is
    opened, which a child must not share."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1:
        yield None
        return
    with multiprocessing.get_context("fork").Pool(jobs, initializer=whoosh_build._worker_init,
                                                  initargs=(os.getpid(),)) as pool:
        yield pool, jobs


def _extracted(docs, pool) -> Iterator[tuple[str, list[dict], Counter]]:
    """Yield each document's analysed records in order, extracted by the pool's processes when there are many."""
    workers, jobs = pool if pool is not None else (None, 1)
    size = BATCH_PER_JOB * jobs
    batches = whoosh_build._batches(docs, size)
    first = next(batches, [])
    if workers is None or len(first) < size:  # a small corpus: this process is quicker than sending it
        for batch in itertools.chain([first], batches):
            yield from map(analysed, batch)
        return
    for batch in itertools.chain([first], batches):
        yield from workers.map(analysed, batch, chunksize=2)


def _stored(rec: dict) -> dict:
    """Return the fields of a record that Whoosh stores, as a record reads them back."""
    return {k: v for k, v in rec.items() if k in STORED}


def _paragraph_rows(seq: int, rec: dict, terms: Counter) -> tuple[tuple, tuple]:
    """Return a paragraph's stored row and its search row."""
    tsv, found = rec.pop("_tsv"), rec.pop("_terms")
    fields = record(_stored(rec))
    text = fields.pop("text")
    terms.update(found)
    where = (rec["doc"], rec["paragraph"])
    facets = (rec.get("source", ""), rec.get("date", ""), rec.get("month", ""))
    return (seq, *where, rec.get("start", 0), *facets, text, Jsonb(fields)), (seq, *where, *facets, tsv)


def _quote_rows(seq: int, rec: dict, terms: dict[str, Counter]) -> tuple[tuple, tuple]:
    """Return a quote's stored row and its search row."""
    tsv, found = rec.pop("_tsv"), rec.pop("_terms")
    # The names around the quote, settled with the speaker's: analysed here, once the speaker is known.
    near, names = vector(NEAR, rec.get("near", ""))
    fields = record(_stored(rec))
    text = fields.pop("text")
    terms[TEXT_FIELD[QUOTE]].update(found)
    terms[NEAR].update(names)
    where = (rec["doc"], rec.get("paragraph", 0))
    facets = (rec.get("source", ""), rec.get("date", ""), rec.get("month", ""), rec.get("speaker_key", ""),
              fields["group"], rec.get("form", ""), rec.get("uncertain") == "1")
    return ((seq, rec["id"], *where, rec.get("start", 0), *facets, text, Jsonb(fields)),
            (seq, *where, *facets, tsv, near))


class _Rows:
    """Rows bound for one table, sent by COPY in batches (between which the transaction may run other statements)."""

    BATCH = 5000

    def __init__(self, conn, target, name: str) -> None:
        self.conn = conn
        self.rows: list = []
        columns = sql.SQL(", ").join(map(sql.Identifier, COLUMNS[name]))
        self.statement = sql.SQL("COPY {} ({}) FROM STDIN").format(target, columns)

    def add(self, row: tuple) -> None:
        """Queue one row, sending the batch when it is full."""
        self.rows.append(row)
        if len(self.rows) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        """Send the queued rows."""
        if self.rows:
            with self.conn.cursor() as cur, cur.copy(self.statement) as copy:
                for row in self.rows:
                    copy.write_row(row)
            self.rows = []


def _add_counts(conn, target, key: str, rows) -> None:
    """Add counts to a table of counts (words, terms), through a staging table filled by COPY."""
    columns = sql.SQL(key + ", count")
    with conn.cursor() as cur:
        cur.execute(sql.SQL("CREATE TEMP TABLE new_counts ON COMMIT DROP AS SELECT {} FROM {} LIMIT 0").format(
            columns, target))
        with cur.copy(sql.SQL("COPY new_counts ({}) FROM STDIN").format(columns)) as copy:
            for row in rows:
                copy.write_row(row)
        cur.execute(sql.SQL("INSERT INTO {t} SELECT {c} FROM new_counts ON CONFLICT ({k}) "
                            "DO UPDATE SET count = {t}.count + excluded.count; DROP TABLE new_counts").format(
            t=target, c=columns, k=sql.SQL(key)))


def _count(conn, generation: int, name: str) -> int:
    return _one(conn, sql.SQL("SELECT count(*) FROM {}").format(table(generation, name)))


def _check_size(conn, generation: int, previous: int | None, summary: Summary, allow_shrink: bool,
                served: int | None = None) -> None:
    """Raise Refused if the new index is empty, or under half the served one without allow_shrink."""
    if served is None:
        served = _count(conn, previous, "documents") if previous is not None else 0
    refuse_if_shrunk(_count(conn, generation, "documents"), served, bool(served), summary, allow_shrink)


def _prune(conn, keep: set) -> None:
    """Drop every generation's tables but the served and the previous one (and those a killed run left)."""
    found = conn.execute("SELECT DISTINCT substring(tablename FROM '^g([0-9]+)_') FROM pg_tables "
                         "WHERE schemaname = current_schema() AND tablename ~ '^g[0-9]+_'").fetchall()
    for (number,) in found:
        if number is not None and int(number) not in keep:
            schema.drop_tables(conn, int(number))


class _OntoExisting:
    """Merge the speaker keys of new documents onto the keys the served quotes already have."""

    def __init__(self, conn, generation: int, replaced: list[str]) -> None:
        self.conn, self.quotes, self.replaced = conn, table(generation, "quotes"), replaced
        self.last: dict[str, tuple[str, str]] = {}

    def __call__(self, names: Counter) -> dict[str, tuple[str, str]]:
        """Return (canonical key, display name) for every new key, preferring keys the index has."""
        existing = dict(self.conn.execute(sql.SQL(
            "SELECT speaker_key, count(*) FROM {} WHERE speaker_key <> '' AND doc <> ALL(%s) GROUP BY speaker_key"
        ).format(self.quotes), (self.replaced,)).fetchall())
        out = {}
        for key, (target, display, known) in identity.merge_onto(names, existing).items():
            if known:
                row = self.conn.execute(sql.SQL("SELECT fields->>'speaker' FROM {} WHERE speaker_key = %s LIMIT 1")
                                        .format(self.quotes), (target,)).fetchone()
                display = row[0] if row and row[0] else display
            out[key] = (target, display)
        self.last = out
        return out
