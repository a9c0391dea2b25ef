"""What Zotero saves from a page: the rules of its Embedded Metadata, RDF and COinS translators, ported for tests.

Ported from zotero/translators ("Embedded Metadata.js", lastUpdated 2024-06-13; "RDF.js", 2019-09-08;
"COinS.js", 2015-06-04) and zotero/utilities (openurl.js: parseContextObject), the parts our pages reach:
how each picks the item type, which tag fills which field, and which translator Zotero runs on a page.
Rules for tags we never write (bibo, eprints, parsely, bylines) are left out. Field validity follows Zotero's
schema for the item types we emit, with publicationTitle and publisher mapped to their base-field names.
"""
from __future__ import annotations

import re
from urllib.parse import unquote

from lxml import html as lxml_html

# Zotero's item types (schema), for ZU.itemTypeExists.
ITEM_TYPES = frozenset("""artwork audioRecording bill blogPost book bookSection case computerProgram conferencePaper
dataset dictionaryEntry document email encyclopediaArticle film forumPost hearing instantMessage interview
journalArticle letter magazineArticle manuscript map newspaperArticle note patent podcast preprint presentation
radioBroadcast report standard statute thesis tvBroadcast videoRecording webpage""".split())

# Translator priorities (lower runs first): the first whose detectWeb answers saves the page.
PRIORITY = {"COinS": 310, "Embedded Metadata": 320}

# Embedded Metadata.js: _prefixes (namespaces a meta tag's prefix names).
PREFIXES = {"bib": "http://purl.org/net/biblio#", "bibo": "http://purl.org/ontology/bibo/",
            "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
            "prism": "http://prismstandard.org/namespaces/1.2/basic/", "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://nwalsh.com/rdf/vCard#", "link": "http://purl.org/rss/1.0/modules/link/",
            "z": "http://www.zotero.org/namespaces/export#", "eprint": "http://purl.org/eprint/terms/",
            "eprints": "http://purl.org/eprint/terms/", "og": "http://ogp.me/ns#",
            "article": "http://ogp.me/ns/article#", "book": "http://ogp.me/ns/book#", "music": "http://ogp.me/ns/music#",
            "video": "http://ogp.me/ns/video#", "so": "http://schema.org/",
            "codemeta": "https://codemeta.github.io/terms/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
N = PREFIXES

# Embedded Metadata.js: HIGHWIRE_MAPPINGS (processFields: first meta whose name ends so, over RDF's value).
HIGHWIRE = {"citation_title": "title", "citation_publication_date": "date", "citation_cover_date": "date",
            "citation_date": "date", "citation_journal_title": "publicationTitle",
            "citation_journal_abbrev": "journalAbbreviation", "citation_inbook_title": "publicationTitle",
            "citation_book_title": "bookTitle", "citation_volume": "volume", "citation_issue": "issue",
            "citation_series_title": "series", "citation_conference_title": "conferenceName",
            "citation_conference": "conferenceName", "citation_dissertation_institution": "university",
            "citation_technical_report_institution": "institution", "citation_technical_report_number": "number",
            "citation_publisher": "publisher", "citation_isbn": "ISBN", "citation_abstract": "abstractNote",
            "citation_doi": "DOI", "citation_public_url": "url", "citation_language": "language"}
HW_TYPES = {"citation_journal_title": "journalArticle", "citation_technical_report_institution": "report",
            "citation_conference_title": "conferencePaper", "citation_conference": "conferencePaper",
            "citation_book_title": "bookSection", "citation_inbook_title": "bookSection",
            "citation_dissertation_institution": "thesis"}

# Zotero's schema: the base fields each type we emit accepts (besides title, abstractNote, date, url,
# language, accessDate, extra), under their own names; and its primary creator type.
BASE_FIELDS = {
    "newspaperArticle": {"publicationTitle": "publicationTitle", "section": "section"},
    "magazineArticle": {"publicationTitle": "publicationTitle", "volume": "volume", "issue": "issue"},
    "journalArticle": {"publicationTitle": "publicationTitle", "volume": "volume", "issue": "issue"},
    "blogPost": {"publicationTitle": "blogTitle", "type": "websiteType"},
    "webpage": {"publicationTitle": "websiteTitle", "type": "websiteType"},
    "report": {"publisher": "institution", "type": "reportType", "number": "reportNumber"},
    "presentation": {"type": "presentationType", "meetingName": "meetingName"},
    "videoRecording": {"publisher": "studio"},
    "book": {"publisher": "publisher"},
    "document": {"publisher": "publisher"},
}
PRIMARY_CREATOR = {"presentation": "presenter", "videoRecording": "director"}
COMMON_FIELDS = ("title", "abstractNote", "date", "url", "language")


def clean_author(author: str, creator_type: str, use_comma: bool) -> dict:
    """Port of ZU.cleanAuthor (zotero/utilities utilities.js): "Last, First" with a comma, else the last word
    is the family name; a name whose comma leaves nothing after it is all family name."""
    author = re.sub(r"^[\s\u00a0.,/\[\]:]+", "", author)
    author = re.sub(r"[\s\u00a0.,/\[\]:]+$", "", author)
    author = re.sub(r"[\s\u00a0]+", " ", author, count=1)
    if use_comma:
        author = re.sub(r"\.([^ ])", r". \1", author, count=1)
        names = re.split(r", ?", author)
        last, first = (names[0], names[1]) if len(names) > 1 else (author, "")
    else:
        space = author.rfind(" ")
        last, first = author[space + 1:], author[:max(space, 0)]
    if first and re.fullmatch(r"[A-Z\u0400-\u042f]+", first) and len(first) < 4 and (
            len(first) == 1 or last.upper() != last):
        first = " ".join(f"{letter}." for letter in first)  # initials
    return {"firstName": first, "lastName": last, "creatorType": creator_type}


def _metas(tree) -> list[tuple[str, str]]:
    """Return (name or property, content) of every meta tag, in page order (init: doc.querySelectorAll("meta"))."""
    out = []
    for meta in tree.iter("meta"):
        tags = meta.get("name") or meta.get("property")
        value = meta.get("content")
        if tags and value:
            out.append((tags, value))
    return out


def _head_content(tree, name: str) -> list[str]:
    """getContent / getContentText: html>head>meta whose name ends with `name`, in page order."""
    return [m.get("content") for m in tree.xpath("/html/head/meta") if (m.get("name") or "").endswith(name)
            and m.get("content") is not None]


def embedded_metadata_init(tree) -> tuple[str | None, str | None, str | None, list[tuple[str, str]]]:
    """Embedded Metadata's init(): Highwire's type, its guess, the generator's type and the RDF statements."""
    hw_type = hw_guess = generator_type = None
    statements = []
    for tags, value in _metas(tree):
        for tag in tags.split():
            parts = re.split(r"[.:_]", tag)
            prefix = None
            if len(parts) > 2:
                prefix, length = parts[1].lower(), len(parts[0]) + len(parts[1]) + 1
            if not prefix or prefix not in PREFIXES:
                prefix, length = parts[0].lower(), len(parts[0])
            if prefix in PREFIXES:
                prop = tag[length + 1:]
                prop = prop[:1].lower() + prop[1:]
                if prop == "type" and PREFIXES[prefix] in (N["bib"], N["bibo"]):
                    value, prefix = PREFIXES[prefix] + value, "rdf"
                statements.append((PREFIXES[prefix] + prop, value))
            elif tag.lower() == "generator":
                if any(w in value.lower() for w in ("blogger", "wordpress", "wooframework")):
                    generator_type = "blogPost"
            else:
                short = tag[tag.rfind("citation_"):] if "citation_" in tag else tag[-1:]
                if short in HW_TYPES:
                    hw_type = HW_TYPES[short]
                elif short in ("citation_title", "citation_series_title"):
                    hw_guess = hw_guess or "journalArticle"
                elif short == "citation_isbn":
                    hw_guess = "book"
    return hw_type, hw_guess, generator_type, statements


def embedded_metadata_detect(tree) -> str | None:
    """Embedded Metadata's detectWeb: the item type it would save, or None when it does not apply."""
    hw_type, hw_guess, generator_type, statements = embedded_metadata_init(tree)
    if not statements:
        return hw_type or hw_guess or generator_type
    return hw_type or _rdf_detect_type(dict_of(statements), hw_guess or generator_type or "webpage")


def dict_of(statements) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for predicate, value in statements:
        out.setdefault(predicate, []).append(value)
    return out


def _first(node: dict, predicates: list[str]) -> str | None:
    for predicate in predicates:
        if node.get(predicate):
            return node[predicate][0]
    return None


def _rdf_detect_type(node: dict, default_unknown: str | None) -> str | None:
    """RDF.js detectType for the literals a page's meta tags give: z:itemType, dc:type, og:type, PRISM."""
    t: dict[str, str] = {}
    z = _first(node, [N["z"] + "itemType", N["z"] + "type"])
    if z in ITEM_TYPES:
        t["zotero"] = z
    dc = _first(node, [N["dc"] + "type", N["dcterms"] + "type"])
    if dc:
        if dc in ITEM_TYPES:
            t["dc"] = dc
        else:
            folded = dc.lower().replace(" ", "")
            t["dc"] = {"book": "book", "report": "report", "thesis": "thesis", "patent": "patent",
                       "article": "journalArticle", "journalarticle": "journalArticle",
                       "newsitem": "newspaperArticle", "webpage": "webpage", "homepage": "webpage"}.get(folded, "")
            if folded == "text":
                t["dcGuess"] = "journalArticle"
            elif folded == "event":
                t["dcGuess"] = "presentation"
    og = _first(node, [N["og"] + "type"])
    if og in ("video.movie", "video.episode", "video.tv_show", "video.other"):
        t["og"] = "videoRecording"
    elif og == "article":
        t["ogGuess"] = "journalArticle"
    elif og == "book":
        t["og"] = "book"
    elif og in ("music.song", "music.album"):
        t["og"] = "audioRecording"
    elif og == "website":
        t["og"] = "webpage"
    aggregation = _first(node, [N["prism"] + "aggregationtype"])
    t["prism"] = {"book": "bookSection", "journal": "journalArticle", "magazine": "magazineArticle",
                  "newsletter": "newspaperArticle"}.get(aggregation or "", "")
    for key in ("zotero", "bib", "prism", "eprints", "og", "dc", "so"):
        if t.get(key):
            return t[key]
    return default_unknown or t.get("ogGuess") or t.get("dcGuess")


def _rdf_import(node: dict, item_type: str) -> dict:
    """RDF.js importItem, for the fields a page's literals give."""
    item: dict = {"itemType": item_type, "creators": []}
    item["title"] = _first(node, [N["dc"] + "title", N["dcterms"] + "title", N["og"] + "title"])
    for creator in node.get(N["dc"] + "creator", []) + node.get(N["dcterms"] + "creator", []):
        item["creators"].append(clean_author(creator, "author", "," in creator))
    item["publicationTitle"] = _first(node, [N["prism"] + "publicationName", N["dc"] + "source",
                                             N["dcterms"] + "source"])
    site = _first(node, [N["og"] + "site_name"])
    if site and not item["publicationTitle"] and item_type in ("blogPost", "webpage", "newspaperArticle"):
        item["publicationTitle"] = site
    item["publisher"] = _first(node, [N["dc"] + "publisher", N["dcterms"] + "publisher"])
    item["date"] = _first(node, [N["prism"] + "publicationDate", N["og"] + "published_time",
                                 N["article"] + "published_time", N["dc"] + "date.issued", N["dcterms"] + "issued",
                                 N["dc"] + "date", N["dcterms"] + "date"])
    item["url"] = _first(node, [N["og"] + "url"])
    item["abstractNote"] = _first(node, [N["prism"] + "teaser", N["og"] + "description", N["dcterms"] + "abstract",
                                         N["dc"] + "description.abstract"])
    item["type"] = _first(node, [N["dc"] + "type", N["dcterms"] + "type"])
    item["language"] = _first(node, [N["dc"] + "language", N["dcterms"] + "language"])
    conference = _first(node, [N["bib"] + "presentedAt"])
    if conference:
        item["meetingName"] = conference
    if not item["abstractNote"]:
        item["abstractNote"] = _first(node, [N["dc"] + "description", N["dcterms"] + "description"])
    return item


def embedded_metadata(page: str) -> dict:
    """Return the item Embedded Metadata saves from a page (doWeb), as Zotero stores it: fields valid for its type."""
    tree = lxml_html.fromstring(page)
    hw_type, hw_guess, generator_type, statements = embedded_metadata_init(tree)
    node = dict_of(statements)
    item_type = hw_type or _rdf_detect_type(node, hw_guess or generator_type or "webpage")
    item = _rdf_import(node, item_type)
    # completeItem -> addHighwireMetadata: processFields over RDF's values, then Highwire's authors.
    for name, field in HIGHWIRE.items():
        found = _head_content(tree, name)
        if found and found[0].strip():
            item[field] = " ".join(found[0].split())
    authors = _head_content(tree, "citation_author") or _head_content(tree, "citation_authors")
    creators = []
    for value in authors:
        names = re.split(r"\s*;\s*", value)
        if len(names) == 1 and len(authors) == 1:
            by_comma = re.split(r"\s*,\s*", names[0])
            if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1]:
                names = by_comma
        for name in names:
            name = name.strip()
            if name and re.search(r"[^\s,\-.;]", name) and not (creators and creators[-1][1] == name):
                creators.append((clean_author(name, "author", "," in name), name))
    if creators:
        item["creators"] = [c for c, _ in creators]
    if hw_type:
        item["itemType"] = hw_type
    # addLowQualityMetadata: the last chances.
    if not item.get("title"):
        item["title"] = (tree.findtext(".//title") or "").strip()
    if not item.get("abstractNote"):
        described = tree.xpath("//meta[translate(@name, 'DESCRIPTION', 'description')='description']/@content")
        item["abstractNote"] = " ".join(described[0].split()) if described else ""
    if not item.get("url"):
        canonical = tree.xpath("//head/link[@rel='canonical']/@href")
        item["url"] = canonical[0] if canonical else ""
    return saved(item)


def saved(item: dict) -> dict:
    """Return what Zotero keeps of a translator's item: the fields valid for its type, creators in a valid role."""
    kind = item["itemType"]
    out = {"itemType": kind}
    for field in COMMON_FIELDS:
        if item.get(field):
            out[field] = item[field]
    for field, own in BASE_FIELDS.get(kind, {}).items():
        if item.get(own) or item.get(field):  # its own name (institution) or the base field's (publisher)
            out[own] = item.get(own) or item[field]
    primary = PRIMARY_CREATOR.get(kind, "author")
    out["creators"] = [dict(c, creatorType=primary if c["creatorType"] == "author" else c["creatorType"])
                       for c in item.get("creators", [])]
    return out


# ---- COinS -------------------------------------------------------------------------------------------

def coins_spans(page: str) -> list[str]:
    """The titles of the COinS spans COinS.js reads: span[class contains " Z3988", "Z3988 " or is "Z3988"][@title]."""
    tree = lxml_html.fromstring(page)
    return [s.get("title") for s in tree.xpath('//span[contains(@class, " Z3988") or contains(@class, "Z3988 ")'
                                               ' or @class="Z3988"][@title]')]


def _format_type(parts: list[str]) -> str | None:
    """parseContextObject's first loop: the item type the rft_val_fmt names."""
    for part in parts:
        if part.startswith("rft_val_fmt="):
            fmt = unquote(part[12:])
            if fmt == "info:ofi/fmt:kev:mtx:journal":
                return "journalArticle"
            if fmt == "info:ofi/fmt:kev:mtx:book":
                return "report" if "rft.genre=report" in parts else "book"
            if fmt == "info:ofi/fmt:kev:mtx:dc":
                # The newest version reads format_type, set only by a book format; older ones say webpage.
                if not any(f"rft.format={f}" in parts for f in ("book", "print", "text", "e_book", "ebook", "e-book")):
                    raise ValueError("format_type is not defined: a Dublin Core object without a format fails")
                return "book"
            return None
    return None


TITLED = ("journalArticle", "bookSection", "conferencePaper")  # whose rft.title is the publication's


def _read_key(item: dict, key: str, value: str) -> None:
    """parseContextObject's second loop, for one key and its decoded value."""
    kind = item["itemType"]
    if key in ("rft_id", "rft.identifier"):
        if re.match(r"https?://", value) and (key == "rft_id" or len(value) > 8):
            item["url"] = value
    elif key == "rft.btitle" and kind in ("book", "report") or key == "rft.atitle" and kind in TITLED:
        item["title"] = value
    elif key == "rft.jtitle" and kind == "journalArticle" or key == "rft.source":
        item["publicationTitle"] = value
    elif key == "rft.title":
        item["publicationTitle" if kind in TITLED else "title"] = value
    elif key in ("rft.au", "rft.creator"):
        item["creators"].append(clean_author(value, "author", "," in value))
    elif key == "rft.type":
        item["itemType"] = value if value in ITEM_TYPES else kind
    else:
        field = {"rft.date": "date", "rft.pub": "publisher", "rft.publisher": "publisher",
                 "rft.description": "abstractNote", "rft.language": "language"}.get(key)
        if field:
            item[field] = value


def parse_context_object(co: str) -> dict | None:
    """Port of parseContextObject (zotero/utilities openurl.js) for the keys our spans use; None if untyped."""
    parts = co.split("&")
    kind = _format_type(parts)
    if not kind:
        return None
    item: dict = {"itemType": kind, "creators": []}
    for part in parts:
        key, _, raw = part.partition("=")
        value = unquote(re.sub(r"\+|%2[bB]", " ", raw.split("=")[0]))
        if value:
            _read_key(item, key, value)
    return item


def coins_detect(page: str) -> str | None:
    """COinS.js detectWeb: "multiple" for two typed spans or more, else the one span's type, else None."""
    found = None
    for title in coins_spans(page):
        item = parse_context_object(title)
        if item and item.get("itemType"):
            if found:
                return "multiple"
            found = item["itemType"]
    return found


def coins_items(page: str) -> list[dict]:
    """The items COinS.js doWeb offers in its picker (those with a title), as Zotero keeps them."""
    out = []
    for title in coins_spans(page):
        item = parse_context_object(title)
        if item and item.get("title"):
            out.append(saved(item))
    return out


def translator_for(page: str) -> tuple[str, str] | None:
    """Return the translator Zotero runs on a page and what its detectWeb said: the lowest priority that detects."""
    tree = lxml_html.fromstring(page)
    detected = {"COinS": coins_detect(page), "Embedded Metadata": embedded_metadata_detect(tree)}
    found = sorted((PRIORITY[name], name, kind) for name, kind in detected.items() if kind)
    return (found[0][1], found[0][2]) if found else None
