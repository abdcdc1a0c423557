"""Every format seen (SPEC §11): the real corpus files, and files made here, through the one picture path."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path

import av
import numpy as np
import piexif
import pytest
from PIL import Image

from app.core.highlights import Candidate, judge, select
from app.core.metadata import kind_of
from app.core.pictures import PictureError, open_picture
from app.core.readers import read_metadata
from app.core.webstory import Item, write_web

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
GOOD = CORPUS / "good"
needs_corpus = pytest.mark.skipif(not GOOD.is_dir(), reason=f"the shared corpus is not at {CORPUS}")
# Files whose image data their publishers removed (corpus README: "stripped", "pruned"), leaving no preview
# a decoder could use: each gets a reason, not a picture.
STRIPPED = {
    "exiftool__CanonRaw.cr2": "RAW",  # IFD0 names a 1536x1024 JPEG of 26 bytes
    "exiftool__Nikon.nef": "RAW",  # the 160x106 RGB thumbnail keeps 18 of its bytes
    "exiv2__IMG_1361.dng": "RAW",  # every strip points past the end of the file
    "exiftool__QuickTime.mov": "video",  # a Motion JPEG track whose frames are gone
}
# exiftool's test images whose picture was replaced by a flat 8x8 square: that square is what they show
FLAT = {"exiftool__DNG.dng", "exiftool__GoPro.jpg", "exiftool__Google.jpg", "exiftool__Panasonic.rw2",
        "exiftool__Ricoh2.jpg"}  # fmt: skip
HEICS = ["exifsamples__HMD_Nokia_8.3_5G_hdr.heif", "exifsamples__IMG_5195.HEIC", "exiv2__Stonehenge.heic",
         "immich__IMG_2682.heic", "lychee__sewing-threads.heic", "mei__exif-at-eof.heic",
         "mei__Issue_437_samsung-s24fe.heic"]  # fmt: skip


def oracle() -> dict[str, dict[str, object]]:
    return {Path(str(d["SourceFile"])).name: d for d in json.loads((CORPUS / "oracle.json").read_text())}


def expected_portrait(name: str) -> bool | None:
    """Whether the upright picture stands taller than wide, from what the file itself says, or None when
    nothing says.  A HEIF's EXIF orientation is not applied: the HEIF standard turns a picture by its
    ``irot``/``imir`` boxes only (libheif, Apple and browsers do the same)."""
    path = str(GOOD / name)
    if kind_of(path) == "video":
        meta = read_metadata(path)  # MediaInfo: the stored size and the display rotation as an orientation
        if not meta.width or not meta.height:
            return None
        return (meta.height > meta.width) != ((meta.orientation or 1) >= 5)
    entry = oracle().get(name, {})
    width, height = entry.get("File:ImageWidth"), entry.get("File:ImageHeight")
    if not isinstance(width, int) or not isinstance(height, int) or width == height:
        return None
    turned = entry.get("IFD0:Orientation") in (5, 6, 7, 8) and entry.get("File:MIMEType") != "image/heic"
    return (height > width) != turned


@needs_corpus
@pytest.mark.parametrize("name", sorted(p.name for p in GOOD.iterdir()) if GOOD.is_dir() else [])
def test_every_good_corpus_file_has_an_upright_picture_or_a_reason(name: str) -> None:
    path = str(GOOD / name)
    if name in STRIPPED:
        with pytest.raises(PictureError) as raised:
            open_picture(path, 256)
        assert str(raised.value).endswith(".") and len(str(raised.value)) > 20
        return
    picture = open_picture(path, 256)
    image = picture.image
    assert image.mode in ("RGB", "RGBA") and 0 < max(image.size) <= 256
    pixels = np.asarray(image.convert("L"), dtype=np.float32)
    if name in FLAT:
        assert image.size == (8, 8)
    else:  # exifr's 1x1 PNG is one pixel; every other picture has something in it
        assert pixels.size == 1 or np.ptp(pixels) > 0, "a blank picture"
    portrait = expected_portrait(name)
    if portrait is not None and abs(image.width - image.height) > 1:
        assert (image.height > image.width) == portrait, f"{image.size} is turned the wrong way"
    if kind_of(path) == "video":
        assert picture.kind == "video" and picture.duration is not None and picture.duration > 0


@needs_corpus
def test_a_story_of_heic_photos_is_judged_and_made(tmp_path: Path) -> None:
    """Six or more iPhone/Samsung HEICs make a story: before, the story code could open none of them."""
    start = datetime(2024, 3, 3, 9)
    candidates = [
        Candidate(n, str(GOOD / name), "photo", start + timedelta(hours=n)) for n, name in enumerate(HEICS)
    ]
    for candidate in candidates:
        judge(candidate)
    assert all(c.score >= 0 for c in candidates)
    selection = select(candidates, min_files=5)
    assert len(selection.files) >= 5, selection.message
    items = [Item(c.path, "photo", c.taken) for c in selection.files]
    folder = write_web(items, tmp_path / "out" / "HEIC", title="Phones", place="Omaha", dates="Mar 3, 2024")
    page = (folder / "index.html").read_text("utf-8")
    assert 'alt=""' not in page and page.count('alt="Photo taken in Omaha, Sunday, March 3, 2024 at ') == len(
        items
    )
    assert all(Image.open(p).format == "JPEG" for p in (folder / "media").iterdir())


CUTS = [  # (file, bytes kept, size asked)
    ("immich__IMG_2682.heic", 30_000, None),  # its tiles are gone (its 320-pixel thumbnail is not)
    ("lychee__sewing-threads.heic", 2_000, 256),
    ("exiv2__Canon-R6-pruned.CR3", 5_000, 256),
    ("mei__Issue_515_java.mp4", 20_000, 256),
    ("lychee__mongolia.jpeg", 3_000, 256),
]


@needs_corpus
@pytest.mark.parametrize(("name", "keep", "size"), CUTS)
def test_a_truncated_file_gives_a_reason_not_a_crash(tmp_path: Path, name: str, keep: int, size: int) -> None:
    cut = tmp_path / name
    cut.write_bytes((GOOD / name).read_bytes()[:keep])
    with pytest.raises(PictureError) as raised:
        open_picture(str(cut), size)
    reason = str(raised.value)
    assert reason[:1].isupper() and reason.endswith(".") and "\n" not in reason


def test_nothing_but_a_picture_error_for_what_is_not_a_picture(tmp_path: Path) -> None:
    (tmp_path / "empty.jpg").write_bytes(b"")
    (tmp_path / "text.heic").write_text("a note, not a photo")
    (tmp_path / "folder.jpg").mkdir()
    (tmp_path / "noise.mp4").write_bytes(os.urandom(5000))
    for name, words in (("empty.jpg", "empty"), ("text.heic", "cannot be opened"), ("folder.jpg", "folder"),
                        ("noise.mp4", "video")):  # fmt: skip
        with pytest.raises(PictureError, match=words):
            open_picture(str(tmp_path / name), 128)


def test_a_jpeg_is_decoded_small_and_upright(tmp_path: Path) -> None:
    path = tmp_path / "turned.jpg"
    exif = piexif.dump({"0th": {piexif.ImageIFD.Orientation: 6}})
    Image.new("RGB", (2400, 1600), (200, 40, 40)).save(path, "JPEG", exif=exif)
    picture = open_picture(str(path), 300)
    assert picture.image.size == (200, 300)  # stored landscape, turned to portrait
    assert open_picture(str(path)).image.size == (1600, 2400)  # full size when no size is asked


def test_faint_16_bit_greyscale_is_stretched_so_it_shows(tmp_path: Path) -> None:
    """Thermal and multispectral TIFFs hold a few hundred levels out of 65,536: shown as such, black."""
    ramp = (np.linspace(3000, 3400, 64 * 48).reshape(48, 64)).astype(np.uint16)
    path = tmp_path / "thermal.tif"
    Image.fromarray(ramp).save(path)
    pixels = np.asarray(open_picture(str(path), 64).image.convert("L"))
    assert pixels.min() < 20 and pixels.max() > 230


def make_clip(path: Path, *, seconds: float, black_seconds: float, rate: int = 10) -> Path:
    """An MP4 that starts black (as many phone clips do) and is bright after ``black_seconds``."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=rate)
        stream.width, stream.height, stream.pix_fmt = 160, 96, "yuv420p"
        stream.gop_size = 5
        for n in range(round(seconds * rate)):
            value = 0 if n / rate < black_seconds else 200
            frame = av.VideoFrame.from_ndarray(np.full((96, 160, 3), value, np.uint8), format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    return path


def test_a_video_shows_a_frame_past_its_black_start_and_its_length(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "clip.mp4", seconds=4.0, black_seconds=1.5)
    picture = open_picture(str(clip), 80)
    assert picture.kind == "video" and picture.image.size == (80, 48)
    assert np.asarray(picture.image.convert("L")).mean() > 150  # not the black start
    assert picture.duration == pytest.approx(4.0, abs=0.15)


def test_a_video_that_is_black_throughout_still_has_a_picture(tmp_path: Path) -> None:
    clip = make_clip(tmp_path / "dark.mp4", seconds=1.0, black_seconds=5)
    picture = open_picture(str(clip), 80)
    assert picture.image.size == (80, 48) and picture.duration == pytest.approx(1.0, abs=0.15)
