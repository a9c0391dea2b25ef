"""Long requests answered by a worker process: the same answers, a dead worker replaced, none left behind."""
from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from search import config
from search.query import Engine, Limits, WorkerLost
from search.query import worker as worker_module
from search.query.worker import Workers

from .conftest import ROOT

LONG = ["intel*", "iran* OR iraq*", "spy~1 OR leak*", "l?aks"]  # wildcards and fuzzy words: long requests
GENEROUS = Limits(seconds=30)  # nothing runs out of time here, so both ways give whole answers


def ready_pool(index_dir: Path, limits: Limits = GENEROUS) -> Workers:
    pool = Workers.shared(index_dir, limits, 1)
    assert pool.ready(60), "the worker did not start"
    return pool


def took(page: bytes) -> bytes:
    """Return a page without the time the search took."""
    return re.sub(rb" in \d+ ms</p>", b"</p>", page)


def own_index(seed_index: Path, tmp_path: Path) -> Path:
    """Return a copy of the seed index, so that killing its workers leaves the other tests' alone."""
    return Path(shutil.copytree(seed_index, tmp_path / "ix"))


def test_a_long_search_answered_by_a_worker_is_the_one_answered_in_process(seed_index):
    pool = ready_pool(seed_index)
    before = pool.answered
    for q in LONG:
        for kind in ("quote", "all"):
            with Engine(seed_index, GENEROUS).session() as s:
                here = s.search(q, type=kind)
            with Engine(seed_index, GENEROUS, workers=1).session() as s:
                away = s.search(q, type=kind)
            assert away == here, q
            assert here.total or kind == "quote", q  # every one finds something
    assert pool.answered - before == 2 * len(LONG)  # every one of them went to the worker


def test_the_api_and_the_page_are_the_same_byte_for_byte(seed_index):
    from search.web.app import create_app

    ready_pool(seed_index, Limits.from_config(dict(config.defaults(), TIME_BUDGET=30)))
    answers = {}
    for workers in (0, 1):
        client = create_app({"TESTING": True, "INDEX_DIR": seed_index, "BASE_URL": "https://quotes.example",
                             "TIME_BUDGET": 30, "LONG_WORKERS": workers}).test_client()
        answers[workers] = [client.get(url) for url in
                            ("/api/search?q=intel*&type=all", "/?q=iran*+OR+spy~1", "/search.atom?q=leak*",
                             "/api/search?q=*a", "/api/search?q=intel*&page=500")]
    for here, away in zip(answers[0], answers[1]):
        # A page says how long the search took; all else is the same.
        assert (away.status_code, took(away.data)) == (here.status_code, took(here.data))
    assert [r.status_code for r in answers[1]] == [200, 200, 200, 400, 400]  # a bad query is a message either way


def test_no_worker_free_within_the_budget_gives_a_partial_answer(seed_index):
    limits = Limits(seconds=0.3)
    pool = ready_pool(seed_index, limits)
    held = pool._idle.get(timeout=30)  # another long request has the only worker
    try:
        with Engine(seed_index, limits, workers=1).session() as s:
            results = s.search("intel*")
        assert results.partial and results.total == 0
    finally:
        pool._idle.put(held)
    with Engine(seed_index, limits, workers=1).session() as s:
        assert s.search("intel*").total  # once it is free again, the worker answers


def test_a_worker_killed_while_idle_is_replaced_and_the_request_answered(seed_index, tmp_path):
    index_dir = own_index(seed_index, tmp_path)
    pool = ready_pool(index_dir)
    first = pool._idle.queue[0].process
    first.kill()
    first.wait(10)
    with Engine(index_dir, GENEROUS, workers=1).session() as s:
        assert s.search("intel*").total  # answered in process while the new worker starts
    deadline = time.monotonic() + 60
    while not any(h.alive() and h.process.pid != first.pid for h in list(pool._idle.queue)):
        assert time.monotonic() < deadline, "no new worker started"
        time.sleep(0.1)
    before = pool.answered
    with Engine(index_dir, GENEROUS, workers=1).session() as s:
        assert s.search("intel*").total
    assert pool.answered == before + 1


def test_a_worker_that_dies_while_answering_gives_a_503_with_a_message_and_is_replaced(seed_index, tmp_path):
    from search.web.app import create_app

    index_dir = own_index(seed_index, tmp_path)
    limits = Limits.from_config(dict(config.defaults(), TIME_BUDGET=30))
    pool = ready_pool(index_dir, limits)
    victim = pool._idle.queue[0].process
    victim.send_signal(signal.SIGSTOP)  # it takes the request and never answers ...
    client = create_app({"TESTING": True, "INDEX_DIR": index_dir, "TIME_BUDGET": 30}).test_client()
    answer = {}
    asking = threading.Thread(target=lambda: answer.update(r=client.get("/api/search?q=intel*")))
    asking.start()
    time.sleep(0.5)
    victim.kill()  # ... and dies
    asking.join(60)
    assert not asking.is_alive(), "the request hung"
    assert answer["r"].status_code == 503
    assert "stopped" in answer["r"].get_json()["error"]
    assert pool.ready(60)
    ok = client.get("/api/search?q=intel*")
    assert ok.status_code == 200 and ok.get_json()["total"]


def test_a_silent_worker_is_given_up_after_its_budget_and_a_grace(seed_index, tmp_path, monkeypatch):
    index_dir = own_index(seed_index, tmp_path)
    monkeypatch.setattr(worker_module, "GRACE", 0.5)
    limits = Limits(seconds=0.5)
    pool = ready_pool(index_dir, limits)
    stuck = pool._idle.queue[0].process
    stuck.send_signal(signal.SIGSTOP)
    with Engine(index_dir, limits, workers=1).session() as s, pytest.raises(WorkerLost):
        s.search("intel*")
    stuck.wait(10)  # killed, not left stopped
    assert pool.ready(60)


def test_the_setting_chooses_where_long_requests_are_answered(seed_index, monkeypatch, tmp_path):
    import waitress
    from click.testing import CliRunner

    from search.web.app import create_app
    from search import cli

    assert config.SETTINGS["LONG_WORKERS"].default == 1
    monkeypatch.setenv("SEARCH_LONG_WORKERS", "0")
    assert config.defaults()["LONG_WORKERS"] == 0
    seen = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: seen.update(app=app))
    assert CliRunner().invoke(cli.main, ["serve", "--index-dir", str(tmp_path)]).exit_code == 0
    assert seen["app"].config["LONG_WORKERS"] == 0
    assert CliRunner().invoke(cli.main, ["serve", "--index-dir", str(tmp_path), "--long-workers", "2"]).exit_code == 0
    assert seen["app"].config["LONG_WORKERS"] == 2

    index_dir = own_index(seed_index, tmp_path)
    client = create_app({"TESTING": True, "INDEX_DIR": index_dir, "LONG_WORKERS": 0}).test_client()
    assert client.get("/api/search?q=intel*").get_json()["total"]
    assert not [key for key in Workers._shared if key[0] == index_dir.resolve()]  # no worker started


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc (Linux)")
def test_workers_die_with_a_killed_server(seed_index, tmp_path):
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-c", "from search import cli; cli.main()", "serve", "--port",
                               str(port), "--index-dir", str(seed_index)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while not workers:
            assert time.monotonic() < deadline, "no worker started"
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=intel*", timeout=10).read()
            except OSError:
                pass
            time.sleep(0.2)
            workers = _children(server.pid)
    finally:
        server.kill()
        server.wait(10)
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in workers):
        assert time.monotonic() < deadline, "a worker outlived the server"
        time.sleep(0.1)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
