"""The same media gives the same JSON, byte for byte, on SQLite and on PostgreSQL (SPEC §13): ``index``,
``cluster``, ``clusters``, ``trips`` and ``files`` run through the command line against a library file
and against a database on a throwaway server.  Only what no two runs share is set aside: the ids made
at random (TaskId, ObjectId, TripId: numbered in order of appearance) and the moments of the run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from tests.engines import PostgresServer
from tests.factories.photos import make_jpeg

ROOT = Path(__file__).resolve().parents[1]
PARIS = (48.8566, 2.3522)
KYOTO = (35.0116, 135.7681)
COMMANDS = (("cluster", "--json"), ("clusters", "--json"), ("trips", "--json"), ("files", "--json"))
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_NOW = re.compile(r'"(StartTime|EndTime|CreateTime|UpdateTime)": "[^"]*"')


def _normal(text: str) -> str:
    ids: dict[str, int] = {}
    text = _UUID.sub(lambda m: f"<id {ids.setdefault(m.group(0), len(ids))}>", text)
    return _NOW.sub(r'"\1": "<moment of the run>"', text)


def _outputs(library: list[str], sources: list[str]) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in ("TRIPFOLD_LIBRARY", "TRIPFOLD_DB_URL"):
        env.pop(name, None)
    outputs = []
    for command in (("index", *sources, "--json"), *COMMANDS):
        done = subprocess.run(
            [sys.executable, "-m", "app", *library, *command], capture_output=True, text=True, env=env,
            timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        outputs.append(_normal(done.stdout))
    return outputs


def test_the_json_is_the_same_byte_for_byte_on_both_engines(
    tmp_path: Path, postgres_url: str, postgres_server: PostgresServer, corpus: Path
) -> None:
    photos = tmp_path / "photos"
    start = datetime(2024, 1, 1, 9)
    for n in range(40):  # a home in Paris, and a week in Kyoto in the middle
        day = start + timedelta(days=n)
        away = 15 <= n < 22
        make_jpeg(photos / f"{n:02}.jpg", datetime_original=day, offset="+09:00" if away else "+01:00",
                  gps=KYOTO if away else PARIS)  # fmt: skip
    sources = [str(photos), str(corpus / "good"), str(corpus / "bad")]
    on_file = _outputs(["--library", str(tmp_path / "library.db")], sources)
    on_server = _outputs(["--db-url", postgres_url], sources)
    assert '"TripId"' in on_file[3]  # there is a trip to compare
    for command, file_json, server_json in zip(("index", *COMMANDS), on_file, on_server, strict=True):
        assert server_json == file_json, command
