"""Where this machine sees each source (SPEC §13): a source is stored once, its files relative to it, and
each machine keeps its own path to it (``/mnt/photos`` here, ``/Volumes/photos`` there).

Moving or remounting the archive changes one row here, not a path per file, so nothing is read again.
A source with no mount on this machine is seen at the path it was first added with (``source.path``):
that is where a library made before mounts existed (version 6) had all its files, and where a machine
that shares the same mount point finds them; indexing that path adopts the source as this machine's.
The file paths crossing this module are the file system's strings; :mod:`app.store.paths` stores them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from app.store.library import Library
from app.store.paths import from_store, to_store

_SEEN = (
    "SELECT s.id, COALESCE(m.path, s.path) FROM source s"
    " LEFT JOIN source_mount m ON m.source_id = s.id AND m.machine_id = ?"
)


def mounts(lib: Library) -> dict[int, str]:
    """Source id -> the folder this machine sees it at."""
    return {int(source_id): from_store(path) for source_id, path in lib.execute(_SEEN, (lib.machine,))}


def absolute(mount_of: dict[int, str], source_id: int, stored: str) -> str:
    """A file's path on this machine from its stored (relative) one; a path stored whole (a file that
    was outside its source's folder when a version 6 library was upgraded) stays as it is."""
    relative_path = from_store(stored)
    mount = mount_of.get(source_id)
    if mount is None or relative_path.startswith(os.sep):
        return relative_path
    return mount + relative_path if mount.endswith(os.sep) else mount + os.sep + relative_path


def absolute_many(mount_of: dict[int, str], sources: Iterable[int], stored: Iterable[str]) -> list[str]:
    """:func:`absolute` for many files at once: the map reads every placed file's path, so the join is
    done on the stored text (an ASCII path, nearly all of them, needs no decoding) in one comprehension."""
    prefixes = {source_id: to_store(mount.rstrip(os.sep) + os.sep) for source_id, mount in mount_of.items()}
    separator = os.sep
    return [
        whole if (whole := path if path[:1] == separator else prefixes.get(source_id, "") + path).isascii()
        else from_store(whole)
        for source_id, path in zip(sources, stored, strict=True)
    ]  # fmt: skip


def relative(mount: str, path: str) -> str:
    """``path`` as stored under the source seen at ``mount`` (whole when it is not inside it)."""
    prefix = mount if mount.endswith(os.sep) else mount + os.sep
    return to_store(path[len(prefix) :] if path.startswith(prefix) else path)


def find(lib: Library, path: str) -> int | None:
    """The source this machine sees at ``path``: the one mounted there, else one added there that has
    no mount on this machine."""
    stored = to_store(path)
    row = lib.execute(
        "SELECT source_id FROM source_mount WHERE machine_id = ? AND path = ?", (lib.machine, stored)
    ).fetchone()
    if row is None:
        row = lib.execute(
            "SELECT s.id FROM source s WHERE s.path = ? AND NOT EXISTS (SELECT 1 FROM source_mount m"
            " WHERE m.source_id = s.id AND m.machine_id = ?) ORDER BY s.id LIMIT 1",
            (stored, lib.machine),
        ).fetchone()
    return None if row is None else int(row[0])


def known_as(lib: Library, path: str) -> set[int]:
    """The sources ``path`` names on any machine: seen there here, added there, or mounted there elsewhere
    (how a second machine says which source its own folder is)."""
    here = find(lib, path)
    stored = to_store(path)
    found = {int(r[0]) for r in lib.execute("SELECT source_id FROM source_mount WHERE path = ?", (stored,))}
    found |= {int(r[0]) for r in lib.execute("SELECT id FROM source WHERE path = ?", (stored,))}
    return {here} if here is not None else found


def set_mount(lib: Library, source_id: int, path: str) -> None:
    """This machine sees ``source_id`` at ``path`` from now on (inside the caller's write)."""
    lib.execute(
        "INSERT INTO source_mount (source_id, machine_id, path) VALUES (?, ?, ?)"
        " ON CONFLICT (source_id, machine_id) DO UPDATE SET path = excluded.path",
        (source_id, lib.machine, to_store(path)),
    )


def locate(lib: Library, paths: Iterable[str]) -> dict[int, list[str]]:
    """Stored paths by source for files given by their path on this machine (the deepest source that
    holds each); a path under no source is left out."""
    by_length = sorted(mounts(lib).items(), key=lambda item: -len(item[1]))
    found: dict[int, list[str]] = {}
    for path in paths:
        for source_id, mount in by_length:
            prefix = mount if mount.endswith(os.sep) else mount + os.sep
            if path.startswith(prefix):
                found.setdefault(source_id, []).append(to_store(path[len(prefix) :]))
                break
    return found


def with_paths(lib: Library, rows: Iterable[Any], path_key: str = "path", source_key: str = "source") -> None:
    """Replace, in dict rows, the stored path under ``path_key`` by this machine's (None stays None)."""
    mount_of = mounts(lib)
    for row in rows:
        source_id = row.pop(source_key)
        if row[path_key] is not None:
            row[path_key] = absolute(mount_of, source_id, row[path_key])
