"""A PDF or web archive is read in a child process that is stopped past its time or memory budget."""
from __future__ import annotations

import fcntl
import os
import time

import pytest

from search.documents import Skipped, load, pdf

from .hostile_files import looping_pdfs


@pytest.fixture()
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("SEARCH_READ_SECONDS", "1")
    monkeypatch.setenv("SEARCH_READ_MEMORY_MB", "64")
    (tmp_path / "a.pdf").write_bytes(looping_pdfs()["loop-title.pdf"])  # readable, bar its title
    (tmp_path / "b.txt").write_text("After\n\nThe next file.", encoding="utf-8")
    return tmp_path


def _read(folder) -> tuple[list[str], list[str]]:
    skipped: list[Skipped] = []
    docs = list(load([folder], skipped))
    return [d.id for d in docs], [s.reason for s in skipped if s.path == str(folder / "a.pdf")]


def test_a_reader_that_never_ends_is_stopped_and_the_run_goes_on(folder, monkeypatch):
    def spin(layout):
        while True:
            pass

    monkeypatch.setattr(pdf, "_page", spin)
    began = time.monotonic()
    ids, reasons = _read(folder)
    assert time.monotonic() - began < 30  # the budget is 1 s; a hang would never return
    assert ids == ["b"] and reasons[-1] == "took over 1 s to read (READ_SECONDS); skipped"


def test_a_reader_that_swells_is_stopped_and_the_run_goes_on(folder, monkeypatch):
    def swell(layout):
        held = []
        while True:
            held.append(bytearray(8 << 20))

    monkeypatch.setattr(pdf, "read", lambda source: iter([swell(None)]))
    ids, reasons = _read(folder)
    assert ids == ["b"] and reasons == ["needs more than 64 MB to read (READ_MEMORY_MB); skipped"]


def test_a_reader_that_dies_is_reported(folder, monkeypatch):
    monkeypatch.setattr(pdf, "read", lambda source: iter([os._exit(3)]))
    ids, reasons = _read(folder)
    assert ids == ["b"] and reasons == ["the reader stopped without finishing (out of memory?); skipped"]


def test_documents_and_reports_of_the_child_reach_the_parent(folder):
    skipped: list[Skipped] = []
    docs = list(load([folder], skipped))
    assert [d.id for d in docs] == ["a", "b"] and "We will mend the dam" in docs[0].text
    assert any("loop of references" in s.reason for s in skipped)


def test_the_child_holds_no_descriptor_of_the_parent(folder, monkeypatch, tmp_path):
    # A stuck child once kept the reindex lock (a flock lasts while any copy of its descriptor is open).
    lock = open(tmp_path / "lock", "w")
    fcntl.flock(lock, fcntl.LOCK_EX)

    def read(source):
        source.skip(f"lock open in child: {_is_open(lock.fileno())}")
        return iter(())

    monkeypatch.setattr(pdf, "read", read)
    seen = _read(folder)[1]
    lock.close()
    assert seen == ["lock open in child: False"]


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False
