"""Keep an index folder's generations: the lock, the served pointer, the atomic swap and the words file."""
from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from whoosh import index as whoosh_index

from .schema import DOCUMENT, build_schema

CURRENT = "CURRENT"
GENERATION_PREFIX = "gen-"
WORDS_FILE = "words.txt"  # the corpus's words with their counts, for spelling suggestions
ROOTS_FILE = "roots.txt"  # the absolute folders the documents' ids are relative to, one a line


class IndexBusy(RuntimeError):
    """Another reindex holds the lock on this index folder."""


class Refused(RuntimeError):
    """A reindex that would lose the served index by mistake; nothing was swapped in."""

    def __init__(self, message: str, skipped=()) -> None:
        super().__init__(message)
        self.skipped = list(skipped)  # the files reported and left out on the way, for the message


@dataclass
class Summary:
    """What a reindex did."""

    documents: int = 0
    paragraphs: int = 0
    quotes: int = 0
    speakers: int = 0
    skipped: list = field(default_factory=list)
    seconds: float = 0.0
    generation: str = ""
    added: list = field(default_factory=list)  # on update: ids new to the index
    removed: list = field(default_factory=list)  # on update: ids its files no longer give (a feed's old items)


def current_generation(index_dir: Path) -> Path | None:
    """Return the folder of the generation being served, or None if there is no index yet."""
    try:
        name = (Path(index_dir) / CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = Path(index_dir) / name
    if not name.startswith(GENERATION_PREFIX) or "/" in name or not path.is_dir():
        return None
    return path


# Forked workers inherit the lock's descriptor, and a flock lasts while any copy is open: a worker
# orphaned by a killed reindex would otherwise keep the folder locked until it finished its document.
_HELD_LOCKS: set[int] = set()


def release_inherited_locks() -> None:
    """Close the reindex locks a forked worker inherited from its parent."""
    for fd in list(_HELD_LOCKS):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_LOCKS.clear()


@contextmanager
def lock(index_dir: Path) -> Iterator[None]:
    # flock dies with the process, so a killed reindex never leaves a stale lock behind.
    handle = open(index_dir / ".reindex.lock", "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise IndexBusy(f"another reindex is running on {index_dir}") from None
    _HELD_LOCKS.add(handle.fileno())
    try:
        yield
    finally:
        _HELD_LOCKS.discard(handle.fileno())
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()



def document_count(generation: Path) -> int:
    """Return the number of documents a generation serves."""
    ix = whoosh_index.open_dir(str(generation))
    try:
        with ix.searcher() as searcher:
            if "type" not in ix.schema:  # written by an earlier version: count its records
                return searcher.doc_count()
            return sum(1 for _ in searcher.document_numbers(type=DOCUMENT))
    finally:
        ix.close()


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun if count == 1 else noun + 's'}"


def check_size(generation: Path, previous: Path | None, summary: Summary, allow_shrink: bool) -> None:
    """Raise Refused if the new generation is empty, or under half the served one without allow_shrink."""
    served = document_count(previous) if previous is not None else 0
    refuse_if_shrunk(document_count(generation), served, previous is not None, summary, allow_shrink)


def refuse_if_shrunk(new: int, served: int, serving: bool, summary: Summary, allow_shrink: bool) -> None:
    """Raise Refused if a new index of `new` documents is empty, or under half of `served` without allow_shrink."""
    left_out = len({s.file or s.path for s in summary.skipped if not s.warning})  # files, not their parts
    skipped = f" ({_plural(left_out, 'file')} skipped)" if left_out else ""
    kept = f"the served index is unchanged ({_plural(served, 'document')})" if serving else "nothing is served yet"
    if new == 0:
        raise Refused(f"the new index holds no documents{skipped}, so it was not swapped in and {kept}. "
                      "Check the paths and run again.", summary.skipped)
    if new * 2 < served and not allow_shrink:
        raise Refused(f"the new index holds {_plural(new, 'document')}{skipped}, under half of the {served:,} served "
                      "now, so it was not swapped in and the served index is unchanged. Check the paths, or run again "
                      "with --allow-shrink to serve the smaller index.", summary.skipped)


def new_generation(index_dir: str | os.PathLike, fill, allow_shrink: bool = False) -> Summary:
    """Under the lock, fill a new generation folder, check it, swap it in and prune; remove it if anything fails."""
    started = time.perf_counter()
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    with lock(index_dir):
        previous = current_generation(index_dir)
        generation = index_dir / f"{GENERATION_PREFIX}{time.time_ns()}"
        try:
            fill(generation, previous, summary)
            # A typo'd folder or a run of unreadable files must not replace what is served with nothing.
            check_size(generation, previous, summary, allow_shrink)
            _swap(index_dir, generation)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        _prune(index_dir, generation, previous)
    summary.generation = generation.name
    summary.seconds = time.perf_counter() - started
    return summary


def current_schema(generation: Path) -> bool:
    """Say whether a generation was written with the fields this version writes."""
    ix = whoosh_index.open_dir(str(generation))
    try:
        return sorted(ix.schema.names()) == sorted(build_schema().names())
    finally:
        ix.close()


def link_copy(source: Path, target: Path) -> None:
    # Whoosh never rewrites a file once written (a commit adds segment files and a new TOC), so the
    # new generation shares the served one's files through hard links instead of copying gigabytes.
    target.mkdir()
    for path in source.iterdir():
        if path.is_file():
            os.link(path, target / path.name)


def write_roots(generation: Path, roots) -> None:
    """Record the absolute folders a generation's document ids are relative to."""
    (generation / ROOTS_FILE).write_text("".join(f"{root}\n" for root in dict.fromkeys(map(str, roots))),
                                         encoding="utf-8")


def read_roots(generation: Path) -> list[Path]:
    """Return the absolute folders a generation's document ids are relative to (none for older indexes)."""
    try:
        text = (generation / ROOTS_FILE).read_text(encoding="utf-8")
    except OSError:
        return []
    return [Path(line) for line in text.splitlines() if line]


def write_words(path: Path, words: Counter) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(f"{word}\t{count}\n" for word, count in sorted(words.items()))


def read_words(generation: Path) -> dict[str, int]:
    """Return the words of a generation's corpus with their counts (empty if it has none)."""
    try:
        return _read_word_file(Path(generation) / WORDS_FILE)
    except OSError:
        return {}


def merge_words(generation: Path) -> None:
    """Fold the builders' word counts (and, on update, the served ones) into the generation's list."""
    words = Counter(read_words(generation))
    parts = list(generation.glob(f"{WORDS_FILE}.*.part"))
    for part in parts:
        words.update(_read_word_file(part))
    # A new file, not a rewrite: on update the old list is a hard link shared with the served generation.
    write_words(generation / f"{WORDS_FILE}.new", words)
    os.replace(generation / f"{WORDS_FILE}.new", generation / WORDS_FILE)
    for part in parts:
        part.unlink()


def _read_word_file(path: Path) -> dict[str, int]:
    with open(path, encoding="utf-8") as handle:
        return {word: int(count) for word, _, count in (line.rstrip("\n").partition("\t") for line in handle)}


def _swap(index_dir: Path, generation: Path) -> None:
    pointer = index_dir / f".{CURRENT}.{os.getpid()}"
    try:
        pointer.write_text(generation.name, encoding="utf-8")
        with open(pointer, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(pointer, index_dir / CURRENT)
    except BaseException:
        pointer.unlink(missing_ok=True)
        raise


def _prune(index_dir: Path, keep: Path, previous: Path | None) -> None:
    """Remove every generation but the new and the previous one, and pointers left by killed runs."""
    # The previous generation stays one more round, for searchers that still have it open; anything
    # else (older rounds, or the half-built folder of a killed reindex) is garbage, as we hold the lock.
    for path in index_dir.iterdir():
        if path.is_dir() and path.name.startswith(GENERATION_PREFIX) and path not in (keep, previous):
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(f".{CURRENT}.") and path.is_file():
            path.unlink(missing_ok=True)
