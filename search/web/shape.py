"""Shape index records into what the pages and the JSON API show."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict

from flask import current_app, url_for

from .. import cite
from ..query import Listing, Results, Session, compare

COUNTS_SHOWN = 30  # sources or months a side list shows, the largest (or newest) first; the rest are counted
OTHERS_SHOWN = 20  # other sources of one quote a card or a permalink lists; the rest are counted

QUOTE_FIELDS = ("id", "doc", "title", "source", "date", "url", "text", "kind", "speaker", "speaker_key", "role",
                "cue", "mention", "paragraph", "start", "end", "speaker_start", "speaker_end", "confidence", "page",
                "time", "media_url")


def results_json(results: Results) -> dict:
    """Return a search result page as JSON-ready data."""
    return {
        **results.request.echo(), "total": results.total, "pages": results.pages,
        "suggestion": results.suggestion, "partial": results.partial, "notices": list(results.notices),
        "people": [asdict(f) for f in results.people],
        "facets": {"speaker": [asdict(f) for f in results.facets], "source": [asdict(f) for f in results.sources],
                   "month": [asdict(f) for f in results.months]},
        "results": [_hit_json(h) for h in results.hits],
    }


def _hit_json(hit) -> dict:
    out = dict(asdict(hit), highlighted=str(hit.highlighted))
    if hit.excerpt_start is not None:
        # The whole text, on request: the quote in the API, or the page of the document that holds the paragraph.
        page = (max(1, hit.paragraph or 1) - 1) // current_app.config["LISTING_PAGE_SIZE"] + 1
        whole_paragraph = url_for("pages.document", doc_id=hit.doc, page=page if page > 1 else None)
        out["whole"] = (url_for("api.quote", quote_id=hit.id) if hit.type == "quote"
                        else f"{whole_paragraph}#p-{hit.paragraph}")
    return out


def quote_json(quote: dict, base_url: str) -> dict:
    """Return one quote as JSON-ready data with its permalink and citation."""
    out = {k: quote.get(k) for k in QUOTE_FIELDS}
    cited = cite.citation(quote, base_url)
    out["permalink"] = cited.permalink
    out["citation"] = cite.render(cited, "text")
    out["citations"] = {fmt: cite.render(cited, fmt) for fmt in cite.FORMATS}
    return out


def quote_context(session: Session, quote: dict) -> dict:
    """Return the paragraph around a quote, split into the text before, the quote, and after."""
    doc = session.document(quote["doc"]) or {}
    body = doc.get("body", "")
    para = session.paragraph(quote["doc"], quote["paragraph"])
    if not para or not body:
        return {"before": "", "quote": quote["text"], "after": ""}
    start, end = para["start"], para["end"]
    q_start, q_end = quote["start"], min(quote["end"], end)
    return {"before": body[start:q_start], "quote": body[q_start:q_end], "after": body[q_end:end],
            "number": para["paragraph"]}


def document_view(session: Session, doc: dict, page: int = 1, size: int = 50) -> tuple[list[dict], int]:
    """Return one page of a document's paragraphs, each cut into plain text and marked quotes, and the pages."""
    body = doc.get("body", "")
    paragraphs, quotes, pages = session.document_page(doc["doc"], page, size)
    out = []
    for para in paragraphs:
        pieces, pos = [], para["start"]
        for q in quotes:
            if q["start"] < para["start"] or q["start"] >= para["end"]:
                continue
            if q["start"] > pos:
                pieces.append({"text": body[pos:q["start"]]})
            stop = min(q["end"], para["end"])
            pieces.append({"text": body[q["start"]:stop], "quote": q})
            pos = stop
        if pos < para["end"]:
            pieces.append({"text": body[pos:para["end"]]})
        out.append({"number": para["paragraph"], "pieces": pieces})
    return out, pages


_NOT_NAMES = frozenset({"he", "she", "they", "it", "i", "we", "who", "which", "the", "a", "an", "his", "her", "their",
                        "one", "its"})


def speaker_profile(listing: Listing, fragments: Listing | None = None, shown=lambda q: q) -> dict:
    """Summarise one page of a speaker's quotes: names merged and roles (from the newest quotes), counts by
    source and month (of all their full quotes), the page's full quotes as `shown` lets them be listed, and a
    page of the words they were quoted using in passing, each wording once with how often."""
    names: Counter[str] = Counter()
    newest = listing.newest + (fragments.newest if fragments else ())
    for q in newest:
        names[q.get("speaker", "")] += 1
        mention = q.get("mention") or ""
        # Only names: "she", "who" and "the former president" are how the text refers, not what it calls them.
        if mention[:1].isupper() and mention.split()[0].lower() not in _NOT_NAMES:
            names[mention] += 1
    roles = Counter(q["role"] for q in newest if q.get("role"))
    by_source: Counter[str] = Counter()
    by_month: Counter[str] = Counter()
    for source, n in listing.counts.get("source", {}).items():
        by_source[source or "unknown source"] += n
    for month, n in listing.counts.get("month", {}).items():
        by_month[month or "undated"] += n
    months = sorted(by_month.items(), reverse=True)
    sources = sorted(by_source.items(), key=lambda kv: (-kv[1], kv[0]))  # the largest first, ties A to Z
    return {
        "name": (listing.items or newest or ({},))[0].get("speaker", ""),
        "names": [n for n, _ in names.most_common() if n],
        "roles": [r for r, _ in roles.most_common()],
        # A speaker quoted by thousands of outlets over years: their largest sources and newest months, counted.
        "by_source": sources[:COUNTS_SHOWN], "sources_more": max(0, len(sources) - COUNTS_SHOWN),
        "by_month": months[:COUNTS_SHOWN], "months_more": max(0, len(months) - COUNTS_SHOWN),
        "quotes": [q for q in listing.items if shown(q) is not None],
        "total": listing.total, "page": listing.page, "pages": listing.pages, "partial": listing.partial,
        "window": listing.window,
        "words": used_words(fragments.items) if fragments else [],
        "words_total": fragments.total if fragments else 0, "words_page": fragments.page if fragments else 1,
        "words_pages": fragments.pages if fragments else 1,
    }


def used_words(quotes) -> list[dict]:
    """Return the wordings of fragments once each, in their order, with how often and the first one's record."""
    seen: dict[str, dict] = {}
    for q in quotes:
        wording = " ".join(q.get("text", "").lower().strip(" ,.;:!?…—–-“”\"'‘’").split())
        if wording in seen:
            seen[wording]["count"] += 1
        else:
            seen[wording] = {"quote": q, "count": 1}
    return list(seen.values())


def also_reported(session: Session, quote: dict) -> tuple[list[dict], int]:
    """Return the first OTHERS_SHOWN other occurrences of a quote, each with a word diff against this wording, and
    how many more there are."""
    if quote.get("group_size", 1) < 2:
        return [], 0
    others = [o for o in session.occurrences(quote["group"]) if o["id"] != quote["id"]]
    shown = [dict(o, diff=compare.diff(quote["text"], o["text"])) for o in others[:OTHERS_SHOWN]]
    return shown, len(others) - len(shown)


def verdict_json(verdict: compare.Verdict, base_url: str) -> dict:
    """Return a quote check as JSON-ready data."""
    return {
        "pasted": verdict.pasted,
        "verdict": verdict.verdict,
        "matches": [dict(quote_json(record, base_url), score=match.score, verdict=match.verdict,
                         summary=match.summary, diff=[asdict(c) for c in match.changes])
                    for record, match in verdict.matches],
    }


def folded_occurrences(session: Session, results: Results) -> dict[str, dict]:
    """Return, for each hit that stands for several sources, the first OTHERS_SHOWN other occurrences of its quote
    ("shown") and how many more there are ("more")."""
    out = {}
    for hit in results.hits:
        if hit.group_size > 1:
            others = [o for o in session.occurrences(hit.group) if o["id"] != hit.id]
            out[hit.id] = {"shown": others[:OTHERS_SHOWN], "more": max(0, len(others) - OTHERS_SHOWN)}
    return out


def quote_linked_data(quote: dict, base_url: str) -> dict:
    """Return schema.org Quotation JSON-LD for a quote."""
    speaker = quote.get("speaker")
    data = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "text": quote.get("text", ""),
        "url": cite.permalink(base_url, quote["id"]),
        "isPartOf": {k: v for k, v in {
            "@type": "CreativeWork",
            "name": quote.get("title", ""),
            "publisher": {"@type": "Organization", "name": quote["source"]} if quote.get("source") else None,
            "author": [{"@type": "Organization" if n.group else "Person", "name": n.display()}
                       for n in cite.citation(quote, base_url).authors] or None,
            "datePublished": quote.get("date") or None,
            "url": quote.get("url") or None,
        }.items() if v},
    }
    if speaker:
        person = quote.get("speaker_kind", "person") == "person" and speaker[:1].isupper()
        data["creator"] = {"@type": "Person" if person
                           else "Organization", "name": speaker}
        data["spokenByCharacter"] = data["creator"]
    return data


CONTEXT_CHARS = 90


def result_contexts(session: Session, results: Results) -> dict[str, tuple[str, str]]:
    """Return, for each quote on the page, a few words of its paragraph before and after it."""
    out = {}
    for hit in results.hits:
        if hit.type != "quote":
            continue
        para = session.paragraph(hit.doc, hit.paragraph)
        if not para:
            continue
        text, offset = para.get("text", ""), para.get("start", 0)
        before = text[:max(0, hit.start - offset)].rstrip(" “\"‘'")
        after = text[max(0, hit.end - offset):].lstrip(" ”\"’'")
        if len(before) > CONTEXT_CHARS:
            before = "…" + before[-CONTEXT_CHARS:].split(" ", 1)[-1]
        if len(after) > CONTEXT_CHARS:
            after = after[:CONTEXT_CHARS].rsplit(" ", 1)[0] + "…"
        if before or after:
            out[hit.id] = (before, after)
    return out


def hit_coins(session: Session, results: Results, base_url: str) -> dict[str, str]:
    """Return the COinS ContextObject of each hit on the page, by its quote id or "<doc>#<paragraph>"."""
    out = {}
    for hit in results.hits:
        record = session.quote(hit.id) if hit.type == "quote" else session.paragraph(hit.doc, hit.paragraph)
        if record:
            key = hit.id if hit.type == "quote" else f"{hit.doc}#{hit.paragraph}"
            out[key] = cite.coins.context_object(cite.citation(record, base_url))
    return out


def byline(record) -> list[str]:
    """Return the parts of a document's metadata line: authors, source, date and language, as every page shows them."""
    get = record.get if isinstance(record, dict) else lambda name: getattr(record, name, "")
    authors = get("authors") or [a for a in (get("author") or "").split("; ") if a]
    parts = ["by " + ", ".join(authors)] if authors else []
    parts.append(get("source") or "source unknown")
    parts += [value for value in (get("date"), get("language")) if value]
    return parts


def dropped_view(doc: dict) -> list[dict]:
    """Return the stretches of a document left out as furniture, with their text and why, in text order."""
    body = doc.get("body", "")
    return [{"text": body[start:end], "reason": reason} for start, end, reason in sorted(doc.get("dropped") or [])]

