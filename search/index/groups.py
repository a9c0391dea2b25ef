"""Group the occurrences of one quote across documents, in memory that stays flat as the corpus grows.

Each quote is reduced to word tokens and fingerprinted by winnowing its word 4-grams: any two
quotes that share a run of WINDOW + SHINGLE - 1 words share a fingerprint. Fingerprints go to
bucket files on disk; each bucket is then read alone to find candidate pairs, and every pair is
checked on the words themselves before it joins a group. Fingerprints shared by many quotes are
common phrases ("the american people") and propose no pairs at all.
"""
from __future__ import annotations

import array
import difflib
import hashlib
import os
import re
import struct
import tempfile
from dataclasses import dataclass
from typing import Iterator

SHINGLE = 4
WINDOW = 4
MIN_WORDS = 6  # quotes shorter than this are too generic to prove that two sources carry the same words
MIN_SHARED = 6  # words that two occurrences must share in order
MIN_COVER = 0.8  # share of the shorter occurrence those shared words must cover
COMMON = 40  # a fingerprint in more quotes than this is a stock phrase
BUCKETS = 64

_WORD = re.compile(r"\w+")
_APOSTROPHE = re.compile(r"(?<=\w)[’'`](?=\w)")


def tokens(text: str) -> list[str]:
    """Reduce a quote to lower-case word tokens, so dashes, marks, case and ellipses do not count."""
    return _WORD.findall(_APOSTROPHE.sub("", text.lower()))


def _hash(words: list[str]) -> int:
    return int.from_bytes(hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest(), "big")


def fingerprints(words: list[str]) -> set[int]:
    """Winnow the word shingles of a quote down to the minimum hash of each window."""
    hashes = [_hash(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    if len(hashes) <= WINDOW:
        return {min(hashes)} if hashes else set()
    return {min(hashes[i:i + WINDOW]) for i in range(len(hashes) - WINDOW + 1)}


def shared_words(a: list[str], b: list[str]) -> int:
    """Count the words two token lists share in order, in runs of two words or more."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks() if block.size >= 2)


def same_quote(a: list[str], b: list[str]) -> bool:
    """Say whether two token lists are one quote, allowing truncation and a dropped clause."""
    shared = shared_words(a, b)
    return shared >= MIN_SHARED and shared >= MIN_COVER * min(len(a), len(b))


@dataclass
class _Quote:
    id: str
    doc: str
    words: list[str]


class Grouper:
    """Collect quotes one at a time, then say which belong together."""

    def __init__(self, workdir: str | os.PathLike | None = None) -> None:
        self._dir = tempfile.TemporaryDirectory(dir=workdir, prefix="groups-")
        self._buckets = [open(os.path.join(self._dir.name, f"b{i}"), "wb") for i in range(BUCKETS)]
        self._texts = open(os.path.join(self._dir.name, "texts"), "w+b")
        self._offsets = array.array("Q")
        self.count = 0

    def add(self, quote_id: str, text: str, doc: str = "") -> None:
        """Take one quote into account; quotes of one document are never grouped with each other."""
        words = tokens(text)
        if len(words) < MIN_WORDS:
            return
        index = self.count
        self.count += 1
        self._offsets.append(self._texts.tell())
        line = (quote_id + "\t" + doc.replace("\t", " ") + "\t" + " ".join(words) + "\n").encode()
        self._texts.write(line)
        for fp in fingerprints(words):
            self._buckets[fp % BUCKETS].write(struct.pack("<QI", fp, index))

    def _quote(self, index: int) -> _Quote:
        self._texts.seek(self._offsets[index])
        quote_id, doc, words = self._texts.readline().decode().rstrip("\n").split("\t")
        return _Quote(quote_id, doc, words.split())

    def groups(self) -> dict[str, tuple[str, int]]:
        """Return, for every quote in a group of two or more, its group key and the group's size."""
        for handle in self._buckets:
            handle.close()
        parent = array.array("I", range(self.count))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        checked: set[tuple[int, int]] = set()
        for members in self._candidates():
            for a_pos, a in enumerate(members):
                for b in members[a_pos + 1:]:
                    pair = (a, b) if a < b else (b, a)
                    if pair in checked or find(a) == find(b):
                        continue
                    checked.add(pair)
                    qa, qb = self._quote(a), self._quote(b)
                    # Within one document, a long quote and its fragments are one speech, not two sources.
                    if (qa.doc != qb.doc or not qa.doc) and same_quote(qa.words, qb.words):
                        parent[find(b)] = find(a)
        roots = array.array("I", (find(i) for i in range(self.count)))
        # Only quotes in a group of two or more get a list: a table of every quote would be the peak of memory.
        grouped = {root for i, root in enumerate(roots) if root != i}
        members_of: dict[int, list[int]] = {}
        for i, root in enumerate(roots):
            if root in grouped:
                members_of.setdefault(root, []).append(i)
        out: dict[str, tuple[str, int]] = {}
        for root, members in members_of.items():
            if len(members) < 2:
                continue
            ids = [self._quote(i).id for i in members]
            key = min(ids)  # the same membership gives the same key on every reindex
            for quote_id in ids:
                out[quote_id] = (key, len(ids))
        return out

    def _candidates(self) -> Iterator[list[int]]:
        """Yield the quotes that share a fingerprint, bucket by bucket, leaving out fingerprints too common to tell."""
        for i in range(BUCKETS):
            postings: dict[int, list[int]] = {}
            with open(os.path.join(self._dir.name, f"b{i}"), "rb") as reader:
                data = reader.read()
            for fp, index in struct.iter_unpack("<QI", data):
                postings.setdefault(fp, []).append(index)
            yield from (members for members in postings.values() if 2 <= len(members) <= COMMON)

    def close(self) -> None:
        """Remove the temporary files."""
        for handle in self._buckets:
            handle.close()
        self._texts.close()
        self._dir.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
