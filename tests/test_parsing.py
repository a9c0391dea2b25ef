"""Every query form has a bounded cost: expansions capped with a notice, unbounded forms refused with a message."""
import pytest

from search import query
from search.query.parsing import Limits, minus_as_not
from search.query.request import SearchRequest


def session_with(index_dir, **limits):
    return query.Engine(index_dir, Limits(**limits)).session()


def marked(results) -> set[str]:
    """Return the words marked in a page of results."""
    import re

    return {w.lower() for h in results.hits for w in re.findall(r"<mark>(.*?)</mark>", str(h.highlighted))}


def test_a_wildcard_uses_its_most_frequent_words_and_says_so(bounds_index):
    with session_with(bounds_index, max_expansions=3) as s:
        results = s.search("tax*")
    assert results.notices == ("tax* matched more than 3 words; results use the 3 most frequent",)
    # taxes (stemmed tax) and tax1 are in 12 quotes, tax2 in 11; tax3 to tax12 are left out.
    assert marked(results) == {"taxes", "tax1", "tax2"}
    assert results.total == 12 and not results.partial


def test_a_wildcard_within_the_cap_has_no_notice(bounds_index):
    with session_with(bounds_index) as s:
        results = s.search("tax1*")
    assert results.notices == ()
    assert marked(results) == {"tax1", "tax10", "tax11", "tax12"}


def test_a_question_mark_wildcard_is_capped_the_same_way(bounds_index):
    with session_with(bounds_index, max_expansions=2) as s:
        results = s.search("tax?")
    assert results.notices == ("tax? matched more than 2 words; results use the 2 most frequent",)
    assert marked(results) == {"tax1", "tax2"}  # in 12 and 11 quotes; tax3 ... tax9 in fewer


def test_fuzzy_words_expand_to_near_words_capped(bounds_index):
    with session_with(bounds_index) as s:
        assert s.search("presdent~", type="paragraph").total == 11  # "president"
        assert s.search("presdent", type="paragraph").total == 0
    with session_with(bounds_index, max_expansions=1) as s:
        capped = s.search("tax1~")  # tax1 and one edit away: tax2 ... tax9, tax10, tax11 ...
    assert capped.notices == ("tax1~ matched more than 1 words; results use the 1 most frequent",)
    assert marked(capped) == {"tax1"}


def test_expansions_share_the_clause_limit(bounds_index):
    with session_with(bounds_index, max_expansions=50, max_clauses=8) as s:
        results = s.search("tax* nothing* taxes")  # one plain word leaves 7 for two wildcards: 3 each
    assert "tax* matched more than 3 words; results use the 3 most frequent" in results.notices


@pytest.mark.parametrize("text, message", [
    ("[a TO z]", "only work on dates"),
    ("{tax TO}", "only work on dates"),
    ("*ax1", "begins with a wildcard"),
    ("?ax1", "begins with a wildcard"),
    ("*", "leave the search box empty"),
    ("*:*", "leave the search box empty"),
    ("tax1~3", "at most 2"),
    ("a" * 30 + "~", "at most 24 letters"),
])
def test_forms_without_a_bounded_cost_are_refused_with_a_message(bounds_index, text, message):
    with session_with(bounds_index) as s, pytest.raises(query.QueryError, match=message.replace("[", r"\[")):
        s.search(text)


def test_too_many_words_are_refused(bounds_index):
    with session_with(bounds_index, max_clauses=10) as s:
        with pytest.raises(query.QueryError, match="at most 10"):
            s.search(" OR ".join(f"word{i}" for i in range(11)))
        assert s.search(" OR ".join(f"word{i}" for i in range(10))).total == 0


def test_dates_still_take_a_range(bounds_index):
    with session_with(bounds_index) as s:
        assert s.search("taxes", date_from="2019-03", date_to="2019-04").total == 2


def test_pages_stop_at_the_result_window(bounds_index):
    with session_with(bounds_index, max_result_window=10) as s:
        assert s.search("", type="paragraph", page=2, page_size=5).request.page == 2
        first = s.search("", type="paragraph", page_size=5)
        assert first.total == 60 and first.pages == 2  # the window, not the 12 pages of 60 records
        with pytest.raises(query.QueryError, match="first 10 results"):
            s.search("", type="paragraph", page=3, page_size=5)


def test_did_you_mean_skips_very_long_words_and_corrects_a_few(bounds_index):
    with session_with(bounds_index) as s:
        assert s.search("a" * 300).suggestion == ""
        assert s.search("pont").suggestion == "point"
        typed = " OR ".join(["pont"] * 7)
        assert s.search(typed).suggestion.count("point") == 5


def test_a_range_over_many_dates_reads_the_date_column_and_finds_the_same(bounds_index, monkeypatch):
    from search.query import ranges

    ranges_tried = [("2019-03", "2019-06"), ("2019", ""), ("", "2018"), ("2019-02-05", "2019-02-05"), ("2020", "")]
    with session_with(bounds_index) as s:
        by_terms = [s.search("", type="all", date_from=a, date_to=b).total for a, b in ranges_tried]
    monkeypatch.setattr(ranges, "FEW_TERMS", 0)
    with session_with(bounds_index) as s:
        by_column = [s.search("", type="all", date_from=a, date_to=b).total for a, b in ranges_tried]
        plan = s.parser.plan(SearchRequest(type="all", date_from="2019"))
        from search.query.parsing import bound
        assert any(isinstance(c, ranges.ColumnRange) for c in bound(plan, s.searcher.reader(), Limits()).common)
    assert by_terms == by_column
    assert by_terms[0] == 4 * 5 and by_terms[1] == 12 * 5 and by_terms[2] == 24 + 12 and by_terms[4] == 0


@pytest.mark.parametrize("typed, read", [
    ("iran -cable", "iran NOT cable"), ("-cable", "NOT cable"), ('-"white house" iran', 'NOT "white house" iran'),
    ("iran -(cable OR war)", "iran NOT (cable OR war)"), ("(-iran)", "(NOT iran)"),
    ("iran –cable", "iran NOT cable"), ("iran −cable", "iran NOT cable"),  # an en dash, a minus sign
    # a hyphen inside a word, a dash between words, a minus inside a phrase: all as typed
    ("Ban Ki-moon", "Ban Ki-moon"), ("iran - cable", "iran - cable"), ('"iran -cable"', '"iran -cable"'),
    ("Iran – Iraq", "Iran – Iraq"),
])
def test_a_minus_before_a_word_leaves_it_out(typed, read):
    assert minus_as_not(typed) == read
