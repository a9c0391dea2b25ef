"""Tests for telling names of places, states and people apart."""
from __future__ import annotations

from search.attribution import names


def test_the_states_table_is_iso_3166s_list():
    import pycountry

    wanted = {s.name.lower() for s in pycountry.subdivisions.get(country_code="US")}
    assert names._states() == wanted


def test_states_and_countries_are_places_and_people_are_not():
    assert names.is_state("Ohio") and names.is_state("WASHINGTON") and names.is_state("Calif.")
    assert names.is_place("North Korea") and names.is_place("N. Korea") and names.is_place("Ohio")
    assert not names.is_place("Barack Obama") and not names.is_state("Jordan")
