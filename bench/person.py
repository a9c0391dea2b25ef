"""Measure whether the search box finds a person: their quote first and their page offered for their full name,
and a quote of theirs in the top 3 for their surname plus a word of it.

Usage: .venv/bin/python bench/person.py [--keep DIR]

Saves the real pages of ../shared/data/web/pages as KEY.html beside PolNeAR dev (unrelated news, and its
own speakers), indexes them (`search reindex`), then asks the library (the same Session.search the page,
the API and `search query` call) for
- the web pages' people (speakers-dev.json: named speakers of two or more direct quotes): their full
  name must give one of their quotes first and offer their speaker page; their surname plus the rarest
  word of each of their quotes must give that quote in the top 3;
- PolNeAR dev's people (named gold speakers of two or more direct quotes, pronoun quotes through
  dev-referents.json), the same way.
Prints the shares (targets >= 0.90) and the misses. Not a test: it prints figures and asserts nothing.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from _common import ROOT, SEARCH

DATA = ROOT.parent / "shared" / "data"
WEB, POLNEAR = DATA / "web", DATA / "polnear" / "dev.jsonl"
TARGET = 0.90
_WORD = re.compile(r"[a-z]+")


def scorer():
    """Load the web set's own scorer, for its rule of when a name shown is the person."""
    spec = importlib.util.spec_from_file_location("web_speakers", WEB / "speakers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(work: Path) -> Path:
    """Save the corpus under `work` and index it; return the index folder."""
    corpus, index = work / "corpus", work / "index"
    if (index / "CURRENT").exists():
        return index
    (corpus / "pages").mkdir(parents=True, exist_ok=True)
    for page in sorted((WEB / "pages").glob("*.html.gz")):
        (corpus / "pages" / page.name.replace(".html.gz", ".html")).write_bytes(gzip.decompress(page.read_bytes()))
    (corpus / "polnear-dev.jsonl").write_text(POLNEAR.read_text(encoding="utf-8"), encoding="utf-8")
    subprocess.run([SEARCH, "reindex", str(corpus), "--index-dir", str(index)], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    return index


def _person_key(name: str, titles) -> tuple:
    """Return the words of a name without titles and initials, the person's identity across documents."""
    return tuple(w for w in _WORD.findall(name.lower()) if w not in titles and len(w) > 1)


def _bare(name: str) -> str:
    """Return a name as written without the titles and roles before it ("Sen. Ted Cruz": "Ted Cruz")."""
    from search.attribution.names import strip_titles

    return strip_titles(name)[1] or name


def web_people(titles) -> dict[tuple, dict]:
    """Return the web pages' named speakers of direct quotes: name, aliases and quote texts."""
    data = json.loads((WEB / "speakers-dev.json").read_text(encoding="utf-8"))
    langs = data.get("languages", {})
    people: dict[tuple, dict] = {}
    for page, entries in data["pages"].items():
        if langs.get(page, "en") != "en":
            continue
        for g in entries:
            if g["kind"] == "direct" and g.get("named") and g.get("speaker") and " and " not in g["speaker"]:
                person = people.setdefault(_person_key(g["speaker"], titles),
                                           {"speaker": g["speaker"], "aliases": set(), "quotes": []})
                person["aliases"].update(g.get("aliases") or [])
                person["quotes"].append(g["text"])
    return people


def polnear_people(titles) -> dict[tuple, dict]:
    """Return PolNeAR dev's named speakers of direct quotes (pronoun quotes through dev-referents.json), each
    under the fullest name its articles give."""
    referents = json.loads((DATA / "polnear" / "dev-referents.json").read_text(encoding="utf-8"))["quotes"]
    by_id = {(r["doc"], r["inner_start"]): r["referent"] for r in referents}
    people: dict[tuple, dict] = {}
    for line in POLNEAR.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        found = []
        for q in article["quotes"]:
            if q["type"] != "direct" or not q.get("speaker"):
                continue
            who = by_id.get((article["id"], q.get("inner_start"))) if q.get("speaker_pronoun") else q["speaker"]
            # The name ends the mention before any affiliation ("9/11 widow Terry Strada", "Len Burman, of the Tax
            # Policy Center"); "a spokesman" names nobody to look for.
            words = re.split(r",| (?:of|at|from|with|for|in) ", who or "")[0].split()
            while words and not all(w[:1].isupper() for w in words):
                words.pop(0)
            if not words:
                continue
            who = " ".join(words)
            text = article["text"][q["inner_start"]:q["inner_end"]] if q.get("inner_start") is not None else q["text"]
            found.append((who, text))
        # Within an article "Mr. Trump" is the "Donald J. Trump" it names in full.
        fullest = {}
        for who, _ in found:
            name = _person_key(who, titles)
            if name and len(name) > len(_person_key(fullest.get(name[-1], ""), titles)):
                fullest[name[-1]] = _bare(who)
        for who, text in found:
            name = _person_key(who, titles)
            if not name:
                continue
            full = fullest[name[-1]]
            person = people.setdefault(_person_key(full, titles), {"speaker": full, "aliases": set(), "quotes": []})
            person["aliases"].add(who)
            person["quotes"].append(text)
    return people


def gold_sets(titles) -> list[tuple[str, list[dict]]]:
    """Return each set's people of two or more quotes, named in full; their quotes are those of both sets."""
    web, polnear = web_people(titles), polnear_people(titles)
    every: dict[tuple, list] = defaultdict(list)
    for people in (web, polnear):
        for key, person in people.items():
            every[key].extend(person["quotes"])
    out = []
    for name, people in (("web pages (speakers-dev.json)", web), ("PolNeAR dev", polnear)):
        chosen = [dict(p, aliases=sorted(p["aliases"]), all_quotes=every[key]) for key, p in people.items()
                  if len(p["quotes"]) >= 2 and len(p["speaker"].split()) >= 2]
        out.append((name, chosen))
    return out


def same_quote(hit_text: str, gold: str) -> bool:
    """Say whether a hit is the gold quote (or a piece of it), by their words, as the web scorer matches."""
    hit, want = " ".join(_WORD.findall(hit_text.lower())), " ".join(_WORD.findall(gold.lower()))
    head = " ".join(want.split()[:6])
    return bool(hit) and (head in hit or hit in want)


def rarest_word(text: str, skip: set, vocabulary) -> str:
    """Return the word of a quote a reader would remember: its rarest in the corpus, of four letters or more."""
    words = [w for w in _WORD.findall(text.lower()) if len(w) >= 4 and w not in skip]
    return min(words, key=lambda w: (vocabulary.get(w, 0), w)) if words else ""


def measure(engine, people: list[dict], same_person, vocabulary) -> dict:
    """Ask for each person's full name and surname + word, a session per search as per request; return the shares
    and the misses."""

    def search(text: str):
        with engine.session(seconds=30) as session:
            return session.search(text, page_size=3)

    first = offered = pairs = top3 = 0
    misses = defaultdict(list)
    gold_of = lambda p: {"speaker": p["speaker"], "aliases": p["aliases"]}  # noqa: E731
    for person in people:
        results = search(person["speaker"])
        if results.hits and any(same_quote(results.hits[0].text, q) for q in person["all_quotes"]):
            first += 1
        else:
            top = f"{results.hits[0].speaker}: {results.hits[0].text[:60]}" if results.hits else "(no hits)"
            misses["first"].append(f"{person['speaker']}: {top}")
        if any(same_person(f.name, gold_of(person)) for f in results.people):
            offered += 1
        else:
            misses["offered"].append(f"{person['speaker']}: {[f.name for f in results.people]}")
        surname = person["speaker"].split()[-1]
        skip = set(_WORD.findall(person["speaker"].lower()))
        for quote in person["quotes"]:
            word = rarest_word(quote, skip, vocabulary)
            if not word:
                continue
            pairs += 1
            found = search(f"{surname} {word}")
            if any(same_quote(h.text, quote) for h in found.hits[:3]):
                top3 += 1
            else:
                misses["top3"].append(f"{surname} {word}: {[h.speaker for h in found.hits[:3]]} {quote[:60]}")
    n = len(people)
    return {"people": n, "full_name_first": first / n, "page_offered": offered / n, "pairs": pairs,
            "surname_word_top3": top3 / pairs if pairs else 0.0, "misses": misses}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the index in this folder and reuse it next time")
    parser.add_argument("--misses", action="store_true", help="list what each measure missed")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from search import query
    from search.index.store import current_generation, read_words

    index = build(Path(args.keep or tempfile.mkdtemp(prefix="bench-person-")))
    vocabulary = read_words(current_generation(index))
    web = scorer()
    engine = query.Engine(index)
    for name, people in gold_sets(web.TITLES):
        figures = measure(engine, people, web.same_person, vocabulary)
        print(f"{name}: {figures['people']} people, {figures['pairs']} surname+word queries")
        for key in ("full_name_first", "page_offered", "surname_word_top3"):
            mark = "ok" if figures[key] >= TARGET else "below target"
            print(f"  {key:18} {figures[key]:.3f}  ({mark} {TARGET})")
        if args.misses:
            for key, missed in figures["misses"].items():
                print(f"  missed {key}:")
                for line in missed:
                    print(f"    {line}")


if __name__ == "__main__":
    main()
