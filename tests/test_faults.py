"""A reindex that dies or fails half-way leaves the served index untouched and the next run free."""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whoosh.filedb import structfile

from search import query
from search.index import build as indexer
from search.index import store

from .conftest import ROOT, SEEDS

# Runs `search reindex` in a child that parks itself at a chosen phase and says so through a marker
# file, so that the test's SIGKILL lands exactly there rather than after some guessed delay.
HOOKED_REINDEX = r"""
import os, sys, time
from pathlib import Path
from search import cli
from search.index import build as indexer

phase, marker = sys.argv[1], Path(sys.argv[2])
parent = os.getpid()

def park():
    marker.write_text(phase)
    time.sleep(120)

if phase == "extract":
    real_records, calls = indexer.records, []
    def records(document):
        calls.append(1)
        if len(calls) == 3:
            park()
        return real_records(document)
    indexer.records = records
elif phase == "write":
    from search.index.whoosh_internals import writing as whoosh_internals
    real_add, calls = whoosh_internals.Writer.add_document, []
    def add_document(self, **fields):
        calls.append(1)
        if len(calls) == 200:
            park()
        return real_add(self, **fields)
    whoosh_internals.Writer.add_document = add_document
elif phase == "swap":
    real_replace = indexer.os.replace
    def replace(src, dst):
        park()
    indexer.os.replace = replace
elif phase in ("worker-error", "worker-dies"):
    real_records, calls = indexer.records, []
    def records(document):
        calls.append(1)
        if len(calls) == 3 and os.getpid() != parent:  # in a worker process
            marker.write_text(phase)
            if phase == "worker-dies":
                os._exit(9)
            raise OSError(28, "No space left on device")
        return real_records(document)
    indexer.records = records
elif phase == "parent-full-disk":
    real_add, calls = indexer.groups_mod.Grouper.add, []
    def add(self, *args):
        calls.append(1)
        if len(calls) == 5:
            marker.write_text(phase)
            raise OSError(28, "No space left on device")
        return real_add(self, *args)
    indexer.groups_mod.Grouper.add = add
cli.main(sys.argv[3:])
"""


def make_corpus(folder: Path, documents: int, marker: str = "") -> Path:
    """Write a corpus of attributed quotes; `marker` goes into every quote."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(documents):
        paragraphs = [f"Report {i} {marker}".strip()]
        for j in range(10):
            paragraphs.append(f"The committee met on day {j} to review budget line {i}-{j} and the border talks. "
                              f"“We will review clause {i} {j} {marker} before the vote,” said Minister Ana Kova{i % 7}.")
        (folder / f"doc{i:04d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    return folder


def served(index_dir: Path) -> tuple[Path | None, dict]:
    """Return the served generation and its quotes (id to text)."""
    with query.Engine(index_dir).session() as s:
        quotes = map(query.record, s.searcher.documents(type="quote"))
        return store.current_generation(index_dir), {h["id"]: h["text"] for h in quotes}


def leftovers(index_dir: Path, keep: set[Path]) -> list[str]:
    """Return the generation folders and pointer files that should not be there."""
    return sorted(p.name for p in index_dir.iterdir()
                  if (p.name.startswith(store.GENERATION_PREFIX) and p not in keep) or p.name.startswith(".CURRENT."))


def wait_for(predicate, what: str, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.02)


@pytest.fixture()
def index_dir(tmp_path) -> Path:
    index_dir = tmp_path / "ix"
    indexer.reindex([SEEDS], index_dir, jobs=1)
    return index_dir


def run_child(args, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True, **kw)


def processes_naming(path: Path) -> list[int]:
    """Return the ids of live processes whose command line names a path (a reindex and its forked workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(path).encode() in (entry / "cmdline").read_bytes():
                if (entry / "stat").read_text().split(")")[-1].split()[0] != "Z":
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the reindex itself; its workers are left to die (or not) on their own."""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def assert_recovers(index_dir: Path, before, tmp_path: Path) -> None:
    """The served index is the one from before, and the next reindex runs at once and cleans up."""
    assert served(index_dir) == before
    extra = make_corpus(tmp_path / "next", 2, marker="afterkill")
    summary = indexer.reindex([SEEDS, extra], index_dir, jobs=1)  # raises IndexBusy on a stale lock
    assert summary.documents == 4
    generation, quotes = served(index_dir)
    assert generation != before[0] and set(before[1]) < set(quotes)
    assert leftovers(index_dir, {generation, before[0]}) == []


def test_sigkill_mid_reindex_leaves_the_served_index(index_dir, tmp_path):
    corpus = make_corpus(tmp_path / "big", 150, marker="killed")
    before = served(index_dir)
    proc = run_child(["-c", "from search import cli; cli.main()", "reindex", str(corpus),
                      "--index-dir", str(index_dir), "--jobs", "2"])
    try:
        wait_for(lambda: leftovers(index_dir, {before[0]}), "the new generation folder")
        assert proc.poll() is None, "the reindex finished before it could be killed: make the corpus bigger"
    finally:
        kill_group(proc)
    assert leftovers(index_dir, {before[0]}), "the killed run's folder is what this test is about"
    assert_recovers(index_dir, before, tmp_path)
    wait_for(lambda: not processes_naming(corpus), "the killed reindex's workers to exit")


@pytest.mark.parametrize("phase, jobs", [("extract", "2"), ("extract", "1"), ("write", "1"), ("swap", "1")])
def test_sigkill_at_each_phase(index_dir, tmp_path, phase, jobs):
    corpus = make_corpus(tmp_path / "big", 30, marker="killed")
    marker = tmp_path / "parked"
    before = served(index_dir)
    proc = run_child(["-c", HOOKED_REINDEX, phase, str(marker), "reindex", str(corpus),
                      "--index-dir", str(index_dir), "--jobs", jobs])
    try:
        wait_for(lambda: marker.exists() or proc.poll() is not None, f"the reindex to reach {phase}")
        assert proc.poll() is None, f"the reindex ended (rc {proc.returncode}) before reaching {phase}"
    finally:
        kill_group(proc)
    # With --jobs 2 the parked process is a pool worker: it must not outlive its parent holding the lock.
    assert_recovers(index_dir, before, tmp_path)


@pytest.mark.parametrize("phase, says", [("worker-error", "No space left on device"),
                                         ("worker-dies", "an index worker died"),
                                         ("parent-full-disk", "No space left on device")])
def test_a_failing_parallel_reindex_exits_within_seconds(index_dir, tmp_path, phase, says):
    """It used to print "reindex failed" and then hang for good in a queue's feeder thread."""
    corpus = make_corpus(tmp_path / "big", 24, marker="failing")
    for path in corpus.iterdir():  # long documents: a batch outgrows the pipe, so the queue's feeder has to wait
        path.write_text(path.read_text(encoding="utf-8") + "\n\nThe committee read the long annex. " * 400,
                        encoding="utf-8")
    marker = tmp_path / "failed"
    before = served(index_dir)
    proc = subprocess.Popen([sys.executable, "-c", HOOKED_REINDEX, phase, str(marker), "reindex", str(corpus),
                             "--index-dir", str(index_dir), "--jobs", "2"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        wait_for(lambda: marker.exists() or proc.poll() is not None, f"the reindex to fail ({phase})")
        _out, err = proc.communicate(timeout=30)  # a hang at exit fails here, not forever
    finally:
        if proc.poll() is None:
            kill_group(proc)
    assert marker.exists(), err
    assert proc.returncode == 1, err
    assert "reindex failed, the served index is unchanged" in err and says in err
    assert "Traceback" not in err
    wait_for(lambda: not processes_naming(corpus), "the failed reindex's workers to exit", limit=10)
    assert_recovers(index_dir, before, tmp_path)


def enospc(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _FullDiskAfter:
    """A file wrapper whose writes fail with ENOSPC once `budget` bytes went through."""

    def __init__(self, inner, budget: int) -> None:
        self._inner, self._budget = inner, budget

    def write(self, data):
        self._budget -= len(data)
        if self._budget < 0:
            enospc()
        return self._inner.write(data)

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def __iter__(self):
        return iter(self._inner)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._inner.__exit__(*exc)


def _fail_index_writes(monkeypatch):
    real = structfile.StructFile.write
    written = [0]

    def write(self, data, *args):
        written[0] += len(data)
        if written[0] > 20_000:
            enospc()
        return real(self, data, *args)

    monkeypatch.setattr(structfile.StructFile, "write", write)


def _fail_spill_writes(monkeypatch):
    import tempfile

    real = tempfile.TemporaryFile
    monkeypatch.setattr(indexer.tempfile, "TemporaryFile", lambda *a, **kw: _FullDiskAfter(real(*a, **kw), 5_000))


def _fail_pointer_sync(monkeypatch):
    monkeypatch.setattr(indexer.os, "fsync", enospc)


@pytest.mark.parametrize("fail", [_fail_index_writes, _fail_spill_writes, _fail_pointer_sync],
                         ids=["index-files", "spill-file", "current-pointer"])
def test_full_disk_leaves_the_served_index(index_dir, tmp_path, monkeypatch, fail):
    corpus = make_corpus(tmp_path / "docs", 20, marker="full")
    before = served(index_dir)
    fail(monkeypatch)
    with pytest.raises(OSError) as raised:
        indexer.reindex([corpus], index_dir, jobs=1)
    assert raised.value.errno == errno.ENOSPC
    monkeypatch.undo()
    assert leftovers(index_dir, {before[0]}) == []
    assert_recovers(index_dir, before, tmp_path)


def test_a_server_engine_keeps_answering_across_a_failed_reindex(index_dir, tmp_path, monkeypatch):
    engine = query.Engine(index_dir)
    with engine.session() as s:
        total = s.search("intelligence").total
    _fail_index_writes(monkeypatch)
    with pytest.raises(OSError):
        indexer.reindex([make_corpus(tmp_path / "docs", 20)], index_dir, jobs=1)
    with engine.session() as s:
        assert s.search("intelligence").total == total


def test_prune_keeps_the_previous_generation_not_a_killed_one(index_dir):
    previous = store.current_generation(index_dir)
    orphan = index_dir / f"{store.GENERATION_PREFIX}{time.time_ns()}"
    orphan.mkdir()  # what a killed reindex leaves: newer than the served one
    (index_dir / ".CURRENT.99999").write_text("gen-x")
    indexer.reindex([SEEDS], index_dir, jobs=1)
    current = store.current_generation(index_dir)
    assert sorted(p.name for p in index_dir.iterdir() if not p.name.startswith(".reindex")) == sorted(
        ["CURRENT", previous.name, current.name])
