"""Print the scoring protocol's figures and errors, and score the extractor from the command line."""
from __future__ import annotations

import argparse
import sys
from typing import Mapping

from .scoring import Report, ratio, document_of, evaluate, load_gold, reliability

_CONTEXT = 100  # characters of context either side of an error


def _figure(value: float, numerator: int, denominator: int) -> str:
    return f"{value:.3f} ({numerator}/{denominator})"


def format_report(report: Report) -> str:
    """Return the protocol's figures, one per line."""
    r = report
    rows = [
        ("documents", str(r.documents)),
        ("gold direct quotes", str(r.gold_total)),
        ("quote precision", _figure(r.precision, r.tp, r.tp + r.fp)),
        ("quote recall", _figure(r.recall, r.tp, r.tp + r.fn)),
        ("quote F1", f"{r.f1:.3f}"),
        ("exact spans", _figure(r.exact_share, r.exact, r.tp)),
        ("neutral predictions", str(r.neutral)),
        ("speaker named/nominal", _figure(r.speaker_named_accuracy, r.speaker_named_right, r.speaker_named_total)),
        ("speaker pronoun", _figure(r.speaker_pronoun_accuracy, r.speaker_pronoun_right, r.speaker_pronoun_total)),
        ("end-to-end recall", _figure(r.end_to_end_recall, r.end_to_end_right, r.gold_total)),
    ]
    if r.resolved_total:
        rows.append(("name shown right", _figure(r.resolved_accuracy, r.resolved_right, r.resolved_total)))
    if r.resolved_pronoun_total:
        rows.append(("name shown, pronoun", _figure(r.resolved_pronoun_accuracy, r.resolved_pronoun_right,
                                                    r.resolved_pronoun_total)))
    sure = [o for o in r.outcomes if o.confidence is not None and o.confidence >= 0.9]
    rated = [o for o in r.outcomes if o.confidence is not None]
    if rated:
        error, _ = reliability(r.outcomes)
        right = sum(o.right for o in sure)
        rows.append(("confidence >= 0.9, right", _figure(ratio(right, len(sure)), right, len(sure))))
        rows.append(("calibration error (ECE)", f"{error:.3f} over {len(rated)} named speakers"))
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def _text_of(article) -> str:
    return article["text"] if isinstance(article, Mapping) else article.text


def _flat(text: str) -> str:
    # Errors are read one per block; real line breaks would make the context hard to follow.
    return text.replace("\r", "").replace("\n", "¶")


def _in_context(text: str, start: int, end: int) -> str:
    lead = "…" if start > _CONTEXT else ""
    tail = "…" if end + _CONTEXT < len(text) else ""
    before = text[max(0, start - _CONTEXT):start]
    after = text[end:end + _CONTEXT]
    return _flat(f"{lead}{before}⟦{text[start:end]}⟧{after}{tail}")


def _span(text: str, start, end) -> str:
    if start is None or end is None:
        return "(none)"
    return f"{_flat(text[start:end])!r} [{start}:{end}]"


_HEADINGS = {
    "fn": "FALSE NEGATIVE (gold quote not found)",
    "fp": "FALSE POSITIVE (predicted quote not in gold)",
    "speaker": "WRONG SPEAKER",
    "name": "WRONG NAME SHOWN",
}
_NEAR_LABELS = {"fn": "nearest prediction", "fp": "nearest gold", "speaker": "gold piece", "name": "gold quote"}


def format_errors(report: Report, articles_by_id: Mapping) -> str:
    """Return each error with context, the spans involved and both speakers."""
    blocks = []
    for e in report.errors:
        article = articles_by_id.get(e.doc)
        if article is None:
            blocks.append(f"{_HEADINGS[e.kind]}  {e.doc} [{e.start}:{e.end}]  (article not given)")
            continue
        text = _text_of(article)
        lines = [f"{_HEADINGS[e.kind]}  {e.doc} [{e.start}:{e.end}]", "  " + _in_context(text, e.start, e.end)]
        if e.gold_start is not None:
            label = _NEAR_LABELS[e.kind]
            lines.append(f"  {label}: {_span(text, e.gold_start, e.gold_end)}  overlap/union {e.iou:.2f}")
        if e.kind in ("fp", "speaker", "name"):
            lines.append(
                f"  predicted speaker: {e.predicted_speaker or '(none)'}; mention "
                f"{_span(text, e.predicted_speaker_start, e.predicted_speaker_end)}"
            )
        if e.kind in ("fn", "speaker", "name"):
            kind = "pronoun" if e.pronoun else "named/nominal"
            lines.append(
                f"  gold speaker ({kind}): {_span(text, e.gold_speaker_start, e.gold_speaker_end)}"
                + (f"; who spoke: {e.gold_speaker}" if e.kind == "name" else "")
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def main(argv: list[str] | None = None) -> int:
    """Score search.extract on a gold JSONL file and print the figures."""
    parser = argparse.ArgumentParser(prog="python -m search.evaluation.report", description=main.__doc__)
    parser.add_argument("gold", help="gold JSONL file, e.g. ../shared/data/polnear/dev.jsonl")
    parser.add_argument("--errors", action="store_true", help="also list every error with context")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N articles")
    args = parser.parse_args(argv)
    # Imported here so the evaluator stays usable with any extractor, and without this one.
    from ..extraction.extract import corpus_extractor

    articles: list[dict] = []
    for article in load_gold(args.gold):
        if args.limit and len(articles) >= args.limit:
            break
        articles.append(article)
    report = evaluate(articles, corpus_extractor(document_of(a) for a in articles))
    print(format_report(report))
    if args.errors:
        print()
        print(format_errors(report, {a["id"]: a for a in articles}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
