"""Tripfold.  Its version has one source, ``pyproject.toml``; :func:`version` reads it.

Read lazily: every ``tripfold`` process imports this package, and ``importlib.metadata`` or ``tomllib``
would add their import time to commands that never ask for the version.
"""

from __future__ import annotations

from pathlib import Path

APP_ID = "io.github.tripfold.Tripfold"  # the desktop entry, metainfo and icon names (packaging/)


def version() -> str:
    """The version in ``pyproject.toml`` beside this package, else the installed distribution's.

    The source tree's file comes first because an editable install's metadata keeps the version it was
    installed with; the one-folder build carries the same file next to its ``app`` folder
    (``packaging/tripfold.spec``), so it answers the same way.  A wheel install has only the metadata.
    """
    import tomllib

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    try:
        project = tomllib.loads(pyproject.read_text("utf-8")).get("project", {})
    except (OSError, ValueError):
        project = {}
    if project.get("name") == "tripfold" and project.get("version"):
        return str(project["version"])
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("tripfold")
    except PackageNotFoundError:
        return "unknown"
