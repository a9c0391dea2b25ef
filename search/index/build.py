"""Build the Whoosh index: a full rebuild or an update, written by segment builders side by side."""
from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from whoosh import index as whoosh_index
from whoosh import sorting
from whoosh.query import And, Not, Or, Term
from whoosh.writing import MERGE_SMALL

from .. import documents as documents_mod
from ..attribution import identity
from ..model import Document
from . import groups as groups_mod
from .whoosh_internals import writing as internals
from .records import records, settled
from .resolving import Resolved
from .resolving import unique as _unique
from .schema import DOCUMENT, PARAGRAPH, QUOTE, build_schema
from .store import (WORDS_FILE, Refused, Summary, current_schema, link_copy, merge_words, new_generation,
                    read_roots, release_inherited_locks, write_roots, write_words)

# Postings held in memory, shared by the workers; beyond it a worker's pool spills sorted runs to disk and merges them
# back at the end (whoosh_internals.postings.TermPool). At 128 MB (64 a worker) Whoosh's own pool spilled on PolNeAR
# train once the `near` names were indexed, and the parallel reindex took 1.5 times its time; raw Whoosh's one writer
# has 128 MB.
WRITERS_LIMIT_MB = 192
SEGMENT_RECORDS = 200_000  # records a builder writes into one segment before it starts the next
WORKER_BATCH = 4  # documents per message to a worker
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")


class WorkerFailed(RuntimeError):
    """An index worker process failed, or ended before its work was done (killed, or out of memory)."""


def _worker_init(parent: int) -> None:
    """Drop the inherited reindex lock and die with the parent."""
    release_inherited_locks()
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

    return new_generation(index_dir, fill, allow_shrink)


def _existing(paths: Iterable[str | os.PathLike]) -> list:
    """Return the paths; raise Refused if any of them does not exist."""
    paths = list(paths)
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise Refused(f"no such file or folder: {', '.join(missing)}; nothing was indexed and the served index "
                      "is unchanged. Check the paths and run again.")
    return paths


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
    merge_words(generation)
    write_roots(generation, documents_mod.roots_of(paths))
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
            self._write(settled(pickle.load(self.spill), aliases, grouped))
        self.spill.close()
        write_words(self.spill_dir / f"{WORDS_FILE}.{os.getpid()}.{id(self)}.part", self.words)
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
        # Each worker's pool plus Python's own ~100 MB: with two workers, three processes stay near 512 MB.
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
            exc = WorkerFailed(f"index worker {number} failed: {exc!r}")
        results.put(("error", number, exc))


class _Parent:
    """The parent's side of the workers' queues: what they have extracted and written so far."""

    def __init__(self, workers: list, tasks, results, grouper, jobs: int) -> None:
        self.workers, self.tasks, self.results, self.grouper = workers, tasks, results, grouper
        self.names: Counter = Counter()
        self.done: dict[str, dict[int, Any]] = {"extracted": {}, "segment": {}}
        self.held: list[list[str]] = [[] for _ in range(jobs)]  # the ids of the quotes each worker holds

    def take(self, block: bool) -> bool:
        """Take one message from the workers; say whether there was one."""
        try:
            kind, number, payload = self.results.get(timeout=0.2) if block else self.results.get_nowait()
        except queue.Empty:
            dead = [w for i, w in enumerate(self.workers) if w.exitcode is not None and i not in self.done["segment"]]
            if dead and self.results.empty():
                raise WorkerFailed(f"an index worker died (exit code {dead[0].exitcode})")
            return False
        if kind == "error":
            raise payload
        if kind == "batch":
            for found_names, found in payload:
                self.names.update(found_names)
                for quote in found:
                    self.grouper.add(*quote)
                    self.held[number].append(quote[0])
        else:
            self.done[kind][number] = payload
        return True

    def give(self, item) -> None:
        """Hand the workers a batch (or None, their end), taking their messages while the queue is full."""
        # Never a blocking put: with the workers dead, a full queue would wait for them forever.
        while True:
            try:
                self.tasks.put(item, timeout=0.05)
                break
            except queue.Full:
                while self.take(False):
                    pass
        while self.take(False):
            pass

    def wait(self, kind: str) -> None:
        """Take messages until every worker has sent one of this kind."""
        while len(self.done[kind]) < len(self.workers):
            self.take(True)


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
    parent = _Parent(workers, tasks, results, grouper, jobs)
    try:
        for batch in _batches(docs, WORKER_BATCH):
            parent.give(batch)
        for _ in workers:
            parent.give(None)
        parent.wait("extracted")
        aliases, grouped = merge(parent.names), grouper.groups()
        for number, box in enumerate(finals):
            # Each worker gets the groups of its own quotes only: the whole table in every process was
            # the peak of a reindex's memory.
            box.put((aliases, {i: grouped[i] for i in parent.held[number] if i in grouped}))
        del grouped
        parent.wait("segment")
        for worker in workers:
            worker.join()
    except BaseException:
        _stop(workers, [tasks, results, *finals])
        raise
    counts: Counter = Counter()
    for found in parent.done["extracted"].values():
        counts.update(found)
    return [s for found in parent.done["segment"].values() for s in found], counts, parent.names


def _stop(workers: list, queues: list) -> None:
    """Kill the workers and let the process exit without flushing what the queues still hold."""
    for worker in workers:
        worker.kill()
    for worker in workers:
        worker.join(timeout=5)
    for box in queues:
        # A queue's feeder thread writes into a pipe nobody reads any more; Python joins it at exit, so a
        # failed run printed its error and then hung there. The data is of no use once the run has failed.
        box.cancel_join_thread()
        box.close()


def update(paths: Iterable[str | os.PathLike], index_dir: str | os.PathLike, jobs: int | None = None,
           progress: Callable[[Document], None] | None = None, allow_shrink: bool = False) -> Summary:
    """Add or replace the given documents in a copy of the served index and swap it in."""
    paths = _existing(paths)

    other_version = False

    def fill(generation: Path, previous: Path | None, summary: Summary) -> None:
        nonlocal other_version
        other_version = previous is not None and not current_schema(previous)
        if previous is None or other_version:
            # Nothing to add to, or an index written with other fields: its records cannot be kept as they are.
            generation.mkdir()

            def noted(doc: Document) -> None:
                summary.added.append(doc.id)  # every document is new to this index
                if progress:
                    progress(doc)

            _build(paths, generation, jobs, noted, summary)
        else:
            link_copy(previous, generation)
            _update(paths, generation, jobs, progress, summary)

    try:
        return new_generation(index_dir, fill, allow_shrink)
    except Refused as refused:
        if not other_version:
            raise
        # --allow-shrink would serve these files alone: say why the rest cannot be kept, and what keeps it.
        raise Refused("the served index was written by another version of the engine, so --update cannot keep its "
                      "documents and would serve only the files given; nothing was swapped in and the served index "
                      "is unchanged. Rebuild it whole: search reindex FOLDER (the folders you indexed)",
                      refused.skipped) from None


def _update(paths, generation: Path, jobs, progress, summary: Summary) -> None:
    jobs = jobs or os.cpu_count() or 1
    ix = whoosh_index.open_dir(str(generation))
    with ix.searcher() as before, groups_mod.Grouper(generation) as grouper:
        resolved = Resolved(summary, lambda path: [fields["doc"] for fields in before.documents(source_file=path)],
                            lambda doc_id: before.document(id="doc:" + doc_id) is not None)
        docs = resolved.load(paths, read_roots(generation), progress)
        replaced = resolved.replaced  # the ids whose records go: those loaded again, and all their files gave before
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
    merge_words(generation)
    summary.removed = resolved.removed()
    summary.documents, summary.paragraphs, summary.quotes = counts[DOCUMENT], counts[PARAGRAPH], counts[QUOTE]
    summary.speakers = len({canonical for canonical, _ in merge.last.values() if canonical})


class _OntoExisting:
    """Merge the speaker keys of new documents onto the canonical keys already in the index."""

    def __init__(self, searcher, replaced: list[str]) -> None:
        self.searcher, self.replaced = searcher, replaced
        self.last: dict[str, tuple[str, str]] = {}

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


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


