"""Answer long requests in worker processes, so that ordinary ones keep a core and the GIL to themselves."""
from __future__ import annotations

import logging
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

log = logging.getLogger(__name__)

GRACE = 10.0  # seconds past its budget a worker may take to send an answer before it is given up for stuck
START_TIMEOUT = 60.0  # seconds a new worker may take to import and open the index
RETRY_AFTER = 5.0  # seconds between two attempts to start a worker when one failed to start
NICE = 10  # how much lower a worker's CPU priority is than the server's: ordinary requests get the cores first


class Busy(RuntimeError):
    """No worker was free before the request's time ran out."""


class WorkerLost(RuntimeError):
    """The worker answering a request stopped or went silent; the request has no answer."""


class Workers:
    """A bounded pool of processes, each with its own engine on the same index folder, one request at a time.

    A worker opens the index itself and reopens it when a reindex swaps it, as the server's engine does; it is
    given what is left of the request's time budget, so its answer is the one the server would have given
    (partial when time ran out, with the same notices). Workers start in the background on first use; while
    none is up, requests are answered in the server's process. A worker that dies is replaced; the request it
    was answering gets WorkerLost. Workers exit when the server does: when their socket to it closes (at its
    exit, or when it is killed), and at their next look at their parent if they are busy then.
    """

    _shared: dict = {}
    _shared_lock = threading.Lock()

    def __init__(self, index_dir: Path, limits, size: int) -> None:
        self.index_dir, self.limits, self.size = Path(index_dir), limits, size
        self.answered = 0  # requests answered by a worker
        self._idle: queue.Queue = queue.Queue()
        self._changed = threading.Condition()
        self._starting = 0  # workers being started
        self._up = 0  # workers started and not known dead, idle or answering
        self._failed_at = -RETRY_AFTER

    @classmethod
    def shared(cls, index_dir: Path, limits, size: int) -> "Workers":
        """Return the process's pool for this index folder and limits (apps made alike share their workers)."""
        key = (Path(index_dir).resolve(), limits, size)
        with cls._shared_lock:
            if key not in cls._shared:
                cls._shared[key] = cls(index_dir, limits, size)
            return cls._shared[key]

    def ready(self, timeout: float | None = None) -> bool:
        """Start the workers if need be; wait up to `timeout` seconds for one to be up and say whether one is."""
        self._fill()
        with self._changed:
            return self._changed.wait_for(lambda: self._up > 0, timeout)

    def call(self, method: str, kwargs: dict, seconds: float):
        """Return (value, spent): Session.`method`(**kwargs) answered by a worker within `seconds` of budget, and
        whether its budget ran out. Return None when no worker is up (answer in process instead); raise Busy
        when none came free within those seconds, WorkerLost when the worker died or went silent answering."""
        self._fill()
        if not self._up:
            return None
        until = time.perf_counter() + seconds
        try:
            # Waiting blocks without the GIL; the workers are the bound on long requests at work at once.
            worker = self._idle.get(timeout=max(0.0, seconds))
        except queue.Empty:
            raise Busy(method) from None
        try:
            worker.send((method, kwargs, until - time.perf_counter()))
        except OSError:  # it died while idle: nothing of this request was lost
            self._lost(worker)
            return None
        try:
            outcome, value, spent = worker.receive(max(0.0, until - time.perf_counter()) + GRACE)
        except (EOFError, OSError, TimeoutError) as exc:
            self._lost(worker)
            raise WorkerLost(f"the worker answering it stopped ({exc.__class__.__name__}); a new one is "
                             "starting: try again") from None
        self._idle.put(worker)
        self.answered += 1
        if outcome == "error":
            raise value
        return value, spent

    def _fill(self) -> None:
        """Start workers until `size` are up or starting, unless one failed to start a moment ago."""
        with self._changed:
            missing = self.size - self._up - self._starting
            if missing <= 0 or time.monotonic() - self._failed_at < RETRY_AFTER:
                return
            self._starting += missing
        for _ in range(missing):
            threading.Thread(target=self._start, daemon=True, name="start-long-worker").start()

    def _start(self) -> None:
        try:
            worker = _Handle.start(self.index_dir, self.limits)
        except Exception as exc:  # the server goes on answering in process: say why, and retry later
            log.warning("could not start a long-request worker: %s", exc)
            with self._changed:
                self._starting -= 1
                self._failed_at = time.monotonic()
            return
        self._idle.put(worker)
        with self._changed:
            self._starting -= 1
            self._up += 1
            self._changed.notify_all()

    def _lost(self, worker: "_Handle") -> None:
        worker.stop()
        with self._changed:
            self._up -= 1
        self._fill()


class _Handle:
    """One worker process and the server's end of the socket between them."""

    def __init__(self, process: subprocess.Popen, conn: Connection) -> None:
        self.process, self.conn = process, conn

    @classmethod
    def start(cls, index_dir: Path, limits) -> "_Handle":
        # A new interpreter, not a fork (a fork of a server with threads running could copy a lock some thread
        # holds) nor multiprocessing's spawn (which imports the server's main script again, and a script
        # without a __main__ guard would then start a second server).
        ours, theirs = socket.socketpair()
        try:
            process = subprocess.Popen([sys.executable, "-c", "from search.query.longworker import main; main()",
                                        str(theirs.fileno()), str(os.getpid())],
                                       pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        finally:
            theirs.close()  # the worker's end lives in the worker only: when it dies, our reads see EOF
        handle = cls(process, Connection(ours.detach()))
        try:
            handle.send((str(index_dir), limits))
            if handle.receive(START_TIMEOUT) != "ready":
                raise OSError("the worker did not start")
        except BaseException:
            handle.stop()
            raise
        return handle

    def alive(self) -> bool:
        """Say whether the process is still running."""
        return self.process.poll() is None

    def send(self, message) -> None:
        """Send a message to the worker."""
        self.conn.send(message)

    def receive(self, timeout: float):
        """Return the worker's next message; raise TimeoutError if none comes within `timeout` seconds."""
        if not self.conn.poll(timeout):
            raise TimeoutError(f"no answer within {timeout:.1f} s")
        return self.conn.recv()

    def stop(self) -> None:
        """Close the socket and make sure the process is gone."""
        self.conn.close()
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
