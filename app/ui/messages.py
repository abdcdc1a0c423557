"""Errors and counts in a person's words: what happened and what to do, with the technical text folded away.

The service speaks IMM's language (``[InvalidArgument] MinDays (20) must not be greater than MaxDays
(15)``): right for the command line and the JSON, wrong in a window. :func:`plain_error` turns anything
the service, the library or the operating system raises (or the one-line text a worker reports) into
a sentence, and keeps the original for a "Details" expander; :func:`show_error` shows both.

Option errors (:class:`app.core.clustering.OptionError`) are recognised by their message, the only thing
that survives the trip through ``ServiceError`` and a worker's ``failed`` signal; the option panels use
:func:`option_problem` too, so the window and its error boxes say the same thing.
"""

from __future__ import annotations

import errno
import os
import re
import traceback
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.ui.i18n import arg, english_plural, number, tr
from app.ui.paths import shown

CONTEXT = "Messages"
_CODE = re.compile(r"^\[(?P<code>[A-Za-z]+)\]\s*(?P<message>.*)$", re.DOTALL)


def noop(text: object) -> str:
    """One of this module's marked sentences (``QT_TRANSLATE_NOOP("Messages", ...)``), translated."""
    return QCoreApplication.translate(CONTEXT, str(text))  # the stubs type the marker as an object


def counted(context: str, text: str, n: int) -> str:
    """``text`` with ``%n`` (or ``%Ln``) for ``n``, looked up under ``context`` with Qt's plural forms.

    Only for a ``text`` known under ``context`` by other means; a literal plural is written
    ``tr("%n trip(s)", "", n)`` (:func:`app.ui.i18n.tr`), the form lupdate marks as plural.  With no
    catalogue the English forms are made from ``(s)``: "1 trip found", "12 trips found".
    """
    return english_plural(QCoreApplication.translate(context, text, None, n), n)


@dataclass(frozen=True)
class PlainError:
    """What to tell a person (``text``) and what to show under "Details" (``details``)."""

    text: str
    details: str


# -- option errors -------------------------------------------------------------------------------------

# each option as the window names it (the option panels' labels), with its range
_RANGES = {
    "GapDays": QT_TRANSLATE_NOOP("Messages", "“Days without photos inside a visit” must be from %1 to %2."),
    "MinDays": QT_TRANSLATE_NOOP("Messages", "“Shortest visit” must be from %1 to %2 days."),
    "MaxDays": QT_TRANSLATE_NOOP("Messages", "“Longest visit” must be from %1 to %2 days."),
    "TripGapDays": QT_TRANSLATE_NOOP(
        "Messages", "“Days without photos inside a trip” must be from %1 to %2."
    ),
    "TripMinFiles": QT_TRANSLATE_NOOP("Messages", "“Fewest photos in a trip” must be from %1 to %2."),
    "AwayKm": QT_TRANSLATE_NOOP("Messages", "“Away from home beyond” must be from %1 to %2 km."),
    "EstimateHours": QT_TRANSLATE_NOOP(
        "Messages", "“Nearby photos taken within” must be from %1 to %2 hours."
    ),
    "HomeGapDays": QT_TRANSLATE_NOOP("Messages", "The days away that end a home must be from %1 to %2."),
    "HomeMinDays": QT_TRANSLATE_NOOP("Messages", "The days a home must last must be from %1 to %2."),
    "HomeMinPhotoDays": QT_TRANSLATE_NOOP("Messages", "The photo days a home needs must be from %1 to %2."),
    "MinFileCount": QT_TRANSLATE_NOOP("Messages", "The fewest photos of a story must be from %1 to %2."),
    "MaxFileCount": QT_TRANSLATE_NOOP("Messages", "The most photos of a story must be from %1 to %2."),
    "RadiusKm": QT_TRANSLATE_NOOP("Messages", "A home's radius must be more than %1 and at most %2 km."),
}
_NUMBER = r"(-?[\d,]+(?:\.\d+)?)"
_RANGE = re.compile(rf"^(?P<name>[A-Za-z]+) must be (?:an integer |a number )?from {_NUMBER} to {_NUMBER}")
_ABOVE = re.compile(rf"^(?P<name>RadiusKm) must be a number above {_NUMBER} and up to {_NUMBER}")
_ORDER = re.compile(r"^MinDays \((?P<low>\d+)\) must not be greater than MaxDays \((?P<high>\d+)\)")
_STORY_ORDER = re.compile(
    r"^MinFileCount \((?P<low>\d+)\) must not be greater than MaxFileCount \((?P<high>\d+)\)"
)


def _shown(text: str) -> str:
    """A number as the core wrote it ("99,999", "0.1") written the user's way."""
    plain = text.replace(",", "")
    if "." in plain:
        return QLocale().toString(float(plain), "g", 6)
    return number(int(plain))


def option_problem(message: str) -> str | None:
    """An option error's message (which names IMM's options) as a sentence in the window's words, or
    None when ``message`` is not one of them."""
    text = message.strip()
    if found := _ORDER.match(text):
        return arg(
            tr("The shortest visit can't be longer than the longest visit (%1)."),
            tr("%Ln day(s)", "", int(found["high"])),
        )
    if found := _STORY_ORDER.match(text):
        return arg(
            tr("A story can't need more photos (%1) than it may hold (%2)."),
            int(found["low"]),
            int(found["high"]),
        )
    if text.startswith("LocationDateClusterLevels must name at least one"):
        return tr("Choose at least one kind of place to group by.")
    if text.startswith("LocationDateClusterLevels: unknown level"):
        return tr("One of the kinds of place to group by is not one Tripfold knows.")
    if text.startswith("LocationDateClusterLevels: each level"):
        return tr("Each kind of place to group by may be chosen once.")
    found = _RANGE.match(text) or _ABOVE.match(text)
    if found and found["name"] in _RANGES:
        _, low, high = found.groups()
        return arg(noop(_RANGES[found["name"]]), _shown(low), _shown(high))
    return None


# -- the service's requests ---------------------------------------------------------------------------

_REQUESTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), str(text))
    for pattern, text in (
        (r"^give at least one folder to index",
         QT_TRANSLATE_NOOP("Messages", "Add a folder of photos first.")),
        (r"^folder (?P<path>.+) does not exist$",
         QT_TRANSLATE_NOOP("Messages", "The folder %1 is not there. Was it moved, or its disk unplugged?")),
        (r"^(?P<path>.+) is a file, not a folder",
         QT_TRANSLATE_NOOP("Messages", "This is a file, not a folder: %1. Add the folder that holds it.")),
        (r"^give at least two different trips to merge",
         QT_TRANSLATE_NOOP("Messages", "Choose at least two different trips to merge.")),
        (r"^the split day",
         QT_TRANSLATE_NOOP("Messages", "Choose a day after the trip's first day to split it there.")),
        (r"^(?:Title|CustomId) must be at most",
         QT_TRANSLATE_NOOP("Messages", "The name is too long; make it shorter.")),
        (r"^CustomLabels may hold at most",
         QT_TRANSLATE_NOOP("Messages", "There are too many labels; remove some first.")),
        (r"^the year must be from", QT_TRANSLATE_NOOP("Messages", "The year must be from 1 to 9999.")),
        (r"^the cover must be one of",
         QT_TRANSLATE_NOOP("Messages", "The cover must be one of the story's photos.")),
        (r"^a destination folder is needed",
         QT_TRANSLATE_NOOP("Messages", "Choose a folder to save the story in.")),
        (r"^A home needs a city or a position",
         QT_TRANSLATE_NOOP("Messages", "A home needs a city or a position on the map.")),
        (r"^A home's city must be named", QT_TRANSLATE_NOOP("Messages", "A home's city needs a name.")),
        (r"^A home's position needs both",
         QT_TRANSLATE_NOOP("Messages", "A home's position needs both a latitude and a longitude.")),
        (r"^A home's latitude", QT_TRANSLATE_NOOP("Messages", "A latitude must be from -90 to 90.")),
        (r"^A home's longitude", QT_TRANSLATE_NOOP("Messages", "A longitude must be from -180 to 180.")),
        (r"^A home's From date",
         QT_TRANSLATE_NOOP("Messages", "A home's first day can't be after its last day.")),
    )
)  # fmt: skip


def _request_problem(message: str) -> str:
    """An InvalidArgument message in a person's words; a request the window itself got wrong (a sort
    name, a page token) is no fault of the person's, and is said so."""
    if (plain := option_problem(message)) is not None:
        return plain
    for pattern, text in _REQUESTS:
        if found := pattern.match(message):
            return arg(noop(text), *(shown(value) for value in found.groupdict().values()))
    return tr("Tripfold could not do that: it asked the library for something the library refused. "
              "The details below help when reporting it.")  # fmt: skip


def _service_problem(code: str, message: str) -> str:
    if code == "InvalidArgument":
        return _request_problem(message)
    if code == "ResourceNotFound":
        return tr("What you chose is no longer in the library: an update or another window changed it. "
                  "Look again once the window has refreshed.")  # fmt: skip
    if code == "ExportFailed":
        return tr("The story could not be saved, and nothing of it was kept. Check that the folder still "
                  "exists and that its disk has room, then try again.")  # fmt: skip
    if code == "Interrupted":
        return tr("Tripfold stopped while this ran. Run it again to finish the work.")
    return _unexpected()


def _unexpected() -> str:
    return tr("Something unexpected stopped the work. Nothing was lost; try again, and if it happens again, "
              "the details below help when reporting it.")  # fmt: skip


# -- the library and the disk -------------------------------------------------------------------------


def _library_problem(kind: str, message: str) -> str:
    """A library error by its class name (or, from a worker's one-line text, by its wording)."""
    lowered = message.lower()
    if kind == "LibraryBusy" or " is busy: another tripfold" in lowered:
        return tr("Another Tripfold window or command is busy with your library. Wait for it to finish, "
                  "then try again.")  # fmt: skip
    if kind == "LibraryFull" or ("disk holding" in lowered and "is full" in lowered):
        return tr("The disk that holds your library is full, so the work stopped. Nothing was lost: free "
                  "some space, then run Update Trips again to finish.")  # fmt: skip
    if kind == "LibraryReadOnly" or "may only be read" in lowered:
        return tr("Your library can only be read here, so Tripfold can show it but not change it. Copy it "
                  "somewhere you may write, or change its permissions.")  # fmt: skip
    if "newer tripfold" in lowered:
        return tr("This library was made by a newer Tripfold. Update Tripfold to open it.")
    if "older tripfold" in lowered:
        return tr("This library was made by an older Tripfold and must be upgraded, which needs it to be "
                  "writable. Open it once where it can be written.")  # fmt: skip
    if "reported an error" in lowered:
        return tr("The disk that holds your library reported an error. Nothing was lost; check the disk, "
                  "then try again.")  # fmt: skip
    if kind == "LibraryError" or "not a tripfold library" in lowered or "is a folder; give a file" in lowered:
        return tr("This file is not a Tripfold library, or it is damaged. Choose another library file.")
    return ""


def _os_problem(exc: OSError) -> str:
    where = shown(os.fsdecode(exc.filename or exc.filename2 or ""))
    if exc.errno == errno.ENOSPC:
        return tr("The disk is full. Free some space, then try again.")
    if exc.errno in (errno.EACCES, errno.EPERM):
        if where:
            return arg(tr("Tripfold is not allowed to use %1. Check its permissions, then try again."), where)
        return tr("Tripfold is not allowed to use a file it needs. Check the permissions, then try again.")
    if exc.errno == errno.EROFS:
        return tr("The disk can only be read, so Tripfold cannot write there.")
    if exc.errno == errno.ENOENT:
        if where:
            return arg(tr("Tripfold cannot find %1. Was it moved, or is its disk unplugged?"), where)
        return tr("A file or folder Tripfold needed is not there. Was it moved, or is its disk unplugged?")
    reason = exc.strerror or tr("an error")
    if where:
        return arg(tr("The computer reported a problem with %1 (%2). Try again."), where, reason.lower())
    return arg(tr("The computer reported a problem (%1). Try again."), reason.lower())


# -- the one door --------------------------------------------------------------------------------------


def plain_error(error: BaseException | str) -> PlainError:
    """Any error the window can meet, or the one-line text a worker reports (``str(exc)``), as a sentence
    a person can act on; the technical text goes to ``details``."""
    if isinstance(error, str):
        return PlainError(_from_text(error), error)
    details = "".join(traceback.format_exception(error)).strip() if error.__traceback__ else _one_line(error)
    return PlainError(_from_exception(error), details)


def _one_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _from_exception(exc: BaseException) -> str:
    from app.core.progress import Cancelled

    if isinstance(exc, Cancelled):
        return tr("Stopped. Nothing was lost.")
    code, message = getattr(exc, "code", None), getattr(exc, "message", None)
    if isinstance(code, str) and isinstance(message, str):  # app.service.ServiceError
        return _service_problem(code, message)
    kinds = [k.__name__ for k in type(exc).__mro__]
    if "LibraryError" in kinds:
        return _library_problem(kinds[0] if kinds[0].startswith("Library") else "LibraryError", str(exc))
    if isinstance(exc, OSError):
        return _os_problem(exc)
    if isinstance(exc, ValueError):
        return _from_text(str(exc), fallback=_unexpected())
    return _unexpected()


def _from_text(text: str, fallback: str | None = None) -> str:
    """The same judgement from text alone: ``[Code] message``, an option error, a library's message."""
    text = text.strip()
    if found := _CODE.match(text):
        return _service_problem(found["code"], found["message"])
    if (plain := option_problem(text)) is not None:
        return plain
    if plain := _library_problem("", text):
        return plain
    return fallback if fallback is not None else _unexpected()


def show_error(parent: QWidget | None, title: str, exc: BaseException | str) -> QMessageBox:
    """A warning box with the plain sentence, and the technical text under "Show Details…".

    Opened window-modal and returned at once (``open()``, not ``exec()``): the caller's event loop goes
    on, and a test can read the box and close it.
    """
    plain = plain_error(exc)
    box = QMessageBox(QMessageBox.Icon.Warning, title, plain.text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.setDetailedText(plain.details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
