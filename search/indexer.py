"""Write the Whoosh index: a full rebuild beside the served index, swapped in atomically."""
from __future__ import annotations

import fcntl
import multiprocessing
import os
import pickle
import re
import queue
import shutil
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from whoosh import index as whoosh_index
from whoosh import sorting
from whoosh.query import And, Not, Or, Term
from whoosh.writing import MERGE_SMALL

from . import documents as documents_mod
from . import groups as groups_mod
from . import whoosh_internals as internals
from .attribution import confidence, identity
from .extract import extract
from .model import Document
from .schema import DOCUMENT, PARAGRAPH, QUOTE, build_schema

CURRENT = "CURRENT"
GENERATION_PREFIX = "gen-"
WRITERS_LIMIT_MB = 128  # shared by the workers; Whoosh spills sorted runs to disk beyond it
SEGMENT_RECORDS = 200_000  # records a builder writes into one segment before it starts the next
WORKER_BATCH = 4  # documents per message to a worker
WORDS_FILE = "words.txt"  # the corpus's words with their counts, for spelling suggestions
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")


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


def records(document: Document) -> tuple[list[dict], Counter]:
    """Return the index records of one document and the speakers it names (key, display, kind)."""
    extraction = extract(document)
    meta = dict(doc=document.id, title=document.title, source=document.source, date=document.date,
                url=document.url, author=document.author, authors=list(document.authors) or None,
                language=document.language, genre=document.genre, media_url=document.media_url,
                month=_month(document.date))
    dropped = [(d.start, d.end, d.reason) for d in document.dropped] or None
    out = [dict(meta, id="doc:" + document.id, type=DOCUMENT, body=document.text, dropped=dropped)]
    for p in extraction.paragraphs:
        # No id term: a paragraph is found by doc and number, and a unique term per record is what
        # Whoosh's term table holds in memory until its segment is finished.
        out.append(dict(meta, type=PARAGRAPH, text=p.text, paragraph=p.number, start=p.start, end=p.end,
                        page=p.page, time=p.time))
    work = identity.work_of(document)
    for q in extraction.quotes:
        mention = document.text[q.speaker_start:q.speaker_end] if q.speaker_start is not None else ""
        out.append(dict(meta, id=q.id, type=QUOTE, quote_text=q.text, kind=q.kind, paragraph=q.paragraph,
                        start=q.start, end=q.end, speaker=q.speaker, speaker_key=q.speaker_key,
                        mention=mention, role=q.role, cue=q.cue, speaker_start=q.speaker_start,
                        speaker_end=q.speaker_end, occurrence=q.occurrence, page=q.page, time=q.time,
                        confidence=q.confidence, uncertain="1" if confidence.uncertain(q.confidence) else None,
                        narrator_of=identity.narrator_key(work) if q.narrator and not q.speaker else None))
    return out, identity.tally(extraction.quotes, work)


def _month(date: str) -> str:
    """Return the YYYY-MM of an ISO date, or "" when the date is not one."""
    return date[:7] if len(date) >= 7 and date[:4].isdigit() and date[4] == "-" and date[5:7].isdigit() else ""


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


def _worker_init(parent: int) -> None:
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
    # A parent killed between the fork and prctl sends no signal; its orphan would wait on the task queue forever.
    if os.getppid() != parent:
        os._exit(1)


def reindex(paths: Iterable[str | os.PathLike], index_dir: str | os.PathLike, jobs: int | None = None,
            progress: Callable[[Document], None] | None = None, allow_shrink: bool = False) -> Summary:
    """Rebuild the index from the given paths into a new generation and swap it in."""
    paths = _existing(paths)

    def fill(generation: Path, previous: Path | None, summary: Summary) -> None:
        generation.mkdir()
        _build(paths, generation, jobs, progress, summary)

    return _new_generation(index_dir, fill, allow_shrink)


def _existing(paths: Iterable[str | os.PathLike]) -> list:
    """Return the paths; raise Refused if any of them does not exist."""
    paths = list(paths)
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise Refused(f"no such file or folder: {', '.join(missing)}; nothing was indexed and the served index "
                      "is unchanged. Check the paths and run again.")
    return paths


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


def _check_size(generation: Path, previous: Path | None, summary: Summary, allow_shrink: bool) -> None:
    """Raise Refused if the new generation is empty, or under half the served one without allow_shrink."""
    new = document_count(generation)
    served = document_count(previous) if previous is not None else 0
    skipped = f" ({len(summary.skipped)} files skipped)" if summary.skipped else ""
    kept = f"the served index is unchanged ({served} documents)" if previous else "nothing is served yet"
    if new == 0:
        raise Refused(f"the new index holds no documents{skipped}, so it was not swapped in and {kept}. "
                      "Check the paths and run again.", summary.skipped)
    if new * 2 < served and not allow_shrink:
        raise Refused(f"the new index holds {new} documents{skipped}, under half of the {served} served now, so "
                      f"it was not swapped in and the served index is unchanged. Check the paths, or run again "
                      "with --allow-shrink to serve the smaller index.", summary.skipped)


def _new_generation(index_dir: str | os.PathLike, fill, allow_shrink: bool = False) -> Summary:
    """Under the lock, fill a new generation folder, check it, swap it in and prune; remove it if anything fails."""
    started = time.perf_counter()
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    with _lock(index_dir):
        previous = current_generation(index_dir)
        generation = index_dir / f"{GENERATION_PREFIX}{time.time_ns()}"
        try:
            fill(generation, previous, summary)
            # A typo'd folder or a run of unreadable files must not replace what is served with nothing.
            _check_size(generation, previous, summary, allow_shrink)
            _swap(index_dir, generation)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        _prune(index_dir, generation, previous)
    summary.generation = generation.name
    summary.seconds = time.perf_counter() - started
    return summary


def _build(paths, generation: Path, jobs, progress, summary: Summary) -> None:
    jobs = jobs or os.cpu_count() or 1
    docs = _unique(documents_mod.load(paths, summary.skipped), progress, summary)
    ix = whoosh_index.create_in(str(generation), build_schema())
    with groups_mod.Grouper(generation) as grouper:
        if jobs <= 1:
            segments, counts, names = _write_inline(ix, docs, grouper)
        else:
            segments, counts, names = _write_parallel(ix, docs, grouper, jobs=jobs)
    # The workers' segments become the index as they are: merging them would redo the postings on one core.
    writer = ix.writer()
    try:
        writer.commit(mergetype=lambda _writer, existing: existing + segments)
    except BaseException:
        writer.cancel()
        raise
    ix.close()
    _merge_words(generation)
    summary.documents, summary.paragraphs, summary.quotes = counts[DOCUMENT], counts[PARAGRAPH], counts[QUOTE]
    summary.speakers = len({canonical for canonical, _ in identity.merge_keys(names).values() if canonical})


class _SegmentBuilder:
    """Write segments: documents and paragraphs at once, quotes once speakers and groups are known."""

    def __init__(self, ix, spill_dir: Path, limitmb: int = WRITERS_LIMIT_MB) -> None:
        # Builders write side by side, each into a scratch folder of its own.
        self._own = internals.scratch_index(ix)
        self._limitmb = limitmb
        self._writer: internals.Writer | None = None
        self._in_segment = 0
        self.segments: list = []
        self.spill = tempfile.TemporaryFile(dir=spill_dir)
        self.spill_dir = spill_dir
        self.counts: Counter = Counter()
        self.words: Counter = Counter()

    def _write(self, rec: dict) -> None:
        if self._writer is None:
            # compound=False: a searcher opens a compound segment's parts by copying each into memory, per request.
            # Unlocked: the segments of all builders are committed together by one writer at the end.
            self._writer = internals.unlocked_writer(self._own, limitmb=self._limitmb, compound=False)
        self._writer.add_document(**rec)
        self._in_segment += 1
        # Whoosh keeps a segment's term table and per-record arrays in memory until the segment is
        # finished, so a builder starts a new one every SEGMENT_RECORDS records to keep memory flat.
        if self._in_segment >= SEGMENT_RECORDS:
            self._end_segment()

    def _end_segment(self) -> None:
        writer, self._writer, self._in_segment = self._writer, None, 0
        if writer is not None:
            self.segments.append(internals.finish_segment(writer))

    def add(self, document: Document) -> tuple[Counter, list[tuple[str, str, str]]]:
        """Index a document's text; return the speakers it names and its quotes for grouping."""
        recs, names = records(document)
        found = []
        for rec in recs:
            rec = {k: v for k, v in rec.items() if v is not None and v != ""}
            self.counts[rec["type"]] += 1
            if rec["type"] != QUOTE:
                if rec["type"] == PARAGRAPH:
                    # Words are counted here rather than in a spelling field of the index, which doubled
                    # the write time; quotes are inside paragraphs, so paragraphs hold every word.
                    self.words.update(_WORD.findall(rec["text"].lower()))
                self._write(rec)
                continue
            # Quotes wait on disk: their speaker keys and groups depend on the whole corpus.
            pickle.dump(rec, self.spill, pickle.HIGHEST_PROTOCOL)
            if rec.get("kind") != "scare":
                found.append((rec["id"], rec["quote_text"], rec["doc"]))
        return names, found

    def finish(self, aliases: dict, grouped: dict) -> list:
        """Add the waiting quotes with merged speakers and groups; return the finished segments."""
        self.spill.seek(0)
        for _ in range(self.counts[QUOTE]):
            rec = pickle.load(self.spill)
            if rec["id"] in grouped:  # a quote found in one source only has no group term (see query.record)
                rec["group"], rec["group_size"] = grouped[rec["id"]]
            narrator = rec.pop("narrator_of", "")  # a nameless narrator's line: the work's other parts may name them
            key = rec.get("speaker_key") or narrator
            if key:
                rec["speaker_key"], rec["speaker"] = aliases.get(key, (key, rec.get("speaker", "")))
            if not rec.get("speaker_key"):  # no name found: no confidence in one
                for field in ("speaker_key", "speaker", "confidence", "uncertain"):
                    rec.pop(field, None)
            self._write(rec)
        self.spill.close()
        _write_words(self.spill_dir / f"{WORDS_FILE}.{os.getpid()}.{id(self)}.part", self.words)
        self._end_segment()
        return self.segments

    def cancel(self) -> None:
        """Drop the segment being written (finished ones go with the generation folder)."""
        self.spill.close()
        if self._writer is not None:
            self._writer.cancel()


def _write_inline(ix, docs: Iterable[Document], grouper, merge=identity.merge_keys) -> tuple[list, Counter, Counter]:
    builder = _SegmentBuilder(ix, Path(ix.storage.folder))
    names: Counter = Counter()
    try:
        for doc in docs:
            found_names, found = builder.add(doc)
            names.update(found_names)
            for quote in found:
                grouper.add(*quote)
        segments = builder.finish(merge(names), grouper.groups())
    except BaseException:
        builder.cancel()
        raise
    return segments, builder.counts, names


def _segment_worker(ix, tasks, results, final, number: int, jobs: int, parent: int) -> None:
    """Run one builder in a forked process, talking to the parent through queues."""
    _worker_init(parent)
    try:
        # Each worker's pool plus Python's own ~100 MB: three processes stay under 512 MB.
        builder = _SegmentBuilder(ix, Path(ix.storage.folder), max(32, WRITERS_LIMIT_MB // jobs))
        while (batch := tasks.get()) is not None:
            results.put(("batch", number, [builder.add(doc) for doc in batch]))
        results.put(("extracted", number, builder.counts))
        aliases, grouped = final.get()
        results.put(("segment", number, builder.finish(aliases, grouped)))
    except BaseException as exc:
        try:
            pickle.dumps(exc)
        except Exception:
            exc = RuntimeError(f"index worker {number} failed: {exc!r}")
        results.put(("error", number, exc))


def _write_parallel(ix, docs: Iterable[Document], grouper, merge=identity.merge_keys, jobs: int = 2
                    ) -> tuple[list, Counter, Counter]:
    ctx = multiprocessing.get_context("fork")
    tasks, results = ctx.Queue(jobs * 4), ctx.Queue()  # bounded: memory stays flat however big the corpus
    finals = [ctx.Queue() for _ in range(jobs)]
    workers = [ctx.Process(target=_segment_worker, args=(ix, tasks, results, finals[i], i, jobs, os.getpid()),
                           daemon=True)
               for i in range(jobs)]
    for worker in workers:
        worker.start()
    names: Counter = Counter()
    counts: Counter = Counter()
    done: dict[str, dict[int, object]] = {"extracted": {}, "segment": {}}
    held: list[list[str]] = [[] for _ in range(jobs)]  # the ids of the quotes each worker holds

    def take(block: bool) -> bool:
        try:
            kind, number, payload = results.get(timeout=0.2) if block else results.get_nowait()
        except queue.Empty:
            dead = [w for i, w in enumerate(workers) if w.exitcode is not None and i not in done["segment"]]
            if dead and results.empty():
                raise RuntimeError(f"an index worker died (exit code {dead[0].exitcode})")
            return False
        if kind == "error":
            raise payload
        if kind == "batch":
            for found_names, found in payload:
                names.update(found_names)
                for quote in found:
                    grouper.add(*quote)
                    held[number].append(quote[0])
        else:
            done[kind][number] = payload
        return True

    try:
        for batch in _batches(docs, WORKER_BATCH):
            while True:
                try:
                    tasks.put(batch, timeout=0.05)
                    break
                except queue.Full:
                    while take(False):
                        pass
            while take(False):
                pass
        for _ in workers:
            tasks.put(None)
        while len(done["extracted"]) < jobs:
            take(True)
        aliases, grouped = merge(names), grouper.groups()
        for number, box in enumerate(finals):
            # Each worker gets the groups of its own quotes only: the whole table in every process was
            # the peak of a reindex's memory.
            box.put((aliases, {i: grouped[i] for i in held[number] if i in grouped}))
        del grouped
        while len(done["segment"]) < jobs:
            take(True)
        for worker in workers:
            worker.join()
    except BaseException:
        for worker in workers:
            worker.kill()
        raise
    for found in done["extracted"].values():
        counts.update(found)
    return [s for found in done["segment"].values() for s in found], counts, names


def update(paths: Iterable[str | os.PathLike], index_dir: str | os.PathLike, jobs: int | None = None,
           progress: Callable[[Document], None] | None = None, allow_shrink: bool = False) -> Summary:
    """Add or replace the given documents in a copy of the served index and swap it in."""
    paths = _existing(paths)

    def fill(generation: Path, previous: Path | None, summary: Summary) -> None:
        if previous is None or not _current_schema(previous):
            # Nothing to add to, or an index written with other fields: its records cannot be kept as they are.
            generation.mkdir()
            _build(paths, generation, jobs, progress, summary)
        else:
            _link_copy(previous, generation)
            _update(paths, generation, jobs, progress, summary)

    return _new_generation(index_dir, fill, allow_shrink)


def _current_schema(generation: Path) -> bool:
    """Say whether a generation was written with the fields this version writes."""
    ix = whoosh_index.open_dir(str(generation))
    try:
        return sorted(ix.schema.names()) == sorted(build_schema().names())
    finally:
        ix.close()


def _link_copy(source: Path, target: Path) -> None:
    # Whoosh never rewrites a file once written (a commit adds segment files and a new TOC), so the
    # new generation shares the served one's files through hard links instead of copying gigabytes.
    target.mkdir()
    for path in source.iterdir():
        if path.is_file():
            os.link(path, target / path.name)


def _update(paths, generation: Path, jobs, progress, summary: Summary) -> None:
    jobs = jobs or os.cpu_count() or 1
    ix = whoosh_index.open_dir(str(generation))
    replaced: list[str] = []

    def noted(docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            replaced.append(doc.id)
            yield doc

    docs = noted(_unique(documents_mod.load(paths, summary.skipped), progress, summary))
    with ix.searcher() as before, groups_mod.Grouper(generation) as grouper:
        merge = _OntoExisting(before, replaced)
        if jobs <= 1:
            segments, counts, _names = _write_inline(ix, docs, grouper, merge)
        else:
            segments, counts, _names = _write_parallel(ix, docs, grouper, merge, jobs=jobs)
    writer = internals.Writer(ix, compound=False)
    try:
        for doc_id in replaced:
            writer.delete_by_term("doc", doc_id)
        # Small segments merge as in any Whoosh commit, so that repeated updates do not pile them up.
        writer.commit(mergetype=lambda w, existing: MERGE_SMALL(w, existing) + segments)
    except BaseException:
        writer.cancel()
        raise
    ix.close()
    _merge_words(generation)
    summary.documents, summary.paragraphs, summary.quotes = counts[DOCUMENT], counts[PARAGRAPH], counts[QUOTE]
    summary.speakers = len({canonical for canonical, _ in merge.last.values() if canonical})


class _OntoExisting:
    """Merge the speaker keys of new documents onto the canonical keys already in the index."""

    def __init__(self, searcher, replaced: list[str]) -> None:
        self.searcher, self.replaced, self.last = searcher, replaced, {}

    def __call__(self, names: Counter) -> dict[str, tuple[str, str]]:
        """Return (canonical key, display name) for every new key, preferring keys the index has."""
        out = {}
        for key, (target, display, known) in identity.merge_onto(names, self._existing()).items():
            if known:
                # Existing records keep their display name; the new quotes of that person take it too.
                found = self.searcher.document(speaker_key=target)
                display = found.get("speaker", display) if found else display
            out[key] = (target, display)
        self.last = out
        return out

    def _existing(self) -> dict[str, int]:
        q = Term("type", QUOTE)
        if self.replaced:
            q = And([q, Not(Or([Term("doc", d) for d in self.replaced]))])
        facet = sorting.FieldFacet("speaker_key", maptype=sorting.Count)
        groups = self.searcher.search(q, limit=1, groupedby={"speaker": facet}).groups("speaker")
        return {k: v for k, v in groups.items() if k}


def _write_words(path: Path, words: Counter) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(f"{word}\t{count}\n" for word, count in sorted(words.items()))


def read_words(generation: Path) -> dict[str, int]:
    """Return the words of a generation's corpus with their counts (empty if it has none)."""
    try:
        return _read_word_file(Path(generation) / WORDS_FILE)
    except OSError:
        return {}


def _merge_words(generation: Path) -> None:
    """Fold the builders' word counts (and, on update, the served ones) into the generation's list."""
    words = Counter(read_words(generation))
    parts = list(generation.glob(f"{WORDS_FILE}.*.part"))
    for part in parts:
        words.update(_read_word_file(part))
    # A new file, not a rewrite: on update the old list is a hard link shared with the served generation.
    _write_words(generation / f"{WORDS_FILE}.new", words)
    os.replace(generation / f"{WORDS_FILE}.new", generation / WORDS_FILE)
    for part in parts:
        part.unlink()


def _read_word_file(path: Path) -> dict[str, int]:
    with open(path, encoding="utf-8") as handle:
        return {word: int(count) for word, _, count in (line.rstrip("\n").partition("\t") for line in handle)}


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


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
