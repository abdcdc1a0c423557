"""Walking source folders: extensions, hidden and system folders, link loops, unreadable folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.service.walking import WalkReport, walk_media


def _walk(root: Path) -> tuple[list[str], WalkReport]:
    report = WalkReport([])
    return sorted(os.path.relpath(f.path, root) for f in walk_media(str(root), report)), report


def _touch(path: Path, data: bytes = b"x") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_extensions_are_case_insensitive_and_others_ignored(tmp_path: Path) -> None:
    for name in ("a.JPG", "b.jpeg", "c.Heic", "d.MOV", "e.mp4", "f.dng", "g.txt", "h.xmp", "i", "j.JPG.txt"):
        _touch(tmp_path / name)
    found, _ = _walk(tmp_path)
    assert found == ["a.JPG", "b.jpeg", "c.Heic", "d.MOV", "e.mp4", "f.dng"]


def test_hidden_and_system_folders_are_skipped(tmp_path: Path) -> None:
    for rel in (
        "keep/a.jpg", ".thumbnails/b.jpg", "@eaDir/c.jpg", "$RECYCLE.BIN/d.jpg",
        "System Volume Information/e.jpg", "keep/.hidden.jpg", "__MACOSX/f.jpg", "deep/er/g.jpg",
    ):  # fmt: skip
        _touch(tmp_path / rel)
    found, _ = _walk(tmp_path)
    assert found == ["deep/er/g.jpg", "keep/a.jpg"]


def test_symlink_loops_end_and_linked_folders_are_walked_once(tmp_path: Path) -> None:
    _touch(tmp_path / "trip" / "a.jpg")
    (tmp_path / "trip" / "loop").symlink_to(tmp_path)  # trip/loop -> root -> trip -> ...
    (tmp_path / "also").symlink_to(tmp_path / "trip")
    (tmp_path / "dangling.jpg").symlink_to(tmp_path / "nowhere.jpg")
    found, report = _walk(tmp_path)
    assert found == ["also/a.jpg"] or found == ["trip/a.jpg"]
    assert [os.path.basename(p) for p, _ in report.unreadable] == ["dangling.jpg"]


WALK_AS_USER = """
import json, sys
from app.service.walking import WalkReport, walk_media
report = WalkReport([])
found = sorted(f.path for f in walk_media(sys.argv[1], report))
print(json.dumps({"found": found, "unreadable": report.unreadable}))
"""


def _as_ordinary_user(cmd: list[str]) -> list[str]:
    """Root reads every folder; drop the two capabilities that let it, so permissions apply as for a user."""
    if os.geteuid() != 0:
        return cmd
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without util-linux's setpriv, so no folder can be made unreadable")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, "--bounding-set", caps, "--inh-caps", caps, *cmd]


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_unreadable_folder_is_reported_and_the_rest_walked(tmp_path: Path) -> None:
    _touch(tmp_path / "open" / "a.jpg")
    _touch(tmp_path / "locked" / "b.jpg")
    os.chmod(tmp_path / "locked", 0o000)
    try:
        cmd = _as_ordinary_user([sys.executable, "-c", WALK_AS_USER, str(tmp_path)])
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    finally:
        os.chmod(tmp_path / "locked", 0o755)
    result = json.loads(out.stdout)
    assert result["found"] == [str(tmp_path / "open" / "a.jpg")]
    assert result["unreadable"] == [[str(tmp_path / "locked"), "Permission denied"]]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_only_regular_files_are_yielded_links_to_them_too(tmp_path: Path) -> None:
    _touch(tmp_path / "real.jpg")
    os.mkfifo(tmp_path / "x.jpg")  # opening it would wait for a writer forever
    (tmp_path / "link.jpg").symlink_to(tmp_path / "real.jpg")
    (tmp_path / "pipe-link.mov").symlink_to(tmp_path / "x.jpg")
    found, report = _walk(tmp_path)
    assert found == ["link.jpg", "real.jpg"]
    assert report.unreadable == []


def test_avif_photos_are_found(tmp_path: Path) -> None:
    for name in ("a.avif", "b.AVIF"):
        _touch(tmp_path / name)
    assert _walk(tmp_path)[0] == ["a.avif", "b.AVIF"]
