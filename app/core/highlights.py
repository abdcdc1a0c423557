"""Choosing a trip's highlights (SPEC §8): every day represented, one frame per burst, the sharp ones.

Each photo is judged on a small decode (:func:`app.core.pictures.open_picture`, so HEIC and RAW photos are
judged too; JPEG's DCT scaling makes a 160-pixel image almost free):
sharpness is the variance of its Laplacian, exposure how far its mean sits from mid-grey and how much
of it is clipped, and a 16x16 signature tells near-identical frames apart from different shots.  The
numbers are cheap, but they are what separates a blurred copy from the sharp one.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

BURST_SECONDS = 30  # frames closer than this, and alike, are one moment
ALIKE = 12.0  # mean absolute difference of 16x16 signatures (0-255) under which two frames are alike
MIN_FILES_DEFAULT, MAX_FILES_DEFAULT, MAX_FILES_LIMIT = 5, 40, 1500


@dataclass
class Candidate:
    """One file that may become a highlight; ``score`` and ``signature`` are filled by :func:`judge`."""

    file_id: int
    path: str
    kind: str  # photo or video
    taken: datetime
    pixels: int = 0
    score: float = 0.0
    signature: np.ndarray | None = field(default=None, repr=False)

    @property
    def day(self) -> str:
        return self.taken.date().isoformat()


def judge(candidate: Candidate) -> Candidate:
    """Score a photo from a small grey decode; videos get a neutral score (they are short clips)."""
    if candidate.kind != "photo":
        candidate.score = 1.0
        return candidate
    from PIL import Image

    from app.core.pictures import PictureError, open_picture

    try:  # the same path as the thumbnails: HEIC, RAW previews, upright (SPEC §11)
        decoded = open_picture(candidate.path, 160).image
    except PictureError:  # an undecodable photo is simply not a highlight
        candidate.score = -1.0
        return candidate
    grey = np.asarray(decoded.convert("L").resize((160, 120)), dtype=np.float32)
    laplacian = -4 * grey[1:-1, 1:-1] + grey[:-2, 1:-1] + grey[2:, 1:-1] + grey[1:-1, :-2] + grey[1:-1, 2:]
    sharpness = math.log1p(float(laplacian.var()))
    mean = float(grey.mean())
    clipped = float(((grey < 8) | (grey > 247)).mean())
    exposure = 1.0 - abs(mean - 128) / 128 - clipped
    size = math.log10(max(candidate.pixels, 1)) / 8  # larger photos a little ahead
    candidate.score = sharpness + 2 * exposure + size
    small = np.asarray(Image.fromarray(grey.astype(np.uint8)).resize((16, 16)), dtype=np.float32)
    candidate.signature = small
    return candidate


def _alike(a: Candidate, b: Candidate) -> bool:
    if a.signature is None or b.signature is None:
        return False
    return float(np.abs(a.signature - b.signature).mean()) < ALIKE


def drop_bursts(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Keep the best frame of each burst: frames within :data:`BURST_SECONDS` of the previous one that
    look alike belong to the same moment."""
    kept: list[Candidate] = []
    burst: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: c.taken):
        if (
            burst
            and (candidate.taken - burst[-1].taken).total_seconds() <= BURST_SECONDS
            and _alike(candidate, burst[-1])
        ):
            burst.append(candidate)
            continue
        if burst:
            kept.append(max(burst, key=lambda c: c.score))
        burst = [candidate]
    if burst:
        kept.append(max(burst, key=lambda c: c.score))
    return kept


def quotas(per_day: dict[str, int], total: int) -> dict[str, int]:
    """Share ``total`` among days in proportion to what each offers, every day at least one when
    ``total`` allows, never more than a day offers."""
    days = sorted(per_day)
    total = min(total, sum(per_day.values()))
    if total < len(days):  # more days than highlights: the busiest days get one each
        busiest = sorted(days, key=lambda d: -per_day[d])[:total]
        return {d: int(d in busiest) for d in days}
    offered = sum(per_day.values())
    exact = {d: total * per_day[d] / offered for d in days}
    share = {d: max(1, int(exact[d])) for d in days}
    while sum(share.values()) > total:
        day = max((d for d in days if share[d] > 1), key=lambda d: share[d] - exact[d])
        share[day] -= 1
    while sum(share.values()) < total:
        day = max((d for d in days if share[d] < per_day[d]), key=lambda d: exact[d] - share[d])
        share[day] += 1
    return share


@dataclass
class Selection:
    files: list[Candidate]
    message: str = ""


def select(candidates: Sequence[Candidate], min_files: int = MIN_FILES_DEFAULT,
           max_files: int = MAX_FILES_DEFAULT) -> Selection:  # fmt: skip
    """The highlights in capture order, or none with the reason when too few files qualify."""
    usable = [c for c in candidates if c.score >= 0]
    distinct = drop_bursts(usable)
    if len(distinct) < min_files:
        return Selection(
            [], f"only {len(distinct)} distinct photos and videos, fewer than MinFileCount {min_files}"
        )
    by_day: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in distinct:
        by_day[candidate.day].append(candidate)
    share = quotas({d: len(c) for d, c in by_day.items()}, min(max_files, len(distinct)))
    chosen = []
    for day, files in by_day.items():
        chosen += sorted(files, key=lambda c: -c.score)[: share[day]]
    return Selection(sorted(chosen, key=lambda c: c.taken))
