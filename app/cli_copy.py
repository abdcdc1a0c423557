"""``tripfold copy-library --to TARGET`` (issue 16, item 6): the whole open library copied to a new file or
to an empty PostgreSQL database, to move a library onto a server that several machines share, or back.

The copying is the store's (:mod:`app.store.library_copy`); this module says what happens in the user's
words: a line per table on stderr as it is copied (a percentage on a terminal for the large ones), a last
line (or ``--json``) with what was copied, and exit 2, naming ``--to``, when the target is refused.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli_output import _, print_json

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: the tables a person counts, and their names in the JSON
KINDS = (
    ("source", "Sources"), ("media_file", "Files"), ("cluster", "Clusters"), ("trip", "Trips"),
    ("home", "Homes"), ("story", "Stories"), ("task", "Tasks"),
)  # fmt: skip


def add_parsers(sub: Any) -> dict[str, Any]:
    copy = sub.add_parser(
        "copy-library",
        help=_("copy the whole library to a new file or an empty PostgreSQL database (never replacing one)"),
    )
    copy.add_argument(
        "--to",
        required=True,
        metavar="TARGET",
        help=_("a new library file, or postgresql://user@host/db naming an empty database"),
    )
    copy.add_argument(
        "--json", action="store_true", help=_("print what was copied as JSON, without progress")
    )
    return {"copy-library": cmd_copy_library}


def refusal(reason: str, target: str) -> str:
    """Why ``--to`` was refused, in the user's language."""
    messages = {
        "same": _("--to {target}: that is the library being copied; name a new file or an empty database"),
        "holds_library": _(
            "--to {target} already holds a library, and a copy never replaces one;"
            " name a new file or an empty database"
        ),
        "exists": _("--to {target} already exists, and a copy never replaces a file; name a new file"),
        "no_folder": _("--to {target}: the folder for the new file does not exist; make it first"),
        "unwritable": _("--to {target}: the new file cannot be written in its folder"),
        "bad_url": _("--to {target}: not a PostgreSQL URL (postgresql://user@host/database) nor a file path"),
        "no_database": _("--to {target}: the database does not exist; create it first (createdb NAME)"),
        "not_empty": _("--to {target}: the database holds tables of another program; name an empty database"),
    }
    return messages.get(reason, "--to {target}").format(target=target)


class TableProgress:
    """A line per table on stderr once it is copied; on a terminal, its percentage meanwhile."""

    def __init__(self, heading: str, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.heading: str | None = heading  # shown once the target is accepted and copying starts

    def __call__(self, table: str, done: int, total: int) -> None:
        if self.heading is not None:
            self.stream.write(self.heading + "\n")
            self.heading = None
        if done >= total:
            line = _("{table}: {rows} rows copied").format(table=table, rows=f"{total:,}")
            self.stream.write(("\r\033[K" if self.live else "") + line + "\n")
        elif self.live and done:
            self.stream.write(f"\r\033[K{table}: {100 * done // total}%")
        self.stream.flush()


def cmd_copy_library(service: Any, args: argparse.Namespace) -> int:
    from app.store.library import shown_url
    from app.store.library_copy import CopyRefused

    heading = _("Copying {source} to {target}…").format(source=service.name, target=shown_url(args.to))
    try:
        report = service.copy_library(args.to, None if args.json else TableProgress(heading))
    except CopyRefused as exc:
        detail = f" ({exc.__cause__})" if exc.reason == "bad_url" and exc.__cause__ is not None else ""
        print(f"tripfold: {refusal(exc.reason, exc.target)}{detail}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # the half-made copy is gone (a file) or rolled back (a database)
        message = _("cancelled (Ctrl-C); nothing was copied, {target} is as it was").format(
            target=shown_url(args.to)
        )
        print("\ntripfold: " + message, file=sys.stderr)
        return EXIT_FAILED
    counts = {name: report.rows.get(table, 0) for table, name in KINDS}
    if args.json:
        print_json({"Source": service.name, "Target": report.target, "Copied": counts, "Tables": report.rows})
        return EXIT_OK
    done = _(
        "Copied {source} to {target}: {sources} sources, {files} files, {clusters} clusters, {trips} trips,"
        " {homes} homes, {stories} stories, {tasks} tasks ({rows} rows in {tables} tables)."
    )
    print(
        done.format(
            source=service.name, target=report.target,
            **{name.lower(): f"{n:,}" for name, n in counts.items()},
            rows=f"{sum(report.rows.values()):,}", tables=len(report.rows),
        )
    )  # fmt: skip
    return EXIT_OK
