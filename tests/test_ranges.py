"""Dates: impossible ones refused, newest first without reading every record's date."""
import pytest

from search.query.ranges import _NewestFirst, checked_dates


@pytest.mark.parametrize("given, says", [
    ("2019-13", "months run from 01 to 12"), ("2019-00", "months run from 01 to 12"),
    ("2019-11-31", "November 2019 has 30 days"), ("2019-02-30", "February 2019 has 28 days"),
    ("2019-02-00", "February 2019 has 28 days"), ("0000", "years run from 0001"),
    ("yesterday", "YYYY, YYYY-MM or YYYY-MM-DD"), ("2019-1-5", "YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_an_impossible_date_is_refused_with_what_is_wrong(given, says):
    for date_from, date_to in ((given, ""), ("", given)):
        with pytest.raises(ValueError, match=says):
            checked_dates(date_from, date_to)


def test_real_dates_pass_as_given():
    assert checked_dates("2020-02-29", "2020-12-31") == ("2020-02-29", "2020-12-31")
    assert checked_dates("2019", "") == ("2019", "")
    assert checked_dates("2019-11-05", "2019-11") == ("2019-11-05", "2019-11")  # a To month takes in its days


def test_a_from_date_after_the_to_date_is_refused():
    with pytest.raises(ValueError, match="From date 2020 is after the To date 2019-12"):
        checked_dates("2020", "2019-12")


def test_newest_first_puts_later_and_more_precise_dates_first_and_undated_last():
    dates = [b"2018-12-31", b"", b"2019", b"2019-11-18", b"2019-11", b"2020-01-01"]
    order = _NewestFirst("date")
    order._column = dates
    ranked = sorted(range(len(dates)), key=lambda d: order.key_for(None, d))
    assert [dates[d] for d in ranked] == [b"2020-01-01", b"2019-11-18", b"2019-11", b"2019", b"2018-12-31", b""]


def test_a_speakers_quotes_and_a_feed_come_newest_first(bounds_index):
    from search import query

    with query.Engine(bounds_index).session() as s:
        listing = s.speaker_listing("ann-lee", 1, 13)
        assert [q["doc"] for q in listing.items] == [f"d{k}" for k in range(12, 0, -1)] + ["long"]
        newest = s.search("budget", type="paragraph", sort="date", page_size=3).hits
        assert [h.doc for h in newest] == ["d12", "d11", "d10"]
