"""Score a quote extractor against gold attributions (protocol in ../shared/data/README.md)."""
from __future__ import annotations

import math
import json
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Mapping

from ..model import Document, Extraction, Quote

# Quote marks (the NYT double apostrophe is two of the single `'`), dashes and closing
# punctuation: where a quote's edges fall among these is a matter of taste, not of finding it.
_QUOTE_MARKS = "\"“”‘’'"
_PUNCTUATION = ".,;:!?…—–-"
_TRIM = frozenset(_QUOTE_MARKS + _PUNCTUATION)
_WHITESPACE_RUN = re.compile(r"\s+")
_MIN_IOU = 0.5


@dataclass(frozen=True)
class Piece:
    """A trimmed span of one paragraph, predicted or gold."""

    start: int
    end: int
    index: int  # which prediction or gold quote in the document the piece comes from


@dataclass(frozen=True)
class ErrorRecord:
    """One false negative, false positive or wrong speaker, with the spans needed to show it."""

    kind: str  # fn | fp | speaker
    doc: str
    start: int  # the predicted piece for fp/speaker, the gold piece for fn
    end: int
    gold_start: int | None = None  # matched gold piece, or the nearest overlapping one
    gold_end: int | None = None
    iou: float = 0.0
    predicted_speaker: str = ""
    predicted_speaker_start: int | None = None
    predicted_speaker_end: int | None = None
    gold_speaker: str = ""
    gold_speaker_start: int | None = None
    gold_speaker_end: int | None = None
    pronoun: bool = False


@dataclass(frozen=True)
class Report:
    """Counts from one evaluation run, with the ratios the protocol reports."""

    documents: int = 0
    gold_total: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    neutral: int = 0
    exact: int = 0
    speaker_named_right: int = 0
    speaker_named_total: int = 0
    speaker_pronoun_right: int = 0
    speaker_pronoun_total: int = 0
    end_to_end_right: int = 0
    resolved_right: int = 0
    resolved_total: int = 0
    resolved_pronoun_right: int = 0
    resolved_pronoun_total: int = 0
    errors: tuple[ErrorRecord, ...] = field(default=(), repr=False)
    outcomes: tuple["Outcome", ...] = field(default=(), repr=False)

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return ratio(2 * p * r, p + r)

    @property
    def exact_share(self) -> float:
        return ratio(self.exact, self.tp)

    @property
    def speaker_named_accuracy(self) -> float:
        return ratio(self.speaker_named_right, self.speaker_named_total)

    @property
    def speaker_pronoun_accuracy(self) -> float:
        return ratio(self.speaker_pronoun_right, self.speaker_pronoun_total)

    @property
    def speaker_accuracy(self) -> float:
        return ratio(
            self.speaker_named_right + self.speaker_pronoun_right,
            self.speaker_named_total + self.speaker_pronoun_total,
        )

    @property
    def end_to_end_recall(self) -> float:
        return ratio(self.end_to_end_right, self.gold_total)

    @property
    def resolved_accuracy(self) -> float:
        return ratio(self.resolved_right, self.resolved_total)

    @property
    def resolved_pronoun_accuracy(self) -> float:
        return ratio(self.resolved_pronoun_right, self.resolved_pronoun_total)


@dataclass(frozen=True)
class Outcome:
    """One matched quote with a gold speaker name: whether the name shown was right, and its confidence."""

    doc: str
    start: int
    end: int
    right: bool
    pronoun: bool
    attributed: bool  # the prediction names a speaker at all
    confidence: float | None


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def load_gold(path) -> Iterator[dict]:
    """Yield one gold article dict per non-blank line of a JSONL file."""
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                article = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not valid JSON ({error.msg})") from None
            if not isinstance(article, dict) or "text" not in article or "id" not in article:
                raise ValueError(f"{path}:{number}: expected an article object with 'id' and 'text'")
            yield article


def document_of(article: Mapping) -> Document:
    """Build the Document an extractor sees from a gold article."""
    return Document(
        id=article["id"],
        text=article["text"],
        title=article.get("title") or "",
        source=article.get("publisher") or "",
        date=article.get("publication_date") or "",
        authors=(article["author"],) if article.get("author") else (),
        genre=article.get("genre") or "",
    )


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Return [start, end) narrowed past quote marks, white space and edge punctuation."""
    start, end = max(0, start), min(len(text), end)
    while start < end and (text[start] in _TRIM or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _TRIM or text[end - 1].isspace()):
        end -= 1
    return start, end


def pieces(text: str, start: int, end: int, index: int = 0) -> list[Piece]:
    """Cut [start, end) at blank lines and return the trimmed, non-empty pieces."""
    bounds = []
    pos = start
    for run in _WHITESPACE_RUN.finditer(text, start, min(len(text), end)):
        if run.group().count("\n") >= 2:
            bounds.append((pos, run.start()))
            pos = run.end()
    bounds.append((pos, end))
    result = []
    for a, b in bounds:
        a, b = trim(text, a, b)
        if a < b:
            result.append(Piece(a, b, index))
    return result


def iou(a: Piece, b: Piece) -> float:
    """Return the overlap of two spans over their union."""
    inter = min(a.end, b.end) - max(a.start, b.start)
    if inter <= 0:
        return 0.0
    return inter / ((a.end - a.start) + (b.end - b.start) - inter)


def _overlaps(s1, e1, s2, e2) -> bool:
    if None in (s1, e1, s2, e2):
        return False
    return min(e1, e2) - max(s1, s2) >= 1


@dataclass
class _Tally:
    gold_total: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    neutral: int = 0
    exact: int = 0
    named_right: int = 0
    named_total: int = 0
    pronoun_right: int = 0
    pronoun_total: int = 0
    end_to_end: int = 0
    resolved_right: int = 0
    resolved_total: int = 0
    resolved_pronoun_right: int = 0
    resolved_pronoun_total: int = 0
    errors: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)


def _score_document(article: Mapping, quotes: Iterable[Quote], tally: _Tally,
                    referents: Mapping | None = None) -> None:
    text = article["text"]
    doc = article["id"]
    gold_quotes = [q for q in article.get("quotes", ()) if q.get("type") == "direct"]
    gold = [
        piece
        for i, q in enumerate(gold_quotes)
        if q.get("inner_start") is not None and q.get("inner_end") is not None
        for piece in pieces(text, q["inner_start"], q["inner_end"], i)
    ]
    quoted_parts = [
        (s, e)
        for q in article.get("quotes", ())
        if q.get("type") in ("mixed", "indirect")
        for s, e in q.get("quoted_spans") or ()
    ]
    predictions = [q for q in quotes if q.kind != "scare"]
    predicted = sorted(
        (piece for i, q in enumerate(predictions) for piece in pieces(text, q.start, q.end, i)),
        key=lambda p: (p.start, p.end, p.index),
    )
    tally.gold_total += len(gold)

    matched: dict[int, Piece] = {}  # gold position -> predicted piece
    for piece in predicted:
        best, best_iou = None, 0.0
        for g, gold_piece in enumerate(gold):
            if g in matched:
                continue
            score = iou(piece, gold_piece)
            # Strict `>` keeps the earliest gold piece on ties, so results do not depend on dict order.
            if score > best_iou:
                best, best_iou = g, score
        if best is not None and best_iou >= _MIN_IOU:
            matched[best] = piece
            _score_match(doc, piece, predictions[piece.index], gold[best], gold_quotes, best_iou, tally)
            _score_name(article, predictions[piece.index], gold_quotes[gold[best].index], tally, referents or {})
        elif any(_overlaps(piece.start, piece.end, s, e) for s, e in quoted_parts):
            tally.neutral += 1
        else:
            tally.fp += 1
            near = max(gold, key=lambda g: iou(piece, g), default=None)
            near_iou = iou(piece, near) if near else 0.0
            quote = predictions[piece.index]
            tally.errors.append(ErrorRecord(
                "fp", doc, piece.start, piece.end,
                near.start if near and near_iou else None, near.end if near and near_iou else None, near_iou,
                *_predicted_speaker(quote),
            ))

    for g, gold_piece in enumerate(gold):
        if g in matched:
            continue
        tally.fn += 1
        near = max(predicted, key=lambda p: iou(p, gold_piece), default=None)
        near_iou = iou(near, gold_piece) if near else 0.0
        q = gold_quotes[gold_piece.index]
        tally.errors.append(ErrorRecord(
            "fn", doc, gold_piece.start, gold_piece.end,
            near.start if near and near_iou else None, near.end if near and near_iou else None, near_iou,
            gold_speaker=q.get("speaker") or "",
            gold_speaker_start=q.get("speaker_start"),
            gold_speaker_end=q.get("speaker_end"),
            pronoun=bool(q.get("speaker_pronoun")),
        ))


def _predicted_speaker(quote: Quote) -> tuple[str, int | None, int | None]:
    return quote.speaker, quote.speaker_start, quote.speaker_end


def _score_match(doc, piece, quote, gold_piece, gold_quotes, score, tally) -> None:
    tally.tp += 1
    if (piece.start, piece.end) == (gold_piece.start, gold_piece.end):
        tally.exact += 1
    q = gold_quotes[gold_piece.index]
    gs, ge = q.get("speaker_start"), q.get("speaker_end")
    # A gold quote without a speaker span is left out of speaker accuracy, and it cannot count
    # as right end to end either: there is no mention for the prediction to agree with.
    if gs is None or ge is None:
        return
    pronoun = bool(q.get("speaker_pronoun"))
    right = _overlaps(quote.speaker_start, quote.speaker_end, gs, ge)
    if pronoun:
        tally.pronoun_total += 1
        tally.pronoun_right += right
    else:
        tally.named_total += 1
        tally.named_right += right
    if right:
        tally.end_to_end += 1
    else:
        tally.errors.append(ErrorRecord(
            "speaker", doc, piece.start, piece.end, gold_piece.start, gold_piece.end, score,
            *_predicted_speaker(quote),
            gold_speaker=q.get("speaker") or "",
            gold_speaker_start=gs,
            gold_speaker_end=ge,
            pronoun=pronoun,
        ))


# Titles set aside when names are compared (scoring point 5).
_NAME_TITLES = frozenset({"mr", "mrs", "ms", "miss", "sir", "dr", "lady", "lord", "madam", "madame", "mme", "mlle",
                          "monsieur", "master", "mister", "dame", "the"})


def name_words(name: str) -> set[str]:
    """Return the folded words of a name, titles aside."""
    return {w for w in re.findall(r"[^\W_]+", name.lower()) if w not in _NAME_TITLES}


def gold_names(article: Mapping, quote: Mapping, referents: Mapping) -> list[str]:
    """Return the names of who spoke a gold quote, or [] when the gold does not say (scoring point 5)."""
    if quote.get("speaker_name"):
        return [quote["speaker_name"], *(quote.get("speaker_aliases") or ())]
    if quote.get("speaker_start") is None:
        return []
    if quote.get("speaker_pronoun"):
        found = referents.get((article["id"], quote.get("inner_start"), quote.get("inner_end")))
        return [found] if found else []
    return [quote.get("speaker") or ""]


def _score_name(article, quote: Quote, gold_quote: Mapping, tally: _Tally, referents: Mapping) -> None:
    names = [n for n in gold_names(article, gold_quote, referents) if name_words(n)]
    if not names:
        return
    shown = name_words(quote.speaker)
    right = bool(shown) and any(shown & name_words(n) for n in names)
    pronoun = bool(gold_quote.get("speaker_pronoun"))
    tally.resolved_total += 1
    tally.resolved_right += right
    if pronoun:
        tally.resolved_pronoun_total += 1
        tally.resolved_pronoun_right += right
    tally.outcomes.append(Outcome(article["id"], quote.start, quote.end, right, pronoun, bool(quote.speaker),
                                  quote.confidence))
    if not right:
        tally.errors.append(ErrorRecord(
            "name", article["id"], quote.start, quote.end, gold_quote.get("inner_start"), gold_quote.get("inner_end"),
            1.0, *_predicted_speaker(quote), gold_speaker=" / ".join(names),
            gold_speaker_start=gold_quote.get("speaker_start"), gold_speaker_end=gold_quote.get("speaker_end"),
            pronoun=pronoun))


def load_referents(path) -> dict[tuple[str, int, int], str]:
    """Read who each pronoun-attributed gold quote's speaker is, keyed by (doc, inner_start, inner_end)."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    rows = data.get("quotes", []) if isinstance(data, dict) else data
    return {(r["doc"], r["inner_start"], r["inner_end"]): r["referent"] for r in rows}


def referents_beside(gold_path) -> dict[tuple[str, int, int], str]:
    """Return the referents file that sits beside a gold file (dev.jsonl -> dev-referents.json), if any."""
    from pathlib import Path

    path = Path(gold_path)
    candidate = path.with_name(path.stem + "-referents.json")
    return load_referents(candidate) if candidate.is_file() else {}


def evaluate(articles: Iterable[Mapping], extractor: Callable[[Document], Extraction],
             referents: Mapping | None = None) -> Report:
    """Run `extractor` on each gold article and score its quotes by the README protocol."""
    tally = _Tally()
    documents = 0
    for article in articles:
        documents += 1
        extraction = extractor(document_of(article))
        _score_document(article, extraction.quotes, tally, referents)
    return Report(
        documents=documents,
        gold_total=tally.gold_total,
        tp=tally.tp,
        fp=tally.fp,
        fn=tally.fn,
        neutral=tally.neutral,
        exact=tally.exact,
        speaker_named_right=tally.named_right,
        speaker_named_total=tally.named_total,
        speaker_pronoun_right=tally.pronoun_right,
        speaker_pronoun_total=tally.pronoun_total,
        end_to_end_right=tally.end_to_end,
        resolved_right=tally.resolved_right,
        resolved_total=tally.resolved_total,
        resolved_pronoun_right=tally.resolved_pronoun_right,
        resolved_pronoun_total=tally.resolved_pronoun_total,
        errors=tuple(tally.errors),
        outcomes=tuple(tally.outcomes),
    )


def reliability(outcomes, bins: int = 10) -> tuple[float, list[tuple[float, float, int]]]:
    """Return the expected calibration error and, per bin, (mean confidence, accuracy, count)."""
    rated = [o for o in outcomes if o.confidence is not None]
    table = []
    error = 0.0
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        inside = [o for o in rated if lo <= o.confidence < hi or k == bins - 1 and o.confidence == 1.0]
        if not inside:
            continue
        mean = sum(o.confidence for o in inside) / len(inside)
        accuracy = sum(o.right for o in inside) / len(inside)
        error += len(inside) / len(rated) * abs(mean - accuracy)
        table.append((mean, accuracy, len(inside)))
    return (error if rated else math.nan), table
