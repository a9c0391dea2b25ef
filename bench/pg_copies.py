"""PostgreSQL's search on many quotes without a long reindex: a corpus indexed once, its tables copied N times in SQL.

Usage:
  .venv/bin/python bench/pg_copies.py build DIR [--size 100000] [--copies 10] [--jobs N]
  .venv/bin/python bench/pg_copies.py search DIR [--database NAME] [--queries 200] [--repeat N] [--code CHECKOUT]
  .venv/bin/python bench/pg_copies.py clone DIR NAME     (a copy of the database, e.g. to migrate and compare)
  .venv/bin/python bench/pg_copies.py restart DIR [--shared-buffers 2GB]   (Debian's 128MB when not given)
  .venv/bin/python bench/pg_copies.py stop DIR

`build` makes a PostgreSQL 15 cluster in DIR/pg that outlives the command (tests/pg.py's server: Debian's package,
`fsync=off`, otherwise Debian's defaults: 128 MB shared buffers), generates bench/scale.py's corpus of `--size`
quotes, indexes it with `search reindex` into the database `bench`, then copies the served generation's tables
`--copies` times into a new generation in SQL (ids and documents get a suffix per copy, quote groups stay whole so
each group is `--copies` times larger; counts are multiplied), builds its indexes (quotes in group order, as a
reindex writes them) and serves it. The corpus generator recombines the same train paragraphs, so the copies hold
the same words at the same frequencies as a corpus `--copies` times larger. `search` answers bench/_common.queries
(drawn from the corpus; every fifth with one of the most quoted speakers) on a database, in a child process, a
session per query after ten to warm up, as bench/engines.py does, and prints p50/p95 and a digest of the answers
(totals and first-page ids), so two databases or two versions of the code can be compared on the same rows. Not a
test: it prints figures.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

from _common import PYTHON, ROOT, SEARCH

PORT_FILE = "port"


def server(folder: Path, start: bool = True):
    """Return the kept cluster's server, started if asked and not running."""
    sys.path.insert(0, str(ROOT))
    from tests import pg

    data = folder / "pg" / "primary"
    port = int((folder / "pg" / PORT_FILE).read_text())
    found = pg.Server(data, port, pg._owner())
    if start and not (data / "postmaster.pid").exists():
        found.start()
    return found


def build(folder: Path, size: int, copies: int, jobs: int) -> None:
    """Make the cluster, index a corpus of `size` quotes into it and serve `copies` copies of its tables."""
    sys.path.insert(0, str(ROOT))
    from scale import generate, train_paragraphs
    from tests import pg

    primary = pg.Cluster(root=folder / "pg").primary  # kept between runs: never stopped here
    (folder / "pg" / PORT_FILE).write_text(str(primary.port))
    url = primary.create_database("bench")
    texts, counts = train_paragraphs()
    corpus = folder / "corpus"
    documents, expected = generate(corpus, size, texts, counts)
    print(json.dumps({"documents": documents, "expected_quotes": expected}), flush=True)
    began = time.perf_counter()
    subprocess.run([SEARCH, "reindex", str(corpus), "--database-url", url, "--jobs", str(jobs)], check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    print(json.dumps({"reindex_s": round(time.perf_counter() - began, 1)}), flush=True)
    if copies > 1:
        print(json.dumps(copy_generation(url, copies)), flush=True)


def copy_generation(url: str, copies: int) -> dict:
    """Copy the served generation's tables `copies` times into a new generation and serve it; return timings."""
    import psycopg
    from psycopg import sql

    from search.engines.postgres import schema

    timings: dict = {"copies": copies}
    with psycopg.connect(url, autocommit=True) as conn:
        old = schema.served(conn)
        new = conn.execute("SELECT nextval('search_generation')").fetchone()[0]
        schema.create_tables(conn, new)
        began = time.perf_counter()
        for name in schema.TABLES:
            found = conn.execute("SELECT column_name, column_default FROM information_schema.columns "
                                 "WHERE table_name = %s ORDER BY ordinal_position", (f"g{old}_{name}",)).fetchall()
            # A seq the table numbers itself is left to it; one the writer gives (a record's stored row and its
            # search row share it) is shifted by the table's largest for each copy, the same in both tables.
            columns = [c for c, default in found if c != "seq" or default is None]
            stride = conn.execute(sql.SQL("SELECT coalesce(max(seq), 0) FROM {}").format(
                schema.table(old, name))).fetchone()[0] if "seq" in columns else 0
            counted = "count" in columns  # words and terms: one row a word, its count multiplied
            conn.execute(sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} o, generate_series(0, {}) n {}").format(
                schema.table(new, name), sql.SQL(", ").join(map(sql.Identifier, columns)),
                sql.SQL(", ").join(_copied(name, c, copies, stride) for c in columns), schema.table(old, name),
                sql.Literal(0 if counted else copies - 1), sql.SQL("" if counted else "ORDER BY n, o.seq")))
        timings["copy_s"] = round(time.perf_counter() - began, 1)
        began = time.perf_counter()
        conn.execute("SET maintenance_work_mem = '256MB'")
        schema.create_indexes(conn, new)
        timings["indexes_s"] = round(time.perf_counter() - began, 1)
        began = time.perf_counter()
        for name in schema.TABLES:
            conn.execute(sql.SQL("VACUUM (ANALYZE) {}").format(schema.table(new, name)))
        timings["vacuum_s"] = round(time.perf_counter() - began, 1)
        conn.execute("UPDATE search_served SET generation = %s, previous = NULL, changed = now()", (new,))
        schema.drop_tables(conn, old)
        for name in schema.TABLES:
            timings[f"{name}_rows"] = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(
                schema.table(new, name))).fetchone()[0]
            timings[f"{name}_mb"] = round(conn.execute("SELECT pg_table_size(%s) / 1048576.0", (
                f"g{new}_{name}",)).fetchone()[0])
    return timings


def _copied(name: str, column: str, copies: int, stride: int):
    """Return the expression a column is copied by: ids and documents get the copy's suffix, counts multiplied."""
    from psycopg import sql

    suffix = sql.SQL("CASE WHEN n = 0 THEN '' ELSE '~' || n END")
    col = sql.Identifier("o", column)
    if column == "seq":
        return sql.SQL("{} + n * {}").format(col, sql.Literal(stride))
    if column == "count":
        return sql.SQL("{} * {}").format(col, sql.Literal(copies))
    if column == "id" or column == "doc":
        return sql.SQL("{} || {}").format(col, suffix)
    if column == "fields" and name != "documents":
        # A record's stored ids follow its row's; a document's fields are only read whole, by their own id.
        return sql.SQL("{c} || jsonb_strip_nulls(jsonb_build_object('id', {c}->>'id' || {s}, 'doc', "
                       "{c}->>'doc' || {s}))").format(c=col, s=suffix)
    if column == "fields":
        return sql.SQL("{c} || jsonb_build_object('id', {c}->>'id' || {s})").format(c=col, s=suffix)
    return col


def search(folder: Path, database: str, count: int, repeat: int, code: Path) -> None:
    """Time the query list on one database of the kept cluster; print p50/p95 and a digest of the answers."""
    primary = server(folder)
    url = primary.url(database)
    listed = folder / f"queries-{count}.json"
    if not listed.exists():
        sys.path.insert(0, str(ROOT))
        from _common import queries
        from search import config
        from search.engines import open_engine

        engine = open_engine(dict(config.defaults(), DATABASE_URL=url))
        with engine.session() as session:
            top = [f.key for f in session.overview(top=40)["top_speakers"]]
        engine.close()
        listed.write_text(json.dumps(queries(folder / "corpus", count, top)))
    for _ in range(repeat):
        done = subprocess.run([PYTHON, str(code / "bench" / "engines.py"), "--search-child", "postgres", url,
                               str(listed)], cwd=code, capture_output=True, text=True)
        if done.returncode:
            sys.exit(done.stdout[-3000:] + done.stderr[-3000:])
        found = json.loads(done.stdout.strip().splitlines()[-1])
        digest = hashlib.sha1(json.dumps(found["answers"]).encode()).hexdigest()[:10]
        (folder / f"answers-{database}-{code.name}.json").write_text(json.dumps(found["answers"]))
        with open("/proc/loadavg") as handle:
            load = handle.read().split()[0]
        print(json.dumps({"database": database, "p50_ms": round(found["p50_ms"], 1),
                          "p95_ms": round(found["p95_ms"], 1), "answers": digest, "load": load}), flush=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("build", "search", "clone", "restart", "stop"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("name", nargs="?", help="clone: the new database's name")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--database", default="bench")
    parser.add_argument("--shared-buffers", help="restart: the server's shared_buffers (its default: 128MB)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="search: the checkout whose code answers (e.g. a worktree of an earlier commit)")
    args = parser.parse_args(argv)
    if args.command == "build":
        build(args.folder, args.size, args.copies, args.jobs)
    elif args.command == "search":
        search(args.folder, args.database, args.queries, args.repeat, args.code.resolve())
    elif args.command == "clone":
        import psycopg

        with psycopg.connect(server(args.folder).url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{args.name}" TEMPLATE "{args.database}"')
    elif args.command == "restart":
        kept = server(args.folder, start=False)
        kept.run("pg_ctl", "-D", str(kept.data), "-m", "fast", "-w", "stop", check=False)
        kept.settings = f"-c shared_buffers={args.shared_buffers}" if args.shared_buffers else ""
        kept.start()
    else:
        server(args.folder, start=False).stop()


if __name__ == "__main__":
    main()
