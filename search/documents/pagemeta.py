"""Read what a page says about itself: canonical URL, language, JSON-LD, kind, and titles without the site name."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from .common import table

# What stands between a headline and the site's name in a <title>: "Headline | Site", "Site - Headline".
_SEPARATOR = re.compile(r"\s+[|\-–—·:»]{1,2}\s+|\s*\|\s*|\s*::\s*")
_LEADING_SEPARATOR = re.compile(r"\s*[|:\-–—·»]+\s*")
_TRAILING_SEPARATOR = re.compile(r"\s*[|:\-–—·»]+\s*$")
_NOT_ALNUM = re.compile(r"[\W_]+")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_JSONLD_LIMIT = 200_000  # a JSON-LD block bigger than this is a data dump, not a description of the page


def _attr(tree, xpath: str) -> str:
    found = tree.xpath(xpath)
    return str(found[0]).strip() if found else ""


def canonical_url(tree) -> str:
    """Return the page's own address: its canonical link, else its og:url, as an absolute http(s) URL, or ''."""
    og = _attr(tree, "//meta[@property='og:url' or @name='og:url']/@content")
    canonical = _attr(tree, "//link[contains(concat(' ', normalize-space(translate(@rel, 'CANONIL', 'canonil')), ' '),"
                            " ' canonical ')]/@href")
    for url in (canonical, og):
        if url.startswith("//"):
            url = "https:" + url
        elif url.startswith("/") and og.startswith(("http://", "https://")):
            url = urljoin(og, url)
        if re.match(r"https?://[^\s/]+\.[^\s/]+", url, re.IGNORECASE):
            return url
    return ""


def jsonld(tree) -> list[dict]:
    """Return every JSON-LD object of the page, @graph members included; broken blocks are passed over."""
    out: list[dict] = []
    for script in tree.xpath("//script[translate(@type, 'LDJSON', 'ldjson')='application/ld+json']"):
        raw = (script.text or "").strip()
        if not raw or len(raw) > _JSONLD_LIMIT:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        todo = data if isinstance(data, list) else [data]
        while todo:
            item = todo.pop(0)
            if isinstance(item, list):
                todo.extend(item)
            elif isinstance(item, dict):
                out.append(item)
                if isinstance(item.get("@graph"), list):
                    todo.extend(item["@graph"])
    return out


def _types(item: dict) -> set[str]:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {str(k).rsplit("/", 1)[-1].lower() for k in kinds if k}


def genre(tree, objects: list[dict], url: str = "", site: str = "", dated: bool = False) -> str:
    """Return "news", "magazine" or "blog" for an article in one (a dated page is one), else "webpage"."""
    kinds = _page_kinds()
    types = {t for item in objects for t in _types(item)}
    news = {t.lower() for t in table("news-types.txt")}
    if types & kinds["blog-type"] and not types & news:
        return "blog"
    og_type = _attr(tree, "//meta[@property='og:type' or @name='og:type']/@content").lower()
    published = _attr(tree, "//meta[@property='article:published_time' or @name='article:published_time']/@content")
    sections, host = _address(url)
    article = dated or bool(types & (news | kinds["article-type"])) or og_type == "article" or bool(published) or any(
        set(_WORD.findall(s)) & kinds["news-word"] for s in sections) or bool(_DATED_PATH.search(urlsplit(url).path))
    generator = _attr(tree, "//meta[translate(@name, 'GENRATO', 'genrato')='generator']/@content").lower()
    if not article:
        # As Zotero itself reads a page that says nothing else: a blogging platform's page is a blog post.
        return "blog" if any(g in generator for g in kinds["blog-platform"]) else "webpage"
    site_words = set(_WORD.findall(site.lower()))
    label = host.split(".")[-2] if host.count(".") >= 1 else host
    if site_words & kinds["magazine-word"] or any(label.endswith(w) and label != w for w in kinds["magazine-word"]):
        return "magazine"
    if not types & news and (site_words & kinds["blog-word"] or set(sections) & kinds["blog-word"]
                             or host.startswith("blog.") or any(g in generator for g in kinds["blog-generator"])):
        return "blog"
    return "news"


_WORD = re.compile(r"[a-z0-9]+")
# A date filed in the address: /2019/11/18/, /2019/nov/18/, or a slug that opens with 20191118.
_DATED_PATH = re.compile(r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2]|[a-z]{3})/|/(?:19|20)\d\d(?:0[1-9]|1[0-2])[0-3]\d")


@lru_cache(maxsize=1)
def _page_kinds() -> dict[str, set[str]]:
    kinds: dict[str, set[str]] = {}
    for line in table("page-kinds.txt"):
        kind, value = line.split(None, 1)
        kinds.setdefault(kind, set()).add(value.strip().lower())
    return kinds


def _address(url: str) -> tuple[list[str], str]:
    """Return the sections of an address (its path without the page's own name, lower case) and its host."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.lower().split("/") if s]
    return segments[:-1], host[4:] if host.startswith("www.") else host


def language(tree, objects: list[dict]) -> str:
    """Return the page's language tag (en, en-US) from <html lang>, its meta tags or JSON-LD, or ''."""
    candidates = [
        _attr(tree, "/html/@lang"), _attr(tree, "/html/@xml:lang"),
        _attr(tree, "//meta[translate(@http-equiv, 'CONTENTLAGU', 'contentlagu')='content-language']/@content"),
        _attr(tree, "//meta[@property='og:locale' or @name='og:locale']/@content"),
        _attr(tree, "//meta[translate(@name, 'LANGUEDC.', 'languedc.')='language' or @name='dc.language']/@content"),
    ]
    candidates += [str(item.get("inLanguage") or "") for item in objects]
    for tag in candidates:
        tag = tag.split(",")[0].strip()
        if _LANGUAGE.match(tag):
            head, _, rest = tag.replace("_", "-").partition("-")
            return head.lower() + (f"-{rest.upper() if len(rest) == 2 else rest}" if rest else "")
    return ""


def _key(text: str) -> str:
    key = _NOT_ALNUM.sub("", text.lower())
    return key[3:] if key.startswith("the") and len(key) > 6 else key  # "The Harbour Times", harbourtimes.example


def is_host(site: str) -> bool:
    """Say whether a site's name is only its host name (trafilatura's fallback), not a name it gives itself."""
    site = site.strip()
    return "." in site and " " not in site and site == site.lower()  # "livescience.com", not "Space.com"


def _site_keys(site: str, url: str) -> set[str]:
    """Return the spellings a site's name takes in a title: its name, and its host without www. and suffix."""
    keys = {_key(site)} if _key(site) else set()
    host = urlsplit(url).hostname or "" if url else ""
    host = host[4:] if host.startswith("www.") else host
    if host:
        keys.add(_key(host))
        keys.update(_key(label) for label in host.split(".")[:-1] if len(label) >= 3)
    return {k for k in keys if len(k) >= 2}


def _matches(part: str, keys: set[str]) -> bool:
    key = _key(part)
    # "Inexhibit" for the site "Inexhibit magazine"; "SpaceNews.com" for spacenews.com; "TechCrunch Online"
    return len(key) >= 2 and any(
        key == k or len(key) >= 4 and (k.startswith(key) or key.startswith(k) and len(key) - len(k) <= 8)
        for k in keys)


def site_name(site: str, url: str) -> str:
    """Return the publisher's name: of "Editorial | The Guardian", the part that names the site's host."""
    parts = [p for p in _SEPARATOR.split(site) if p.strip()]
    if len(parts) > 1:
        host_keys = _site_keys("", url)
        for part in parts:
            if _matches(part, host_keys):
                return part.strip()
    return site.strip()


def split_title(title: str, site: str, url: str, objects: list[dict] | tuple = ()) -> tuple[str, str]:
    """Return the headline of a <title> without the site's name around it, and that name as the title spells it."""
    for item in objects:
        # JSON-LD's headline is the bare headline; trust it where the title is that headline and a suffix.
        headline = item.get("headline")
        if isinstance(headline, str) and headline.strip() and title.startswith(headline.strip()):
            rest = title[len(headline.strip()):]
            if not rest.strip() or _LEADING_SEPARATOR.match(rest):
                title = headline.strip()
                break
    keys = _site_keys(site, url)
    if not keys:
        return title, ""
    named = ""
    whole = site.strip().lower()
    if len(whole) >= 4:  # the site's full name as written, separators and all: "LinkNaija | Nigeria's news: …"
        if title.lower().startswith(whole) and _LEADING_SEPARATOR.match(title[len(whole):]):
            named, title = title[:len(whole)], title[len(whole):].lstrip(" |:-–—·»").strip() or title
        elif title.lower().endswith(whole) and _TRAILING_SEPARATOR.search(title[:-len(whole)]):
            named, title = title[-len(whole):], title[:-len(whole)].rstrip(" |:-–—·»").strip() or title
    for _ in range(2):  # "Site | Headline | Site": a name at each end
        pieces = list(_SEPARATOR.finditer(title))
        if not pieces:
            break
        last, first = pieces[-1], pieces[0]
        if _matches(title[last.end():], keys) and title[:last.start()].strip():
            named, title = title[last.end():].strip(), title[:last.start()].strip()
        elif _matches(title[:first.start()], keys) and title[first.end():].strip():
            named, title = title[:first.start()].strip(), title[first.end():].strip()
        else:
            break
    return title, named
