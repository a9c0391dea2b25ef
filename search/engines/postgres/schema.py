"""The PostgreSQL schema: versioned migrations, one set of tables per generation, and the served pointer."""
from __future__ import annotations

from typing import Any

from psycopg import sql

# Words are analysed by Whoosh's own StemmingAnalyzer (English Porter stems, its 34 stop words, positions
# renumbered past them) before they reach a tsvector, so both engines hold the same terms and a phrase matches the
# same text. This configuration (Porter stems, no stop words) only lets ts_headline find those stems in a text.
LANGUAGE = "search_porter"
LOCK_KEY = 0x5EA2C4  # the advisory lock a reindex or an update holds: one writer at a time
# A record's stored text and fields (paragraphs, quotes) are apart from what a search reads of every match (the
# *_search tables: words, facets, order), row for row by seq: a search visits only narrow rows, and reads the stored
# ones of a page's ten hits (docs/benchmarks.md section 5).
TABLES = ("documents", "paragraphs", "quotes", "words", "terms", "paragraphs_search", "quotes_search")
SEARCHED = {"paragraphs": "paragraphs_search", "quotes": "quotes_search"}

# Each migration moves the schema one version on; a database records the versions it has run.
MIGRATIONS: tuple[tuple[int, Any], ...] = (
    (1, """
        CREATE TABLE IF NOT EXISTS search_served (
            one boolean PRIMARY KEY DEFAULT true CHECK (one),
            generation bigint,            -- the generation readers serve; NULL: none yet
            previous bigint,              -- kept one more round, for readers that still hold it
            changed timestamptz NOT NULL DEFAULT now()
        );
        INSERT INTO search_served (one) VALUES (true) ON CONFLICT DO NOTHING;
        CREATE SEQUENCE IF NOT EXISTS search_generation;
    """),
    (2, r"""
        CREATE TEXT SEARCH DICTIONARY search_porter_stem (TEMPLATE = snowball, Language = porter);
        CREATE TEXT SEARCH CONFIGURATION search_porter (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION search_porter ALTER MAPPING REPLACE english_stem WITH search_porter_stem;
        -- One term as a tsquery, whatever characters it holds: quoted for the tsquery syntax here, never in Python.
        CREATE FUNCTION search_term(term text) RETURNS tsquery LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
            AS $$ SELECT ('''' || replace(replace(term, '\', '\\'), '''', '''''') || '''')::tsquery $$;
    """),
    (3, """
        -- The folders the served documents' ids are relative to: an update keeps ids stable whatever path it is given.
        ALTER TABLE search_served ADD COLUMN roots jsonb NOT NULL DEFAULT '[]';
    """),
)


def _generations(conn) -> list[int]:
    """Return the generations the database holds (the migrations rewrite each)."""
    found = conn.execute("SELECT substring(tablename FROM '^g([0-9]+)_quotes$') FROM pg_tables "
                         "WHERE schemaname = current_schema() AND tablename ~ '^g[0-9]+_quotes$'").fetchall()
    return [int(number) for (number,) in found]


def _split_search_columns(conn) -> None:
    """Move each generation's searched columns (tsvectors and facets) to narrow tables of their own."""
    for generation in _generations(conn):
        t = {name: table(generation, name) for name in TABLES}
        conn.execute(sql.SQL("""
            CREATE TABLE {paragraphs_search} AS SELECT seq, doc, paragraph, source, date, month, tsv
                FROM {paragraphs} ORDER BY seq;
            CREATE TABLE {quotes_search} AS SELECT seq, doc, paragraph, source, date, month, speaker_key, grp, form,
                uncertain, tsv, near FROM {quotes} ORDER BY seq;
            ALTER TABLE {paragraphs} DROP COLUMN tsv;
            ALTER TABLE {quotes} DROP COLUMN tsv, DROP COLUMN near;
        """).format(**t))
        conn.execute(sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} (speaker_key, seq)").format(
            sql.Identifier(f"g{generation}_quotes_speaker_seq"), t["quotes"]))
        _search_indexes(conn, generation)
        for name in SEARCHED.values():
            conn.execute(sql.SQL("ANALYZE {}").format(t[name]))


def _cluster_generations(conn) -> None:
    """Write each generation's quotes in group order (see cluster_by_group)."""
    for generation in _generations(conn):
        cluster_by_group(conn, generation)
        for name in ("quotes", "quotes_search"):
            conn.execute(sql.SQL("ANALYZE {}").format(table(generation, name)))


MIGRATIONS += ((4, _split_search_columns), (5, _cluster_generations))
VERSION = MIGRATIONS[-1][0]
READS_FROM = 4  # the oldest schema whose tables this program reads as they are (5 only reorders rows)


def migrate(conn) -> int:
    """Bring the database's schema up to VERSION under a lock; return the version it had."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY + 1,))
        conn.execute("CREATE TABLE IF NOT EXISTS search_schema (version int PRIMARY KEY, "
                     "applied timestamptz NOT NULL DEFAULT now())")
        had = conn.execute("SELECT coalesce(max(version), 0) FROM search_schema").fetchone()[0]
        if had > VERSION:
            raise RuntimeError(f"the database holds schema version {had}, newer than this program's {VERSION}: "
                               "upgrade the program")
        for version, statements in MIGRATIONS:
            if version > had:
                if callable(statements):
                    statements(conn)
                else:
                    conn.execute(statements)
                conn.execute("INSERT INTO search_schema (version) VALUES (%s)", (version,))
    return had


def table(generation: int, name: str) -> sql.Identifier:
    """Return the name of one table of a generation."""
    if name not in TABLES:
        raise ValueError(name)
    return sql.Identifier(f"g{int(generation)}_{name}")


def create_tables(conn, generation: int) -> None:
    """Create a generation's tables, empty and without their search indexes (added once filled)."""
    t = {name: table(generation, name) for name in TABLES}
    conn.execute(sql.SQL("""
        CREATE TABLE {documents} (
            seq bigserial, id text PRIMARY KEY COLLATE "C", fields jsonb NOT NULL);
        CREATE TABLE {paragraphs} (
            seq bigint NOT NULL, doc text NOT NULL COLLATE "C", paragraph int NOT NULL, start int NOT NULL DEFAULT 0,
            source text NOT NULL DEFAULT '' COLLATE "C", date text NOT NULL DEFAULT '' COLLATE "C",
            month text NOT NULL DEFAULT '' COLLATE "C", text text NOT NULL, fields jsonb NOT NULL);
        CREATE TABLE {paragraphs_search} (
            seq bigint NOT NULL, doc text NOT NULL COLLATE "C", paragraph int NOT NULL,
            source text NOT NULL DEFAULT '' COLLATE "C", date text NOT NULL DEFAULT '' COLLATE "C",
            month text NOT NULL DEFAULT '' COLLATE "C", tsv tsvector NOT NULL);
        CREATE TABLE {quotes} (
            seq bigint NOT NULL, id text PRIMARY KEY COLLATE "C", doc text NOT NULL COLLATE "C",
            paragraph int NOT NULL, start int NOT NULL DEFAULT 0, source text NOT NULL DEFAULT '' COLLATE "C",
            date text NOT NULL DEFAULT '' COLLATE "C", month text NOT NULL DEFAULT '' COLLATE "C",
            speaker_key text NOT NULL DEFAULT '' COLLATE "C", grp text NOT NULL COLLATE "C",
            form text NOT NULL DEFAULT '' COLLATE "C",
            uncertain boolean NOT NULL DEFAULT false, text text NOT NULL, fields jsonb NOT NULL);
        CREATE TABLE {quotes_search} (
            seq bigint NOT NULL, doc text NOT NULL COLLATE "C", paragraph int NOT NULL,
            source text NOT NULL DEFAULT '' COLLATE "C", date text NOT NULL DEFAULT '' COLLATE "C",
            month text NOT NULL DEFAULT '' COLLATE "C", speaker_key text NOT NULL DEFAULT '' COLLATE "C",
            grp text NOT NULL COLLATE "C", form text NOT NULL DEFAULT '' COLLATE "C",
            uncertain boolean NOT NULL DEFAULT false, tsv tsvector NOT NULL, near tsvector NOT NULL DEFAULT '');
        CREATE TABLE {words} (word text PRIMARY KEY COLLATE "C", count bigint NOT NULL);
        CREATE TABLE {terms} (field text COLLATE "C", term text COLLATE "C", count bigint NOT NULL,
            PRIMARY KEY (field, term));
    """).format(**t))


def _names(generation: int, kind: str, whats) -> dict[str, sql.Identifier]:
    return {f"{kind}_{what}": sql.Identifier(f"g{int(generation)}_{kind}_{what}") for what in whats}


def _search_indexes(conn, generation: int) -> None:
    """Add the search tables' indexes: words, and the filters a search may run without words."""
    t = {name: table(generation, name) for name in TABLES}
    ix = {**_names(generation, "psearch", ("tsv", "date")),
          **_names(generation, "qsearch", ("tsv", "near", "date", "speaker"))}
    conn.execute(sql.SQL("""
        CREATE INDEX {psearch_tsv} ON {paragraphs_search} USING gin (tsv);
        CREATE INDEX {psearch_date} ON {paragraphs_search} (date);
        CREATE INDEX {qsearch_tsv} ON {quotes_search} USING gin (tsv);
        CREATE INDEX {qsearch_near} ON {quotes_search} USING gin (near);
        CREATE INDEX {qsearch_date} ON {quotes_search} (date);
        CREATE INDEX {qsearch_speaker} ON {quotes_search} (speaker_key, date);
    """).format(**t, **ix))


def cluster_by_group(conn, generation: int) -> None:
    """Rewrite a generation's quotes in group order, so that a search visits one run of pages per quote group.

    The copies of one quote (the same words in several sources) match the same words: stored apart, in document
    order, a common word's matches sat on nearly every page of quotes_search (31,146 pages for 52,710 matches at
    1M quotes); side by side they fill 3,658 (docs/benchmarks.md section 5). CLUSTER keeps the index it orders by, so
    a plain `CLUSTER` in the database restores the order after many updates (which append their rows)."""
    t = {name: table(generation, name) for name in ("quotes", "quotes_search")}
    ix = {**_names(generation, "quotes", ("grp",)), **_names(generation, "qsearch", ("grp",))}
    conn.execute(sql.SQL("""
        CREATE INDEX IF NOT EXISTS {quotes_grp} ON {quotes} (grp);
        CREATE INDEX IF NOT EXISTS {qsearch_grp} ON {quotes_search} (grp, seq);
        CLUSTER {quotes} USING {quotes_grp};
        CLUSTER {quotes_search} USING {qsearch_grp};
    """).format(**t, **ix))


def create_indexes(conn, generation: int) -> None:
    """Order a filled generation's quotes by group, then add its indexes and statistics."""
    cluster_by_group(conn, generation)  # first: CLUSTER rebuilds every index a table has
    t = {name: table(generation, name) for name in TABLES}
    ix = {**_names(generation, "paragraphs", ("doc", "seq")),
          **_names(generation, "quotes", ("doc", "speaker", "speaker_seq", "seq")),
          **_names(generation, "documents", ("date", "source"))}
    conn.execute(sql.SQL("""
        CREATE INDEX {documents_date} ON {documents} ((NULLIF(fields->>'date', '')) DESC NULLS LAST, id);
        CREATE INDEX {documents_source} ON {documents}
            ((fields->>'source'), (NULLIF(fields->>'date', '')) DESC NULLS LAST, id);
        -- A page's records are fetched by seq: without these, a seq scan of the table per page (40 ms at 100k).
        CREATE UNIQUE INDEX {paragraphs_seq} ON {paragraphs} (seq);
        CREATE UNIQUE INDEX {quotes_seq} ON {quotes} (seq);
        CREATE INDEX {paragraphs_doc} ON {paragraphs} (doc, paragraph);
        CREATE INDEX {quotes_doc} ON {quotes} (doc, paragraph);
        CREATE INDEX {quotes_speaker} ON {quotes} (speaker_key, date);
        CREATE INDEX {quotes_speaker_seq} ON {quotes} (speaker_key, seq);
    """).format(**t, **ix))
    _search_indexes(conn, generation)
    for name in TABLES:
        conn.execute(sql.SQL("ANALYZE {}").format(t[name]))


def drop_tables(conn, generation: int) -> None:
    """Drop a generation's tables."""
    for name in TABLES:
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table(generation, name)))


def served(conn) -> int | None:
    """Return the generation being served, or None."""
    row = conn.execute("SELECT generation FROM search_served").fetchone()
    return row[0] if row else None
