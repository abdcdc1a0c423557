"""Dropped URLs as the paths people read (pure functions, no window)."""

from __future__ import annotations

import os
from pathlib import Path

from app.ui.paths import dropped_paths, local_path, shown


def test_a_percent_encoded_uri_becomes_the_path_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "My Photos" / "été #1.jpg"
    uri = path.as_uri()
    assert "My%20Photos" in uri and "%C3%A9t%C3%A9" in uri
    assert local_path(uri) == str(path)
    assert local_path("file:///My%20Photos/%C3%A9t%C3%A9.jpg") == "/My Photos/été.jpg"


def test_a_name_that_is_not_utf8_keeps_its_bytes_and_is_shown_with_a_replacement() -> None:
    path = local_path("file:///photos/caf%E9.jpg")  # "café" written in Latin-1
    assert os.fsencode(path) == b"/photos/caf\xe9.jpg"  # the very file, still openable
    assert shown(path) == "/photos/caf\ufffd.jpg"


def test_plain_paths_and_empty_values_pass_through() -> None:
    assert local_path("") == "" and local_path("/already/a path.jpg") == "/already/a path.jpg"


def test_only_local_files_are_taken_from_a_drop() -> None:
    urls = ["file:///home/ann/My%20Photos", "https://example.com/a.jpg", "FILE:///tmp/x%20y"]
    assert dropped_paths(urls) == ["/home/ann/My Photos", "/tmp/x y"]
