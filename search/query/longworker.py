"""A long-request worker process: answer the server's long requests with an engine of its own."""
from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

from .parsing import QueryError
from .session import Engine, NoIndex
from .worker import NICE

log = logging.getLogger(__name__)

_WATCH = 1.0  # seconds between a worker's looks at whether the server that started it is still there


def main() -> None:
    """Run a worker: `python -c "from search.query.longworker import main; main()" SOCKET_FD SERVER_PID`."""
    fd, parent = int(sys.argv[1]), int(sys.argv[2])
    if os.getppid() != parent:
        return  # the server died before this worker started
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="watch-server").start()
    # Ctrl-C in a terminal reaches the whole process group: the server stops, and the worker with it when
    # their socket closes, without a KeyboardInterrupt of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(NICE)
    conn = Connection(fd)
    try:
        index_dir, limits = conn.recv()
    except (EOFError, OSError):
        return
    _serve(conn, index_dir, limits)


def _serve(conn: Connection, index_dir: str, limits) -> None:
    """Answer the server's requests one at a time until its end of the socket closes."""
    engine = Engine(Path(index_dir), limits)  # answers here: a worker has no workers of its own
    try:
        with engine.session() as warm:
            warm.searcher.doc_count()  # open the index and its segments now, not on the first long request
    except NoIndex:
        pass
    conn.send("ready")
    while True:
        try:
            method, kwargs, seconds = conn.recv()
        except (EOFError, OSError):
            return  # the server closed its end or is gone
        try:
            with engine.session(seconds=seconds) as session:
                answer = ("ok", getattr(session, method)(**kwargs), session.budget.spent)
        except (QueryError, NoIndex) as exc:
            answer = ("error", exc, False)
        except Exception as exc:  # the server's process would have answered 500: say so there
            log.exception("long-request worker failed on %s", method)
            answer = ("error", RuntimeError(f"{method} failed in a long-request worker: {exc!r}"), False)
        try:
            conn.send(answer)
        except OSError:
            return  # the server is gone
        except Exception as exc:  # an answer that cannot be pickled: nothing of it was sent
            conn.send(("error", RuntimeError(f"{method} gave an answer a worker cannot send: {exc!r}"), False))


def _watch(parent: int) -> None:
    """Exit as soon as the server that started this worker is gone, even in the middle of an answer."""
    while os.getppid() == parent:
        time.sleep(_WATCH)
    os._exit(0)
