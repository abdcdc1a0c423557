"""The ``tripfold`` command line (SPEC §9).  It never imports Qt: only ``gui`` loads the window.

``--json`` prints IMM-shaped JSON on stdout; messages and progress go to stderr; the exit status is 0 on
success, 2 for bad arguments and 1 when the operation failed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from app.cli_clusters import add_parsers
from app.cli_copy import add_parsers as add_copy_parsers
from app.cli_output import ProgressBar, _, add_language_option, print_json, shown_path, use_messages_language
from app.cli_thumbnail import add_parser as add_thumbnail_parser
from app.cli_thumbnail import cmd_thumbnail
from app.cli_trips import add_parsers as add_trip_parsers

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def cmd_index(service: Any, args: argparse.Namespace) -> int:
    from app.core.progress import CancelToken

    bar = ProgressBar()
    try:
        report = service.index_sources(args.dirs, progress=bar, cancel=CancelToken())
    finally:
        bar.close()
    from app.imm import file_uri, task_json

    if args.json:
        out = {**task_json(report.task), **report.result()} if report.task else report.result()
        out["Files"] = [{"URI": file_uri(p), "Error": e} for p, e in report.failed]
        out["Warnings"] = [{"URI": file_uri(p), "Warning": w} for p, w in report.warnings]
        print_json(out)
    else:
        s = report.statuses
        found = _(
            "{found} files found: {read} read, {unchanged} unchanged, {missing} missing since the last run."
        )
        print(
            found.format(
                found=report.found, read=report.read, unchanged=report.unchanged, missing=report.missing
            )
        )
        if report.read:
            print("  " + _(
                "{ok} with time and place, {no_place} without place, {no_time} without time,"
                " {error} could not be read."
            ).format(ok=s["ok"], no_place=s["no_place"], no_time=s["no_time"], error=s["error"]))  # fmt: skip
        for path, error in report.failed:
            print(f"  ✗ {shown_path(path)}: {error}")
        for folder, reason in report.unreadable_folders:
            print(
                "  ! "
                + _("could not open {folder}: {reason}").format(folder=shown_path(folder), reason=reason)
            )
    return EXIT_FAILED if report.cancelled else EXIT_OK


def cmd_files(service: Any, args: argparse.Namespace) -> int:
    from app.imm import file_json

    rows = [file_json(f, args.language) for f in service.list_files(args.status)]
    if args.json:
        print_json({"Files": rows})
        return EXIT_OK
    for row in rows:
        place = row["Addresses"][0]["AddressLine"] if row["Addresses"] else ""
        name = os.path.basename(shown_path(row["URI"]))
        detail = row["Error"] if row["Status"] != "ok" else place
        print(f"{row['ProduceTime'] or '—':29}  {row['Status']:8}  {name}  {detail}")
    print(_("{count} files").format(count=len(rows)), file=sys.stderr)
    return EXIT_OK


def cmd_task(service: Any, args: argparse.Namespace) -> int:
    from app.imm import task_json

    task = task_json(service.get_task(args.task_id))
    if args.json:
        print_json(task)
    else:
        for key in ("TaskId", "TaskType", "Status", "StartTime", "EndTime", "Progress", "Code", "Message"):
            print(f"{key:10} {task[key]}")
        for key, value in task["Result"].items():
            print(f"  {key}: {value}")
    return EXIT_OK


def cmd_add_mount(service: Any, args: argparse.Namespace) -> int:
    before, now = service.add_mount(args.source, args.dir)
    if before == now:
        print(_("{folder} was already this source's folder on this machine.").format(folder=shown_path(now)))
    else:
        moved = _(
            "The source seen at {before} is now seen at {now} on this machine; index it to see what changed."
        )
        print(moved.format(before=shown_path(before), now=shown_path(now)))
    return EXIT_OK


def cmd_demo(service: Any, args: argparse.Namespace) -> int:
    from pathlib import Path

    folder = Path(args.dir).expanduser().resolve()
    service.write_sample_photos(folder)
    report = service.index_sources([str(folder)])
    task = service.create_location_date_clustering_task(service.clustering_options())
    clusters = task.result["ClustersCreated"] + task.result["ClustersUnchanged"]
    print(
        _(
            "Sample trips in {folder}: {photos} photos indexed, {clusters} clusters."
            " See them with `tripfold clusters` or in the window."
        ).format(folder=folder, photos=report.found, clusters=clusters),
        file=sys.stderr,
    )
    return EXIT_OK


def screenshot_view(text: str) -> str:
    """``gui --view``: the library map (``map``) or a trip's page (``trip:TRIP_ID``), checked before the
    window opens, so a script gets the allowed forms and exit 2 instead of a picture of the wrong view."""
    if text == "map" or (text.startswith("trip:") and len(text) > len("trip:")):
        return text
    raise argparse.ArgumentTypeError(
        _("must be map or trip:TRIP_ID (an id from `tripfold trips --json`), not {text!r}").format(text=text)
    )


def cmd_gui(args: argparse.Namespace) -> int:
    from app.ui.main_window import run

    folders = [folder for folder in map(local_path, args.folders) if folder is not None]
    if len(folders) < len(args.folders):
        print("tripfold: " + _("only local folders can be added; the others were left out."), file=sys.stderr)
    return run(args.db_url or args.library, screenshot=args.screenshot, folders=folders,
               view=getattr(args, "view", None))  # fmt: skip


def local_path(arg: str) -> str | None:
    """A folder named on the command line or by the desktop entry's ``%U`` (``file://`` URIs, percent-
    encoded, possibly not UTF-8); None for a URI of another kind (``smb://``, ``mtp://``)."""
    from urllib.parse import unquote_to_bytes, urlsplit

    if "://" not in arg and not arg.startswith("file:"):
        return arg
    url = urlsplit(arg)
    if url.scheme != "file" or url.netloc not in ("", "localhost"):
        return None
    return os.fsdecode(unquote_to_bytes(url.path))


def cmd_smoke(args: argparse.Namespace) -> int:
    """Check an installed or built Tripfold end to end, without a display and without the user's library:
    sample trips in a temporary folder, indexed and clustered into a temporary library, the window
    opened offscreen on it and rendered to a PNG, and the native parts the build bundles loaded."""
    import tempfile
    from pathlib import Path

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="tripfold-smoke-") as tmp:
        work = Path(args.keep).expanduser().resolve() if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        library, png = work / "library.db", work / "window.png"
        os.environ["XDG_CONFIG_HOME"] = str(work / "config")  # the window's settings stay the user's
        problems = _smoke_library(library, work / "photos") + _bundled_parts()
        if not problems:
            from app.ui.main_window import run

            code = run(str(library), screenshot=str(png))
            problems += _rendered(png) if code == EXIT_OK else [f"the window exited with {code}"]
    for problem in problems:
        print(f"tripfold smoke: ✗ {problem}", file=sys.stderr)
    if not problems:
        print(
            "tripfold smoke: ✓ "
            + _("Tripfold {version} indexed, clustered and rendered.").format(version=_version()),
            file=sys.stderr,
        )
    return EXIT_FAILED if problems else EXIT_OK


def _smoke_library(library: Any, photos: Any) -> list[str]:
    from app.service import Service

    service = Service(library)
    try:
        service.write_sample_photos(photos)
        report = service.index_sources([str(photos)])
        task = service.create_location_date_clustering_task(service.clustering_options())
    finally:
        service.close()
    problems = []
    if report.failed or report.statuses["ok"] == 0:
        read = report.statuses["ok"]
        problems.append(f"indexing read {read} of {report.found} sample photos: {report.failed}")
    if task.result.get("ClustersCreated", 0) == 0:
        problems.append(f"clustering made no cluster: {task.result}")
    return problems


NO_PLAYER = "Qt Multimedia's FFmpeg plugin does not load: videos would not play in the window"


def _bundled_parts() -> list[str]:
    """The native libraries a build can miss without any import failing at start: MediaInfo (videos),
    FFmpeg's x264 encoder and zoompan filter (the highlight reel), timezonefinder's data, China's county
    grid, Qt Multimedia and its backend."""
    problems = []
    try:
        from pymediainfo import MediaInfo

        if not MediaInfo.can_parse():
            problems.append("libmediainfo does not load: videos would not be read")
    except ImportError as exc:
        problems.append(f"pymediainfo: {exc}")
    try:
        import av
        import av.filter

        av.codec.Codec("libx264", "w")
        if "zoompan" not in av.filter.filters_available:
            problems.append("FFmpeg has no zoompan filter: no highlight reel")
    except Exception as exc:  # ImportError, or av's own error for a codec it lacks
        problems.append(f"PyAV/FFmpeg: {exc}")
    try:  # places its polygons must decide (a hole in South Africa's; across from Hong Kong): a build's
        # finder reads them from the zone edge store, not from coordinates.bin
        from app.core import timezones

        for lat, lon, name in ((-29.31, 27.48, "Africa/Maseru"), (22.5431, 114.0579, "Asia/Shanghai")):
            zone = timezones.finder_zone_at(lat, lon)
            if zone != name:
                problems.append(f"timezonefinder answered {zone} where {name} is")
    except Exception as exc:  # its data files missing raise whatever the reader meets first
        problems.append(f"timezonefinder: {exc}")
    try:  # without the county grid, mainland China falls back to seats, wrong near borders (not failing)
        from app.core.china_counties import CountyAreas

        areas = CountyAreas.load()
        county = areas.at([29.605], [119.039])[0]  # Qiandao Lake, in Chun'an
        if county < 0 or areas.codes[county] != "330127":
            problems.append("the county grid of China does not name Qiandao Lake's county")
    except Exception as exc:  # a missing or damaged file
        problems.append(f"China's county grid: {exc}")
    try:  # the viewer plays videos with it when it loads, through its FFmpeg plugin (PyAV's FFmpeg)
        from PySide6.QtMultimedia import QMediaFormat

        if not QMediaFormat().supportedFileFormats(QMediaFormat.ConversionMode.Decode):
            problems.append(NO_PLAYER)
    except ImportError as exc:
        problems.append(f"Qt Multimedia: {exc}")
    return problems


def _rendered(png: Any) -> list[str]:
    from PIL import Image

    try:
        with Image.open(png) as image:
            colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    except OSError as exc:
        return [f"the window was not rendered to {png}: {exc}"]
    if colours is not None and len(colours) < 16:
        return [f"the rendered window has {len(colours)} colours: it drew nothing"]
    return []


def _version() -> str:
    from app import version

    return version()


class VersionAction(argparse.Action):
    """``--version``, read only when asked (argparse's own wants the text before parsing)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"tripfold {_version()}")  # on stdout, as argparse's own version action does
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tripfold", description=_("Fold your photos and videos into trips by place and date, offline.")
    )
    parser.add_argument("--version", action=VersionAction, help=_("print the version and exit"))
    parser.add_argument(
        "--library",
        metavar="PATH",
        help=_("the library file (default: TRIPFOLD_LIBRARY or the user data folder)"),
    )
    parser.add_argument(
        "--db-url",
        metavar="URL",
        help=_(
            "a library shared by several machines on a PostgreSQL server, postgresql://user@host/db "
            "(default: TRIPFOLD_DB_URL); the password comes from PGPASSWORD or ~/.pgpass"
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", help=_("open the window (the default)"))
    gui.add_argument("--screenshot", metavar="PNG", help=_("render the window to PNG and exit"))
    gui.add_argument(
        "--view",
        type=screenshot_view,
        metavar="VIEW",
        help=_("the view to open (and render): map, or trip:TRIP_ID"),
    )
    gui.add_argument("folders", nargs="*", metavar="FOLDER", help=_("folders (or file:// URIs) to add"))
    smoke = sub.add_parser(
        "smoke", help=_("check this Tripfold end to end offscreen, on sample trips in a temporary library")
    )
    smoke.add_argument("--keep", metavar="DIR", help=_("work in DIR and keep the library and window.png"))

    index = sub.add_parser("index", help=_("add folders as sources and index them"))
    index.add_argument("dirs", nargs="+", metavar="DIR")
    index.add_argument("--json", action="store_true", help=_("print the task and failures as JSON"))

    files = sub.add_parser("files", help=_("list indexed files with time, place, status and error"))
    files.add_argument("--status", metavar="S", choices=("ok", "no_time", "no_place", "error", "missing"))
    files.add_argument("--json", action="store_true")
    add_language_option(files)

    task = sub.add_parser("task", help=_("show one task"))
    task.add_argument("task_id", metavar="TASK_ID")
    task.add_argument("--json", action="store_true")
    mount = sub.add_parser(
        "add-mount",
        help=_("say that DIR is, on this machine, the source known as SOURCE (moved, or mounted elsewhere)"),
    )
    mount.add_argument(
        "source", metavar="SOURCE",
        help=_("the source's path on another machine, the path it was added with, or where it was before"),
    )  # fmt: skip
    mount.add_argument("dir", metavar="DIR")
    demo = sub.add_parser("demo", help=_("write sample trips into DIR and add them to the library"))
    demo.add_argument("dir", metavar="DIR")
    add_thumbnail_parser(sub)
    COMMANDS.update(add_parsers(sub))
    COMMANDS.update(add_trip_parsers(sub))
    COMMANDS.update(add_copy_parsers(sub))
    return parser


COMMANDS = {
    "index": cmd_index, "files": cmd_files, "task": cmd_task, "add-mount": cmd_add_mount, "demo": cmd_demo,
}  # fmt: skip


def single_threaded_numerics() -> None:
    """Keep NumPy's BLAS from starting threads of its own at import.

    Tripfold's arrays are lookups, not linear algebra, so those threads only cost; and a process with
    no other thread may fork its reading processes safely (``indexing.reading_pool``).
    """
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


def with_gui_for_folders(argv: list[str]) -> list[str]:
    """``tripfold FOLDER…`` (the desktop entry's ``tripfold %U`` with folders dropped on the launcher)
    means ``tripfold gui FOLDER…``.  Only a word that looks like a path or URI is taken for a folder, so
    a mistyped command is still refused as one."""
    commands = {*COMMANDS, "gui", "smoke", "thumbnail"}  # filled by build_parser
    i = 0
    while i < len(argv):
        word = argv[i]
        if word in ("--library", "--db-url"):
            i += 2
            continue
        if word.startswith("-"):
            i += 1
            continue
        looks_like_folder = "/" in word or word.startswith("file:") or os.path.isdir(word)
        if word not in commands and looks_like_folder:
            return [*argv[:i], "gui", *argv[i:]]
        return argv
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    single_threaded_numerics()
    use_messages_language()
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(with_gui_for_folders(argv))
    if args.command in (None, "gui"):
        if args.command is None:
            args.screenshot, args.folders = None, []
        return cmd_gui(args)
    if args.command == "smoke":
        return cmd_smoke(args)
    if args.command == "thumbnail":
        return cmd_thumbnail(args, local_path)

    import logging

    from app.logs import setup_logging
    from app.service import LibraryError, Service, ServiceError

    setup_logging()
    logging.raiseExceptions = False  # a log that cannot be written (a full disk) must not add its own noise
    try:
        service = Service(args.db_url or args.library)  # neither: TRIPFOLD_DB_URL, else TRIPFOLD_LIBRARY
    except LibraryError as exc:
        print(f"tripfold: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return _interrupted()
    try:
        return COMMANDS[args.command](service, args)
    except ServiceError as exc:
        print(f"tripfold: {exc}", file=sys.stderr)
        return EXIT_USAGE if exc.code == "InvalidArgument" else EXIT_FAILED
    except LibraryError as exc:  # busy beyond the timeout, a full disk, a read-only library
        print(f"tripfold: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:  # the task has been recorded as Cancelled on its way out
        return _interrupted()
    except BrokenPipeError:  # `tripfold trips --json | head`: the reader has had enough
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except Exception as exc:  # a bug: one line here, the traceback in the log
        from app.logs import shown_log_path

        logging.getLogger("app.cli").exception("tripfold %s failed", args.command)
        details = _("details in {log}").format(log=shown_log_path())
        print(f"tripfold: {type(exc).__name__}: {exc} ({details})", file=sys.stderr)
        return EXIT_FAILED
    finally:
        service.close()


def _interrupted() -> int:
    print(
        "\ntripfold: " + _("cancelled (Ctrl-C); what was saved is kept, and running it again finishes."),
        file=sys.stderr,
    )
    return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
