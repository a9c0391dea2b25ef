"""The search box knows who: a query naming a speaker offers their page and ranks their quotes first."""
from __future__ import annotations

import pytest

from search import query
from search.index import build as indexer
from search.query.people import People, plain, rest
from tests.conftest import ENGINES

ENVOY = """Envoy speaks on Ukraine

Kurt Volker, the special envoy, spoke to reporters on Tuesday.

"We should be supporting Ukraine and its democracy," Kurt Volker said.

"The talks went well and we will meet again next month," Volker said.

Donald Trump answered questions at the White House.

"Nobody has done more for Ukraine than I have," Donald Trump said.

"We will build the wall," Trump said.

Ivanka Trump spoke later. "My father works hard every day," Ivanka Trump said.
"""

SENATOR = """Senator questions envoy

Maria Keller, a senator, spoke on Wednesday.

"Volker has not explained his role in Ukraine at all," Maria Keller said.

"I want answers before the holidays," Keller said.
"""

# The spokesman's quote holds no name: only the paragraph before it names who was there.
EMBASSY = """Embassy visit

Gordon Sondland arrived at the embassy on Monday morning.

"We have no comment on the schedule of any visitor," a spokesman said.
"""


@pytest.fixture(scope="module", params=ENGINES)
def engine(request, tmp_path_factory):
    """The two articles on each engine; `settings` says where, for the app and the command line."""
    folder = tmp_path_factory.mktemp("people-docs")
    (folder / "envoy.txt").write_text(ENVOY, encoding="utf-8")
    (folder / "senator.txt").write_text(SENATOR, encoding="utf-8")
    (folder / "embassy.txt").write_text(EMBASSY, encoding="utf-8")
    if request.param == "postgres":
        from search.engines.postgres import PostgresEngine
        from search.engines.writers import PostgresWriter

        url = request.getfixturevalue("pg_cluster").database()
        PostgresWriter(url).reindex([folder], jobs=1)
        made = PostgresEngine(url, limits=query.Limits(seconds=30))
        made.settings = {"DATABASE_URL": url}
        yield made
        made.close()
        return
    index_dir = tmp_path_factory.mktemp("people-index")
    indexer.reindex([folder], index_dir, jobs=1)
    made = query.Engine(index_dir)
    made.settings = {"INDEX_DIR": index_dir}
    yield made


def search(engine, text, **kw):
    with engine.session() as session:
        return session.search(text, **kw)


def test_full_name_finds_their_quotes_and_offers_their_page(engine):
    results = search(engine, "kurt volker")
    assert results.total == 2  # neither quote holds the words "kurt volker"
    assert {h.speaker for h in results.hits} == {"Kurt Volker"}
    assert [(f.key, f.name, f.count) for f in results.people] == [("kurt-volker", "Kurt Volker", 2)]


def test_surname_and_a_word_rank_their_quote_above_one_that_mentions_them(engine):
    results = search(engine, "volker ukraine")
    assert [h.speaker for h in results.hits] == ["Kurt Volker", "Maria Keller"]
    assert results.people[0].name == "Kurt Volker"


def test_a_surname_names_everyone_who_bears_it_most_quoted_first(engine):
    assert [f.name for f in search(engine, "trump").people] == ["Donald Trump", "Ivanka Trump"]


def test_a_full_name_names_that_person_only(engine):
    results = search(engine, "donald trump ukraine")
    assert [f.name for f in results.people] == ["Donald Trump"]
    assert [h.speaker for h in results.hits] == ["Donald Trump"]


@pytest.mark.parametrize("text", ["gordon sondland", "sondland schedule"])
def test_a_name_finds_the_quote_it_stands_near(engine, text):
    results = search(engine, text)  # no quote holds "sondland" and he has none: the names around them do
    assert [h.speaker for h in results.hits] == ["a spokesman"] and results.people == ()


def test_a_name_near_a_quote_ranks_it_below_one_that_holds_the_word(engine):
    results = search(engine, "volker")  # Keller's quote holds the word; Volker's own are found by his key
    assert [h.speaker for h in results.hits][:2] == ["Kurt Volker", "Kurt Volker"]
    assert "Maria Keller" in [h.speaker for h in results.hits]


def test_words_naming_nobody_offer_no_page(engine):
    results = search(engine, "ukraine")
    assert results.people == ()
    assert results.total == 3


def test_paragraph_search_offers_the_page_but_lists_paragraphs_only(engine):
    results = search(engine, "volker", type="paragraph")
    assert results.people[0].key == "kurt-volker"
    assert {h.type for h in results.hits} == {"paragraph"}


def test_an_export_holds_exactly_the_hits_the_search_counts(engine):
    with engine.session() as session:
        total = session.search("kurt volker").total
        assert len(list(session.every_match("kurt volker"))) == total == 2


def test_query_syntax_is_left_as_typed():
    assert plain("kurt volker ukraine")
    for typed in ('"kurt volker"', "volker OR trump", "volk*", "volker -ukraine", "volker~"):
        assert not plain(typed)


def test_the_rest_of_a_query_leaves_out_the_naming_words():
    people = People({"kurt-volker": 3, "ban-ki-moon": 2, "loretta-lynch": 4})
    names = {"kurt-volker": "Kurt Volker", "ban-ki-moon": "Ban Ki-moon", "loretta-lynch": "Loretta E. Lynch"}
    lookup = lambda keys: {k: names[k] for k in keys}  # noqa: E731
    found = people.named("what Volker said on Ukraine", lookup)
    assert [n.key for n in found] == ["kurt-volker"] and not found[0].full
    assert rest("what Volker said on Ukraine", found) == "what said on Ukraine"
    assert [n.key for n in people.named("Ban Ki-moon", lookup)] == ["ban-ki-moon"]
    assert people.named("Loretta E. Lynch", lookup)[0].full  # the initial is no part of the key


def test_descriptions_and_common_words_name_nobody():
    people = People({"president--58e722": 5, "new-york-times": 3, "the": 1})
    lookup = lambda keys: {"new-york-times": "The New York Times"}  # noqa: E731
    assert people.named("president", lookup) == ()
    assert people.named("times", lookup) == ()  # an organisation has no surname
    assert [n.key for n in people.named("new york times", lookup)] == ["new-york-times"]


def test_page_api_and_command_line_offer_the_same_speaker(engine, tmp_path):
    from click.testing import CliRunner

    from app import create_app
    from search.cli import main

    made = create_app({"TESTING": True, "TIME_BUDGET": 30.0, **engine.settings})
    client = made.test_client()
    page = client.get("/?q=volker+ukraine").get_data(as_text=True)
    assert 'href="/speaker/kurt-volker">Quotes by Kurt Volker (2)' in page
    api = client.get("/api/search?q=volker+ukraine").get_json()
    assert api["people"] == [{"key": "kurt-volker", "name": "Kurt Volker", "count": 2, "selected": False}]
    where = (["--database-url", engine.settings["DATABASE_URL"]] if "DATABASE_URL" in engine.settings
             else ["--index-dir", str(engine.settings["INDEX_DIR"])])
    out = CliRunner().invoke(main, ["query", "volker", "ukraine", *where]).output
    made.extensions["search.engine"].close()
    total, offered = out.splitlines()[:2]  # the total first, as scripts read it
    assert total.split()[1:] in (["result"], ["results"]) and total.split()[0].isdigit()
    assert offered == "Quotes by Kurt Volker (2) → search query --speaker kurt-volker"
