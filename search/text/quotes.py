"""Find quoted spans in text and decide what kind of quote each one is."""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from .. import lexicon
from ..model import Paragraph

# A straight double quote, the NYT's doubled apostrophe, a backtick pair, or a curly double mark.
_MARK = re.compile(r"''|``|‘‘|’’|[\"“”„‟«»‘’]")
_OPEN_CONTEXT = set(" \t\n([{—–-/\u00a0")
_INVISIBLE = set("\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\ufeff")
_WORD = re.compile(r"[\w’'-]+")


@dataclass(frozen=True, eq=False)
class Span:
    """A quoted span: words from `start` to `end`, marks from `open_at` to `close_at`."""

    start: int
    end: int
    open_at: int  # offset of the opening mark (== start when the mark is missing)
    close_at: int  # offset just past the closing mark (== end when the mark is missing)
    paragraph: int
    continues: bool = False  # carries on a quote left open at the end of the previous paragraph
    open_ended: bool = False  # left open at the end of its paragraph


def find(text: str, paragraphs: tuple[Paragraph, ...]) -> list[Span]:
    """Return the quoted spans of every paragraph, in document order."""
    spans: list[Span] = []
    carried = False
    marks = as_double_marks(text) if set_in_single_marks(text) else text
    for para in paragraphs:
        found, left_open = _scan(marks, para, carried)
        if carried and not found and _TEASER.match(text, para.start, para.end):
            continue  # "SEE MORE: …" between two paragraphs of one quote: a link, not the end of the quote
        spans.extend(found)
        carried = left_open
    return spans


# A line that links to another article, in capitals before a colon: "SEE MORE:", "READ MORE:", "WATCH:".
_TEASER = re.compile(r"(?:SEE MORE|READ MORE|READ ALSO|ALSO READ|WATCH|MORE|RELATED|DON['’]T MISS)\b[A-Z ’']*:")


_DOUBLE = re.compile(r"''|``|[\"“”„‟«»]")
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[{—–-]))['‘](?=[\w…—-])", re.MULTILINE)
# Words that open with an apostrophe rather than a quote mark: 'tis, 'em, 'cause.
_ELIDED = re.compile(r"['‘](?:tis|twas|twere|twill|em|cause|til|till|bout|n|s|m|ve|ll|d|re|round|neath|ere)\b", re.I)


def set_in_single_marks(text: str) -> bool:
    """Say whether a text sets its quotes in single marks ('Hello,' he said) rather than double ones."""
    most = text.count("'") + text.count("‘")
    if most < 3:
        return False
    doubles = len(_DOUBLE.findall(text))
    if most < 3 * doubles:
        return False
    singles = sum(1 for m in _SINGLE_OPEN.finditer(text) if not _ELIDED.match(text, m.start()))
    return singles >= 3 and singles >= 3 * doubles


def as_double_marks(text: str) -> str:
    """Return the text with single quote marks written as double ones and double ones (nested) as apostrophes.

    Offsets stay the same, one character for one; apostrophes inside words ("don't") and before
    elided words ('tis) stay as they are.
    """
    out = list(text)
    for i, ch in enumerate(text):
        if ch in "\"“”„‟«»":
            out[i] = "'"  # a quote inside a quote: no mark of the outer level
        elif ch in "'‘’":
            prev = text[i - 1] if i else "\n"
            nxt = text[i + 1] if i + 1 < len(text) else "\n"
            if (prev.isspace() or prev in "([{—–-") and (nxt.isalnum() or nxt in "…—-") \
                    and not _ELIDED.match(text, i):
                out[i] = "“"
            elif not prev.isspace() and (nxt.isspace() or nxt in ",.;:!?)]}—–-") \
                    and not (prev.isalpha() and nxt.isalpha()):
                out[i] = "”"
    return "".join(out)


def by_paragraph(spans: list[Span]) -> dict[int, list[Span]]:
    """Group quoted spans by the number of the paragraph they stand in, in text order."""
    out: dict[int, list[Span]] = {}
    for span in spans:
        out.setdefault(span.paragraph, []).append(span)
    return out


def _is_opener(text: str, at: int, length: int, start: int, end: int) -> bool | None:
    """Say whether an ambiguous mark opens (True), closes (False) or could do either (None)."""
    before = text[at - 1] if at > start else " "
    if before in _INVISIBLE:
        before = " "  # a direction mark or zero-width space before the mark hides nothing
    after = text[at + length] if at + length < end else " "
    opens = before in _OPEN_CONTEXT or before in "“‘\"'" or before in ".:;" and after.isalnum()
    closes = not before.isspace()
    if after.isspace() or after in ",.;:!?)]}":
        opens = False
    if opens and not closes:
        return True
    if closes and not opens:
        return False
    return None


def _scan(text: str, para: Paragraph, carried: bool) -> tuple[list[Span], bool]:
    start, end = para.start, para.end
    spans: list[Span] = []
    marks = list(_MARK.finditer(text, start, end))
    opened_at: int | None = None
    open_len = 0
    continues = False
    first = marks[0] if marks else None
    # A quote left open in the previous paragraph carries on here only when this one opens with a mark.
    carry = carried and first is not None and first.start() == start and first.group() not in "”’»"
    i = 0
    while i < len(marks):
        m = marks[i]
        mark, at = m.group(), m.start()
        i += 1
        if mark in "‘’":
            if opened_at is None and mark == "‘" and not _ELIDED.match(text, at):  # not "chips ‘n’ dip"
                close = _single_close(text, marks, i, at, end)
                if close is not None:
                    spans.append(_span(text, at, 1, close, close + 1, para.number, False))
                    while i < len(marks) and marks[i].start() <= close:
                        i += 1
            continue
        role: bool | None
        if mark in "“„‟«":
            # A typist's “ that ends a word inside an open quote ("…here,“ said X") closes it.
            role = not (opened_at is not None and _is_opener(text, at, 1, start, end) is False)
        elif mark in "”»":
            # A ” that opens a paragraph or a word while nothing is open ("”Mr. Trump …") opens a quote.
            role = opened_at is None and (_is_opener(text, at, 1, start, end) is True or at == start)
        else:
            role = _is_opener(text, at, len(mark), start, end)
            if role is None:
                role = opened_at is None
        if role and opened_at is not None and mark == "“" and _nested(marks, i):
            i += 1  # “… what he calls “hell” than …”: a quote inside a quote, typed with the same marks
            continue
        if role:
            # A second opening mark inside an open quote means the first was never closed.
            opened_at, open_len = at, len(mark)
            continues = carry and at == start
        elif opened_at is not None:
            spans.append(_span(text, opened_at, open_len, at, at + len(mark), para.number, continues))
            opened_at, continues = None, False
    if opened_at is not None:
        spans.append(_span(text, opened_at, open_len, end, end, para.number, continues, open_ended=True))
        return [s for s in spans if s.end > s.start], True
    return [s for s in spans if s.end > s.start], False


def _nested(marks: list, i: int) -> bool:
    """Say whether the “ before marks[i] opens a quote inside an open one: two ” follow before any other “."""
    following = [m.group() for m in marks[i:i + 2]]
    return following == ["”", "”"]


def _single_close(text: str, marks: list, i: int, open_at: int, end: int) -> int | None:
    """Find the ’ that closes a ‘ opened at `open_at`, skipping apostrophes inside words."""
    for m in marks[i:]:
        if m.group() in "“”\"":
            return None
        if m.group() != "’":
            continue
        at = m.start()
        after = text[at + 1] if at + 1 < end else " "
        if after.isalpha():
            continue  # Iran’s, don’t
        if at - open_at > 300:
            return None
        return at
    return None


def _span(text, open_at, open_len, close_at, close_end, number, continues, open_ended=False) -> Span:
    s, e = open_at + open_len, close_at
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Span(s, e, open_at, close_end, number, continues, open_ended)


def word_count(text: str) -> int:
    """Count the words of a quote."""
    return len(_WORD.findall(text))


_NOT_IN_TITLES = {"i", "we", "you", "he", "she", "they",
                  *(f"{w}{a}s" for w in ("it", "that", "there", "here", "what", "let", "he", "she") for a in "'’")}
_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "de", "la", "vs.", "&"}


def looks_like_title(quote: str) -> bool:
    """Say whether a quote reads as the title of a work or show (“Fox News Sunday”)."""
    return title_capitals(quote) >= 2


def title_capitals(quote: str, spoken: bool = True) -> int:
    """Count the capitalised words of a quote that reads as a title, or return 0 if it cannot be one.

    With `spoken`, a quote that opens like a spoken sentence ("We're America") is no title.
    """
    core = quote.strip(" ,.!?")
    words = core.split()
    if not 1 <= len(words) <= 7 or any(ch in core for ch in ".!?;"):
        return 0
    if spoken and any(w.lower() in _NOT_IN_TITLES or re.search(r"[’'](?:re|m|ll|ve|d)$|n[’']t$", w) for w in words[:2]):
        return 0  # "We're America", "I'm with her": a sentence someone speaks, not a name
    capitals = [w for w in words if w.lower() not in _SMALL_WORDS]
    return len(capitals) if all(w[0].isupper() or w[0].isdigit() for w in capitals) else 0


# What stands before the name of a show, a book or a film: "on NBC’s “Today”", "the documentary “Weiner”".
_TITLE_BEFORE = re.compile(
    r"(?:[’']s|\b(?:on|in|with|of|titled|called|entitled|named|show|program|programme|book|memoir|film|movie|"
    r"documentary|podcast|album|song|series|column|essay|article|headline|slogan|hashtag|commentary|report))"
    r",?\s*$", re.IGNORECASE)


def in_title_position(text: str, span: Span) -> bool:
    """Say whether a capitalised quote stands where a title does, after "on", "titled" or a possessive."""
    return bool(_TITLE_BEFORE.search(text[max(0, span.open_at - 20):span.open_at]))


# Someone's work named right before the quote: "Ouisa Davis' commentary, “Melania, tell your story,”".
_WORK_OF = re.compile(r"(?:[’']s?)\s+(?:new\s+|latest\s+|recent\s+)?(?:book|memoir|commentary|column|essay|article|"
                      r"op-ed|editorial|poem|song|album|film|movie|documentary|play|novel|report|study),?\s*$",
                      re.IGNORECASE)


def names_a_work(text: str, span: Span) -> bool:
    """Say whether a quote is the title of someone's work, whatever its capitals: it follows "Davis' commentary,"."""
    return bool(_WORK_OF.search(text[max(0, span.open_at - 40):span.open_at]))


def _nickname(text: str, span: Span) -> bool:
    """Say whether a quote is a nickname inside a name: Marcia “Cia” Price."""
    quote = text[span.start:span.end].strip()
    return 1 <= len(quote.split()) <= 2 and quote[:1].isupper() and quote[-1:].isalpha() \
        and re.search(r"\b[A-Z][\w.’'-]*\s$", text[max(0, span.open_at - 30):span.open_at]) is not None \
        and re.match(r"\s[A-Z]", text[span.close_at:span.close_at + 2]) is not None


_WORD_COMMA = re.compile(r"\b\w+,$")


def starts_sentence(text: str, span: Span, para_start: int) -> bool:
    """Say whether the quote opens its sentence, or follows a colon or a comma after an attribution."""
    window = max(para_start, span.open_at - 60)
    before = text[window:span.open_at].rstrip()
    if not before and window > para_start:
        before = text[para_start:span.open_at].rstrip()
    if not before or before.endswith((":", ".", "!", "?", "…", "—", "–")):
        return True
    if before.endswith("("):  # "… a ceremony. (“The Klingon Empire has decided …,” was how Ford put it.)"
        return starts_sentence(text, Span(span.start, span.end, len(before) + window - 1, span.close_at,
                                          span.paragraph), para_start) if len(before) > 1 else True
    return before.endswith(",") and bool(_WORD_COMMA.search(before))


def kind(text: str, span: Span, para_start: int, attributed: bool, own_cue: bool = False, alone: bool = False) -> str:
    """Classify a quote as direct (a sentence), partial (a fragment) or scare (nobody speaks it).

    `own_cue` says a verb of saying stands next to this very quote; `alone` that its paragraph holds
    nothing but quotes, as a line of dialogue does.
    """
    quote = text[span.start:span.end]
    words = word_count(quote)
    exclaimed = quote.rstrip(" .,")[-1:] in ("!", "?")
    opens = starts_sentence(text, span, para_start)
    capitals = title_capitals(quote)
    if in_title_position(text, span) and title_capitals(quote, spoken=False) >= 1 or _nickname(text, span) \
            or names_a_work(text, span) or in_term_position(text, span, para_start) or _subject_of_verb(text, span):
        return "scare"
    # A line of dialogue ("Kiss.", "Oh God," she said) is speech however short; a heading in quotes is not.
    spoken_line = (own_cue and opens) or (alone and not _heading(quote))
    if capitals >= 2 and not exclaimed and not spoken_line and not (attributed and words >= 4 and opens):
        return "scare"
    # Several capitalised words ending a sentence read as someone's words even when nobody is named.
    spoken = words >= 12 and quote[:1].isupper() and quote.rstrip(" ”’\"'")[-1:] in (".", "!", "?", "…")
    # A whole short sentence after a colon ("a new message: “It’s about me.”") is someone's words too.
    announced = opens and quote[:1].isupper() and quote.rstrip(" ”’\"'")[-1:] in (".", "!", "?") and \
        text[max(para_start, span.open_at - 3):span.open_at].rstrip().endswith(":")
    if not attributed and not span.continues and not spoken_line and (
            (words <= 4 and not announced) or not (opens or spoken)):
        return "scare"
    first = quote.lstrip("…. [(")[:1]
    if span.continues or spoken_line or (opens and (first.isupper() or first.isdigit() or not first.isalpha())):
        return "direct"
    return "partial"


_BEFORE_WORDS = re.compile(r"[\w’'-]+")
# A verb straight after a quote that ends in no punctuation: the quote is the subject of a sentence, a name.
_VERB_AFTER = re.compile(r"[ \t]+(?:is|was|are|were|has|have|had|became|becomes|remains|remained|will|would)\b")


def _subject_of_verb(text: str, span: Span) -> bool:
    """Say whether a quote is the subject of the sentence's verb: "“Meth. We're on it” is rolling out", a name."""
    if not (text[span.end - 1:span.end].isalnum() and span.close_at > span.end):
        return False
    verb = _VERB_AFTER.match(text, span.close_at)
    if verb is None:
        return False

    # "“We will win” was his reply", "… was how Ford put it": the words of someone, named after them.
    said = lexicon.words("speech_nouns.txt") | lexicon.words("view_nouns.txt") | {"how"}
    return not any(w.lower() in said for w in _BEFORE_WORDS.findall(text[verb.end():verb.end() + 40])[:4])


def in_term_position(text: str, span: Span, para_start: int) -> bool:
    """Say whether a quote stands where a term does, whoever's sentence it is in.

    After a noun that announces a term ("the term “three amigos”"), after "known as" or a naming verb
    and "as" or "the" ("the disease dubbed the “Black Death”"; but "Fiona Hill had dubbed it as “…”"
    is her coinage), between an article and the noun it qualifies ("the “one country, two systems”
    formula"), or one word alone ("“taste”"); but not where a verb of saying or of stance stands just
    before it ("cheered the “historic” move", "called it “immaterial”") or opens the clause the word
    stands in ("Volker said he would have “objected”").
    """

    start = max(para_start, span.open_at - 80)
    raw = _BEFORE_WORDS.findall(re.split(r"[.!?:;]\s", text[start:span.open_at])[-1])
    before = [w.lower() for w in raw]
    if before and before[-1] in lexicon.words("term_nouns.txt"):
        return True
    if span.open_at == para_start and _announced_term(text, para_start):
        return True  # "Just what is this priceless slogan?" and the slogan alone in the next paragraph
    naming = lexicon.naming_words()
    named = [k for k in range(max(0, len(before) - 8), len(before) - 1)
             if before[k] in naming and (before[k].endswith("ed") or before[k] in ("known", "knew"))]
    if before[-2:-1] and before[-1] in ("as", "the") and named and not _coined(raw, named[-1]):
        return True  # "known as the “Three Amigos”", "the disease dubbed the “Black Death”"
    near = list(before)
    while near and (near[-1] in lexicon.determiners() or near[-1] in _OBJECTS):
        near.pop()  # "described it as a “…”", "cheered on the “…”": the verb before its object
    last = range(max(0, len(near) - 2), len(near))
    if any(near[k] in _spoken() and not (k and near[k - 1] in _NOUN_BEFORE) for k in last):
        return False  # "called it “…”"; but "in return give “space”" holds the noun "return", no verb
    quote = text[span.start:span.end]
    words = word_count(quote)
    if starts_sentence(text, span, para_start) or quote.rstrip()[-1:] in ",.!?…—-":
        return False  # “Yes,” she said; “Kiss.”: a line of its own is someone's, however short
    if words == 1:
        return not reports_a_clause(raw)
    after = re.match(r"\s*([a-z][\w’'-]*)", text[span.close_at:span.close_at + 30])
    qualifies = before[-1:] and (before[-1] in lexicon.determiners() or before[-1].endswith(("’s", "'s")))
    return bool(qualifies and after and after.group(1) not in _LINKS and words <= 6)


def _coined(raw: list[str], k: int) -> bool:
    """Say whether the naming verb raw[k] has a named subject: "Fiona Hill, had dubbed … as “…”" is her coinage."""
    return k >= 2 and raw[k - 1].lower() in ("has", "have", "had") and raw[k - 2][:1].isupper() \
        and raw[k - 2].lower() not in _NOUN_BEFORE


def _announced_term(text: str, para_start: int) -> bool:
    """Say whether the paragraph before ends asking for or announcing a slogan: "What is this slogan?", "Its motto:"."""

    tail = text[max(0, para_start - 80):para_start].rstrip()
    last = _BEFORE_WORDS.findall(tail[-40:])
    return tail.endswith(("?", ":")) and bool(last) and last[-1].lower() in lexicon.words("slogan_nouns.txt")


def reports_a_clause(raw: list[str]) -> bool:
    """Say whether a verb of saying earlier in the sentence opens the clause a quote stands in.

    "Volker said he would have “objected”", "Early says Ubisoft are “believers”": the cue, then a subject ("that",
    a pronoun, a name) and more words before the quote. A naming verb ("some have called the “…”"), a noun ("the
    state"), a cue denied or supposed ("cannot explain why") or one before "to" or "about" reports no clause.
    """

    cues, naming, ambiguous = lexicon.cue_words(), lexicon.naming_words(), lexicon.ambiguous_cues()
    for k in range(len(raw) - 3, -1, -1):
        word = raw[k].lower()
        if word in cues and word not in naming and word not in ambiguous and cues[word] not in naming:
            after = raw[k + 1]
            subject = after.lower() in _CLAUSE_SUBJECTS or after[:1].isupper() and after != "I"
            return subject and not (k and raw[k - 1].lower() in _NOUN_BEFORE | _DENIED)
    return False


_CLAUSE_SUBJECTS = frozenset({"that", "he", "she", "they", "it", "we", "i", "you", "there", "his", "her", "their"})
_DENIED = frozenset({"not", "never", "cannot", "can't", "can’t", "would", "could", "might", "should", "n't", "didn't",
                     "didn’t", "won't", "won’t"})


# Words after which a verb of saying is a noun: "in return", "a report", "the answer".
_NOUN_BEFORE = frozenset({"in", "a", "an", "the", "his", "her", "its", "their", "our", "my", "your", "on", "of", "this",
                          "that"})


@lru_cache(maxsize=1)
def _spoken() -> frozenset[str]:
    """Return every form of a verb of saying, of stance or of naming."""

    return frozenset(lexicon.cue_words()) | frozenset(lexicon.stance_words()) | frozenset(lexicon.naming_words())


_OBJECTS = frozenset({"as", "it", "them", "him", "her", "this", "that", "on", "up", "out"})
_LINKS = frozenset({"and", "or", "but", "to", "in", "of", "on", "at", "for", "with", "as", "is", "was", "are", "were",
                    "that", "which", "who", "he", "she", "they", "it", "said", "says", "by", "from"})


def _heading(quote: str) -> bool:
    """Say whether a quote standing alone reads as a title or a heading rather than a spoken line."""
    core = quote.strip()
    return title_capitals(core, spoken=False) >= 2 and core[-1:] not in ".!?,…—-"


def alone_in_paragraph(text: str, spans: list[Span], para_start: int, para_end: int) -> bool:
    """Say whether a paragraph holds nothing but the given quotes (and punctuation)."""
    pos, outside = para_start, []
    for span in spans:
        outside.append(text[pos:span.open_at])
        pos = span.close_at
    outside.append(text[pos:para_end])
    return not re.search(r"[^\W_]", "".join(outside))
