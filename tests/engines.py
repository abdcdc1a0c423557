"""The two engines a library runs on, as fixtures: SQLite (a file in ``tmp_path``) and a throwaway PostgreSQL
server (SPEC §13), so the store, service and command-line tests run the same way on both.

The server is a cluster of its own made with ``initdb`` in a temporary folder and started with ``pg_ctl``
once per session, listening on a Unix socket only (no TCP port, so nothing else on the machine can reach
it and two sessions never collide).  PostgreSQL refuses to run as root, so under root it runs as the
``postgres`` user (``setpriv``).  Each test gets a database of its own, dropped after the test.  Where no
PostgreSQL binaries or no driver exist, the PostgreSQL half of each test is skipped with the reason.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ENGINES = ("sqlite", "postgresql")
PORT = 54329  # only names the socket file (.s.PGSQL.54329): the server listens on no TCP port


def _binaries() -> Path | None:
    """The newest PostgreSQL server's bin folder (Debian keeps them under /usr/lib/postgresql/N/bin)."""
    found = sorted(
        (Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if (Path(p) / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


@dataclass
class PostgresServer:
    """A running throwaway cluster: ``url(name)`` of a database on it, ``create``/``drop`` databases."""

    folder: Path
    bin: Path
    as_user: list[str]
    counter: itertools.count  # type: ignore[type-arg]

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    def url(self, database: str) -> str:
        return f"postgresql://postgres@/{database}?host={self.socket_dir}&port={PORT}"

    def _admin(self):  # type: ignore[no-untyped-def]
        import psycopg2

        conn = psycopg2.connect(dbname="postgres", user="postgres", host=str(self.socket_dir), port=PORT)
        conn.autocommit = True
        return conn

    def create(self, template: str | None = None, ctype: str | None = None) -> str:
        """A new empty database, or a copy of the database at URL ``template`` (made on the server, file by
        file, so a library built once per module is copied in a moment); ``ctype``: the locale its
        letters fold in (lower, ILIKE), as on a server made in the user's locale; returns its URL."""
        name = f"t{next(self.counter)}"
        copied = f' TEMPLATE "{_database_name(template)}"' if template else ""
        if ctype:
            copied = f" TEMPLATE template0 LC_CTYPE '{ctype}'"
        conn = self._admin()
        try:
            with conn.cursor() as cur:
                cur.execute(f'CREATE DATABASE "{name}"{copied}')
        finally:
            conn.close()
        return self.url(name)

    def drop(self, url: str) -> None:
        name = _database_name(url)
        conn = self._admin()
        try:
            with conn.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            conn.close()

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
             "-w", "stop"],
            capture_output=True, check=False,
        )  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


def _database_name(url: str) -> str:
    return url.split("/")[3].split("?")[0]


def is_url(location: str | Path) -> bool:
    """Whether a library location is a server's database (a URL), not a file."""
    return str(location).startswith(("postgresql:", "postgres:"))


def location_args(location: str | Path) -> list[str]:
    """The command line's words for a library location: ``--db-url URL`` or ``--library FILE``."""
    return ["--db-url", str(location)] if is_url(location) else ["--library", str(location)]


def run_sql(location: str | Path, statement: str) -> list[tuple]:  # type: ignore[type-arg]
    """Run one statement straight on a library (a file or a server's database) outside Tripfold, as
    another program or a newer Tripfold would; returns its rows ([] for none)."""
    if is_url(location):
        import psycopg2

        conn = psycopg2.connect(str(location))
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(statement)
                return cur.fetchall() if cur.description else []
        finally:
            conn.close()
    import sqlite3

    con = sqlite3.connect(str(location), timeout=5, uri=str(location).startswith("file:"))  # file:...?mode=ro
    try:
        with con:
            return con.execute(statement).fetchall()
    finally:
        con.close()


def new_location(request: pytest.FixtureRequest, engine: str, folder: Path) -> str:
    """A fresh library location on ``engine`` for a fixture of any scope: a file in ``folder``, or a new
    database on the session's server (dropped when ``request``'s scope ends; skipped without a server)."""
    if engine == "sqlite":
        return str(folder / "library.db")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create()
    request.addfinalizer(lambda: server.drop(url))
    return url


def copy_location(request: pytest.FixtureRequest, location: str, folder: Path) -> str:
    """A copy of the (closed) library at ``location``, so a test may change a library built once for its
    module: a file copied into ``folder``, or a database made from it as a template on the server."""
    if not is_url(location):
        copy = folder / "library.db"
        shutil.copy(location, copy)
        return str(copy)
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create(template=location)
    request.addfinalizer(lambda: server.drop(url))
    return url


def start_server() -> PostgresServer:
    """Start a throwaway cluster, or raise RuntimeError saying why it cannot be."""
    try:
        import psycopg2  # noqa: F401
    except ImportError as exc:
        raise RuntimeError(f"the PostgreSQL driver is not installed ({exc})") from exc
    binaries = _binaries()
    if binaries is None:
        raise RuntimeError("no PostgreSQL server binaries (apt-get install postgresql; .ci/run does it)")
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="tripfold-pg-"))
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise RuntimeError("running as root, and no 'postgres' user to run the server as") from exc
        as_user = ["setpriv", f"--reuid={account.pw_uid}", f"--regid={account.pw_gid}", "--init-groups", "--"]
        os.chown(folder, account.pw_uid, account.pw_gid)
    (folder / "socket").mkdir()
    if as_user:
        os.chown(folder / "socket", account.pw_uid, account.pw_gid)
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    init = subprocess.run(
        [*as_user, str(binaries / "initdb"), "-D", str(folder / "data"), "-U", "postgres", "--auth=trust",
         "--encoding=UTF8", "--no-locale", "--no-sync"],
        capture_output=True, text=True, env=env, cwd=folder, check=False,
    )  # fmt: skip
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {init.stderr.strip()[-500:]}")
    options = (
        f"-c listen_addresses='' -c unix_socket_directories='{folder / 'socket'}' -c port={PORT}"
        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    start = subprocess.run(
        [*as_user, str(binaries / "pg_ctl"), "-D", str(folder / "data"), "-o", options, "-l",
         str(folder / "server.log"), "-w", "-t", "60", "start"],
        capture_output=True, text=True, env=env, cwd=folder, check=False,
    )  # fmt: skip
    if start.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"pg_ctl start failed: {start.stderr.strip()[-300:]} {log[-500:]}")
    return PostgresServer(folder, binaries, as_user, itertools.count(1))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the whole session (skips with the reason where there is none)."""
    try:
        server = start_server()
    except RuntimeError as exc:
        pytest.skip(f"no PostgreSQL server for the shared-library tests: {exc}")
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (its URL)."""
    url = postgres_server.create()
    yield url
    postgres_server.drop(url)


@pytest.fixture(params=ENGINES)
def library_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a test's library lives, once per engine: a file in ``tmp_path``, or a fresh PostgreSQL
    database's URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "library.db")
        return
    yield request.getfixturevalue("postgres_url")
