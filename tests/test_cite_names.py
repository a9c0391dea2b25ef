"""Authors' names as bylines write them, split as CSL and BibTeX expect."""
import pytest

from search.cite.names import Name, split, split_all


@pytest.mark.parametrize("written, family, given, particle, suffix", [
    ("Jane Smith", "Smith", "Jane", "", ""),
    ("Hatem al-Maksusi", "al-Maksusi", "Hatem", "", ""),
    ("Abu Bakr al-Baghdadi", "al-Baghdadi", "Abu Bakr", "", ""),
    ("Mohammed bin Salman", "Salman", "Mohammed", "bin", ""),
    ("Ludwig van Beethoven", "Beethoven", "Ludwig", "van", ""),
    ("Juan Carlos de la Cruz", "Cruz", "Juan Carlos", "de la", ""),
    ("Charles de Gaulle", "Gaulle", "Charles", "de", ""),
    ("Robert De Niro", "De Niro", "Robert", "", ""),
    ("Mahmoud Abu Zeid", "Abu Zeid", "Mahmoud", "", ""),
    ("José Ortega y Gasset", "Ortega y Gasset", "José", "", ""),
    ("Martin Luther King Jr.", "King", "Martin Luther", "", "Jr."),
    ("King, Martin Luther, Jr.", "King", "Martin Luther", "", "Jr."),
    ("Smith, Jane", "Smith", "Jane", "", ""),
    ("van Beethoven, Ludwig", "Beethoven", "Ludwig", "van", ""),
    ("John Smith III", "Smith", "John", "", "III"),
    ("Dr. Jane Smith, PhD", "Smith", "Jane", "", ""),
    ("By Jane Smith (AFP)", "Smith", "Jane", "", ""),
    ("JANE SMITH", "Smith", "Jane", "", ""),
    ("J.R.R. Tolkien", "Tolkien", "J.R.R.", "", ""),
])
def test_a_persons_name_splits_into_family_given_particle_and_suffix(written, family, given, particle, suffix):
    assert split(written) == Name(family=family, given=given, particle=particle, suffix=suffix)


@pytest.mark.parametrize("written", ["Associated Press", "AFP", "Times of Israel Staff", "Reuters",
                                     "The Editorial Board", "Commission on Presidential Debates", "Bank of England",
                                     "Johnson & Johnson", "RAND Corporation"])
def test_organisations_stay_whole(written):
    assert split(written) == Name(literal=written, group=True)


@pytest.mark.parametrize("written", ["CNN Business", "Business Insider", "Cleveland com"])
def test_an_outlet_named_as_a_second_author_stays_whole(written):
    # Zotero would file "CNN Business" as a person with the initials C. N. N.
    assert split(written) == Name(literal=written, group=True)
    assert split_all(["Jill Disis", written])[0] == Name(family="Disis", given="Jill")


def test_a_single_name_stays_whole_as_a_person():
    assert split("Madonna") == Name(literal="Madonna")


def test_a_list_of_authors_in_one_string_or_many():
    assert [n.display() for n in split_all("Jane Smith; John Doe")] == ["Jane Smith", "John Doe"]
    assert [n.display() for n in split_all(["Jane Smith and John Doe"])] == ["Jane Smith", "John Doe"]
    assert [n.display() for n in split_all(["Jane Smith, John Doe"])] == ["Jane Smith", "John Doe"]
    assert [n.display() for n in split_all(["Reuters Staff and Agencies"])] == ["Reuters Staff and Agencies"]
    assert split_all(None) == () and split_all([" ", ""]) == ()


def test_display_and_inverted_forms():
    king = split("Martin Luther King Jr.")
    assert king.display() == "Martin Luther King Jr." and king.inverted() == "King, Martin Luther, Jr."
    assert split("Ludwig van Beethoven").inverted() == "van Beethoven, Ludwig"
    assert split("AFP").inverted() == "AFP"
