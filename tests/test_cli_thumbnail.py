"""``tripfold thumbnail`` as a file manager runs it: the picture of an iPhone HEIC, a RAW and a video, a
reason for a file with none, and bad arguments refused before anything is read or written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.factories.photos import make_jpeg
from tests.factories.videos import make_mp4

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "good"


def tripfold(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "thumbnail", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_photo_and_a_video_get_their_pictures_within_the_size(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "tall.jpg", pixels=(300, 600), datetime_original=None)
    clip = make_mp4(tmp_path / "clip.mp4", seconds=1.0, size=(320, 240))
    for source, expected in ((photo, (64, 128)), (clip, (128, 96))):
        out = tmp_path / f"{source.stem}.png"
        run = tripfold(str(source), str(out), "--size", "128")
        assert run.returncode == 0, run.stderr
        with Image.open(out) as image:
            assert image.format == "PNG" and image.size == expected


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus (../shared/corpus) is not on this machine")
def test_an_iphone_heic_and_a_canon_raw_from_the_corpus(tmp_path: Path) -> None:
    for name in ("immich__IMG_2682.heic", "exiv2__Canon-R6-pruned.CR3"):
        out = tmp_path / f"{name}.png"
        run = tripfold((CORPUS / name).as_uri(), str(out))  # the .thumbnailer entry passes URIs (%i)
        assert run.returncode == 0, (name, run.stderr)
        with Image.open(out) as image:
            assert max(image.size) <= 256 and len(image.convert("RGB").getcolors(1 << 16) or range(99)) > 8


def test_a_file_without_a_picture_gets_a_reason_and_no_png(tmp_path: Path) -> None:
    broken = tmp_path / "broken.heic"
    broken.write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 40)
    run = tripfold(str(broken), str(tmp_path / "out.png"))
    assert run.returncode == 1 and "broken.heic" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out.png").exists() and not list(tmp_path.glob("*.png"))


def test_bad_arguments_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    photo = make_jpeg(tmp_path / "a.jpg", datetime_original=None)
    before = photo.read_bytes()
    run = tripfold(str(photo), str(tmp_path / "o.png"), "--size", "0")
    assert run.returncode == 2 and "--size 0 is outside 16..1024" in run.stderr
    run = tripfold(str(photo), str(photo))  # never over the photo itself
    assert run.returncode == 2 and "must not be the photo" in run.stderr
    run = tripfold("smb://nas/photo.jpg", str(tmp_path / "o.png"))
    assert run.returncode == 2 and "not a local file" in run.stderr
    assert photo.read_bytes() == before and os.listdir(tmp_path) == ["a.jpg"]


def test_it_loads_no_qt(tmp_path: Path) -> None:
    """A file manager starts it once per file: the window's toolkit must stay unloaded."""
    photo = make_jpeg(tmp_path / "a.jpg", datetime_original=None)
    script = (
        "import sys\nfrom app.cli import main\n"
        f"code = main(['thumbnail', {str(photo)!r}, {str(tmp_path / 'a.png')!r}])\n"
        "print(code, sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.stdout.split("\n")[0] == "0 []", run.stderr
