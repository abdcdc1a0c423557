"""The story formats (album, web page, video reel) in one list, which the service, the command line and the
window all read: a new format is one record here, not an edit in three places.

Each record says in plain words what it makes, the suffix its folder gets, what it needs beyond the
standard library, and the function that writes it.  Whether that need is met is checked when someone
asks (and remembered), never at import: listing the formats loads neither PyAV nor NumPy nor Pillow, and
a machine without them still lists every format, the missing one marked unavailable with the reason.

Every writer has one signature, writes into a new folder under ``dest`` named after the story's title
(never over anything, see :func:`app.core.albums.new_folder`), returns its absolute path, and leaves
nothing behind when it raises, whatever it raises.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from app.core.albums import safe_name
from app.core.webstory import Item

if TYPE_CHECKING:  # the route needs NumPy, which listing the formats must not load
    from app.core.route import RouteStop

__all__ = ["EXPORTERS", "NAMES", "Exporter", "Item", "Unavailable", "available", "get"]

Step = Callable[[int, int], None]


class Writer(Protocol):
    def __call__(
        self,
        items: Sequence[Item],
        folder: Path,
        *,
        title: str,
        place: str,
        dates: str,
        cover: str | None,
        hardlink: bool,
        step: Step | None,
        route: Sequence[RouteStop],
        language: str,
    ) -> Path: ...


class Unavailable(RuntimeError):
    """A format asked for on a machine that lacks what it needs; the message says what and how to get it."""


@dataclass(frozen=True)
class Exporter:
    name: str  # what the command line and IMM's Formats say: album, web, reel
    label: str  # a checkbox's words
    description: str  # one line a person reads before choosing
    doing: str  # progress words: "Copying 3 of 12"
    suffix: str  # added to the story's folder name (at most albums.SUFFIX_ROOM bytes), formats side by side
    needs: str  # what it needs beyond the standard library, in words ("" for nothing)
    writer: Writer
    missing: Callable[[], str] = lambda: ""  # why it cannot run here, "" when it can

    def unavailable(self) -> str:
        """Why this format cannot be written on this machine, or "" when it can."""
        return self.missing()

    @property
    def available(self) -> bool:
        return not self.missing()

    def folder(self, dest: Path | str, title: str) -> Path:
        """Where the story goes (before a number keeps it new): the title, made safe, and the suffix."""
        return Path(dest) / f"{safe_name(title)}{self.suffix}"

    def write(
        self,
        items: Sequence[Item],
        dest: Path | str,
        *,
        title: str,
        place: str = "",
        dates: str = "",
        cover: str | None = None,
        hardlink: bool = False,
        step: Step | None = None,
        route: Sequence[RouteStop] = (),
        language: str = "en",
    ) -> Path:
        """Write ``items`` into a new folder under ``dest``; returns its absolute path.  ``step(done,
        total)`` is called after each item and may raise to cancel: nothing is left behind.  ``route``:
        the trip's stops in time order, which the formats that draw a map draw (the others ignore it);
        ``language``: the words a format writes itself (the web page's headings and alt text)."""
        reason = self.unavailable()
        if reason:
            raise Unavailable(f"{self.label} cannot be made here: {reason}")
        return self.writer(
            items, self.folder(dest, title), title=title, place=place, dates=dates, cover=cover,
            hardlink=hardlink, step=step, route=route, language=language,
        )  # fmt: skip


def _write_album(
    items: Sequence[Item], folder: Path, *, hardlink: bool, step: Step | None, **_: object
) -> Path:
    from app.core.albums import write_album

    return write_album([(item.path, item.taken) for item in items], folder, hardlink=hardlink, step=step)


def _write_web(
    items: Sequence[Item], folder: Path, *, title: str, place: str, dates: str, cover: str | None,
    step: Step | None, route: Sequence[RouteStop] = (), language: str = "en", **_: object,
) -> Path:  # fmt: skip
    from app.core.webstory import write_web

    return write_web(
        items, folder, title=title, place=place, dates=dates, cover=cover, step=step, route=route,
        language=language,
    )  # fmt: skip


def _write_reel(
    items: Sequence[Item], folder: Path, *, title: str, place: str, dates: str, step: Step | None,
    route: Sequence[RouteStop] = (), **_: object,
) -> Path:  # fmt: skip
    from app.core.reel import write_reel

    subtitle = " · ".join(part for part in (place, dates) if part)
    return write_reel(items, folder, title=title, subtitle=subtitle, step=step, route=route)


def _module_missing(module: str, package: str) -> str:
    """Whether ``module`` can be imported, found without importing it (cheap, and safe to ask often)."""
    try:
        found = importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a broken install, or a module set to None to block it
        found = False
    return "" if found else f"{package} is not installed (pip install {package})"


@functools.cache
def _pillow_missing() -> str:
    return _module_missing("PIL", "Pillow")


@functools.cache
def _h264_missing() -> str:
    """PyAV, NumPy and Pillow importable, and PyAV's FFmpeg able to encode H.264 (its wheels carry
    libx264; an FFmpeg built without it, as some distributions ship, cannot make the reel)."""
    for module, package in (("numpy", "numpy"), ("PIL", "Pillow")):
        if reason := _module_missing(module, package):
            return reason
    try:
        import av
    except ImportError as exc:
        return f"PyAV is not installed or does not load (pip install av): {exc}"
    try:
        av.codec.Codec("libx264", "w")
    except Exception as exc:  # av's UnknownCodecError, and whatever a half-built FFmpeg raises
        return f"this PyAV's FFmpeg has no H.264 encoder (libx264): {exc}"
    return ""


EXPORTERS: tuple[Exporter, ...] = (
    Exporter(
        name="album",
        label="Album folder",
        description="The highlights copied (or hard-linked) into a folder, each named by when it was taken.",
        doing="Copying",
        suffix="",
        needs="",
        writer=_write_album,
    ),
    Exporter(
        name="web",
        label="Web page",
        description="A page that opens offline in any browser: the trip day by day, photos resized, clips.",
        doing="Writing the web page:",
        suffix=" (web)",
        needs="Pillow",
        writer=_write_web,
        missing=_pillow_missing,
    ),
    Exporter(
        name="reel",
        label="Video reel (MP4)",
        description="A video of the highlights: each photo with a slow pan and zoom, then each clip's start.",
        doing="Making the reel:",
        suffix=" (reel)",
        needs="PyAV with FFmpeg's H.264 encoder, NumPy, Pillow",
        writer=_write_reel,
        missing=_h264_missing,
    ),
)
NAMES: tuple[str, ...] = tuple(exporter.name for exporter in EXPORTERS)


def get(name: str) -> Exporter:
    """The exporter called ``name``; a ValueError whose message a person can act on otherwise."""
    for exporter in EXPORTERS:
        if exporter.name == name:
            return exporter
    raise ValueError(f"format must be one of {', '.join(NAMES)}, not {name!r}")


def available() -> list[Exporter]:
    """The formats this machine can write, in the registry's order."""
    return [exporter for exporter in EXPORTERS if exporter.available]
