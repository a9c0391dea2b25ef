"""Write the Whoosh index: a full rebuild beside the served index, swapped in atomically."""
from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from whoosh import index as whoosh_index

from . import documents as documents_mod
from . import groups as groups_mod
from . import speakers
from .extract import extract
from .model import Document
from .schema import DOCUMENT, PARAGRAPH, QUOTE, build_schema

CURRENT = "CURRENT"
GENERATION_PREFIX = "gen-"


class IndexBusy(RuntimeError):
    """Another reindex holds the lock on this index folder."""


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


def records(document: Document) -> tuple[list[dict], Counter]:
    """Return the index records of one document and the speakers it names (key, display, kind)."""
    extraction = extract(document)
    meta = dict(doc=document.id, title=document.title, source=document.source, date=document.date,
                url=document.url, author=document.author, month=_month(document.date))
    out = [dict(meta, id="doc:" + document.id, type=DOCUMENT, body=document.text)]
    for p in extraction.paragraphs:
        out.append(dict(meta, id=f"{document.id}#p{p.number}", type=PARAGRAPH, text=p.text, paragraph=p.number,
                        start=p.start, end=p.end))
    names: Counter = Counter()
    for q in extraction.quotes:
        mention = document.text[q.speaker_start:q.speaker_end] if q.speaker_start is not None else ""
        out.append(dict(meta, id=q.id, type=QUOTE, text=q.text, kind=q.kind, paragraph=q.paragraph, start=q.start,
                        end=q.end, speaker=q.speaker, speaker_key=q.speaker_key, speaker_text=q.speaker,
                        mention=mention, role=q.role, cue=q.cue, speaker_start=q.speaker_start,
                        speaker_end=q.speaker_end, occurrence=q.occurrence))
        if q.speaker_key:
            names[(q.speaker_key, q.speaker)] += 1
    return out, names


def _month(date: str) -> str:
    """Return the YYYY-MM of an ISO date, or "" when the date is not one."""
    return date[:7] if len(date) >= 7 and date[:4].isdigit() and date[4] == "-" and date[5:7].isdigit() else ""


def _records_job(document: Document):
    return records(document)


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


@contextmanager
def _lock(index_dir: Path) -> Iterator[None]:
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


# Forked workers inherit the lock's descriptor, and a flock lasts while any copy is open: a worker
# orphaned by a killed reindex would otherwise keep the folder locked until it finished its document.
_HELD_LOCKS: set[int] = set()


def _worker_init() -> None:
    """Drop the inherited reindex lock and die with the parent."""
    for fd in list(_HELD_LOCKS):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_LOCKS.clear()
    try:
        import ctypes
        import signal

        # PR_SET_PDEATHSIG: an orphaned worker stops instead of extracting for a parent that is gone.
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: the worker exits at its next write to the dead parent instead


def reindex(paths: Iterable[str | os.PathLike], index_dir: str | os.PathLike, jobs: int | None = None,
            progress: Callable[[Document], None] | None = None) -> Summary:
    """Rebuild the index from the given paths into a new generation and swap it in."""
    started = time.perf_counter()
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    with _lock(index_dir):
        previous = current_generation(index_dir)
        generation = index_dir / f"{GENERATION_PREFIX}{time.time_ns()}"
        generation.mkdir()
        try:
            _build(paths, generation, jobs, progress, summary)
            _swap(index_dir, generation)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        _prune(index_dir, generation, previous)
    summary.generation = generation.name
    summary.seconds = time.perf_counter() - started
    return summary


def _extracted(docs: Iterable[Document], jobs: int) -> Iterator[tuple[list[dict], Counter]]:
    if jobs <= 1:
        yield from map(records, docs)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs, initializer=_worker_init) as pool:
        yield from pool.imap(_records_job, docs, chunksize=8)


def _build(paths, generation: Path, jobs, progress, summary: Summary) -> None:
    jobs = jobs or os.cpu_count() or 1
    names: Counter = Counter()
    docs = documents_mod.load(paths, summary.skipped)
    # Speaker keys are merged across the whole corpus, so records wait in a spill file until all are read.
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=generation) as spill, \
            groups_mod.Grouper(generation) as grouper:
        for recs, found in _extracted(_unique(docs, progress, summary), jobs):
            names.update(found)
            for rec in recs:
                if rec["type"] == QUOTE and rec.get("kind") != "scare":
                    grouper.add(rec["id"], rec["text"], rec["doc"])
                spill.write(json.dumps(rec, ensure_ascii=False))
                spill.write("\n")
        aliases = speakers.merge_keys(names)
        grouped = grouper.groups()
        spill.seek(0)
        ix = whoosh_index.create_in(str(generation), build_schema())
        writer = ix.writer(limitmb=256)
        try:
            speaker_keys = set()
            for line in spill:
                rec = json.loads(line)
                rec = {k: v for k, v in rec.items() if v is not None and v != ""}
                kind = rec["type"]
                if kind == QUOTE:
                    summary.quotes += 1
                    rec["group"], rec["group_size"] = grouped.get(rec["id"], (rec["id"], 1))
                    key = rec.get("speaker_key")
                    if key:
                        canonical, display = aliases.get(key, (key, rec.get("speaker", "")))
                        rec["speaker_key"], rec["speaker"] = canonical, display
                        speaker_keys.add(canonical)
                elif kind == PARAGRAPH:
                    summary.paragraphs += 1
                else:
                    summary.documents += 1
                writer.add_document(**rec)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        summary.speakers = len(speaker_keys)
    ix.close()


def _unique(docs: Iterable[Document], progress, summary: Summary) -> Iterator[Document]:
    seen: set[str] = set()
    for doc in docs:
        if progress:
            progress(doc)
        if doc.id in seen:
            summary.skipped.append(documents_mod.Skipped(doc.path, f"duplicate document id {doc.id!r}"))
            continue
        seen.add(doc.id)
        yield doc


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
