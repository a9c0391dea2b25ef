"""Score the name shown on the real web pages: extract the hand-read dev pages and run speakers.py.

Decompresses ../shared/data/web/pages/KEY.html.gz into a temporary folder as KEY.html (only the
pages speakers-dev.json reads), runs `search extract DIR --format jsonl` and scores the output with
../shared/data/web/speakers.py. Run: .venv/bin/python bench/web_speakers.py [--keep PRED.jsonl]
[--misses] (--misses prints the scorer's samples of wrong names and noise speakers too).
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, SEARCH  # noqa: E402

WEB = ROOT.parent / "shared" / "data" / "web"
GOLD = WEB / "speakers-dev.json"


def main() -> int:
    """Extract the dev pages, score the speakers and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="also write the extraction (jsonl) to this file")
    parser.add_argument("--misses", action="store_true", help="print the scorer's samples too")
    args = parser.parse_args()
    if not GOLD.exists():
        print(f"no {GOLD}: the web reading is absent", file=sys.stderr)
        return 2
    pages = json.loads(GOLD.read_text(encoding="utf-8"))["pages"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for key in pages:
            source = WEB / "pages" / f"{key}.html.gz"
            if source.exists():
                (folder / f"{key}.html").write_bytes(gzip.decompress(source.read_bytes()))
        pred = Path(tmp) / "pred.jsonl"
        with pred.open("w", encoding="utf-8") as out:
            subprocess.run([SEARCH, "extract", str(folder), "--format", "jsonl"], stdout=out, check=True)
        if args.keep:
            Path(args.keep).write_bytes(pred.read_bytes())
        scored = subprocess.run([sys.executable, str(WEB / "speakers.py"), str(GOLD), str(pred)],
                                capture_output=True, text=True, check=True).stdout
    figures = json.loads(scored)
    for key, value in figures.items():
        if key.endswith("_sample"):
            if args.misses:
                print(key)
                for item in value:
                    print("   ", item)
        else:
            print(f"{key:20} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
