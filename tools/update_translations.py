"""Refresh the window's translation sources and compile them: ``python tools/update_translations.py``.

``pyside6-lupdate`` reads every ``app/ui/*.py`` and updates ``resources/i18n/tripfold_<lang>.ts`` in place
(translations of unchanged strings are kept; strings gone from the code are dropped, not kept as
"vanished"); ``pyside6-lrelease`` then writes the ``.qm`` files the window loads.  The ``.qm`` files are
committed, so an install from the repository speaks every shipped language without this step.

English ships only its plural messages (``-pluralonly``): its other strings are the source text itself.
Run this after changing a user-visible string, translate the new messages (Qt Linguist,
``pyside6-linguist resources/i18n/tripfold_zh_CN.ts``, or any editor), then run it again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "app" / "ui"
FOLDER = ROOT / "resources" / "i18n"
#: each shipped catalogue: its Qt locale name and whether it holds only plural messages
LANGUAGES = {"zh_CN": False, "en": True}


def tool(name: str) -> str:
    """A Qt tool from the PySide6 in this interpreter's environment (its ``bin``), else from ``PATH``."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 (pip install -e .) in this environment")
    return found


def ts_path(language: str) -> Path:
    return FOLDER / f"tripfold_{language}.ts"


def update(language: str, plural_only: bool) -> None:
    sources = sorted(str(p.relative_to(ROOT)) for p in SOURCES.glob("*.py"))
    command = [tool("pyside6-lupdate"), *sources, "-no-obsolete", "-locations", "relative",
               "-target-language", language, "-ts", str(ts_path(language).relative_to(ROOT))]  # fmt: skip
    if plural_only:
        command.insert(-2, "-pluralonly")
    subprocess.run(command, cwd=ROOT, check=True)


def release(language: str) -> Path:
    qm = ts_path(language).with_suffix(".qm")
    subprocess.run([tool("pyside6-lrelease"), str(ts_path(language)), "-qm", str(qm)], cwd=ROOT, check=True)
    return qm


def main() -> int:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for language, plural_only in LANGUAGES.items():
        update(language, plural_only)
        release(language)
    return 0


if __name__ == "__main__":
    sys.exit(main())
