"""``tripfold thumbnail FILE PNG [--size N]`` (SPEC §11): the picture the window shows for a file, for file
managers through the freedesktop ``.thumbnailer`` entry (packaging/).  No library is opened, and Qt is not
loaded: a file manager starts this once per file, so it must start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from typing import Any

from app.cli_output import _

SIZES = (16, 1024)  # freedesktop asks for 128 (normal) up to 1024 (xx-large)


def add_parser(sub: Any) -> None:
    thumbnail = sub.add_parser("thumbnail", help=_("write the picture the window shows for FILE as a PNG"))
    thumbnail.add_argument("file", metavar="FILE", help=_("a photo or video (a path or a file:// URI)"))
    thumbnail.add_argument("png", metavar="PNG", help=_("where to write it; never the photo itself"))
    thumbnail.add_argument(
        "--size",
        type=int,
        default=256,
        metavar="N",
        help=_("longest side in pixels ({low}-{high}; 256)").format(low=SIZES[0], high=SIZES[1]),
    )


def cmd_thumbnail(args: argparse.Namespace, local_path: Any) -> int:
    """Exit 0 with the PNG written; 1 when the file has no picture (the reason on stderr; the file
    manager then shows its own icon); 2 for a bad argument, before anything is read."""
    if not SIZES[0] <= args.size <= SIZES[1]:
        said = _("--size {size} is outside {low}..{high}").format(size=args.size, low=SIZES[0], high=SIZES[1])
        print("tripfold thumbnail: " + said, file=sys.stderr)
        return 2
    source = local_path(args.file)
    if source is None:
        print(
            "tripfold thumbnail: " + _("{file} is not a local file").format(file=args.file), file=sys.stderr
        )
        return 2
    target = os.path.abspath(args.png)
    if os.path.exists(source) and os.path.exists(target) and os.path.samefile(source, target):
        print("tripfold thumbnail: " + _("PNG must not be the photo itself"), file=sys.stderr)
        return 2
    from app.core.pictures import PictureError, open_picture

    try:
        picture = open_picture(source, args.size)
    except PictureError as exc:
        print(f"tripfold thumbnail: {os.path.basename(source)}: {exc}", file=sys.stderr)
        return 1
    folder = os.path.dirname(target) or "."
    handle, scratch = tempfile.mkstemp(suffix=".png", dir=folder)  # written whole, then put in place
    try:
        with os.fdopen(handle, "wb") as out:
            picture.image.save(out, "PNG")
        os.replace(scratch, target)
    except OSError as exc:
        os.unlink(scratch)
        said = _("cannot write {png}: {reason}").format(png=args.png, reason=exc.strerror or exc)
        print("tripfold thumbnail: " + said, file=sys.stderr)
        return 1
    return 0
