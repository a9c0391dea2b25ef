"""The Makefile's first commands: `make run` serves what is there and never replaces an index of your own."""
from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search.index import build as indexer, store

from .conftest import ROOT
from .test_server import free_port

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(shutil.which("make") is None or not (BIN / "search").exists(),
                                reason="needs make and the search command installed beside this Python")


def make(*args: str, index_dir: Path, **kw) -> subprocess.Popen:
    """Start make in the project with the index folder set; the installed venv is taken as it is."""
    env = dict(os.environ, SEARCH_INDEX_DIR=str(index_dir))
    return subprocess.Popen(["make", "--no-print-directory", "-o", ".venv/.installed", f"BIN={BIN}", *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, **kw)


def own_index(tmp_path: Path) -> Path:
    """Index a folder of one's own (one document) and return the index folder."""
    docs = tmp_path / "mine"
    docs.mkdir()
    (docs / "ferry.txt").write_text("Ferry fares\n\n“Fuel has doubled in price,” said Tom Berg, the ferry's owner.\n",
                                    encoding="utf-8")
    index_dir = tmp_path / "ix"
    indexer.reindex([docs], index_dir, jobs=1)
    return index_dir


def get(port: int, path: str) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def test_make_run_serves_your_own_index_and_leaves_it_as_it_is(tmp_path):
    index_dir = own_index(tmp_path)
    served = store.current_generation(index_dir)
    port = free_port()
    proc = make("run", f"PORT={port}", index_dir=index_dir)
    try:
        deadline = time.monotonic() + 60
        answer = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                answer = get(port, "/api/search?q=fuel")
                break
            except OSError:
                time.sleep(0.1)
        assert answer is not None, proc.stdout.read().decode(errors="replace") if proc.poll() is not None else ""
        status, body = answer
        assert status == 200 and body["total"] == 1 and "Tom Berg" in json.dumps(body)
        assert get(port, "/api/search?q=intelligence")[1]["total"] == 0  # the seeds were not indexed over it
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        output = proc.communicate(timeout=30)[0].decode(errors="replace")
    assert "already holds an index of 1 document;" in output
    assert store.current_generation(index_dir) == served


def test_make_index_indexes_the_seeds_when_there_is_no_index(tmp_path):
    proc = make("index", index_dir=tmp_path / "ix")
    output = proc.communicate(timeout=120)[0].decode(errors="replace")
    assert proc.returncode == 0, output
    assert "Indexed 2 documents" in output
    assert store.document_count(store.current_generation(tmp_path / "ix")) == 2


def test_make_serve_serves_without_indexing(tmp_path):
    index_dir = own_index(tmp_path)
    proc = make("-n", "serve", index_dir=index_dir)
    commands = proc.communicate(timeout=30)[0].decode()
    assert "search serve" in commands and "reindex" not in commands
