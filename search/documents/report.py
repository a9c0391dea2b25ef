"""Tell what a run left out: files not indexed, and warnings on files indexed all the same."""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from .common import Skipped, plural

SHOWN_PER_REASON = 10  # files named for one reason (a folder of images: "unsupported file type .png")


def not_indexed(skipped: Iterable[Skipped]) -> list[str]:
    """Return the files that gave no document, each once, in the order reported."""
    return list(dict.fromkeys(s.file or s.path for s in skipped if not s.warning))


def warnings(skipped: Iterable[Skipped]) -> list[Skipped]:
    """Return what was reported of files indexed all the same: a part left out, or how the file was read."""
    return [s for s in skipped if s.warning]


def lines(skipped: Iterable[Skipped]) -> list[str]:
    """Return a line per report ("skipped PATH: why", "warning PATH: why"), a long run of one reason cut short."""
    skipped = list(skipped)
    counts = Counter(s.reason for s in skipped if not s.warning)
    shown: Counter = Counter()
    out = []
    for s in skipped:
        if s.warning:
            out.append(f"warning {s.path}: {s.reason}")
            continue
        shown[s.reason] += 1
        if shown[s.reason] <= SHOWN_PER_REASON:
            out.append(f"skipped {s.path}: {s.reason}")
        elif shown[s.reason] == counts[s.reason]:
            out.append(f"skipped {plural(counts[s.reason] - SHOWN_PER_REASON, 'more file')}: {s.reason}")
    return out


def tally(skipped: Iterable[Skipped]) -> str:
    """Return "skipped 1 file", or "skipped 0 files; 2 warnings": what a summary line ends with."""
    skipped = list(skipped)
    told = [f"skipped {plural(len(not_indexed(skipped)), 'file')}"]
    if warnings(skipped):
        told.append(plural(len(warnings(skipped)), "warning"))
    return "; ".join(told)
