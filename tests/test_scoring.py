"""Tests for the direct-quote scoring protocol in search.evaluation.scoring."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from search.evaluation.report import format_errors, format_report
from search.evaluation.scoring import Report, evaluate, load_gold, pieces, trim
from search.model import Extraction, Quote

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear" / "dev.jsonl"


def span(text: str, words: str, after: int = 0) -> tuple[int, int]:
    """Return the offsets of `words` in `text`, searching from `after`."""
    start = text.index(words, after)
    return start, start + len(words)


def gold_direct(text, words, speaker=None, pronoun=False, after=0):
    """Build a gold direct quote over `words`, with the speaker mention `speaker` if given."""
    s, e = span(text, words, after)
    ss, se = span(text, speaker) if speaker else (None, None)
    return {
        "type": "direct", "start": s, "end": e, "inner_start": s, "inner_end": e,
        "quoted_spans": [[s, e]], "speaker": speaker, "speaker_start": ss, "speaker_end": se,
        "speaker_pronoun": pronoun,
    }


def gold_other(text, kind, words, quoted):
    """Build a gold mixed or indirect attribution whose quoted part is `quoted`."""
    s, e = span(text, words)
    qs, qe = span(text, quoted)
    return {
        "type": kind, "start": s, "end": e, "inner_start": None, "inner_end": None,
        "quoted_spans": [[qs, qe]], "speaker": None, "speaker_start": None, "speaker_end": None,
        "speaker_pronoun": False,
    }


def article(text, *quotes, id="doc1"):
    return {"id": id, "text": text, "title": "T", "publisher": "p", "publication_date": "2016-09-01",
            "quotes": list(quotes)}


def predict(text, words, kind="direct", speaker=None, after=0, start=None, end=None):
    """Build a predicted Quote over `words` (or explicit offsets) with an optional speaker mention."""
    if start is None:
        start, end = span(text, words, after)
    ss, se = span(text, speaker) if speaker else (None, None)
    return Quote(doc="doc1", start=start, end=end, text=text[start:end], kind=kind, paragraph=1,
                 speaker=speaker or "", speaker_start=ss, speaker_end=se)


def fake(*quotes):
    return lambda document: Extraction(document, (), tuple(quotes))


TEXT = 'Intro line.\n\n"We will win this race," Smith said on Monday.\n\nShe added: "Nothing changes."'


def test_exact_match_counts_as_exact_true_positive():
    gold = article(TEXT, gold_direct(TEXT, "We will win this race,", speaker="Smith"))
    report = evaluate([gold], fake(predict(TEXT, "We will win this race,", speaker="Smith")))
    assert (report.tp, report.fp, report.fn, report.exact) == (1, 0, 0, 1)
    assert report.precision == report.recall == report.f1 == report.exact_share == 1.0


def test_partial_overlap_at_least_half_matches_but_is_not_exact():
    gold = article(TEXT, gold_direct(TEXT, "We will win this race"))
    report = evaluate([gold], fake(predict(TEXT, "We will win")))  # 11 of 21 chars
    assert (report.tp, report.fp, report.fn, report.exact) == (1, 0, 0, 0)
    assert report.exact_share == 0.0


def test_partial_overlap_below_half_is_false_positive_and_false_negative():
    gold = article(TEXT, gold_direct(TEXT, "We will win this race"))
    report = evaluate([gold], fake(predict(TEXT, "We will")))
    assert (report.tp, report.fp, report.fn) == (0, 1, 1)
    assert [e.kind for e in report.errors] == ["fp", "fn"]


def test_trim_strips_marks_whitespace_and_edge_punctuation():
    text = "x ''— “Yes, really…” ‘ok’ -- !?\n y"
    assert text[slice(*trim(text, 1, text.index(" y")))] == "Yes, really…” ‘ok"
    nyt = "He said ''we are ready.'' Then"
    s, e = trim(nyt, nyt.index("''"), nyt.index(" Then"))
    assert nyt[s:e] == "we are ready"
    assert trim("  ...  ", 0, 7)[0] == trim("  ...  ", 0, 7)[1]


def test_prediction_with_marks_and_punctuation_matches_exactly():
    gold = article(TEXT, gold_direct(TEXT, "We will win this race,"))
    # The prediction wrongly includes the quote marks and comma; trimming makes it exact anyway.
    report = evaluate([gold], fake(predict(TEXT, '"We will win this race,"')))
    assert (report.tp, report.exact) == (1, 1)


def test_scare_quotes_are_left_out():
    text = 'The so-called "deal" was, Lee said, "a bad one."'
    gold = article(text, gold_direct(text, "a bad one."))
    report = evaluate([gold], fake(predict(text, "deal", kind="scare"), predict(text, "a bad one.")))
    assert (report.tp, report.fp, report.neutral) == (1, 0, 0)
    assert evaluate([gold], fake(predict(text, "deal", kind="direct"))).fp == 1


def test_prediction_is_cut_at_paragraph_breaks():
    text = '"First part of it.\n\n \t\n"Second part of it," Jones said.'
    gold = article(text, gold_direct(text, "First part of it."), gold_direct(text, "Second part of it,"))
    whole = predict(text, None, start=1, end=text.index('," Jones'))
    report = evaluate([gold], fake(whole))
    assert (report.tp, report.fp, report.fn, report.exact) == (2, 0, 0, 2)
    assert [(p.start, p.end) for p in pieces(text, 0, len(text))] == [
        span(text, "First part of it"), span(text, 'Second part of it," Jones said')]


def test_single_newline_does_not_cut():
    text = '"Line one\nline two," Kim said.'
    assert len(pieces(text, 0, len(text))) == 1


def test_unmatched_prediction_touching_mixed_or_indirect_quoted_part_is_neutral():
    text = 'Park said the plan was "dead on arrival" and Lee called it "a fraud" while Ng asked "why?" today.'
    gold = article(
        text,
        gold_other(text, "mixed", 'the plan was "dead on arrival"', "dead on arrival"),
        gold_other(text, "indirect", 'it "a fraud"', "a fraud"),
    )
    report = evaluate([gold], fake(
        predict(text, "dead on arrival"), predict(text, "a fraud"), predict(text, "why?")))
    assert (report.tp, report.neutral, report.fp, report.fn) == (0, 2, 1, 0)
    assert report.precision == 0.0  # neutral pieces are in neither numerator nor denominator
    assert report.recall == 0.0 and report.gold_total == 0


def test_speaker_right_wrong_and_pronoun_are_counted_apart():
    text = ('"Taxes will fall," Smith said, standing beside Jones.\n\n'
            '"Jobs will come," she said.\n\n"Roads get built," Jones said.')
    gold = article(
        text,
        gold_direct(text, "Taxes will fall,", speaker="Smith"),
        gold_direct(text, "Jobs will come,", speaker="she", pronoun=True),
        gold_direct(text, "Roads get built,", speaker="Jones"),
    )
    # The third gold speaker is the second "Jones"; predicting the first one is wrong.
    gold["quotes"][2]["speaker_start"], gold["quotes"][2]["speaker_end"] = span(text, "Jones", text.index("Roads"))
    report = evaluate([gold], fake(
        predict(text, "Taxes will fall,", speaker="Smith"),
        predict(text, "Jobs will come,", speaker="she"),
        predict(text, "Roads get built,", speaker="Jones"),
    ))
    assert (report.speaker_named_right, report.speaker_named_total) == (1, 2)
    assert (report.speaker_pronoun_right, report.speaker_pronoun_total) == (1, 1)
    assert report.speaker_named_accuracy == 0.5 and report.speaker_pronoun_accuracy == 1.0
    assert [e.kind for e in report.errors] == ["speaker"]


def test_speaker_overlap_of_one_character_is_enough():
    text = '"Fine," said Senator Ann Smith.'
    gold = article(text, gold_direct(text, "Fine,", speaker="Senator Ann Smith"))
    prediction = predict(text, "Fine,")
    s, _ = span(text, "Smith")
    prediction = Quote(**{**prediction.__dict__, "speaker_start": s + 4, "speaker_end": s + 10})
    assert evaluate([gold], fake(prediction)).speaker_named_right == 1
    missing = evaluate([gold], fake(predict(text, "Fine,")))
    assert (missing.speaker_named_right, missing.speaker_named_total) == (0, 1)


def test_end_to_end_recall_counts_right_speakers_over_all_gold():
    text = '"One," Ann said. "Two," Bob said. "Three," Cy said. "Four," someone said.'
    gold = article(
        text,
        gold_direct(text, "One,", speaker="Ann"),
        gold_direct(text, "Two,", speaker="Bob"),
        gold_direct(text, "Three,", speaker="Cy"),
        gold_direct(text, "Four,"),  # no speaker span: cannot be right end to end
    )
    report = evaluate([gold], fake(
        predict(text, "One,", speaker="Ann"),
        predict(text, "Two,", speaker="Ann"),
        predict(text, "Four,", speaker="someone"),
    ))
    assert (report.tp, report.fn, report.gold_total) == (3, 1, 4)
    assert (report.speaker_named_right, report.speaker_named_total) == (1, 2)
    assert report.end_to_end_right == 1 and report.end_to_end_recall == 0.25


def test_greedy_matching_takes_each_gold_piece_once():
    text = '"Alpha beta gamma," he said.'
    gold = article(text, gold_direct(text, "Alpha beta gamma,"))
    duplicate = predict(text, "Alpha beta gamma,")
    report = evaluate([gold], fake(duplicate, duplicate))
    assert (report.tp, report.fp) == (1, 1)


def test_empty_report_ratios_are_zero():
    report = Report()
    assert report.precision == report.recall == report.f1 == report.end_to_end_recall == 0.0
    assert report.speaker_named_accuracy == report.speaker_pronoun_accuracy == 0.0


def test_format_report_and_errors_show_figures_and_context():
    text = "x" * 150 + ' "Hello there," Smith said. "Gone," Lee said. ' + "y" * 150
    gold = article(text, gold_direct(text, "Hello there,", speaker="Smith"), gold_direct(text, "Gone,", speaker="Lee"))
    report = evaluate([gold], fake(predict(text, "Hello there,", speaker="Lee"), predict(text, "Smith said")))
    summary = format_report(report)
    assert "quote precision" in summary and "0.500 (1/2)" in summary
    assert "speaker named/nominal  0.000 (0/1)" in summary
    assert "end-to-end recall      0.000 (0/2)" in summary
    errors = format_errors(report, {"doc1": gold})
    assert errors.count("FALSE POSITIVE") == 1 and errors.count("FALSE NEGATIVE") == 1
    assert errors.count("WRONG SPEAKER") == 1
    assert "⟦Hello there⟧" in errors and "'Lee'" in errors and "'Smith'" in errors
    start = text.index("Hello")
    assert f"…{text[start - 100:start]}⟦" in errors and "x" * 99 not in errors


def test_load_gold_reads_lines_and_names_a_broken_one(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(article("a")) + "\n\n" + json.dumps(article("b", id="d2")) + "\n{broken\n")
    rows = load_gold(path)
    assert [row["id"] for row in itertools.islice(rows, 2)] == ["doc1", "d2"]
    with pytest.raises(ValueError, match=r"gold\.jsonl:4"):
        next(rows)


def gold_built_extractor(articles):
    """Return an extractor that answers each document with its own gold quotes."""
    by_id = {a["id"]: a for a in articles}

    def extract(document):
        quotes = []
        for q in by_id[document.id]["quotes"]:
            if q["type"] == "direct":
                quotes.append(Quote(document.id, q["inner_start"], q["inner_end"], "", "direct", 0,
                                    speaker=q["speaker"] or "", speaker_start=q["speaker_start"],
                                    speaker_end=q["speaker_end"]))
            else:
                # Quoted parts of mixed quotes are what an extractor sees too; they must be neutral.
                quotes.extend(Quote(document.id, s, e, "", "partial", 0) for s, e in q["quoted_spans"])
        return Extraction(document, (), tuple(quotes))

    return extract


def test_gold_built_extractor_scores_perfectly_on_dev():
    if not DEV.exists():
        pytest.skip(f"PolNeAR dev data not found at {DEV}")
    articles = list(itertools.islice(load_gold(DEV), 5))
    report = evaluate(articles, gold_built_extractor(articles))
    assert report.gold_total > 0 and report.fp == report.fn == 0
    assert report.precision == report.recall == report.f1 == report.exact_share == 1.0
    assert report.speaker_named_accuracy == 1.0
    assert report.speaker_pronoun_total == 0 or report.speaker_pronoun_accuracy == 1.0
    speakerless = sum(
        1 for a in articles for q in a["quotes"] if q["type"] == "direct" and q["speaker_start"] is None)
    assert report.end_to_end_right == report.gold_total - speakerless
