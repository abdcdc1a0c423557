"""Opening a library on a PostgreSQL server (SPEC §13): made at the current version, refused when newer or
another program's, and every refusal in plain words without the password."""

from __future__ import annotations

import psycopg2
import pytest

from app.store import migrations
from app.store.files import ensure_source, list_sources
from app.store.library import Library, LibraryError, shown_url
from tests.engines import PostgresServer


def _sql(url: str, statement: str) -> None:
    conn = psycopg2.connect(url)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement)
    finally:
        conn.close()


def test_a_new_server_library_starts_at_the_current_version_and_opens_again(postgres_url: str) -> None:
    lib = Library(postgres_url)
    assert lib.engine.name == "postgresql" and lib.path is None
    version = lib.execute("SELECT version FROM schema_version").fetchone()[0]
    assert version == migrations.SCHEMA_VERSION
    lib.close()
    Library(postgres_url).close()


def test_a_newer_library_and_another_programs_database_are_refused(
    postgres_url: str, postgres_server: PostgresServer
) -> None:
    Library(postgres_url).close()
    _sql(postgres_url, f"UPDATE schema_version SET version = {migrations.SCHEMA_VERSION + 1}")
    with pytest.raises(LibraryError, match="newer Tripfold"):
        Library(postgres_url)
    other = postgres_server.create()
    try:
        _sql(other, "CREATE TABLE invoices (id INTEGER)")
        with pytest.raises(LibraryError, match="database of another program"):
            Library(other)
    finally:
        postgres_server.drop(other)


def test_a_missing_database_or_server_says_so_and_never_shows_the_password(
    postgres_server: PostgresServer,
) -> None:
    missing = postgres_server.url("nothing_here").replace("postgres@", "postgres:s3cret@")
    with pytest.raises(LibraryError, match="createdb") as refused:
        Library(missing)
    assert "s3cret" not in str(refused.value)
    nowhere = f"postgresql://postgres:s3cret@/db?host={postgres_server.folder}/no-socket-here"
    with pytest.raises(LibraryError, match="cannot reach the PostgreSQL server") as unreachable:
        Library(nowhere)
    assert "s3cret" not in str(unreachable.value)
    assert shown_url("postgresql://ann:pw@nas/photos") == "postgresql://ann:***@nas/photos"
    with pytest.raises(LibraryError, match="names no database"):
        Library(f"postgresql://postgres@/?host={postgres_server.socket_dir}")


def test_a_name_that_is_not_utf8_is_stored_on_the_server_and_given_back_exactly(postgres_url: str) -> None:
    lib = Library(postgres_url)
    name = "/photos/caf\udce9"  # 'café' written in Latin-1
    ensure_source(lib, name, "2024-01-01 00:00:00")
    assert [s.path for s in list_sources(lib)] == [name]
    lib.close()
