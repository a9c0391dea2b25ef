"""The real server under load while `search reindex` swaps the index: no errors, no mixed answers."""
from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from search.index import build as indexer

from .conftest import ROOT

CLIENTS = 8
REQUESTS = 2000  # at least this many, and at least AFTER_SWAP of them once the new index is served
AFTER_SWAP = 300
HARD_CAP = 3 * REQUESTS  # the stream stops here whatever happens
SOFT_DEADLINE = 40.0  # seconds: a slow machine sends fewer requests rather than fail or run long
HANG_DEADLINE = 120.0  # seconds: a hung server or reindex fails the test instead of blocking CI
BASE_URL = "https://quotes.example"
CLI = "from search import cli; cli.main()"


def write_corpus(folder: Path, generation: str) -> Path:
    """Write a corpus whose marker quotes tell which generation an answer came from.

    Both have "zebrafish" quotes (old: 3, new: 5, so totals and ids differ); only the old one has
    "okapi", only the new one "pangolin". Filler documents make the build take a moment.
    """
    folder.mkdir(parents=True)
    marked = {"old": ["zebrafish", "zebrafish", "zebrafish", "okapi"],
              "new": ["zebrafish", "zebrafish", "zebrafish", "zebrafish", "zebrafish", "pangolin"]}[generation]
    for i, word in enumerate(marked):
        (folder / f"marked-{i}.txt").write_text(
            f"Marked report {i}\n\n"
            f"The panel met on Tuesday. “The {word} study number {i} is finished,” said Professor Lina Moor{i}.\n\n"
            f"“We checked every {word} twice,” the professor added.", encoding="utf-8")
    for i in range(40):
        paragraphs = [f"Filler report {i}"] + [
            f"Officials reviewed budget line {i}-{j}. “We will publish line {i} {j} soon,” said Director Sam Hale{i % 5}."
            for j in range(10)]
        (folder / f"filler-{i:02d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    return folder


def expected_answers(index_dir: Path, urls: list[str]) -> dict[str, tuple[int, bytes]]:
    """Return what the app answers on each URL from one index, through the Flask test client."""
    from search.web.app import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": index_dir, "BASE_URL": BASE_URL}).test_client()
    return {url: canonical(url, *_get(client, url)) for url in urls}


def _get(client, url):
    response = client.get(url)
    return response.status_code, response.get_data()


def canonical(url: str, status: int, body: bytes) -> tuple[int, str]:
    """Reduce an answer to what must not change within a generation (HTML carries a timing)."""
    text = body.decode("utf-8")
    if url.startswith("/api/"):
        return status, json.dumps(json.loads(text), sort_keys=True)
    return status, re.sub(r" in \d+ ms", "", text)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(index_dir: Path) -> tuple[subprocess.Popen, int]:
    env = dict(os.environ, SEARCH_BASE_URL=BASE_URL)
    for _attempt in range(5):
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-c", CLI, "serve", "--host", "127.0.0.1", "--port", str(port),
                                 "--threads", "8", "--index-dir", str(index_dir),
                                 # Every answer must be whole to tell its generation: no partial ones here.
                                 "--time-budget", "60"],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/search?q=zebrafish")
                if conn.getresponse().status == 200:
                    conn.close()
                    return proc, port
            except OSError:
                time.sleep(0.05)
        stop(proc)  # the port was taken meanwhile, or the server did not come up: try another
    pytest.fail("the server did not start: " + proc.stderr.read().decode(errors="replace")[-2000:])


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


class Stream:
    """Clients that keep one keep-alive connection each and record every answer."""

    def __init__(self, port: int, urls: list[str]) -> None:
        self.port, self.urls = port, urls
        self.lock = threading.Lock()
        self.sent = 0
        self.swapped_at_count: int | None = None  # requests sent when the reindex had finished
        self.records: list[tuple[float, float, str, int, bytes]] = []  # started, seconds, url, status, body
        self.errors: list[str] = []
        self.started = time.monotonic()

    def _next(self) -> int | None:
        with self.lock:
            running = time.monotonic() - self.started
            enough = self.swapped_at_count is not None and self.sent >= self.swapped_at_count + AFTER_SWAP and (
                self.sent >= REQUESTS or running > SOFT_DEADLINE)
            if enough or self.sent >= HARD_CAP or running > HANG_DEADLINE:
                return None
            self.sent += 1
            return self.sent

    def client(self, offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        while (n := self._next()) is not None:
            url = self.urls[(n + offset) % len(self.urls)]
            started = time.monotonic()
            try:
                conn.request("GET", url)
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as exc:
                with self.lock:
                    self.errors.append(f"{url}: {exc!r}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                continue
            with self.lock:
                self.records.append((started, time.monotonic() - started, url, response.status, body))
        conn.close()


def test_reindex_while_serving_under_load(tmp_path, capsys):
    served = tmp_path / "index"
    indexer.reindex([write_corpus(tmp_path / "old", "old")], served, jobs=1)
    new_corpus = write_corpus(tmp_path / "new", "new")
    preview = tmp_path / "preview"
    indexer.reindex([new_corpus], preview, jobs=1)

    old_ids = _quote_ids(served, "okapi")
    new_ids = _quote_ids(preview, "pangolin")
    urls = ["/api/search?q=zebrafish", "/api/search?q=zebrafish&type=all", "/api/search?q=okapi",
            "/api/search?q=pangolin", "/api/search?q=zebrafish&page=2", "/api/search?q=study+OR+twice",
            "/?q=zebrafish", "/?q=pangolin",
            *[f"/api/quote/{i}" for i in old_ids + new_ids], f"/quote/{new_ids[0]}"]
    old, new = expected_answers(served, urls), expected_answers(preview, urls)
    differing = [u for u in urls if old[u] != new[u]]
    assert len(differing) >= 8, "the corpora must make most answers tell their generation"

    proc, port = start_server(served)
    try:
        stream = Stream(port, urls)
        threads = [threading.Thread(target=stream.client, args=(i,), daemon=True) for i in range(CLIENTS)]
        for t in threads:
            t.start()
        while stream.sent < REQUESTS // 5 and time.monotonic() < stream.started + SOFT_DEADLINE:
            time.sleep(0.01)
        reindex_started = time.monotonic()
        done = subprocess.run([sys.executable, "-c", CLI, "reindex", str(new_corpus), "--index-dir", str(served),
                               "--jobs", "1"], cwd=ROOT, capture_output=True, text=True, timeout=HANG_DEADLINE)
        reindex_ended = time.monotonic()
        with stream.lock:
            stream.swapped_at_count = stream.sent
        for t in threads:
            t.join(timeout=HANG_DEADLINE + 15)
        assert not any(t.is_alive() for t in threads), "a client hung"
        assert done.returncode == 0, done.stderr
        # After the swap, new quotes are found by the same server process, without a restart.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/api/search?q=pangolin")
        after = json.loads(conn.getresponse().read())
        conn.close()
        assert {r["id"] for r in after["results"]} == set(new_ids)
        assert proc.poll() is None
    finally:
        stop(proc)

    records = stream.records
    statuses = [r[3] for r in records]
    latencies = sorted(r[1] for r in records)
    p50, p99 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]
    generations = []
    mixed = []
    for started, _secs, url, status, body in records:
        answer = canonical(url, status, body)
        if old[url] == new[url]:
            generations.append((started, url, "either"))
        elif answer == old[url]:
            generations.append((started, url, "old"))
        elif answer == new[url]:
            generations.append((started, url, "new"))
        else:
            mixed.append((url, status, body[:300]))
    before = [g for g in generations if g[0] < reindex_started]
    after_swap = [g for g in generations if g[0] > reindex_ended]
    counts = {kind: sum(1 for g in generations if g[2] == kind) for kind in ("old", "new", "either")}
    elapsed = max(r[0] + r[1] for r in records) - min(r[0] for r in records)
    with capsys.disabled():
        print(f"\n[load] {len(records)} responses + {len(stream.errors)} errors from {CLIENTS} clients in "
              f"{elapsed:.1f} s ({len(records) / elapsed:.0f}/s); 5xx: {sum(s >= 500 for s in statuses)}; "
              f"p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms; "
              f"reindex took {reindex_ended - reindex_started:.1f} s; answers old {counts['old']}, "
              f"new {counts['new']}, same in both {counts['either']}, mixed {len(mixed)}")

    assert len(after_swap) >= AFTER_SWAP // 2, "too few answers after the swap to show it"
    assert stream.errors == []
    assert not [s for s in statuses if s >= 500]
    assert mixed == [], mixed[:3]
    assert all(g[2] != "new" for g in before), "new answers before the reindex started"
    assert all(g[2] != "old" for g in after_swap), "old answers after the reindex had finished"
    assert counts["old"] and counts["new"]


def _quote_ids(index_dir: Path, word: str) -> list[str]:
    from search import query

    with query.Engine(index_dir).session() as s:
        return [h.id for h in s.search(word, page_size=50).hits]


def test_serve_binds_to_loopback_by_default_under_waitress(monkeypatch, tmp_path):
    import waitress
    from click.testing import CliRunner

    from search import cli

    seen = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: seen.update(kw, app=app))
    result = CliRunner().invoke(cli.main, ["serve", "--index-dir", str(tmp_path), "--port", "5099"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 5099 and seen["threads"] >= 1
    assert seen["app"].config["INDEX_DIR"] == tmp_path and not seen["app"].debug


def test_serve_sets_threads_connections_timeouts_and_sizes(monkeypatch, tmp_path):
    import waitress
    from click.testing import CliRunner

    from search import cli

    seen = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: seen.update(kw, app=app))
    assert CliRunner().invoke(cli.main, ["serve", "--index-dir", str(tmp_path)]).exit_code == 0
    assert (seen["threads"], seen["connection_limit"], seen["channel_timeout"]) == (16, 200, 30)
    assert seen["max_request_body_size"] == 65536 and seen["cleanup_interval"] <= 30
    monkeypatch.setenv("SEARCH_CHANNEL_TIMEOUT", "5")
    result = CliRunner().invoke(cli.main, ["serve", "--index-dir", str(tmp_path), "--threads", "3",
                                           "--connection-limit", "7", "--time-budget", "0.25"])
    assert result.exit_code == 0, result.output
    assert (seen["threads"], seen["connection_limit"], seen["channel_timeout"]) == (3, 7, 5)
    assert seen["app"].config["TIME_BUDGET"] == 0.25


def test_slow_clients_do_not_hold_the_threads(tmp_path):
    index_dir = tmp_path / "ix"
    indexer.reindex([write_corpus(tmp_path / "corpus", "old")], index_dir, jobs=1)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", CLI, "serve", "--port", str(port), "--threads", "1",
                             "--channel-timeout", "2", "--index-dir", str(index_dir)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    held = []
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.05)
        # Five clients stop half-way through their request line; three send a request and never read.
        for _ in range(5):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(b"GET /api/search?q=zebra")
            held.append(s)
        for _ in range(3):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(b"GET /speaker/sam-hale0 HTTP/1.1\r\nHost: x\r\n\r\n")
            held.append(s)
        began = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/api/search?q=zebrafish")
        assert conn.getresponse().status == 200
        assert time.monotonic() - began < 5  # the one thread was free for it
        # The stalled connections are closed by the server once idle past the channel timeout.
        for s in held[:5]:
            s.settimeout(10)
            try:
                assert s.recv(1024) == b""
            except ConnectionResetError:
                pass
    finally:
        for s in held:
            s.close()
        stop(proc)


def test_serve_on_a_port_in_use_says_so_without_a_traceback(tmp_path):
    import socket

    from click.testing import CliRunner

    from search import cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli.main, ["serve", "--index-dir", str(tmp_path), "--port", str(port)])
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.output and "Traceback" not in result.output
