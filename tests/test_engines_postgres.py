"""The PostgreSQL engine against a real server: same records as Whoosh, swaps, updates, the guard, replicas."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.request

import pytest

from tests import pg

if pg.missing() and not __import__("os").environ.get("SEARCH_REQUIRE_POSTGRES"):
    pytest.skip(pg.missing(), allow_module_level=True)

from search.index import build as indexer  # noqa: E402
from search.index import store  # noqa: E402
from search.engines.postgres import PostgresEngine  # noqa: E402
from search.engines.writers import PostgresWriter  # noqa: E402
from search.query import Engine as WhooshReader, Limits, QueryError  # noqa: E402
from tests.conftest import ROOT, SEEDS  # noqa: E402
from tests.pg import wait_for  # noqa: E402


LIMITS = Limits(seconds=30)  # a loaded machine must not make these answers partial: only one test is about time


def corpus(folder, docs):
    """Write documents as JSON Lines and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    return folder


def article(doc_id, said, who="Ann Lee", date="2020-01-02", source="Wire"):
    return {"id": doc_id, "title": f"Story {doc_id}", "date": date, "source": source,
            "text": f"Story {doc_id}\n\n“{said},” {who} said.\n\nA closing paragraph about nothing much."}


@pytest.fixture(scope="module")
def seeded(pg_cluster):
    """Return an engine on a database holding the seeds."""
    engine = PostgresEngine(pg_cluster.database(), limits=LIMITS)
    PostgresWriter(engine.url).reindex([SEEDS])
    yield engine
    engine.close()


def test_quote_ids_and_records_are_whoosh_ones(seeded, seed_index):
    with seeded.session() as pg, WhooshReader(seed_index, LIMITS).session() as wh:
        pg_hits, wh_hits = pg.search("", page_size=50), wh.search("", page_size=50)
        assert pg_hits.total == wh_hits.total == 17
        assert sorted(h.id for h in pg_hits.hits) == sorted(h.id for h in wh_hits.hits)
        for hit in wh_hits.hits:
            assert json.loads(json.dumps(pg.quote(hit.id))) == json.loads(json.dumps(wh.quote(hit.id)))
        doc = wh_hits.hits[0].doc
        assert json.loads(json.dumps(pg.document(doc))) == json.loads(json.dumps(wh.document(doc)))
        assert pg.paragraph(doc, 3) == wh.paragraph(doc, 3)
        assert pg.overview() == wh.overview()


@pytest.mark.parametrize("args", [
    dict(text="iran"), dict(text="intelligence", type="all"), dict(text='"prime minister"', type="all"),
    dict(text="iraq OR iran", type="paragraph"), dict(text="iraq -iran", type="paragraph"),
    dict(text="presid*", type="all", sort="date"), dict(text="", type="all", page=2),
    dict(text="", sources=("AFP",), type="all"), dict(text="", date_from="2019-11", date_to="2019-11", type="all"),
])
def test_searches_agree_with_whoosh(seeded, seed_index, args):
    with seeded.session() as pg, WhooshReader(seed_index, LIMITS).session() as wh:
        got, want = pg.search(**args), wh.search(**args)
    assert got.total == want.total
    shared = {h.id for h in got.hits} & {h.id for h in want.hits}
    assert len(shared) >= 0.6 * len(want.hits)  # the rankings differ (ts_rank, BM25F); the first pages overlap
    assert [(f.key, f.count) for f in got.facets] == [(f.key, f.count) for f in want.facets]
    assert [(f.key, f.count) for f in got.sources] == [(f.key, f.count) for f in want.sources]
    assert [(f.key, f.count) for f in got.months] == [(f.key, f.count) for f in want.months]
    if args.get("sort") == "date" or not args["text"]:
        assert [h.id for h in got.hits] == [h.id for h in want.hits]


@pytest.mark.parametrize("args", [dict(text="iraq OR iran", type="paragraph"), dict(text='"prime minister"', type="all")])
def test_a_ranking_without_ties_is_whooshs_in_order(seeded, seed_index, args):
    # Both score BM25F (bm25.py): where no two matches score alike, the first page is Whoosh's, in its order.
    with seeded.session() as pg, WhooshReader(seed_index, LIMITS).session() as wh:
        assert [h.id for h in pg.search(**args).hits] == [h.id for h in wh.search(**args).hits]


def test_a_named_speakers_boost_needs_the_rest_of_the_words_as_on_whoosh(seeded, seed_index):
    # "karbala" stands among the names near one of Maksusi's quotes, not in it: Whoosh gives that quote no boost.
    with seeded.session() as pg, WhooshReader(seed_index, LIMITS).session() as wh:
        got, want = pg.search("maksusi karbala"), wh.search("maksusi karbala")
    assert want.total and [h.id for h in got.hits] == [h.id for h in want.hits]


def test_highlights_mark_words_and_escape_the_rest_once(pg_cluster, tmp_path):
    engine = PostgresEngine(pg_cluster.database(), limits=LIMITS)
    folder = corpus(tmp_path / "c", [article("x", "Taxes <b>rise</b> & fall for everyone")])
    PostgresWriter(engine.url).reindex([folder])
    indexer.reindex([folder], tmp_path / "ix", jobs=1)
    with engine.session() as s, WhooshReader(tmp_path / "ix", LIMITS).session() as wh:
        hit, same = s.search("taxes").hits[0], wh.search("taxes").hits[0]
    assert str(hit.highlighted).startswith("<mark>Taxes</mark> &lt;b&gt;rise&lt;/b&gt; &amp; fall for everyone")
    assert hit.highlighted == same.highlighted


def test_user_text_never_becomes_sql(seeded):
    with seeded.session() as s:
        for text in ("'; DROP TABLE search_served; --", "iran & !iraq", "iran:* | x", "a\\b", '"unclosed'):
            s.search(text)
    with seeded.session() as s:
        assert s.search("iran").total == 4


def test_bad_queries_get_the_whoosh_messages(seeded):
    with seeded.session() as s:
        for text in ("*ran", "[a TO z]", "iran~5"):
            with pytest.raises(QueryError):
                s.search(text)


def test_out_of_time_is_partial_not_an_error(pg_cluster, seeded):
    slow = PostgresEngine(seeded.url, limits=Limits(seconds=0))
    with slow.session() as s:
        results = s.search("iran")
    assert results.partial and not results.hits
    slow.close()


def test_a_reindex_swaps_at_once_and_keeps_one_previous_generation(pg_cluster, tmp_path):
    engine = PostgresEngine(pg_cluster.database(), limits=LIMITS)
    for n in range(3):
        PostgresWriter(engine.url).reindex([corpus(tmp_path / f"c{n}", [article(f"d{n}", f"Round {n} words")])])
    with engine.session() as s:
        assert [h.doc for h in s.search("words").hits] == ["d2"]
    with engine.connection() as conn:
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE tablename ~ '^g[0-9]+_'")}
    assert {t.split("_")[0] for t in tables} == {"g2", "g3"}


def test_the_guard_refuses_empty_and_halved_indexes(pg_cluster, tmp_path):
    engine = PostgresEngine(pg_cluster.database(), limits=LIMITS)
    write = PostgresWriter(engine.url)
    write.reindex([corpus(tmp_path / "big", [article(f"d{n}", f"Item {n} here") for n in range(4)])])
    with pytest.raises(store.Refused):
        write.reindex([tmp_path / "nothing-here"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(store.Refused):
        write.reindex([tmp_path / "empty"])
    with pytest.raises(store.Refused):
        write.reindex([corpus(tmp_path / "small", [article("s", "Small one")])])
    with engine.session() as s:
        assert s.overview()["documents"] == 4
    write.reindex([tmp_path / "small"], allow_shrink=True)
    with engine.session() as s:
        assert s.overview()["documents"] == 1


def test_one_writer_at_a_time(pg_cluster, tmp_path):
    import psycopg

    from search.engines.postgres import schema

    engine = PostgresEngine(pg_cluster.database(), limits=LIMITS)
    PostgresWriter(engine.url).reindex([corpus(tmp_path / "c", [article("d", "First words")])])
    with psycopg.connect(engine.url, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", (schema.LOCK_KEY,))
        with pytest.raises(store.IndexBusy):
            PostgresWriter(engine.url).reindex([tmp_path / "c"])


def test_an_update_is_seen_by_every_server_as_it_commits(pg_cluster, tmp_path):
    url = pg_cluster.database()
    writer, one, two = PostgresWriter(url), PostgresEngine(url, limits=LIMITS), PostgresEngine(url, limits=LIMITS)
    writer.reindex([corpus(tmp_path / "c", [article("a", "Budget talks stall"), article("b", "Budget passes")])])
    for server in (one, two):
        with server.session() as s:
            assert s.search("budget").total == 2
    summary = writer.update([corpus(tmp_path / "u", [article("b", "Budget fails", who="Bob Stone"),
                                                     article("c", "Budget returns")])])
    assert summary.documents == 2
    for server in (one, two):
        with server.session() as s:
            assert s.search("budget").total == 3
            assert s.search("passes").total == 0
            assert [f.name for f in s.search("fails").facets] == ["Bob Stone"]


def test_readers_never_see_half_an_update(pg_cluster, tmp_path):
    url = pg_cluster.database()
    engine = PostgresEngine(url, limits=LIMITS)
    PostgresWriter(engine.url).reindex([corpus(tmp_path / "c", [article(f"d{n}", "Old wording") for n in range(20)])])
    seen, done = set(), threading.Event()

    def read():
        with engine.session() as s:
            seen.update((s.search("old").total, s.search("new").total))

    def keep_reading():
        while not done.is_set():
            read()

    read()  # before: all old; then reads while the update writes, and one after it committed: all new
    reader = threading.Thread(target=keep_reading)
    reader.start()
    try:
        PostgresWriter(url).update([corpus(tmp_path / "u", [article(f"d{n}", "New wording") for n in range(20)])])
    finally:
        done.set()
        reader.join()
    read()
    assert seen == {0, 20}  # never a count between: no reader saw part of the update


def test_a_streaming_replica_answers_as_the_primary(pg_cluster, tmp_path):
    url = pg_cluster.database()
    primary = PostgresEngine(url, limits=LIMITS)
    PostgresWriter(primary.url).reindex([SEEDS])
    standby = pg_cluster.standby()
    replica = PostgresEngine(url, read_url=standby.url(url.rsplit("/", 1)[1]), limits=LIMITS)

    def answers(engine):
        with engine.session() as s:
            r = s.search("iran", type="all")
            return r.total, [h.id for h in r.hits]

    assert wait_for(lambda: _served(replica), 30)
    assert answers(replica) == answers(primary)
    with replica.connection() as conn:
        assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
    PostgresWriter(primary.url).update([corpus(tmp_path / "u", [article("new", "Iran talks resume")])])
    assert wait_for(lambda: answers(replica) == answers(primary), 30)


def _served(engine) -> bool:
    try:
        engine.served()
        return True
    except Exception:
        return False


def test_an_export_streams_every_match_in_index_order(seeded, seed_index):
    with seeded.session() as pg, WhooshReader(seed_index, LIMITS).session() as wh:
        got = [r["id"] for r in pg.every_match("", type="all")]
        want = [r["id"] for r in wh.every_match("", type="all")]
    assert sorted(got) == sorted(want) and len(got) == 76


def _serve(url: str, tmp_path) -> tuple[subprocess.Popen, int]:
    """Start `search serve` on a database; return the process and its port."""
    from tests.test_server import CLI, free_port, stop

    for _attempt in range(5):
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-c", CLI, "serve", "--host", "127.0.0.1", "--port", str(port),
                                 "--database-url", url, "--index-dir", str(tmp_path / "unused"),
                                 "--time-budget", "30", "--threads", "2"],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if wait_for(lambda: proc.poll() is not None or _total(port, "budget") is not None, 30) and proc.poll() is None:
            return proc, port
        stop(proc)
    pytest.fail("the server did not start: " + proc.stderr.read().decode(errors="replace")[-2000:])


def _total(port: int, q: str) -> int | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q={q}", timeout=10) as answer:
            return json.loads(answer.read())["total"]
    except OSError:
        return None


def test_two_servers_on_one_database_serve_an_update_as_it_commits(pg_cluster, tmp_path):
    from click.testing import CliRunner

    from search import cli
    from tests.test_server import stop

    url = pg_cluster.database()
    first = CliRunner().invoke(cli.main, ["reindex", "--database-url", url, str(corpus(
        tmp_path / "c", [article("a", "Budget talks stall"), article("b", "Budget passes")]))])
    assert first.exit_code == 0 and "Indexed 2 documents" in first.output, first.output
    servers = [_serve(url, tmp_path) for _ in range(2)]
    try:
        assert [_total(port, "budget") for _, port in servers] == [2, 2]
        assert [_total(port, "pangolin") for _, port in servers] == [0, 0]
        update = CliRunner().invoke(cli.main, ["reindex", "--update", "--database-url", url, str(corpus(
            tmp_path / "u", [article("c", "Budget pangolin rules")]))])
        assert update.exit_code == 0 and "Updated 1 document" in update.output, update.output
        # No waiting and no restart: the next request to either server reads the committed update.
        assert [_total(port, "pangolin") for _, port in servers] == [1, 1]
        assert [_total(port, "budget") for _, port in servers] == [3, 3]
    finally:
        for proc, _ in servers:
            stop(proc)


def test_the_command_line_guards_a_database_as_a_folder(pg_cluster, tmp_path):
    from click.testing import CliRunner

    from search import cli

    url = pg_cluster.database()
    run = lambda *args: CliRunner().invoke(cli.main, ["reindex", "--database-url", url, *map(str, args)])  # noqa: E731
    assert run(corpus(tmp_path / "c", [article(f"d{n}", "Budget words") for n in range(4)])).exit_code == 0
    (tmp_path / "empty").mkdir()
    refused = run(tmp_path / "empty")
    assert refused.exit_code == 1 and "unchanged (4 documents)" in refused.output
    assert run(tmp_path / "c", "--if-missing").output.startswith("database test")
    found = CliRunner().invoke(cli.main, ["query", "budget", "--database-url", url])
    assert found.exit_code == 0 and "4 results" in found.output
    wrong = CliRunner().invoke(cli.main, ["query", "budget", "--database-url", "mysql://x/y"])
    assert wrong.exit_code == 2 and "postgresql://" in wrong.output


def test_an_empty_database_is_a_clear_page(pg_cluster, tmp_path):
    from search.web.app import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": tmp_path, "DATABASE_URL": pg_cluster.database()})
    response = app.test_client().get("/?q=x")
    assert response.status_code == 503 and "search reindex" in response.get_data(as_text=True)
    app.extensions["search.engine"].close()


def test_a_database_out_of_reach_is_a_503_not_a_500(tmp_path):
    from search.web.app import create_app

    from tests.test_server import free_port

    app = create_app({"TESTING": True, "INDEX_DIR": tmp_path,
                      "DATABASE_URL": f"postgresql://nobody@127.0.0.1:{free_port()}/none?connect_timeout=1"})
    for url in ("/?q=x", "/api/search?q=x"):
        response = app.test_client().get(url)
        assert response.status_code == 503 and "cannot be reached" in response.get_data(as_text=True)
    app.extensions["search.engine"].close()


# The roles of docs/deployment.md, as a database's owner (a superuser) sets them up.
ROLES = (
    "CREATE ROLE search_writer LOGIN",
    "CREATE ROLE search_reader LOGIN",
    "ALTER ROLE search_reader SET default_transaction_read_only = on",
    'ALTER DATABASE "{db}" OWNER TO search_writer',
    "ALTER SCHEMA public OWNER TO search_writer",
    "SET ROLE search_writer",
    "GRANT USAGE ON SCHEMA public TO search_reader",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO search_reader",
)


def test_the_web_reads_with_a_read_only_role_and_reindex_writes_with_its_own(pg_cluster, tmp_path):
    import psycopg

    url = pg_cluster.database()
    db = url.rsplit("/", 1)[1]
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in ROLES:
            conn.execute(statement.format(db=db))
    as_role = lambda role: url.replace("search@", f"{role}@")  # noqa: E731
    PostgresWriter(as_role("search_writer")).reindex([corpus(tmp_path / "c", [article("a", "Budget talks stall")])])
    reader = PostgresEngine(as_role("search_reader"), limits=LIMITS)
    with reader.session() as s:
        found = s.search("budget")
        assert found.total == 1 and s.quote(found.hits[0].id)
    with pytest.raises(Exception, match="read-only|permission denied"):
        PostgresWriter(as_role("search_reader")).reindex([tmp_path / "c"])
    PostgresWriter(as_role("search_writer")).update([corpus(tmp_path / "u", [article("b", "Budget passes")])])
    with reader.session() as s:
        assert s.search("budget").total == 2
    reader.close()


def test_an_update_drops_what_a_file_no_longer_gives_as_whoosh_does(pg_cluster, tmp_path):
    url = pg_cluster.database()
    folder = corpus(tmp_path / "c", [article("a", "Budget talks stall"), article("b", "Budget passes")])
    whoosh_dir = tmp_path / "ix"
    indexer.reindex([folder], whoosh_dir, jobs=1)
    PostgresWriter(url).reindex([folder])
    corpus(folder, [article("a", "Budget talks resume"), article("c", "Budget returns")])
    want = indexer.update([folder / "corpus.jsonl"], whoosh_dir, jobs=1)
    got = PostgresWriter(url).update([folder / "corpus.jsonl"])
    assert (got.added, got.removed) == (want.added, want.removed) == (["c"], ["b"])
    engine = PostgresEngine(url, limits=LIMITS)
    with engine.session() as s, WhooshReader(whoosh_dir, LIMITS).session() as wh:
        assert sorted(h.doc for h in s.search("budget").hits) == sorted(h.doc for h in wh.search("budget").hits)
        assert s.search("passes").total == 0 and s.search("resume").total == 1
    engine.close()


@pytest.mark.parametrize("text", ["Maksusi", "Hatem al-Maksusi", "cable iran", "Maksusi service"])
def test_a_search_by_who_finds_what_whoosh_finds(seeded, seed_index, text):
    with seeded.session() as pg, WhooshReader(seed_index, LIMITS).session() as wh:
        got, want = pg.search(text), wh.search(text)
    assert got.total == want.total and [p.key for p in got.people] == [p.key for p in want.people]
    assert {h.id for h in got.hits} == {h.id for h in want.hits}


def test_a_named_speakers_quotes_keep_whooshs_order_when_only_their_speaker_matches(pg_cluster, tmp_path):
    # "rise" is in more quotes than names, so only "tom" is looked for among the names around quotes: Tom Rise's own
    # quotes match by their speaker alone, and the names around them must not reorder them.
    text = ("Story\n\n“Prices go up,” Tom Rise said, beside Ann Lee, Bob Stone, Carl Ray and Dan Poe.\n\n"
            "“Markets fall,” Tom Rise said.\n\n“Taxes rise,” Ann Lee said.\n\n“Costs rise,” Bob Stone said.\n\n"
            "“Rents rise,” Carl Ray said.")
    folder = corpus(tmp_path / "rise", [{"id": "d1", "title": "Story", "date": "2020-01-02", "text": text}])
    indexer.reindex([folder], tmp_path / "ix", jobs=1)
    engine = PostgresEngine(pg_cluster.database(), limits=LIMITS)
    PostgresWriter(engine.url).reindex([folder], jobs=1)
    with engine.session() as pg, WhooshReader(tmp_path / "ix", LIMITS).session() as wh:
        got, want = pg.search("Tom Rise"), wh.search("Tom Rise")
    engine.close()
    assert [h.speaker for h in want.hits[:2]] == ["Tom Rise"] * 2 and want.hits[0].text.startswith("Prices")
    assert [h.id for h in got.hits] == [h.id for h in want.hits]


@pytest.mark.parametrize("text", ["tax plan", "tax plan NOT clinton"])
def test_words_rank_by_how_often_and_in_how_short_a_quote_not_how_near(pg_cluster, tmp_path, text):
    # Whoosh's BM25F sums what each word scores; ts_rank of "tax & plan" ranks by how near the words stand, and of
    # "tax & plan & !clinton" next to nothing.
    said = ["The tax plan is for the schools, the roads, the bridges, the parks and the ports of the state",
            "Tax is high; our plan works",
            "Clinton, speaking at the town hall to the voters and the reporters, has a tax plan of her own too"]
    folder = corpus(tmp_path / "tax", [article(f"d{n}", s) for n, s in enumerate(said)])
    indexer.reindex([folder], tmp_path / "ix", jobs=1)
    engine = PostgresEngine(pg_cluster.database(), limits=LIMITS)
    PostgresWriter(engine.url).reindex([folder], jobs=1)
    with engine.session() as pg, WhooshReader(tmp_path / "ix", LIMITS).session() as wh:
        got, want = pg.search(text), wh.search(text)
    engine.close()
    assert want.hits[0].text.startswith("Tax is high")
    assert [h.id for h in got.hits] == [h.id for h in want.hits]


SLOPPY = ["Taxes will surely rise next year", "Taxes rise", "Taxes, in the end, always rise and fall", "Rise of taxes",
          "The taxes we pay will one day surely rise again", "Prices rise, then taxes rise too"]


@pytest.mark.parametrize("text, total", [('"taxes rise"', 2), ('"taxes rise"~2', 3), ('"taxes rise"~3', 4),
                                         ('"taxes rise"~5', 5), ('"rise taxes"~3', 2), ('"taxes surely rise"~2', 1),
                                         ('"taxes surely rise"~4', 2)])
def test_phrase_slop_matches_as_on_whoosh(pg_cluster, tmp_path_factory, text, total):
    folder = tmp_path_factory.getbasetemp() / "sloppy"
    if not folder.exists():  # one corpus for every case
        corpus(folder, [article(f"d{n}", said) for n, said in enumerate(SLOPPY)])
        indexer.reindex([folder], folder / "ix", jobs=1)
        PostgresWriter(url := pg_cluster.database()).reindex([folder / "corpus.jsonl"])
        (folder / "url").write_text(url)
    engine = PostgresEngine((folder / "url").read_text(), limits=LIMITS)
    with engine.session() as s, WhooshReader(folder / "ix", LIMITS).session() as wh:
        got, want = s.search(text, type="quote"), wh.search(text, type="quote")
    engine.close()
    assert got.total == want.total == total
    assert {h.doc for h in got.hits} == {h.doc for h in want.hits}


def test_a_phrase_with_too_wide_a_slop_is_refused_with_a_message(seeded):
    with seeded.session() as s:
        with pytest.raises(QueryError, match="smaller ~N"):
            s.search('"vast iranian influence"~30')


def _to_version_3(url: str) -> None:
    """Put a database back in schema version 3's layout: searched columns inside the records' own tables."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        g = conn.execute("SELECT generation FROM search_served").fetchone()[0]
        conn.execute(f"""
            ALTER TABLE g{g}_paragraphs ADD COLUMN tsv tsvector;
            UPDATE g{g}_paragraphs p SET tsv = s.tsv FROM g{g}_paragraphs_search s WHERE s.seq = p.seq;
            ALTER TABLE g{g}_quotes ADD COLUMN tsv tsvector, ADD COLUMN near tsvector;
            UPDATE g{g}_quotes q SET tsv = s.tsv, near = s.near FROM g{g}_quotes_search s WHERE s.seq = q.seq;
            DROP TABLE g{g}_paragraphs_search, g{g}_quotes_search; DROP INDEX g{g}_quotes_speaker_seq;
            DELETE FROM search_schema WHERE version > 3""")


def test_a_database_of_the_previous_schema_is_refused_then_migrated_by_the_next_write(pg_cluster, tmp_path):
    url = pg_cluster.database()
    first = corpus(tmp_path / "c", [article("a", "Budget talks stall"), article("b", "Budget passes", who="Bob Stone")])
    PostgresWriter(url).reindex([first])
    engine = PostgresEngine(url, limits=LIMITS)

    def answers():
        with engine.session() as s:
            return [(r.total, [h.id for h in r.hits], [f.name for f in r.facets])
                    for r in (s.search("budget"), s.search("passes"), s.search('"talks stall"'))]

    before = answers()
    _to_version_3(url)
    with pytest.raises(Exception, match="schema is version 3 .* run `search reindex` or `search update`"):
        engine.session()
    PostgresWriter(url).update([corpus(tmp_path / "u", [article("c", "Budget returns")])])
    after = answers()
    assert after[1:] == before[1:]
    assert after[0][0] == 3 and set(before[0][1]) < set(after[0][1])


def test_a_page_folds_quote_groups_however_few_matches_it_looks_through_first(pg_cluster, tmp_path, monkeypatch):
    from search.engines.postgres import session as pg_session

    docs = [article(f"d{i}", "Budget stalls" if i % 2 else f"Budget plan {i} passes the house and heads on")
            for i in range(8)]
    engine = PostgresEngine(pg_cluster.database(), limits=LIMITS)
    PostgresWriter(engine.url).reindex([corpus(tmp_path / "c", docs)])

    def page():
        with engine.session() as s:
            r = s.search("budget", page_size=2)
            return r.total, [h.id for h in r.hits], [h.group for h in r.hits]

    total, ids, groups = page()
    assert total == 8 and len(ids) == 2 and len(set(groups)) == 2  # the four copies of "Budget stalls" show once
    monkeypatch.setattr(pg_session, "FOLD_DEPTH", 1)  # the first matches are copies of one quote: fold them all
    assert page() == (total, ids, groups)


def test_a_reindex_writes_each_quote_groups_copies_side_by_side_and_a_schema_4_database_is_still_read(pg_cluster,
                                                                                                      tmp_path):
    import psycopg

    # Copies of one quote in documents written apart: a search visits one run of pages for them, not one a copy.
    said = "The budget talks stalled again over the cost of the harbour bridge"
    docs = [article(f"d{i}", said if i % 3 == 0 else f"Plan {i} passes the house") for i in range(9)]
    url = pg_cluster.database()
    PostgresWriter(url).reindex([corpus(tmp_path / "c", docs)])
    engine = PostgresEngine(url, limits=LIMITS)
    with engine.session() as s:
        before = s.search("budget")
    assert before.total == 3 and [h.group_size for h in before.hits] == [3]
    with psycopg.connect(url, autocommit=True) as conn:
        g = conn.execute("SELECT generation FROM search_served").fetchone()[0]
        for name in ("quotes", "quotes_search"):
            groups = [grp for (grp,) in conn.execute(f"SELECT grp FROM g{g}_{name} ORDER BY ctid")]
            assert groups == sorted(groups)  # in group order on disk, whatever order the documents came in
        conn.execute("DELETE FROM search_schema WHERE version > 4")  # schema 5 only reordered rows
    engine.close()
    engine = PostgresEngine(url, limits=LIMITS)
    with engine.session() as s:
        after = s.search("budget")
    assert (after.total, [h.id for h in after.hits]) == (before.total, [h.id for h in before.hits])
    engine.close()
