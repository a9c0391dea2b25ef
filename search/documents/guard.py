"""Read one file in a child process under a time and memory budget: a file that hangs or swells is skipped."""
from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import struct
import time
from typing import Iterator

from .. import config
from ..model import Document
from .common import Skipped

_FRAME = struct.Struct("!I")


def read(reader, source) -> Iterator[Document]:
    """Yield what `reader.read(source)` yields, read in a forked child killed past the time or memory budget.

    The budget is READ_SECONDS between two documents (or reports) of the file and READ_MEMORY_MB over what the
    indexer already uses; what the child yielded before it was stopped is kept.
    """
    if not hasattr(os, "fork"):
        yield from reader.read(source)
        return
    if hasattr(reader, "prepare"):
        reader.prepare()  # what every child would import anew is imported once, before the fork
    seconds = float(config.SETTINGS["READ_SECONDS"].value())
    megabytes = int(config.SETTINGS["READ_MEMORY_MB"].value())
    inbox, outbox = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its coverage is the parent's messages
        os.close(inbox)
        _child(reader, source, outbox, parent, megabytes)
    os.close(outbox)
    finished = False
    silent: list[bool] = []  # noted when the child said nothing for the whole budget
    try:
        for kind, payload in _messages(inbox, seconds, silent):
            if kind == "doc" and isinstance(payload, Document):
                yield payload
            elif kind == "skip" and isinstance(payload, Skipped):
                source.skipped.append(payload)
            elif kind == "end":
                finished = True
            elif kind == "memory":
                source.skip(f"needs more than {megabytes} MB to read (READ_MEMORY_MB); skipped")
                finished = True
        if not finished:
            source.skip(f"took over {seconds:g} s to read (READ_SECONDS); skipped" if silent
                        else "the reader stopped without finishing (out of memory?); skipped")
    finally:
        _end(pid, inbox)


def _messages(inbox: int, seconds: float, silent: list) -> Iterator[tuple[str, object]]:
    """Yield the child's messages; stop at its end, at EOF, or when it is silent for `seconds` (noted in `silent`)."""
    buffer = bytearray()
    deadline = time.monotonic() + seconds
    while True:
        while len(buffer) >= _FRAME.size and len(buffer) >= _FRAME.size + _FRAME.unpack_from(buffer)[0]:
            size = _FRAME.unpack_from(buffer)[0]
            message = pickle.loads(bytes(buffer[_FRAME.size:_FRAME.size + size]))
            del buffer[:_FRAME.size + size]
            yield message
            if message[0] in ("end", "memory"):
                return
            # The budget counts from the last sign of progress, not the time the indexer took over a document.
            deadline = time.monotonic() + seconds
        ready, _, _ = select.select([inbox], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            silent.append(True)
            return
        chunk = os.read(inbox, 1 << 20)
        if not chunk:
            return
        buffer += chunk


def _end(pid: int, inbox: int) -> None:
    """Stop the child if it still runs, and reap it."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(inbox)


def _child(reader, source, outbox: int, parent: int, megabytes: int) -> None:
    """Read the file and send what comes out to the parent; never return."""
    code = 0
    try:
        _detach(outbox, parent)
        _limit_memory(megabytes)
        sent = len(source.skipped)

        def send(kind: str, payload=None) -> None:
            data = pickle.dumps((kind, payload), pickle.HIGHEST_PROTOCOL)
            view = memoryview(_FRAME.pack(len(data)) + data)
            while view:
                view = view[os.write(outbox, view):]

        def reports() -> None:
            nonlocal sent
            for skipped in source.skipped[sent:]:
                send("skip", skipped)
            sent = len(source.skipped)

        try:
            for doc in reader.read(source):
                reports()
                send("doc", doc)
            reports()
        except MemoryError:
            source.skipped[sent:] = []
            send("memory")
        except Exception as exc:  # noqa: BLE001 - a reader bug loses its file, not the run
            reports()
            send("skip", Skipped(str(source.path), f"could not be read: {type(exc).__name__}: {str(exc)[:200]}"))
        send("end")
    except BaseException:  # noqa: BLE001 - whatever happens, the child must not return into the indexer
        code = 1
    os._exit(code)


def _detach(outbox: int, parent: int) -> None:
    """Drop every inherited descriptor but the pipe (the reindex lock among them) and die with the parent."""
    # A copy of the lock's descriptor kept the index folder locked for as long as a stuck child lived.
    os.closerange(3, outbox)
    os.closerange(outbox + 1, max(1 << 16, os.sysconf("SC_OPEN_MAX")))
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def _limit_memory(megabytes: int) -> None:
    """Cap the child's address space at what it inherited plus `megabytes`."""
    try:
        with open("/proc/self/statm") as handle:
            inherited = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = inherited + megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or limit < soft:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
