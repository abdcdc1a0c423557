"""The world the map draws under the photos: country outlines per zoom band, and city labels.

The data is ``app/data/basemap.npz`` (built by ``tools/build_basemap.py`` from Natural Earth and the
place table; see ``app/data/NOTICE-naturalearth``), loaded once per process and shared: about 2 MB on
disk, 15 MB in memory, 30 ms to load.  Coordinates are in world units (:mod:`app.core.mercator`).
City labels carry their English and Simplified Chinese names.  Each band holds the outlines
simplified for the zooms from its ``min_zoom`` up to the next band's; a ring is a closed polygon (a
country, an island, or a hole in one), and a map fills them even-odd.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from app.core.mercator import WORLD_UNITS

DATA = Path(__file__).resolve().parents[1] / "data" / "basemap.npz"

#: the smallest population labelled from each zoom on (more places as the map grows)
LABEL_THRESHOLDS = ((0.0, 5_000_000), (3.0, 2_000_000), (4.0, 700_000), (5.0, 250_000), (6.5, 0))


@dataclass(frozen=True, eq=False)
class Band:
    """The outlines for zooms from ``min_zoom``: all points in one (n, 2) array, ring ``i`` being
    ``xy[offsets[i]:offsets[i + 1]]``, and each ring's bounding box for culling."""

    min_zoom: float
    xy: npt.NDArray[np.float64]
    offsets: npt.NDArray[np.int64]
    boxes: npt.NDArray[np.float64]  # (rings, 4): x0, y0, x1, y1

    @property
    def ring_count(self) -> int:
        return len(self.offsets) - 1

    def ring(self, i: int) -> npt.NDArray[np.float64]:
        return self.xy[self.offsets[i] : self.offsets[i + 1]]

    def rings_in(self, x0: float, y0: float, x1: float, y1: float) -> npt.NDArray[np.int64]:
        """Indices of the rings whose box meets the rectangle."""
        b = self.boxes
        hit: npt.NDArray[np.int64] = np.flatnonzero(
            (b[:, 2] >= x0) & (b[:, 0] <= x1) & (b[:, 3] >= y0) & (b[:, 1] <= y1)
        )
        return hit


#: the languages labels carry besides English, and the prefix of their arrays in the file
LANGUAGE_KEYS = {"zh-Hans": "label_zh"}


@dataclass(frozen=True, eq=False)
class Labels:
    """City labels, largest population first, named in English and (where known) the other languages of
    :data:`LANGUAGE_KEYS`: per language one UTF-8 blob and each label's offsets in it, a label without a
    name in the language having an empty one."""

    x: npt.NDArray[np.float64]
    y: npt.NDArray[np.float64]
    population: npt.NDArray[np.int64]
    _blob: bytes
    _offsets: npt.NDArray[np.int64]
    _translated: dict[str, tuple[bytes, npt.NDArray[np.int64]]] = field(default_factory=dict)
    _names: dict[tuple[int, str], str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.x)

    def name(self, i: int, language: str = "en") -> str:
        """Label ``i``'s name in ``language`` (``en``, ``zh-Hans``: IMM's tags, as
        :func:`app.core.place_names.localize` takes them); its English name where it has none in that
        language (SPEC §12), or the language is not carried."""
        key = (i, language)
        text = self._names.get(key)
        if text is None:
            blob, offsets = self._translated.get(language, (self._blob, self._offsets))
            text = blob[offsets[i] : offsets[i + 1]].decode("utf-8")
            if not text and blob is not self._blob:
                text = self.name(i)
            self._names[key] = text
        return text

    def shown_at(
        self, zoom: float, x0: float, y0: float, x1: float, y1: float, limit: int = 400
    ) -> npt.NDArray[np.int64]:
        """The labels a map at ``zoom`` may show in the rectangle, largest first, at most ``limit``
        (the map then leaves out those that would overlap a larger one)."""
        least = next(p for z, p in reversed(LABEL_THRESHOLDS) if zoom >= z)
        big = int(np.searchsorted(-self.population, -least, side="right"))  # sorted largest first
        x, y = self.x[:big], self.y[:big]
        inside: npt.NDArray[np.int64] = np.flatnonzero((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))
        return inside[:limit]


@dataclass(frozen=True, eq=False)
class Basemap:
    bands: tuple[Band, ...]
    labels: Labels

    def band(self, zoom: float) -> Band:
        """The band drawn at ``zoom``: the last one starting at or below it."""
        return next(b for b in reversed(self.bands) if zoom >= b.min_zoom or b is self.bands[0])

    def polygons(
        self, zoom: float, x0: float, y0: float, x1: float, y1: float
    ) -> list[npt.NDArray[np.float64]]:
        """The rings to draw at ``zoom`` in a world rectangle, as (n, 2) arrays of world units."""
        band = self.band(zoom)
        return [band.ring(int(i)) for i in band.rings_in(x0, y0, x1, y1)]


def _band(min_zoom: float, deltas: np.ndarray, offsets: np.ndarray, shift: int) -> Band:
    xy = np.cumsum(deltas, axis=0, dtype=np.int64).astype(np.float64) * ((1 << shift) / WORLD_UNITS)
    offsets = offsets.astype(np.int64)
    starts = offsets[:-1]
    boxes = np.column_stack(
        (np.minimum.reduceat(xy[:, 0], starts), np.minimum.reduceat(xy[:, 1], starts),
         np.maximum.reduceat(xy[:, 0], starts), np.maximum.reduceat(xy[:, 1], starts))
    )  # fmt: skip
    return Band(float(min_zoom), xy, offsets, boxes)


def read(path: Path) -> Basemap:
    """Read a basemap file (no cache: :func:`load` is the one to call)."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    bands = tuple(
        _band(float(z), arrays[f"band{n}_xy"], arrays[f"band{n}_offsets"], int(arrays["band_shift"][n]))
        for n, z in enumerate(arrays["band_zoom"].tolist())
    )
    labels = Labels(
        x=arrays["label_x"].astype(np.float64) / WORLD_UNITS,
        y=arrays["label_y"].astype(np.float64) / WORLD_UNITS,
        population=arrays["label_population"].astype(np.int64),
        _blob=arrays["label_blob"].tobytes(),
        _offsets=arrays["label_offsets"].astype(np.int64),
        _translated={
            language: (arrays[f"{prefix}_blob"].tobytes(), arrays[f"{prefix}_offsets"].astype(np.int64))
            for language, prefix in LANGUAGE_KEYS.items()
            if f"{prefix}_blob" in arrays
        },
    )
    return Basemap(bands, labels)


_lock = threading.Lock()
_loaded: Basemap | None = None


def load() -> Basemap:
    """The basemap of this process, read on first use (from any thread)."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = read(DATA)
        return _loaded
