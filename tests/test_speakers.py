"""A speaker is found by key or by name, alike in the API, the page and the CLI; a name that fits several or none says so."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from search.cli import main
from search.index import build as indexer
from search.query import Engine, QueryError

LINES = {
    "Kurt Volker": ["“Ukraine deserves our support,” Kurt Volker said.", "“The talks went well,” Volker said."],
    "John Smith": ["“Taxes will rise,” John Smith said."],
    "Jane Smith": ["“Taxes will fall,” Jane Smith said.", "“Ukraine is far away,” Jane Smith said."],
}


@pytest.fixture(scope="module")
def people_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("speakers")
    with open(folder / "docs.jsonl", "w", encoding="utf-8") as handle:
        for i, (who, lines) in enumerate(LINES.items()):
            handle.write(json.dumps({"id": f"d{i}", "title": f"Report on {who}", "source": "Wire",
                                     "date": "2020-01-0{}".format(i + 1), "text": "\n\n".join(lines)}) + "\n")
    indexer.reindex([folder / "docs.jsonl"], folder / "ix", jobs=1)
    return folder / "ix"


@pytest.fixture()
def session(people_index):
    with Engine(people_index).session(seconds=30) as opened:
        yield opened


@pytest.mark.parametrize("given", ["kurt-volker", "Kurt Volker", "kurt volker", "Volker", "KURT D. VOLKER"])
def test_a_name_resolves_to_the_speakers_key(session, given):
    assert session.resolve_speaker(given) == "kurt-volker"


def test_a_full_name_is_its_speaker_though_its_surname_fits_two(session):
    assert session.resolve_speaker("Jane Smith") == "jane-smith"


def test_a_name_that_fits_several_speakers_names_them(session):
    with pytest.raises(QueryError) as caught:
        session.resolve_speaker("Smith")
    message = str(caught.value)
    assert "fits 2 speakers" in message and "jane-smith" in message and "john-smith" in message


def test_a_name_that_fits_nobody_says_so_and_offers_the_closest(session):
    with pytest.raises(QueryError, match="no speaker is called 'Kurt Volkar': did you mean Kurt Volker"):
        session.resolve_speaker("Kurt Volkar")
    with pytest.raises(QueryError, match="no speaker is called 'Envoy Volker': did you mean Kurt Volker"):
        session.resolve_speaker("Envoy Volker")
    with pytest.raises(QueryError, match=r"no speaker is called 'Angela Merkel'\. Give a name"):
        session.resolve_speaker("Angela Merkel")


def test_a_search_by_name_is_the_search_by_key(session):
    by_key = session.search("", speakers=["kurt-volker"])
    by_name = session.search("", speakers=["Kurt Volker"])
    assert by_name.total == by_key.total == 2
    assert by_name.request == by_key.request  # the names given are keys in the request as run
    assert session.search("", exclude=["Volker"]).total == 3


def test_a_speaker_prefix_in_the_words_means_exactly_that_speaker(session):
    found = session.search('ukraine speaker:"Jane Smith"')
    assert [h.speaker_key for h in found.hits] == ["jane-smith"]
    assert found.request.text == "ukraine" and found.request.speakers == ("jane-smith",)
    assert session.search("speaker:volker ukraine").total == 1


def api(people_index):
    from app import create_app

    return create_app({"TESTING": True, "INDEX_DIR": people_index}).test_client()


def test_the_api_and_the_page_take_a_name_and_refuse_an_ambiguous_one(people_index):
    client = api(people_index)
    by_name = client.get("/api/search?q=&speaker=Kurt+Volker").get_json()
    by_key = client.get("/api/search?q=&speaker=kurt-volker").get_json()
    assert by_name["total"] == by_key["total"] == 2 and by_name["speakers"] == ["kurt-volker"]
    refused = client.get("/api/search?q=taxes&speaker=Smith")
    assert refused.status_code == 400 and "fits 2 speakers" in refused.get_json()["error"]
    page = client.get("/?q=taxes&exclude=Smith")
    assert page.status_code == 400 and "fits 2 speakers" in page.get_data(as_text=True)
    assert client.get("/?q=ukraine&exclude=Jane+Smith").status_code == 200


def test_the_cli_takes_a_name_and_says_when_it_fits_several(people_index):
    run = CliRunner().invoke
    found = run(main, ["query", "ukraine", "--exclude", "Volker", "--index-dir", str(people_index)])
    assert found.exit_code == 0 and "1 result" in found.output and "Jane Smith" in found.output
    refused = run(main, ["query", "taxes", "--speaker", "Smith", "--index-dir", str(people_index)])
    assert refused.exit_code != 0 and "fits 2 speakers" in refused.output


def test_the_cli_offers_a_respelling(people_index):
    found = CliRunner().invoke(main, ["query", "ukrane", "--index-dir", str(people_index)])
    assert "Did you mean: ukraine?" in found.output
