"""Newest first without reading every record's date."""
from search.query.ranges import _NewestFirst


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
