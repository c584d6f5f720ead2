"""A throwaway PostgreSQL server on loopback for the tests marked ``postgres``.

The server is started once per test process (so once per xdist worker) in its own temporary
folder, on a free port of 127.0.0.1 with Unix sockets off, and stopped at the end of the session.
Each test gets a fresh empty database on it (``pg_url``). PostgreSQL refuses to run as root: when
the tests run as root, ``initdb`` and ``pg_ctl`` run as the ``postgres`` user (or ``nobody``) and
the folder is handed to that user.

Use it by importing the fixtures into a test module::

    from tests.pg import pg_url, postgres_server  # noqa: F401

The tests are skipped, saying why, only when no PostgreSQL server binaries are on the machine.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SUPERUSER = "dunning"
START_ATTEMPTS = 3
SEARCH_GLOBS = ("/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin", "/usr/local/pgsql/bin", "/opt/homebrew/bin")


def find_bindir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: PG_BINDIR, then PATH, then the usual places."""
    candidates: list[Path] = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]))
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for pattern in SEARCH_GLOBS:
        # The newest major version first (sorted by the number in the path).
        found = sorted(glob.glob(pattern), key=_version_key, reverse=True)
        candidates.extend(Path(p) for p in found)
    for folder in candidates:
        if all(os.access(folder / tool, os.X_OK) for tool in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(part) for part in path.split("/") if part.isdigit())


def _run_as() -> tuple[list[str], pwd.struct_passwd | None]:
    """The command prefix that drops root, and the user it drops to (none when not root)."""
    if os.geteuid() != 0:
        return [], None
    for name in ("postgres", "nobody"):
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue
        if shutil.which("runuser"):
            return ["runuser", "-u", name, "--"], user
        if shutil.which("setpriv"):
            return [
                "setpriv",
                f"--reuid={user.pw_uid}",
                f"--regid={user.pw_gid}",
                "--clear-groups",
            ], user
    raise RuntimeError("running as root and neither runuser nor setpriv can drop to an unprivileged user")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    bindir: Path
    root: Path
    port: int
    prefix: list[str]

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL for psycopg 3."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def conninfo(self, database: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname={database}"

    def _pg(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.prefix, str(self.bindir / tool), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=_server_env(self.root),
            cwd=self.root,
            check=check,
            timeout=120,
        )

    def init(self) -> None:
        self._pg(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(
                "\n# tests: loopback only, no Unix socket, speed over durability\n"
                "listen_addresses = '127.0.0.1'\n"
                "unix_socket_directories = ''\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 50\n"
            )

    def start(self) -> bool:
        """Start on ``self.port``; False when the port was taken meanwhile."""
        done = self._pg(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            "60",
            "-o",
            f"-p {self.port}",
            "start",
            check=False,
        )
        if done.returncode == 0:
            return True
        log = self.log.read_text(errors="replace") if self.log.exists() else ""
        if "could not bind" in log or "Address already in use" in log:
            return False
        raise RuntimeError(f"PostgreSQL did not start:\n{done.stdout}\n{log}")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def create_database(self) -> str:
        import psycopg

        name = f"t_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server_env(root: Path) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(root), "LC_ALL": "C", "TZ": "UTC"}


_server: PostgresServer | None = None


def start_server() -> PostgresServer:
    """This process's server, started on first use (one per xdist worker)."""
    global _server  # noqa: PLW0603
    if _server is not None:
        return _server
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl, postgres) on this machine")
    prefix, user = _run_as()
    root = Path(tempfile.mkdtemp(prefix="dunning-pg-"))
    if user is not None:
        os.chown(root, user.pw_uid, user.pw_gid)
    server = PostgresServer(bindir, root, free_port(), prefix)
    try:
        server.init()
        for _ in range(START_ATTEMPTS):
            if server.start():
                break
            server.port = free_port()
        else:
            raise RuntimeError("PostgreSQL could not find a free port on 127.0.0.1")
    except BaseException:
        server.stop()
        raise
    atexit.register(server.stop)
    _server = server
    return server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = start_server()
    yield server
    global _server  # noqa: PLW0603
    if _server is server:
        _server = None
        server.stop()


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    with contextlib.suppress(Exception):
        postgres_server.drop_database(name)
