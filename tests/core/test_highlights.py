"""Highlight selection on generated photos: bursts, blur, days, and too few candidates (SPEC §8)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageFilter

from app.core.highlights import Candidate, judge, quotas, select

START = datetime(2024, 3, 3, 9)


def scene(path: Path, seed: int, blur: float = 0.0, noise: int = 0) -> Path:
    """A textured 480x360 photo; the same seed gives the same scene (noise makes burst frames differ)."""
    rng = np.random.default_rng(seed)
    coarse = rng.integers(0, 255, (18, 24, 3), dtype=np.uint8)
    image = Image.fromarray(coarse).resize((480, 360), Image.Resampling.NEAREST)
    if noise:
        pixels = np.asarray(image, dtype=np.int16) + np.random.default_rng(noise).integers(
            -6, 6, (360, 480, 3)
        )
        image = Image.fromarray(pixels.clip(0, 255).astype(np.uint8))
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    image.save(path, "JPEG", quality=90)
    return path


def candidate(path: Path, n: int, taken: datetime) -> Candidate:
    return judge(Candidate(n, str(path), "photo", taken, pixels=480 * 360))


def test_a_burst_of_ten_near_identical_frames_yields_one(tmp_path: Path) -> None:
    burst = [
        candidate(scene(tmp_path / f"b{i}.jpg", 1, noise=i + 1), i, START + timedelta(seconds=i))
        for i in range(10)
    ]
    others = [
        candidate(scene(tmp_path / f"o{i}.jpg", 100 + i), 100 + i, START + timedelta(hours=1 + i))
        for i in range(5)
    ]
    chosen = select(burst + others, min_files=2, max_files=40).files
    assert sum(1 for c in chosen if c.file_id < 10) == 1
    assert {c.file_id for c in chosen} >= {100, 101, 102, 103, 104}


def test_a_blurred_copy_loses_to_the_sharp_one(tmp_path: Path) -> None:
    sharp = candidate(scene(tmp_path / "sharp.jpg", 7), 1, START)
    blurred = candidate(scene(tmp_path / "blur.jpg", 7, blur=2.5), 2, START + timedelta(seconds=2))
    assert sharp.score > blurred.score
    others = [
        candidate(scene(tmp_path / f"o{i}.jpg", 50 + i), 10 + i, START + timedelta(hours=2 + i))
        for i in range(3)
    ]
    chosen = [c.file_id for c in select([blurred, sharp, *others], min_files=2, max_files=10).files]
    assert 1 in chosen and 2 not in chosen


def test_every_day_is_represented_when_max_files_allows(tmp_path: Path) -> None:
    files = []
    for day, count in ((0, 20), (1, 2), (2, 1)):
        for i in range(count):
            seed = day * 100 + i
            files.append(
                candidate(scene(tmp_path / f"{seed}.jpg", seed), seed, START + timedelta(days=day, hours=i))
            )
    chosen = select(files, min_files=2, max_files=5).files
    assert {c.day for c in chosen} == {"2024-03-03", "2024-03-04", "2024-03-05"}
    assert len(chosen) == 5
    assert [c.taken for c in chosen] == sorted(c.taken for c in chosen)


def test_too_few_candidates_give_an_empty_story_with_a_reason(tmp_path: Path) -> None:
    files = [candidate(scene(tmp_path / f"{i}.jpg", i), i, START + timedelta(hours=i)) for i in range(3)]
    selection = select(files, min_files=5, max_files=40)
    assert selection.files == [] and "fewer than MinFileCount 5" in selection.message


def test_quotas_follow_what_each_day_offers() -> None:
    assert quotas({"a": 30, "b": 10, "c": 1}, 10) == {"a": 7, "b": 2, "c": 1}
    assert quotas({"a": 3, "b": 1}, 40) == {"a": 3, "b": 1}
    assert sum(quotas({"a": 5, "b": 5, "c": 5}, 2).values()) == 2


def test_an_unreadable_photo_is_never_a_highlight(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a jpeg")
    assert judge(Candidate(1, str(broken), "photo", START)).score < 0


@given(
    offered=st.dictionaries(st.sampled_from("abcdefgh"), st.integers(1, 60), min_size=1),
    total=st.integers(1, 200),
)
def test_quotas_always_add_up(offered: dict[str, int], total: int) -> None:
    share = quotas(offered, total)
    assert sum(share.values()) == min(total, sum(offered.values()))
    assert all(0 <= share[d] <= offered[d] for d in offered)
    if total >= len(offered):
        assert all(share[d] >= 1 for d in offered)
