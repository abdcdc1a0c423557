"""Damaged copies of the corpus through ``read_metadata``: each is read or refused, within the budget.

Issue #10: no single file may crash the reader, hang it, or cost more than 200 MB (nor more than 1 s,
which tests/bench/bench_fuzz.py measures on thousands of mutants; the suite asserts no time).  The
mutants (tests/factories/mutants.py) are seeded bit flips, byte runs, truncations and huge counts and
lengths at box, directory and segment positions; a child process reads them and measures each one, so a
runaway allocation is caught there (under an address-space limit) instead of taking the test run down.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.factories.mutants import corpus_files, mutants, read_in_worker

COUNT, SEED = 600, 20240303
BUDGET = 200 << 20

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not Path("/proc/self/clear_refs").exists(),
    reason="measures memory and reads through Linux's /proc/self (clear_refs, status, io)",
)


def test_mutants_of_the_corpus_are_read_or_refused_within_the_budget(corpus: Path, tmp_path: Path) -> None:
    files = corpus_files(corpus / "good")
    paths = []
    for name, data in mutants(files, COUNT, SEED):
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)
    results = read_in_worker(paths, per_file_timeout=60, warm=tuple(files))
    assert len(results) == COUNT
    failures = [f"{r.name}: {r.outcome}: {r.reason}" for r in results if r.outcome not in ("ok", "error")]
    assert failures == []
    over = [f"{r.name}: {r.peak_growth / (1 << 20):.0f} MB" for r in results if r.peak_growth > BUDGET]
    assert over == []
    outcomes = {r.outcome for r in results}
    assert outcomes == {"ok", "error"}  # damaged files are refused with a reason, many still read


def test_a_movie_whose_edit_list_claims_4_billion_entries_stays_in_budget(tmp_path: Path) -> None:
    """The file of issue #10: MediaInfo took a minute and gigabytes on it; it must not see it."""
    from tests.factories.videos import inflate_table, make_mp4

    path = inflate_table(make_mp4(tmp_path / "clip.mov", creation_time=None), b"elst", 0xFFFFFFFF)
    (result,) = read_in_worker([path], per_file_timeout=120, memory_limit=2 << 30)
    assert result.peak_growth < BUDGET
    assert (result.outcome, result.reason) == ("ok", "")
