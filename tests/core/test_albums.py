"""Album folders and names on a real disk: long and wide names fit, nothing is overwritten, nothing half-made
is left behind."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from app.core.albums import NAME_MAX, album_name, name_bytes, new_folder, safe_name, unique_path, write_album

TAKEN = datetime(2024, 3, 3, 9, 14, 5)
CJK_TITLE = "西湖" * 50  # 100 characters, 300 bytes of UTF-8


def size(name: str) -> int:
    return len(os.fsencode(name))


def photo(path: Path) -> Path:
    Image.new("RGB", (40, 30), (200, 120, 40)).save(path, "JPEG")
    return path


def test_a_title_of_100_cjk_characters_becomes_a_folder(tmp_path: Path) -> None:
    name = safe_name(CJK_TITLE)
    assert CJK_TITLE.startswith(name) and size(name) <= NAME_MAX - 30  # cut between characters
    source = photo(tmp_path / "IMG_1.jpg")
    first = write_album([(str(source), TAKEN)], tmp_path / "out" / name)
    second = write_album([(str(source), TAKEN)], tmp_path / "out" / name)
    assert first.name == name and second.name == f"{name} (2)"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([first.name, second.name])


@pytest.mark.parametrize("title", ["é" * 200, "🏔️" * 60, "a" * 300, "ab" * 80 + "西" * 40])
def test_safe_names_are_cut_by_bytes_never_inside_a_character(title: str) -> None:
    name = safe_name(title)
    assert size(name) <= NAME_MAX - 30 and title.startswith(name) and name


def test_a_photo_whose_name_is_250_bytes_is_copied_with_its_extension(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    long_names = ["写真" * 40 + "a" * 5 + ".jpg", "写真" * 40 + "b" * 5 + ".jpg"]  # 249 bytes, alike for 240
    sources = [photo(tmp_path / "src" / n) for n in long_names]
    assert [size(p.name) for p in sources] == [249, 249]
    album = write_album([(str(p), TAKEN) for p in sources * 2], tmp_path / "out" / "Trip")
    names = sorted(p.name for p in album.iterdir())
    assert len(names) == 4  # cut to the same name, they get " (2)"... which fits too: none overwritten
    assert all(n.startswith("2024-03-03_091405_写真") and n.endswith(".jpg") for n in names)
    assert all(size(n) <= NAME_MAX for n in names)
    assert sorted(n.removesuffix(".jpg").partition(" ")[2] for n in names) == ["", "(2)", "(3)", "(4)"]


def test_album_names_keep_the_extension_and_room_for_a_copy_number() -> None:
    name = album_name("/photos/" + "é" * 200 + ".jpeg", TAKEN)
    assert name.startswith("2024-03-03_091405_éé") and name.endswith("é.jpeg")
    assert size(name) + size(" (9999)") <= NAME_MAX
    assert album_name("/photos/IMG_1.JPG", TAKEN) == "2024-03-03_091405_IMG_1.JPG"


def test_a_name_that_is_not_utf8_is_kept_byte_for_byte(tmp_path: Path) -> None:
    source = photo(tmp_path / os.fsdecode(b"caf\xe9.jpg"))  # Latin-1, as an old camera card may have it
    album = write_album([(str(source), TAKEN)], tmp_path / "out" / "Trip")
    (copied,) = os.listdir(os.fsencode(album))
    assert copied == b"2024-03-03_091405_caf\xe9.jpg"


def test_a_folder_whose_title_has_a_dot_gets_its_number_at_the_end(tmp_path: Path) -> None:
    (tmp_path / "St. Petersburg").mkdir()
    assert unique_path(tmp_path / "St. Petersburg", keep_suffix=False).name == "St. Petersburg (2)"
    with new_folder(tmp_path / "St. Petersburg") as (partial, done):
        (partial / "a.txt").write_text("a")
    assert done.path is not None and done.path.name == "St. Petersburg (2)"


@pytest.mark.parametrize(
    "title",
    ["a\x00b\x1fc\x7fd\x85e\x9ff\ud800g", 'x/y\\z:*?"<>|', " . dots . ", "", "\x00\x01"],
)
def test_control_characters_and_reserved_ones_never_reach_a_folder_name(title: str, tmp_path: Path) -> None:
    name = safe_name(title)
    assert name and not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in name)
    assert not set(name) & set('/\\:*?"<>|') and name == name.strip(" .")
    (tmp_path / name).mkdir()  # the file system accepts it


def test_a_relative_destination_gives_an_absolute_folder(tmp_path: Path) -> None:
    source = photo(tmp_path / "IMG_1.jpg")
    relative = Path(os.path.relpath(tmp_path / "out" / "Trip"))  # from the directory pytest runs in
    album = write_album([(str(source), TAKEN)], relative)
    assert album.is_absolute() and album == (tmp_path / "out" / "Trip").resolve()
    album.as_uri()  # what the service makes of it


def test_an_error_in_the_middle_leaves_no_folder(tmp_path: Path) -> None:
    sources = [photo(tmp_path / f"IMG_{n}.jpg") for n in range(3)]

    def step(done: int, total: int) -> None:
        if done == 2:
            raise ValueError("something unexpected")

    with pytest.raises(ValueError):
        write_album([(str(p), TAKEN) for p in sources], tmp_path / "out" / "Trip", step=step)
    assert list((tmp_path / "out").iterdir()) == []


def test_a_lone_surrogate_is_measured_not_a_crash() -> None:
    assert name_bytes("a\ud800") == 4 and name_bytes(os.fsdecode(b"caf\xe9")) == 4
    assert album_name("/x/" + "\ud800" * 100 + ".jpg", TAKEN).endswith(".jpg")
