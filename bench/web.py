"""Web pages as the engine reads them, against trafilatura alone, on the dev half of the article-extraction benchmark.

Usage: .venv/bin/python bench/web.py [--data DIR] [--repeat N]

Reads ../shared/data/web/ at run time (pages/<key>.html.gz, ground-truth.json, score.py) and prints:

1. Article body: word-4-gram precision, recall and F1 by the benchmark's own scorer (score.py) of
   - every visible block of the page, as the engine read pages before (for comparison);
   - trafilatura alone: `bare_extraction(page)` with its defaults, its `.text`;
   - ours: the text `search documents` prints (paragraphs, furniture left out);
   - ours with the .txt furniture rules (search.documents.furniture) also applied to pages, to show
     what they would add there.
2. Metadata: the share of pages with a date, a source, and the page's true URL (exactly, and with
   http/https and a trailing slash not counted as a difference); titles that still carry the site's name.
3. Stray quotes: of the non-scare quotes extracted from our text (and from trafilatura's), the share
   outside the hand-marked article body (its words do not stand there in a row, nor, for a quote of
   four words or more, half of its word 4-grams).
4. Speed: `search documents PAGES` in a subprocess against a subprocess running trafilatura's own
   extraction (`bare_extraction`, with its metadata, and without) of the same decompressed pages,
   alternately `--repeat` times; medians of wall time and the ratio (target <= 1.3 against the
   extraction with metadata, which is the work both do).
Not a test: it prints figures and asserts nothing.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import sys
import tempfile
from pathlib import Path

from _common import PYTHON, ROOT, SEARCH, median, run_measured

DATA = ROOT.parent / "shared" / "data" / "web"
TARGET_F1, TARGET_SPEED = 0.96, 1.3
_WORDS = re.compile(r"\w+")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-child", nargs=2, metavar=("PAGES", "METADATA"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.baseline_child:
        return baseline_child(Path(args.baseline_child[0]), args.baseline_child[1] == "yes")
    if not (args.data / "ground-truth.json").is_file():
        sys.exit(f"no benchmark data at {args.data} (see ../shared/data/README.md)")
    gold = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    score = _scorer(args.data / "score.py")
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        for key in gold:  # the pages as saved from the web, where `search documents` reads them
            (pages / f"{key}.html").write_bytes(gzip.decompress((args.data / "pages" / f"{key}.html.gz").read_bytes()))
        quality(gold, pages, score)
        speed(pages, args.repeat)


def _scorer(path: Path):
    spec = importlib.util.spec_from_file_location("web_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def quality(gold: dict, pages: Path, score) -> None:
    """Print article body F1, metadata coverage and stray quotes of ours and of trafilatura alone."""
    sys.path.insert(0, str(ROOT))
    import trafilatura

    from search.documents import Skipped, furniture, html, listing, load
    from search.documents.charset import decode_page
    from search.extraction.extract import extract
    from search.model import Document

    skipped: list[Skipped] = []
    docs = {d.id: d for d in load([pages], skipped)}
    alone, alone_meta, every_block = {}, {}, {}
    for key in gold:
        raw = (pages / f"{key}.html").read_bytes()
        found = trafilatura.bare_extraction(raw, with_metadata=True)  # the same text as without metadata
        alone[key] = found.text if found is not None else ""
        alone_meta[key] = found
        every_block[key] = html.fragment_text(decode_page(raw))  # what indexing whole pages gave before
    ours = {key: listing.record(docs[key])["text"] if key in docs else "" for key in gold}
    with_rules = {}
    for key, doc in docs.items():
        plus = Document(id=doc.id, text=doc.text, dropped=furniture.find(doc.text))
        with_rules[key] = listing.record(plus)["text"]
    print(f"pages: {len(gold)}; read {len(docs)}, skipped {len(skipped)}"
          + "".join(f"\n  skipped {s.path}: {s.reason}" for s in skipped))
    print("\n1. Article body (word 4-grams, score.py):")
    for name, texts in (("every visible block (before)", every_block), ("trafilatura alone", alone), ("ours", ours),
                        ("ours + text furniture rules", with_rules)):
        s = score.score(gold, {k: {"articleBody": v} for k, v in texts.items()})
        extra = f" vs target >= {TARGET_F1}: {'met' if s['f1'] >= TARGET_F1 else 'NOT met'}" if name == "ours" else ""
        print(f"   {name:28} P {s['precision']:.4f}  R {s['recall']:.4f}  F1 {s['f1']:.4f}{extra}")
    changed = [k for k in docs if with_rules[k] != ours[k]]
    print(f"   the text furniture rules change {len(changed)} of {len(docs)} pages")

    n = len(gold)
    print("\n2. Metadata (pages with one; trafilatura alone in brackets):")
    ours_meta = {k: (d.date, d.source, d.url, d.title) for k, d in docs.items()}
    theirs = {k: (f.date, f.sitename, f.url, f.title) for k, f in alone_meta.items() if f is not None}
    for label, i, target in (("date", 0, "95%"), ("source", 1, "90%")):
        mine, base = (sum(1 for v in m.values() if v[i]) for m in (ours_meta, theirs))
        print(f"   {label:6} {mine}/{n} = {mine / n:.1%} ({base / n:.1%}) (target >= {target})")
    in_url = {k: "-".join(m.groups()) for k in gold
              if (m := re.search(r"/(20\d\d)[/-]?(0[1-9]|1[0-2])[/-]?([0-3]\d)/", gold[k]["url"]))}
    agree = [sum(1 for k, day in in_url.items() if (m.get(k) or ("",))[0] == day) for m in (ours_meta, theirs)]
    print(f"   of the {len(in_url)} pages whose address holds a day, the date is that day for {agree[0]} ({agree[1]})")
    exact, same = ([sum(1 for k, v in m.items() if v[2] and test(v[2], gold[k]["url"])) for m in (ours_meta, theirs)]
                   for test in (lambda a, b: a == b, lambda a, b: _loose(a) == _loose(b)))
    print(f"   url    {exact[0]}/{n} = {exact[0] / n:.1%} ({exact[1] / n:.1%}) exactly, {same[0] / n:.1%} "
          f"({same[1] / n:.1%}) with http/https and a trailing slash not counted (target >= 85%)")
    with_site = [k for k, v in ours_meta.items() if _names_site(v[3] or "", v[1] or "")]
    base_site = [k for k, v in theirs.items() if _names_site(v[3] or "", v[1] or "")]
    print(f"   titles still carrying the site's name: {len(with_site)}/{n} ({len(base_site)}/{n})"
          + "".join(f"\n     {ours_meta[k][3]!r} ({ours_meta[k][1]})" for k in with_site))

    print("\n3. Stray quotes (non-scare quotes outside the hand-marked article body):")
    for name, texts in (("every visible block (before)", every_block), ("trafilatura alone", alone), ("ours", ours)):
        total = stray = 0
        for key, text in texts.items():
            doc = docs[key] if name == "ours" and key in docs else Document(id=key, text=text)
            body = gold[key]["articleBody"]
            for q in extract(doc).quotes:
                if q.kind == "scare":
                    continue
                total += 1
                stray += not _inside(q.text, body)
        print(f"   {name:28} {stray}/{total} = {stray / max(1, total):.1%} (target < 3%)")


def _inside(quote: str, body: str) -> bool:
    """Say whether a quote's words stand in the article body: all in a row, or half its word 4-grams if longer."""
    words, text = _WORDS.findall(quote.lower()), _WORDS.findall(body.lower())
    if f" {' '.join(words)} " in f" {' '.join(text)} ":
        return True
    grams = {" ".join(text[i:i + 4]) for i in range(len(text) - 3)}
    quoted = [" ".join(words[i:i + 4]) for i in range(len(words) - 3)]
    return bool(quoted) and sum(g in grams for g in quoted) * 2 >= len(quoted)


def _names_site(title: str, site: str) -> bool:
    """Say whether a title starts or ends with the site's name next to a separator: "Headline | Site"."""
    if len(site) < 3:
        return False
    pattern = re.escape(site.lower())
    return re.search(rf"(^{pattern}\s*[|:\-–—·»]|[|:\-–—·»]\s*{pattern}$)", title.lower()) is not None


def _loose(url: str) -> str:
    return re.sub(r"^https?://", "", url.strip()).rstrip("/")


def speed(pages: Path, repeat: int) -> None:
    """Print the time of `search documents` against trafilatura's own extraction of the same pages."""
    runs: dict[str, list] = {"ours": [], "with metadata": [], "text only": []}
    for i in range(repeat):
        ours = run_measured([SEARCH, "documents", str(pages)])
        meta = run_measured([PYTHON, __file__, "--baseline-child", str(pages), "yes"])
        text = run_measured([PYTHON, __file__, "--baseline-child", str(pages), "no"])
        if ours.returncode or meta.returncode or text.returncode:
            sys.exit(f"a run failed:\n{ours.stdout[-2000:]}\n{meta.stdout[-2000:]}\n{text.stdout[-2000:]}")
        for name, m in (("ours", ours), ("with metadata", meta), ("text only", text)):
            runs[name].append(m)
        print(f"round {i + 1}: wall (CPU) ours {ours.wall:.2f} s ({ours.cpu:.2f}), trafilatura with metadata "
              f"{meta.wall:.2f} s ({meta.cpu:.2f}), text only {text.wall:.2f} s ({text.cpu:.2f})", flush=True)
    wall = {k: median([m.wall for m in v]) for k, v in runs.items()}
    cpu = {k: median([m.cpu for m in v]) for k, v in runs.items()}
    ratio = wall["ours"] / wall["with metadata"]
    print(f"\n4. Speed (medians of {repeat} rounds; every run a new process, imports included):")
    print(f"   wall: search documents {wall['ours']:.2f} s, trafilatura with metadata {wall['with metadata']:.2f} s: "
          f"ratio {ratio:.2f} vs target <= {TARGET_SPEED} -> {'met' if ratio <= TARGET_SPEED else 'NOT met'}; "
          f"trafilatura text only {wall['text only']:.2f} s: ratio {wall['ours'] / wall['text only']:.2f}")
    print(f"   CPU:  search documents {cpu['ours']:.2f} s, trafilatura with metadata {cpu['with metadata']:.2f} s: "
          f"ratio {cpu['ours'] / cpu['with metadata']:.2f}; text only {cpu['text only']:.2f} s: "
          f"ratio {cpu['ours'] / cpu['text only']:.2f}")


def baseline_child(pages: Path, metadata: bool) -> None:
    """Extract every page with trafilatura alone and print one JSON line each, as `search documents` does."""
    import trafilatura

    for path in sorted(pages.glob("*.html")):
        found = trafilatura.bare_extraction(path.read_bytes(), with_metadata=metadata)
        record = {"id": path.stem, "text": found.text if found is not None else ""}
        if metadata and found is not None:
            record.update(title=found.title, author=found.author, source=found.sitename, date=found.date,
                          url=found.url)
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
