from search.query.compare import ALTERED, NOT_FOUND, VERBATIM, check, compare, diff

REAL = "All of the Iraqi Army’s intelligence – consider it yours."


def test_verbatim_ignores_marks_case_and_dashes():
    assert compare(REAL, "all of the Iraqi Army's intelligence — consider it yours").verdict == VERBATIM


def test_a_trimmed_excerpt_is_verbatim():
    match = compare(REAL, "the Iraqi Army’s intelligence")
    assert match.verdict == VERBATIM and "excerpt" in match.summary


def test_altered_quote_says_what_changed():
    match = compare(REAL, "all the army's intelligence is yours")
    assert match.verdict == ALTERED
    assert "“consider it” became “is”" in match.summary and "“Iraqi” was dropped" in match.summary


def test_invented_quote_is_not_found():
    assert compare(REAL, "we will build a wall and make them pay").verdict == NOT_FOUND


def test_diff_keeps_the_words_as_written():
    ops = [(c.op, c.old, c.new) for c in diff("the big dog barked", "the small dog barked loudly")]
    assert ops == [("equal", "the", "the"), ("replace", "big", "small"), ("equal", "dog barked", "dog barked"),
                   ("insert", "", "loudly")]


def test_check_ranks_the_closest_quote_first():
    candidates = [{"id": "a", "text": "The intelligence services are yours to command"}, {"id": "b", "text": REAL}]
    verdict = check("all the army's intelligence is yours", candidates)
    assert verdict.verdict == ALTERED and verdict.matches[0][0]["id"] == "b"
    assert check("nothing like it", candidates).verdict == NOT_FOUND
