"""Start throwaway PostgreSQL servers for tests: a primary in a temporary folder and its streaming standbys."""
from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

def _bin() -> Path:
    """Return the folder of the server's programs: SEARCH_PG_BIN, or Debian's newest installed version."""
    if os.environ.get("SEARCH_PG_BIN"):
        return Path(os.environ["SEARCH_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
                   if p.parent.parent.name.isdigit() else 0)
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


BIN = _bin()
SUPERUSER = "search"
ENABLE = "PostgreSQL tests need Debian's postgresql package (apt-get install postgresql)"


def missing() -> str:
    """Return why no server can be started here, or "" when one can."""
    if not (BIN / "initdb").exists():
        return f"{ENABLE}: no {BIN / 'initdb'}"
    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401
    except ImportError:
        return "PostgreSQL tests need psycopg and psycopg_pool (pip install -e '.[postgres]')"
    return ""


def _owner() -> str | None:
    """Return the unprivileged user to run the server as when we are root (PostgreSQL refuses root), else None."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and neither a `postgres` nor a `nobody` user exists to run PostgreSQL as")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """One running PostgreSQL server: its folder, port and the user it runs as."""

    data: Path
    port: int
    owner: str | None
    settings: str = ""  # more `-c name=value` options for the server (the bench's shared_buffers)
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.data.parent / f"{self.data.name}.log"

    def url(self, database: str = "postgres") -> str:
        """Return the server's address for a database, as SEARCH_DATABASE_URL takes it."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run a PostgreSQL program as the server's owner."""
        command = [str(BIN / args[0]), *args[1:]]
        if self.owner:
            command = ["runuser", "-u", self.owner, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, cwd=self.data.parent)

    def start(self) -> "Server":
        """Start the server on loopback and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.data.parent} -c listen_addresses=127.0.0.1 -c fsync=off {self.settings}"
        done = self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start",
                        check=False)
        if done.returncode:
            raise RuntimeError(f"PostgreSQL did not start: {done.stderr}{_tail(self.log)}")
        return self

    def stop(self) -> None:
        """Stop the server at once."""
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)

    def create_database(self, name: str) -> str:
        """Create a database and return its address."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def standby(self, name: str = "standby") -> "Server":
        """Copy this server with pg_basebackup -R and start the copy as a streaming standby."""
        data = self.data.parent / name
        self.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, "-D", str(data),
                 "-R", "-X", "stream", "-c", "fast")
        return Server(data, _free_port(), self.owner).start()


def _tail(path: Path) -> str:
    try:
        return path.read_text(errors="replace")[-2000:]
    except OSError:
        return ""


class Cluster:
    """A primary made in a folder (a temporary one unless given), with the standbys started from it; stop() removes
    it all."""

    def __init__(self, settings: str = "", root: Path | None = None) -> None:
        self.owner = _owner()
        # Not under pytest's tmp folder: that one is root's alone, and the server runs as another user.
        self.root = root or Path(tempfile.mkdtemp(prefix="search-pg-"))
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o755)
        if self.owner:
            shutil.chown(self.root, self.owner)
        self.primary = Server(self.root / "primary", _free_port(), self.owner, settings.strip())
        self.primary.run("initdb", "-D", str(self.primary.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                         "--locale=C.UTF-8")
        self.servers = [self.primary.start()]
        self._databases = 0

    def database(self) -> str:
        """Create a new empty database on the primary and return its address."""
        self._databases += 1
        return self.primary.create_database(f"test{self._databases}")

    def standby(self) -> Server:
        """Start a streaming standby of the primary."""
        server = self.primary.standby(f"standby{len(self.servers)}")
        self.servers.append(server)
        return server

    def stop(self) -> None:
        """Stop every server and remove the folder."""
        for server in reversed(self.servers):
            server.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def wait_for(check, seconds: float = 10.0):
    """Return check()'s first true value, trying for up to `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)
