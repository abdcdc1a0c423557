"""Which machine this is, so a library shared by several (SPEC §13) can keep each one's mount points.

The id is the system's own (``/etc/machine-id``, made once at installation and kept across reboots), else
one Tripfold generates once into its configuration folder.  ``TRIPFOLD_MACHINE_ID`` overrides both: a
test plays two machines on one library with it, and a user whose machine id changed (a cloned system
image) can keep the old one.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

SYSTEM_IDS = ("/etc/machine-id", "/var/lib/dbus/machine-id")


def machine_id() -> str:
    override = os.environ.get("TRIPFOLD_MACHINE_ID", "").strip()
    if override:
        return override
    for name in SYSTEM_IDS:
        try:
            text = Path(name).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if text:
            return text
    return _generated()


def _generated() -> str:
    """An id kept in the user's configuration folder (``$XDG_CONFIG_HOME/Tripfold/machine-id`` on Linux),
    made the first time it is asked for."""
    from platformdirs import user_config_path

    path = user_config_path("Tripfold", appauthor=False) / "machine-id"
    try:
        text = path.read_text(encoding="ascii").strip()
        if text:
            return text
    except (OSError, UnicodeDecodeError):
        pass
    text = uuid.uuid4().hex
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="ascii")
    except OSError:
        pass  # a read-only home: this run uses a fresh id; its mounts are found again by their paths
    return text
