"""Terminal output shared by the commands: a progress bar on stderr, JSON on stdout, and the messages'
language.

The command line speaks the language of ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` (the first
set, as gettext reads them): ``zh_CN`` gives Simplified Chinese, anything else English.  Its messages go
through GNU gettext (``app/locale/<lang>/LC_MESSAGES/tripfold.mo``, compiled from the ``.po`` beside it
by ``tools/build_locale.py``): the standard library reads it without Qt, which the command line never
imports, and argparse takes its own words ("usage:", "invalid choice") from the same catalogue once it is
the text domain.  Place names and captions follow ``--language`` instead (IMM's ``Language``), whose
default stays English, as the command line's contract has always printed.
"""

from __future__ import annotations

import gettext
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

DOMAIN = "tripfold"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "zh-Hans")  # --language (SPEC §12): IMM's names

gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))


def _(message: str) -> str:
    """``message`` in the user's language (read from the environment at each call)."""
    return gettext.dgettext(DOMAIN, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext.dngettext(DOMAIN, singular, plural, n)


def use_messages_language() -> None:
    """Make argparse's own messages come from Tripfold's catalogue too (the process's text domain)."""
    gettext.textdomain(DOMAIN)


def add_language_option(parser: Any) -> None:
    """``--language en|zh-Hans``: the language of place names and captions; a bad value is refused by
    argparse (exit 2) naming the option and the values allowed."""
    parser.add_argument(
        "--language", choices=LANGUAGES, default="en", metavar="|".join(LANGUAGES),
        help=_("the language of place names and captions (default: en)"),
    )  # fmt: skip


class ProgressBar:
    """A one-line progress bar on stderr, redrawn at most ten times a second; silent when not a terminal."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self._last = 0.0

    def __call__(self, p: Any) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and p.phase != "done":
            return
        self._last = now
        width = shutil.get_terminal_size((80, 20)).columns
        if p.phase == "scan":
            line = _("Looking for photos… {found} found").format(found=p.done) + f"  {p.current}"
        else:
            filled = int(30 * p.percent / 100)
            bar = "#" * filled + "." * (30 - filled)
            files = _("{done}/{total} files").format(done=p.done, total=p.total)
            line = f"[{bar}] {p.percent:3d}%  {files}  {p.current}"
        self.stream.write("\r" + line[: width - 1].ljust(width - 1))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (shutil.get_terminal_size((80, 20)).columns - 1) + "\r")
            self.stream.flush()


def shown_path(path_or_uri: str) -> str:
    """A path as a person reads it: a ``file://`` URI decoded, bytes that are not UTF-8 shown as U+FFFD
    (printing the raw name would fail on a UTF-8 terminal)."""
    import os
    from urllib.parse import unquote_to_bytes

    if path_or_uri.startswith("file://"):
        return unquote_to_bytes(path_or_uri[len("file://") :]).decode("utf-8", "replace")
    return os.fsencode(path_or_uri).decode("utf-8", "replace")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
