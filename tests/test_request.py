"""A search request is declared once: read from a query string, written back, and every link the page makes from it."""
from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from search.query import FILTERS, QueryError, SearchRequest

SPEAKERS = ["hatem-al-maksusi", "new-york-times", "cable--a19b60", "outlets--a19b60"]
SOURCES = ["TRT World", "The Times of Israel (AFP)", "Nobody & Co"]
DATES = ["", "2019", "2019-11", "2019-11-18", "2019-11-19", "2020"]


def args_of(url: str) -> MultiDict:
    return MultiDict([(k, v) for k, values in parse_qs(urlsplit(url).query, keep_blank_values=True).items()
                      for v in values])


def test_a_query_string_reads_into_a_request_and_back():
    args = MultiDict([("q", "iran"), ("speaker", "a"), ("speaker", "b"), ("speaker", "a"), ("exclude", "c"),
                      ("source", "TRT World"), ("from", " 2019 "), ("to", "2019-11"), ("certain", "on"),
                      ("type", "all"), ("sort", "date"), ("page", "2")])
    asked = SearchRequest.from_args(args)
    assert asked == SearchRequest("iran", "all", "date", ("a", "b"), ("c",), ("TRT World",), "2019", "2019-11",
                                  True, 2)
    assert SearchRequest.from_args(MultiDict(asked.to_args())) == asked


def test_filters_left_unset_are_left_out_of_the_query_string():
    assert SearchRequest("iran").to_args() == [("q", "iran"), ("type", "quote"), ("sort", "relevance")]
    assert SearchRequest.from_args({}) == SearchRequest()


@pytest.mark.parametrize("page", ["x", "0", "-1", "10001"])
def test_a_page_that_is_no_page_is_a_clear_error(page):
    with pytest.raises(QueryError, match="page number"):
        SearchRequest.from_args({"page": page})


def test_without_removes_exactly_one_value_and_starts_again_on_page_one():
    asked = SearchRequest("iran", speakers=("a", "b"), sources=("S",), date_from="2019", certain=True, page=3)
    assert asked.without("speaker", "a") == SearchRequest("iran", speakers=("b",), sources=("S",),
                                                          date_from="2019", certain=True)
    assert asked.without("certain") == SearchRequest("iran", speakers=("a", "b"), sources=("S",), date_from="2019")
    assert asked.without("from") == SearchRequest("iran", speakers=("a", "b"), sources=("S",), certain=True)
    with pytest.raises(KeyError):
        asked.without("colour")


def test_speaker_prefixes_in_the_words_become_speakers():
    lifted = SearchRequest('speaker:trump iran speaker:"Kurt Volker"').lifted()
    assert lifted == SearchRequest("iran", speakers=("trump", "Kurt Volker"))
    assert SearchRequest("loudspeaker:x").lifted() == SearchRequest("loudspeaker:x")


def test_the_cli_and_the_api_offer_every_filter():
    from click.testing import CliRunner

    from search.web import openapi
    from search.cli import main

    helped = CliRunner().invoke(main, ["query", "--help"]).output
    params = {p["name"] for p in openapi.document(500)["paths"]["/api/search"]["get"]["parameters"]}
    for f in FILTERS:
        assert f.option in helped
        assert f.param in params


def test_the_reported_500_is_a_page_and_its_chip_removes_its_source(client):
    page = client.get("/?q=iran&source=TRT+World&certain=1")
    assert page.status_code == 200
    chips = Chips.of(page.get_data(as_text=True))
    removed = {SearchRequest.from_args(args_of(href)) for href in chips.chips}
    asked = SearchRequest("iran", sources=("TRT World",), certain=True)
    assert removed == {asked.without("source", "TRT World"), asked.without("certain")}


class Chips(HTMLParser):
    """The chip links and the leave-out links of a results page."""

    def __init__(self) -> None:
        super().__init__()
        self.chips: list[str] = []
        self.leave_out: list[str] = []
        self.months: list[str] = []
        self._in_months = False

    @classmethod
    def of(cls, page: str) -> "Chips":
        found = cls()
        found.feed(page)
        return found

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "ul" and "months" in classes:
            self._in_months = True
        if tag != "a":
            return
        if "chip" in classes:
            self.chips.append(attrs["href"])
        elif "exclude" in classes:
            self.leave_out.append(attrs["href"])
        elif self._in_months:
            self.months.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "ul":
            self._in_months = False


def expected_chips(asked: SearchRequest) -> Counter:
    """Return what each chip should link to: the request without exactly one of its filters."""
    out = Counter()
    for f in FILTERS:
        value = getattr(asked, f.name)
        if f.kind == "keys":
            out.update(asked.without(f.name, v) for v in value)
        elif f.kind == "flag" and value:
            out[asked.without(f.name)] += 1
    if asked.date_from or asked.date_to:
        out[asked.without("from").without("to")] += 1
    return out


requests = st.builds(
    SearchRequest,
    text=st.sampled_from(["", "iran", "intelligence", "the"]),
    type=st.sampled_from(["quote", "paragraph", "all"]),
    sort=st.sampled_from(["relevance", "date"]),
    speakers=st.lists(st.sampled_from(SPEAKERS), max_size=2, unique=True).map(tuple),
    exclude=st.lists(st.sampled_from(SPEAKERS), max_size=2, unique=True).map(tuple),
    sources=st.lists(st.sampled_from(SOURCES), max_size=2, unique=True).map(tuple),
    date_from=st.sampled_from(DATES),
    date_to=st.sampled_from(DATES),
    certain=st.booleans(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(asked=requests)
def test_every_filter_combination_renders_and_each_chip_removes_exactly_its_filter(client, asked):
    response = client.get("/?" + "&".join(f"{k}={v}" for k, v in _quoted(asked.to_args())))
    assert response.status_code < 500
    if response.status_code != 200 or not asked.asks():
        return
    links = Chips.of(response.get_data(as_text=True))
    got = Counter(SearchRequest.from_args(args_of(href)) for href in links.chips)
    assert got == expected_chips(asked)
    for href in links.leave_out:
        left_out = SearchRequest.from_args(args_of(href))
        assert left_out == asked.changed(exclude=asked.exclude + left_out.exclude[-1:])
        assert left_out.exclude[-1] not in asked.exclude
    for href in links.months:
        month = SearchRequest.from_args(args_of(href))
        assert month == asked.changed(date_from=month.date_from, date_to=month.date_from)


def _quoted(pairs):
    from urllib.parse import quote_plus

    return [(quote_plus(k), quote_plus(v)) for k, v in pairs]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(asked=requests)
def test_the_api_answers_every_combination_and_echoes_the_request(client, asked):
    response = client.get("/api/search?" + "&".join(f"{k}={v}" for k, v in _quoted(asked.to_args())))
    assert response.status_code < 500
    if response.status_code == 200:
        echoed = response.get_json()
        assert {k: echoed[k] for k in asked.echo()} == asked.echo()
    else:
        assert response.status_code == 400 and response.get_json()["error"]


@pytest.mark.parametrize("changes", [
    {}, {"page": 3}, {"text": "new words"}, {"exclude": ("a", "b", "a", " ")}, {"speakers": ["x", "y"]},
    {"speakers": "one"}, {"certain": 1}, {"certain": False}, {"date_from": " 2019 ", "date_to": ""},
    {"type": ""}, {"sort": "date", "sources": ()},
])
def test_a_changed_requests_query_string_is_made_without_making_the_request(changes):
    asked = SearchRequest(text="iran deal", speakers=("donald-trump",), sources=("Reuters",), page=4, certain=True)
    assert asked.changed_args(**changes) == asked.changed(**changes).to_args()


def test_changing_a_field_a_request_has_not_is_an_error():
    with pytest.raises(TypeError):
        SearchRequest(text="x").changed_args(color="red")
