"""Attribute quotes to speakers: find the cue and the mention, then resolve names and pronouns."""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from . import lexicon
from .model import Mention, Paragraph
from .quotes import Span

_TOKEN = re.compile(r"[A-Za-z0-9\u00c0-\u024f][\w’'.\-]*|[,;:()—–―]|(?<=\s)-(?=\s)|\x00+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘(\[A-Z0-9\x00])")
_ABBREV = {"mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "jr", "sr",
           "prof", "rev", "adm", "maj", "cmdr", "u.s", "u.k", "u.n", "no", "vs", "inc", "corp", "co", "ltd", "jan",
           "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "d.c", "a.m", "p.m", "e.g", "i.e", "ft", "mt"}
_AUX = {"has", "had", "have", "was", "is", "were", "are", "also", "then", "later", "once", "again", "would", "will",
        "could", "can", "did", "does", "do", "previously", "recently", "just", "often", "reportedly", "earlier",
        "first", "famously", "repeatedly", "simply", "flatly", "quickly", "publicly", "privately", "still",
        "since", "ever", "never", "already", "even", "finally", "allegedly", "apparently", "frequently", "may",
        "might", "should", "must", "shall", "been", "being", "be", "not", "further", "only", "plainly", "bluntly",
        "angrily", "firmly", "openly", "openly", "told", "had", "to", "going", "went", "on", "back", "’d", "'d"}
_DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "our", "this", "that", "these", "those", "some",
                "many", "several", "one", "two", "three", "four", "five", "another", "other", "each", "every",
                "both", "most", "all", "few", "no", "my", "your"}
AMBIGUOUS_CUES = {"state", "states", "post", "posts", "report", "reports", "note", "notes", "claim", "claims",
                   "charge", "charges", "call", "calls", "comment", "comments", "answer", "answers", "promise",
                   "promises", "protest", "protests", "estimate", "estimates", "read", "reads", "repeat", "demand",
                   "demands", "pledge", "pledges", "vow", "vows", "tweet", "tweets", "label", "labels", "term",
                   "terms", "brand", "brands", "reason", "reasons", "order", "remark", "remarks", "continue",
                   "counter", "cry", "snap", "concede", "tease", "thunder", "sing", "chant", "chants", "hint",
                   "hints", "dub", "muse", "plead", "post", "swear", "urge", "urges", "warn", "wonder", "yell",
                   "ask", "add", "write", "reply", "replies", "response", "respond", "deny", "say", "tell", "mention",
                   "charged", "called", "continued", "read", "ordered", "reasoned", "labeled", "labelled",
                   "termed", "branded", "dubbed", "posted", "reported", "estimated", "stated", "noted", "promised",
                   "calling", "reading", "posting", "reporting", "stating", "noting", "claiming", "charging",
                   "continuing"}
# Cues whose subject is the thing described, not a speaker ("X is described as a “…”").
_PASSIVE_MARKERS = {"is", "was", "were", "are", "been", "being", "be"}
_NAME_STOP = {"The", "A", "An", "In", "On", "At", "But", "And", "Or", "If", "As", "When", "While", "After",
              "Before", "Since", "During", "Yet", "So", "Still", "Then", "This", "That", "These", "Those", "It",
              "He", "She", "They", "We", "I", "You", "His", "Her", "Their", "Its", "Our", "My", "There", "Here",
              "Meanwhile", "However", "Later", "Earlier", "Asked", "According", "For", "To", "With", "From", "By",
              "Of", "Not", "Now", "What", "Why", "How", "Who", "Where", "Even", "Also", "Only", "Some", "Many",
              "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Yesterday", "Today",
              "Tomorrow", "Last", "Next", "Mr", "Mrs", "Ms"}


@dataclass(frozen=True)
class Attribution:
    """A speaker mention and the cue it rests on, as found next to one quote."""

    mention: Mention
    cue: str
    kind: str  # person | group | thing


class _Tok(NamedTuple):
    text: str
    start: int
    end: int


def mask_quotes(text: str, spans: list[Span], start: int, end: int) -> str:
    """Return text[start:end] with every quote (marks included) blanked out to NULs, offsets kept."""
    pieces, pos = [], start
    for span in spans:
        a, b = max(span.open_at, start, pos), min(span.close_at, end)
        if b <= a:
            continue
        pieces.append(text[pos:a])
        pieces.append("\x00" * (b - a))
        pos = b
    pieces.append(text[pos:end])
    return "".join(pieces)


def _sentence_ends(masked: str):
    """Yield the matches that end a sentence, skipping abbreviations and initials."""
    for m in _SENTENCE_END.finditer(masked):
        word = re.search(r"([\w.]+)[.!?…]*$", masked[max(0, m.start() - 12):m.start() + 1])
        prev = (word.group(1) if word else "").rstrip(".").lower()
        if masked[m.start()] == "." and (prev in _ABBREV or len(prev) == 1):
            continue
        yield m


def sentence_bounds(masked: str) -> list[tuple[int, int]]:
    """Split masked paragraph text into sentences, not breaking after abbreviations or initials."""
    bounds, pos = [], 0
    for m in _sentence_ends(masked):
        bounds.append((pos, m.end()))
        pos = m.end()
    bounds.append((pos, len(masked)))
    return bounds


def tokens(masked: str, offset: int, begin: int = 0, end: int | None = None) -> list[_Tok]:
    """Tokenise masked text (from `begin` to `end` if given) into words and punctuation, with document offsets."""
    new = tuple.__new__
    found = _TOKEN.finditer(masked, begin, len(masked) if end is None else end)
    out = [new(_Tok, (m.group(), m.start() + offset, m.end() + offset)) for m in found]
    for k, tok in enumerate(out):
        word = tok[0]
        # A full stop ends a sentence, not a word, unless the word is an abbreviation or an initial.
        if word[-1] == "." and word[0] != "\x00" and word[:-1].lower() not in _ABBREV and not _is_initial(word):
            out[k] = new(_Tok, (word[:-1], tok[1], tok[2] - 1))
    return out


def tokens_between(masked: str, offset: int, a: int, b: int) -> list[_Tok]:
    """Return the tokens of a masked paragraph from document offset `a` to `b`."""
    return tokens(masked, offset, max(0, a - offset), max(0, b - offset))


def _is_initial(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z]\.)+", word))


def _is_cue(toks: list[_Tok], i: int, after_quote: bool = False) -> str:
    """Return the cue lemma if token i is a verb of saying in this position."""
    word = toks[i].text
    cues = lexicon.cue_words()
    if word not in cues:
        if i or word.lower() not in cues:
            return ""
        word = word.lower()  # "Said Comey, “…”": a cue can open its sentence
    rest = cues[word].split()[1:]
    if rest and [t.text.lower() for t in toks[i + 1:i + 1 + len(rest)]] != rest:
        return ""  # "put" is a cue only in "put it", "shot" only in "shot back"
    # Straight after a quote's closing comma ("…," read the statement) a verb form can only be the cue.
    if after_quote and i == 0:
        return cues[word]
    if word in AMBIGUOUS_CUES and word not in ("said", "says", "told", "tells", "wrote", "writes", "asked", "added"):
        prev = toks[i - 1].text if i > 0 else ""
        if not prev or not (prev.lower() in lexicon.pronouns() or prev[0].isupper() or prev.lower() in _AUX
                            or prev.lower() in lexicon.nouns() or prev == ","):
            return ""
    return cues[word]


def _is_name_word(word: str) -> bool:
    head, dash, rest = word.partition("-")
    if dash and head in lexicon.particles() and rest[:1].isupper():
        return True
    return (word[:1].isupper() or word in lexicon.particles()) and word not in _NAME_STOP or _is_initial(word)


def _noun_kind(head: str) -> str:
    head = head.lower().rstrip("’'s") if head.endswith(("’s", "'s")) else head.lower()
    known = lexicon.nouns().get(head)
    if known:
        return known
    return "group" if head.endswith("s") and not head.endswith("ss") else "thing"


def name_kind(name: str) -> str:
    """Say whether a proper name is a person or an organisation/document (thing)."""
    words = name.replace("’s", "").split()
    if any(w.strip(".,") in lexicon.org_words() for w in words) or name.isupper():
        return "thing"
    return "person"


def _backward_np(toks: list[_Tok], end: int, text: str) -> tuple[Mention, str] | None:
    """Read the noun phrase that ends just before toks[end] (the subject of a cue)."""
    i = end - 1
    # A capitalised "Will" or "May" before the cue is a name, not an auxiliary.
    while i >= 0 and (toks[i].text in _AUX and toks[i].text not in ("told", "to", "on", "back")
                      or toks[i].text.endswith("ly") and toks[i].text.islower() and i > 0):
        i -= 1
    if i >= 1 and toks[i].text == "," and toks[i - 1].text == ")":
        i -= 1
    if i >= 0 and toks[i].text == ")":
        # "Sen. Marco Rubio (R-Fla.) said": the party and state in brackets sit between name and cue.
        k = i - 1
        while k >= 0 and toks[k].text != "(" and i - k < 8:
            k -= 1
        if k >= 1 and toks[k].text == "(":
            i = k - 1
    if i < 0:
        return None
    word = toks[i].text
    if word.lower() in ("and", "but"):
        # "X sent his man to Tehran and said": the subject of a coordinated verb opens the clause.
        return _clause_subject(toks, i, text)
    if word.lower() in lexicon.pronouns():
        t = toks[i]
        return Mention(t.start, t.end, t.text, pronoun=True), lexicon.pronouns()[word.lower()]
    if word.lower() in ("who", "which") and i > 0:
        # "Mike Lee, who declared …": the relative pronoun is the mention, its antecedent the speaker.
        k = i - 1 if toks[i - 1].text != "," else i - 2
        antecedent = _backward_np(toks, k + 1, text) if k >= 0 and toks[k].text not in ("who", "which") else None
        if antecedent and not antecedent[0].pronoun:
            t, (mention, kind) = toks[i], antecedent
            return Mention(t.start, t.end, t.text, name=mention.name, role=mention.role), kind
        return None
    if word == ",":
        # "X, the head of Y, said": the subject stands before the appositive.
        j = i - 1
        while j >= 0 and toks[j].text != "," and i - j < 25 and toks[j].text[0] != "\x00":
            j -= 1
        if j >= 0 and toks[j].text == "," and j + 1 < i:
            appositive = toks[j + 1:i]
            first = appositive[0].text
            if all(_is_name_word(t.text) or t.text.lower() in lexicon.title_words() for t in appositive):
                # "Hunter’s chief of staff, Joe Kasper, told": the name in the commas is the speaker.
                named = _name_mention(appositive, text)
                if named and j > 0 and toks[j - 1].text.lower() not in lexicon.pronouns():
                    return named
            described = any(t.text[0].islower() and t.text.lower() not in _CLAUSE_WORDS for t in appositive)
            if first.lower() in _DETERMINERS or first.lower() in ("who", "which", "whose") or first[0].islower() \
                    or first.lower() in lexicon.title_words() or first[0].isdigit() or described:
                found = _backward_np(toks, j, text)
                if found:
                    mention, kind = found
                    role = "" if first.lower() in ("who", "which", "whose") or first[0].isdigit() else \
                        text[appositive[0].start:appositive[-1].end]
                    return Mention(mention.start, mention.end, mention.text, role=role or mention.role,
                                   pronoun=mention.pronoun), kind
        return None
    if _is_name_word(word) or (word.endswith(("’s", "'s")) and word[0].isupper()):
        j = i
        while j - 1 >= 0 and (_is_name_word(toks[j - 1].text) or toks[j - 1].text.lower() == "of" and j - 2 >= 0
                              and toks[j - 2].text[:1].isupper()) and i - j < 8:
            j -= 1
        while j <= i and toks[j].text.lower() in ("of", *lexicon.particles()) and not toks[j].text[0].isupper():
            j += 1
        if j > i:
            return None
        if j - 1 >= 0 and toks[j - 1].text.lower() == "the":
            j -= 1
        return _name_mention(toks[j:i + 1], text)
    # A common-noun phrase: "the cable", "one of the Jurf al-Sakhar cables", "the prime minister’s office".
    head = toks[i]
    if not head.text[0].isalpha() or head.text.lower() in _DETERMINERS:
        return None
    j = i
    found_det = head.text.lower() in lexicon.nouns()
    bare_left = None
    k = i - 1
    while k >= 0 and i - k <= 7:
        w = toks[k].text
        if w[0] in ",;:()—–\x00" or _is_cue(toks, k):
            break
        if w.lower() in _DETERMINERS:
            j, found_det = k, True
            if w.lower() == "one" or (k >= 2 and toks[k - 1].text.lower() == "of" and toks[k - 2].text.lower() in _DETERMINERS):
                k -= 1
                continue
            if k >= 2 and toks[k - 1].text.lower() == "of":
                k -= 1
                continue
            break
        if w.lower() in _AUX or w.lower() in _CLAUSE_WORDS or w.endswith("ly"):
            break
        if w.lower() == "of" or w[0].isupper() or _is_name_word(w) or w.lower() in lexicon.nouns() or w.endswith(("’s", "'s")) \
                or w.islower():
            if not found_det_before(toks, k, i) and i - k < 3 and w.lower() != "of":
                bare_left = k
            k -= 1
            continue
        break
    if j == i and bare_left is not None and head.text.lower() in lexicon.nouns():
        j = bare_left
    if not found_det and not (j == i and head.text.lower().rstrip("s") in lexicon.nouns()):
        return None
    if j == i and head.text.lower() not in lexicon.nouns():
        return None
    if j < i and toks[j].text.lower() not in _DETERMINERS and head.text.lower() not in lexicon.nouns():
        return None
    if j >= 2 and toks[j - 1].text == "by" and toks[j - 2].text.endswith(("ed", "en")):
        # "The constitution established by the regime declared": the agent of a participle is not the subject.
        return _backward_np(toks, j - 2, text) if j - 2 > 0 else None
    start, stop = toks[j].start, head.end
    phrase = text[start:stop]
    return Mention(start, stop, phrase, name=phrase), _noun_kind(head.text)


_CLAUSE_WORDS = {"and", "but", "or", "nor", "in", "on", "at", "to", "for", "with", "from", "by", "as", "about",
                 "after", "before", "during", "since", "than", "that", "which", "who", "whom", "whose", "when",
                 "while", "where", "if", "because", "although", "though", "up", "out", "into", "over", "under",
                 "just", "not", "so", "very"}


def _clause_subject(toks: list[_Tok], end: int, text: str) -> tuple[Mention, str] | None:
    """Return the subject that opens the clause ending at toks[end]."""
    begin = 0
    for k in range(end - 1, -1, -1):
        if toks[k].text[0] in ";:\x00":
            begin = k + 1
            break
    if begin < end and toks[begin].text.lower() in ("according", "in", "on", "at", "after", "during", "as", "but",
                                                     "and", "yet", "still", "however", "meanwhile", "later"):
        comma = next((k for k in range(begin, end) if toks[k].text == ","), None)
        if comma is None:
            return None
        begin = comma + 1
    else:
        # "Eight years ago, he …" / "Over the years, she …": an opening phrase before the subject.
        comma = next((k for k in range(begin, min(end, begin + 8)) if toks[k].text == ","), None)
        if comma is not None and comma + 1 < end and toks[begin].text.lower() not in lexicon.pronouns() and (
                toks[comma + 1].text.lower() in lexicon.pronouns() or _is_name_word(toks[comma + 1].text)):
            begin = comma + 1
    if begin >= end:
        return None
    first = toks[begin].text
    if first.lower() in lexicon.pronouns():
        t = toks[begin]
        return Mention(t.start, t.end, t.text, pronoun=True), lexicon.pronouns()[first.lower()]
    if _is_name_word(first) or first == "The":
        k = begin + 1
        while k < end and (_is_name_word(toks[k].text) or toks[k].text.lower() == "of") and k - begin < 8:
            k += 1
        if first == "The" and k == begin + 1:
            return None  # "The 60 second ad …": a bare article names nobody
        return _name_mention(toks[begin:k], text)
    return None


def found_det_before(toks: list[_Tok], k: int, i: int) -> bool:
    """Say whether a determiner stands between toks[k] and toks[i]."""
    return any(t.text.lower() in _DETERMINERS for t in toks[k:i])


def _forward_np(toks: list[_Tok], begin: int, text: str) -> tuple[Mention, str] | None:
    """Read the noun phrase that starts at toks[begin] (the subject after "said")."""
    if begin >= len(toks):
        return None
    first = toks[begin].text
    if first.lower() in lexicon.pronouns():
        t = toks[begin]
        return Mention(t.start, t.end, t.text, pronoun=True), lexicon.pronouns()[first.lower()]
    if first[0] in ",;:()—–\x00" or first.lower() in _CLAUSE_WORDS:
        return None  # "adding that …": no subject follows the cue
    i = begin
    stops = {"in", "on", "at", "during", "who", "which", "that", "after", "before", "when", "while", "about",
             "according", "to", "from", "for", "with", "as", "by", "and", "but", "last", "this", "on", "told",
             "adding", "noting", "referring", "speaking", "because", "since", "if"}
    while i < len(toks) and i - begin < 10:
        w = toks[i].text
        if w[0] in ",;:()—–\x00" or (w.lower() in stops and i > begin and not (w.lower() == "of")):
            break
        if w.lower() == "of" and i + 1 < len(toks):
            i += 1
            continue
        i += 1
    chunk = toks[begin:i]
    if not chunk:
        return None
    if any(_is_name_word(t.text) for t in chunk) and all(_is_name_word(t.text) or t.text.lower() in ("the", "of")
                                                         or t.text.lower() in lexicon.title_words() for t in chunk):
        return _name_mention(chunk, text)
    run = _last_name_run(chunk)
    if run is not None:
        # "said former tech executive Carly Fiorina": the words before the name are her role.
        a, b = run
        named = _name_mention(chunk[a:b], text)
        if named:
            mention, kind = named
            start = chunk[0].start
            role = " ".join(x for x in (text[start:chunk[a].start].strip(), mention.role) if x)
            return Mention(start, mention.end, text[start:mention.end], name=mention.name, role=role), kind
    head = chunk[-1].text
    if chunk[0].text.lower() in _DETERMINERS or head.lower() in lexicon.nouns() or _is_name_word(chunk[0].text):
        start, stop = chunk[0].start, chunk[-1].end
        phrase = text[start:stop]
        return Mention(start, stop, phrase, name=phrase), _noun_kind(head)
    return None


def _last_name_run(chunk: list[_Tok]) -> tuple[int, int] | None:
    """Return the bounds of the name in a phrase such as "conservative activist Bob Klaus of Derry"."""
    runs, k = [], 0
    while k < len(chunk):
        if _is_name_word(chunk[k].text) and chunk[k].text[:1].isupper():
            a = k
            while k < len(chunk) and (_is_name_word(chunk[k].text) or chunk[k].text in lexicon.particles()):
                k += 1
            after_of = a > 0 and chunk[a - 1].text.lower() == "of"
            runs.append((a, k, after_of))
        else:
            k += 1
    usable = [r for r in runs if not r[2] and r[1] - r[0] >= 2] or [r for r in runs if not r[2]]
    if not usable or chunk[0].text.lower() in _CLAUSE_WORDS:
        return None
    a, b, _ = usable[-1]
    return a, b


def _name_mention(chunk: list[_Tok], text: str) -> tuple[Mention, str] | None:
    """Build a mention from name tokens, moving leading titles into the role."""
    words = [t.text for t in chunk]
    k = 0
    while k < len(words) - 1:
        lowered = [w.lower() for w in words]
        for title in lexicon.titles_starting(lowered[k]):
            if tuple(lowered[k:k + len(title)]) == title and k + len(title) < len(words):
                k += len(title)
                break
        else:
            break
    start, stop = chunk[0].start, chunk[-1].end
    phrase = text[start:stop]
    name_start = chunk[k].start
    name = text[name_start:stop]
    role = text[start:chunk[k - 1].end] if k else ""
    if name.lower().startswith("the ") and k == 0:
        kind = "thing"
    else:
        kind = name_kind(name)
    if name.endswith(("’s", "'s")):
        return None
    return Mention(start, stop, phrase, name=name, role=role), kind


def _modifiers_only(toks: list[_Tok], stop: int) -> bool:
    """Say whether the words before offset `stop` only qualify a speaker (“…,” columnist Ai Jun wrote)."""
    lead = [t.text for t in toks if t.start < stop]
    if lead[-1:] == [","]:
        lead = lead[:-1]  # "his wife, Gabriela Violeta Lazar, wrote": the phrase stands in apposition
    return 0 < len(lead) <= 6 and all(
        w[0].isalpha() and w.lower() not in _CLAUSE_WORDS and w.lower() not in _AUX
        and w.lower() not in lexicon.pronouns() and w.lower() not in lexicon.cue_words() for w in lead)


def attribute_after(text: str, masked: str, offset: int, span: Span,
                    bounds: list[tuple[int, int]] | None = None) -> Attribution | None:
    """Find `“…,” X said` / `“…,” said X` in the rest of the quote's sentence.

    `masked` is the quote's paragraph with quotes blanked out, `bounds` its sentences if known.
    """
    rel = span.close_at - offset
    if bounds is None:
        m = next(_sentence_ends(masked[rel:]), None)
        stop = rel + m.start() + 1 if m else len(masked)
    else:
        stop = next((b for a, b in bounds if a <= rel < b), len(masked))
    nul = masked.find("\x00", rel, stop)
    if nul != -1:
        stop = nul
    toks = tokens_between(masked, offset, span.close_at, offset + stop)
    if toks and toks[0].text in ("—", "―", "–", "-") and 0 < len(toks) - 1 <= 5 \
            and all(_is_name_word(t.text) for t in toks[1:]) and "\n" not in text[toks[1].start:toks[-1].end]:
        # A signature after a dash (“…” ― Sonya Herridge) names the speaker.
        named = _name_mention(toks[1:], text)
        if named:
            return Attribution(named[0], "—", named[1])
    if toks and toks[0].text in (",", "—", "–", "-"):
        toks = toks[1:]
    if len(toks) > 2 and toks[0].text.lower() == "according" and toks[1].text == "to":
        found = _forward_np(toks, 2, text)
        if found:
            return Attribution(found[0], "according to", found[1])
    for i, tok in enumerate(toks[:40]):
        lemma = _is_cue(toks, i, after_quote=True)
        if not lemma:
            if tok.text in (";", ":") :
                break
            continue
        if i == 0 or (i == 1 and toks[0].text in _AUX):
            found = _forward_np(toks, i + 1, text)
        else:
            found = _backward_np(toks, i, text)
            if found is None and toks[i - 1].text == ",":
                found = _forward_np(toks, i + 1, text)  # "“…” in the 2008 primary, said Paul Beck."
            if found and found[0].start != toks[0].start and not (
                    toks[0].text.lower() in ("the", "one", "a", "an") or _is_name_word(toks[0].text)
                    or _modifiers_only(toks, found[0].start)):
                before_np = next((k for k, t in enumerate(toks) if t.start == found[0].start), 0)
                sentence_final = i + 1 >= len(toks) or toks[i + 1].text in (",", ";")
                if not (before_np > 0 and toks[before_np - 1].text == "," and sentence_final):
                    found = None
        if found:
            mention, kind = found
            return Attribution(mention, _cue_phrase(toks, i, lemma), kind)
        return None
    return None


def attribute_before(text: str, masked: str, offset: int, start: int, span: Span) -> Attribution | None:
    """Find `X said: “…”`, `X told AFP “…”`, `According to X, … “…”` in the words from `start` to the quote.

    `masked` is the quote's paragraph with its quotes blanked out, starting at document offset `offset`.
    """
    # Only the end of a very long sentence can hold the attribution of the quote that ends it.
    toks = tokens_between(masked, offset, max(start, span.open_at - 600), span.open_at)
    lead = next((k + 1 for k in range(len(toks) - 2, -1, -1) if toks[k].text in ("—", "–", "―", "-", "from")), 0)
    if len(toks) - lead >= 2 and toks[-1].text == ":" and len(toks) - lead <= 6 \
            and all(_is_name_word(t.text) or t.text == "and" and k > lead for k, t in enumerate(toks[lead:-1], lead)):
        # A transcript line, "Bush: “…”" or "Pollsters agree - Carl Bialik: “…”", names its speaker.
        named = _name_mention(toks[lead:-1], text)
        if named:
            return Attribution(named[0], ":", named[1])
    for i in range(len(toks) - 1, -1, -1):
        word = toks[i].text
        if word.lower() == "according" and i + 2 < len(toks) and toks[i + 1].text.lower() == "to":
            found = _forward_np(toks, i + 2, text)
            if found:
                return Attribution(found[0], "according to", found[1])
        lemma = _is_cue(toks, i)
        if not lemma:
            continue
        if i > 0 and toks[i - 1].text.lower() in _PASSIVE_MARKERS and word.endswith("ed") and lemma != "say":
            continue
        participle = word.endswith("ing") and i > 0
        # "Mr. Trump, …, issued a statement Tuesday, saying": a participle takes the subject of its clause,
        # and "Spicer said, adding" the subject of the verb it follows.
        found = None
        if participle and i >= 2 and toks[i - 1].text == "," and _is_cue(toks, i - 2):
            found = _backward_np(toks, i - 2, text)
        if (participle or i > 0 and toks[i - 1].text == "to") and not found:
            # "Bryne went on to say, “…”": an infinitive, like a participle, speaks for its clause's subject.
            found = _clause_subject(toks, i - 1 if participle else i - 2, text)
        found = found or _backward_np(toks, i, text)
        if found is None and i + 1 < len(toks) and (i == 0 or toks[i - 1].text == "," or toks[i - 1].text[0] == "\x00"):
            # "Said Comey, “…”" and "“…,” said X, an analyst, “…”": the subject follows the cue, and a
            # comma closes what stands between it and the quote; else the quote sits inside a clause.
            found = _forward_np(toks, i + 1, text)
            rest = [t.text for t in toks if found and t.start >= found[0].end]
            if rest and not (rest[-1] in (",", ":") and len(rest) <= 25):
                found = None
        if found is None and word.endswith("ing"):
            # "Carson shared a syllabus on his page, writing “…”": the participle's subject opens the clause.
            found = _clause_subject(toks, i, text)
        if found:
            return Attribution(found[0], _cue_phrase(toks, i, lemma), found[1])
        if word in ("said", "says", "told", "wrote") or i < len(toks) - 1:
            continue
    return None


def attribute_final(text: str, masked: str, offset: int, start: int, end: int) -> Attribution | None:
    """Return the attribution of a sentence from `start` to `end` that ends on its cue ("X says.")."""
    toks = tokens_between(masked, offset, start, end)
    if len(toks) < 2 or not _is_cue(toks, len(toks) - 1):
        return None
    found = _backward_np(toks, len(toks) - 1, text)
    if found:
        return Attribution(found[0], _cue_phrase(toks, len(toks) - 1, _is_cue(toks, len(toks) - 1)), found[1])
    return None


def introducer(text: str, masked: str, offset: int, start: int, end: int) -> Attribution | None:
    """Return the subject of a sentence that introduces a quote with a colon ("X issued a statement:")."""
    toks = tokens_between(masked, offset, start, end)
    found = _clause_subject(toks, len(toks) - 1, text) if toks else None
    if found:
        return Attribution(found[0], ":", found[1])
    return None


def _cue_phrase(toks: list[_Tok], i: int, lemma: str) -> str:
    word = toks[i].text
    rest = lemma.split()[1:]
    if rest:
        return " ".join([word, *rest])
    if lemma == "tell" and i + 1 < len(toks) and toks[i + 1].text[0].isupper():
        return f"{word} {toks[i + 1].text}"
    return word


# ---- resolution -----------------------------------------------------------------------------------

_NAME_RUN = re.compile(
    r"\b(?:[A-Z][\w’'\-]*\.? )(?:(?:(?:al|el|bin|ibn|de|del|da|di|du|la|le|van|von)[ -])?[A-Z][\w’'\-]*\.? ?){1,4}")


_POSSESSIVE = re.compile(r"[’'`]s\b")
_NOT_WORD = re.compile(r"[^\w\s-]")


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Fold a name to lower-case ASCII words for comparison."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_name = _POSSESSIVE.sub("", name)
    ascii_name = _NOT_WORD.sub(" ", ascii_name.lower()).replace("-", " ").replace("_", " ")
    return " ".join(ascii_name.split())


def key_for(name: str) -> str:
    """Make the speaker key of a resolved name: the same for spelling variants of one name."""
    words = fold(name).split()
    if words and words[0] == "the":
        words = words[1:]
    # Middle initials and particles spelt with or without a hyphen should not split one person in two.
    words = [w for i, w in enumerate(words) if not (len(w) == 1 and 0 < i < len(words) - 1)]
    return "-".join(words)[:80] or "unknown"


def strip_titles(name: str) -> tuple[str, str]:
    """Split leading titles from a name: ("Lieutenant General", "Hatem al-Maksusi")."""
    words = name.split()
    lowered = [w.lower() for w in words]
    k = 0
    while k < len(words) - 1:
        for title in lexicon.titles_starting(lowered[k]):
            if tuple(lowered[k:k + len(title)]) == title and k + len(title) < len(words):
                k += len(title)
                break
        else:
            break
    return " ".join(words[:k]), " ".join(words[k:])


_FULL_STOP = re.compile(r"(?<=[a-z]{3}\.) ")


def _last_key(word: str) -> str:
    """Return the last folded word of a name's last word: "Trump’s" -> "trump", "al-Maksusi" -> "maksusi"."""
    if word.isalnum() and word.isascii():
        return word.lower()
    folded = fold(word).split()
    return folded[-1] if folded else ""


class NameTable:
    """The full names a document uses, so that a bare `Maksusi` or `Mr. Trump` finds its person.

    Capitalised runs are collected up front; what name each holds is worked out only when asked.
    """

    def __init__(self, text: str) -> None:
        self.runs: list[tuple[int, str]] = []  # (offset, capitalised run), in document order
        self.by_last: dict[str, list[int]] = {}  # last folded word of a run -> indices into `runs`
        for m in _NAME_RUN.finditer(text):
            run = m.group().strip()
            # "Capitol Hill. Sanders": a full stop after a word that is no abbreviation ends the name.
            pieces = [run] if ". " not in run else _FULL_STOP.split(run)
            for piece in pieces:
                self.by_last.setdefault(_last_key(piece.rsplit(None, 1)[-1]), []).append(len(self.runs))
                self.runs.append((m.start() + run.find(piece), piece))

    def _name(self, k: int) -> tuple[str, str, list[str]] | None:
        found = _full_name(self.runs[k][1])
        return found if found and found[2] else None

    @property
    def full(self) -> list[tuple[int, str, str]]:
        """Return (offset, display name, kind) of every full name, in document order."""
        out = []
        for k, (at, _) in enumerate(self.runs):
            found = self._name(k)
            if found:
                out.append((at, found[0], found[1]))
        return out

    def resolve(self, name: str, at: int) -> str:
        """Return the fullest form of `name` named in the document, preferring the nearest before `at`."""
        folded = fold(name)
        words = folded.split()
        if not words:
            return name
        if words[0] == "the":
            words = words[1:]
        if not words:
            return name
        best, best_at = None, None
        for k in self.by_last.get(words[-1], ()):
            found = self._name(k)
            if not found:
                continue
            pos, (full, _, fwords) = self.runs[k][0], found
            if len(fwords) <= len(words) or fwords[-len(words):] != words:
                continue
            before = pos <= at
            if best is None or (before and (best_at > at or pos > best_at)) or (not before and best_at > at and pos < best_at):
                best, best_at = full, pos
        return best or name

    def before(self, at: int, within: int) -> list[tuple[int, str, str]]:
        """Return (offset, name, kind) of the full names from `within` characters before `at` up to it."""
        out = []
        for k in range(bisect.bisect_right(self.runs, (at, "\uffff")) - 1, -1, -1):
            pos = self.runs[k][0]
            if at - pos > within:
                break
            found = self._name(k)
            if found and pos < at:
                out.append((pos, found[0], found[1]))
        return out[::-1]

    def nearest_person(self, at: int, within: int = 1500) -> tuple[str, int] | None:
        """Return the last person named before `at` within a window."""
        for pos, full, kind in reversed(self.before(at, within)):
            if kind == "person":
                return full, pos
        return None


@lru_cache(maxsize=65536)
def _full_name(run: str) -> tuple[str, str, list[str]] | None:
    """Return the name a capitalised run holds, its kind and its folded words, or None if it is no full name."""
    words = run.split()
    cues = lexicon.cue_words()
    # "Said Comey": an inflected verb of saying that opens a sentence is not part of the name after it.
    while words and (words[0].rstrip(".") in _NAME_STOP or cues.get(words[0].lower(), words[0].lower()).split()[0]
                     != words[0].lower()):
        words = words[1:]
    if len(words) < 2:
        return None
    # "Iran’s MOIS’ agents": a possessive ends one name, so only what follows it can be a name.
    cut = max((k + 1 for k, w in enumerate(words[:-1]) if w.endswith(("’s", "'s", "’", "'"))), default=0)
    words = words[cut:]
    _, name = strip_titles(" ".join(words))
    name = re.sub(r"[’']s?$", "", name).strip(" .")
    if len(name.split()) < 2 or all(w.lower() in lexicon.title_words() for w in name.split()):
        return None
    folded = fold(name).split()
    return name, name_kind(name), folded[1:] if folded[:1] == ["the"] else folded


def resolve(mention: Mention, kind: str, at: int, names: NameTable, history: list[tuple[int, str, str]]) -> str:
    """Return the display name of a mention: a full name, a resolved pronoun, or the phrase itself."""
    if mention.pronoun:
        want = lexicon.pronouns().get(mention.text.lower(), "person")
        if want == "writer":
            return ""
        pool = sorted(history + [(pos, name, k) for pos, name, k in names.before(at + 1, 3000) if k != "person"])
        for pos, name, k in reversed(pool):
            if pos > at or at - pos > 3000:
                continue
            if k == want or (want == "group" and k == "thing" and mention.text.lower() == "they") or \
                    (want == "thing" and k in ("thing", "group") and mention.text.lower() == "it"):
                return name
        if want == "person":
            found = names.nearest_person(at)
            if found:
                return found[0]
        return ""
    if not mention.name:
        return mention.text
    if kind in ("person", "thing") and mention.name[:1].isupper() or mention.name.lower().startswith("the "):
        return names.resolve(mention.name, at)
    return mention.name


def paragraph_of(paragraphs: tuple[Paragraph, ...], number: int) -> Paragraph:
    """Return the paragraph with a given number."""
    return paragraphs[number - 1]


# ---- identity across documents --------------------------------------------------------------------

def _skeleton(word: str) -> str:
    """Reduce a first name to its consonant skeleton, so Qasem and Qassim meet."""
    out = word[:1]
    for ch in word[1:]:
        if ch not in "aeiouy" and ch != out[-1:]:
            out += ch
    return out


def merge_keys(names) -> dict[str, tuple[str, str]]:
    """Map every speaker key to (canonical key, display name), merging spellings of one person.

    `names` counts (key, display) pairs over the corpus. Keys of common-noun phrases (with a
    document suffix) are left alone; full names merge when their surnames agree and their first
    names share a consonant skeleton; a bare surname joins the one full name that ends with it.
    """
    totals: dict[str, int] = {}
    displays: dict[str, dict[str, int]] = {}
    for (key, display), count in names.items():
        totals[key] = totals.get(key, 0) + count
        displays.setdefault(key, {})
        displays[key][display] = displays[key].get(display, 0) + count
    groups: dict[tuple[str, str], list[str]] = {}
    singles = []
    for key in totals:
        if "--" in key:
            continue
        words = key.split("-")
        # "al-Maksusi" is a bare surname with its particle, not a first name and a surname.
        if len([w for w in words if w not in lexicon.particles()]) == 1:
            singles.append(key)
            continue
        groups.setdefault((" ".join(words[1:]), _skeleton(words[0])), []).append(key)
    canonical: dict[str, str] = {}
    for members in groups.values():
        best = max(members, key=lambda k: (totals[k], -len(k), k))
        for k in members:
            canonical[k] = best
    by_last: dict[str, set[str]] = {}
    for key, best in canonical.items():
        by_last.setdefault(key.split("-")[-1], set()).add(best)
    for key in singles:
        targets = by_last.get(key.split("-")[-1], set())
        if len(targets) == 1:
            canonical[key] = next(iter(targets))
    members_of: dict[str, list[str]] = {}
    for key in totals:
        members_of.setdefault(canonical.get(key, key), []).append(key)
    out = {}
    for best, members in members_of.items():
        pool: dict[str, int] = {}
        for k in members:
            for d, n in displays[k].items():
                if len(d.split()) >= 2 or k == best:
                    pool[d] = pool.get(d, 0) + n
        pool = pool or displays[best]
        display = max(pool, key=lambda d: (pool[d], len(d)))
        for k in members:
            out[k] = (best, display)
    return out
