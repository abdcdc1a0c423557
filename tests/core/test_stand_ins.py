"""The built program's stand-ins (packaging/slim.py): each defines every symbol its users bind from the
library it replaces, and Qt with them plays a video, sorts and names zones as the wheel's own Qt does.

These check packaging/slim.py against the wheels installed here; they sit with the core tests because
they need no build (tests/test_packaging.py checks the built program itself).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import slim  # noqa: E402

from tests.factories.videos import make_h264_clip  # noqa: E402

SITE = Path(pytest.importorskip("PySide6").__file__).resolve().parents[1]
QT_LIB = SITE / "PySide6" / "Qt" / "lib"
FFMPEG_PLUGIN = SITE / "PySide6" / "Qt" / "plugins" / "multimedia" / "libffmpegmediaplugin.so"

needs_tools = pytest.mark.skipif(
    not (shutil.which("cc") or shutil.which("gcc")) or not shutil.which("nm"),
    reason="a C compiler and nm (binutils) build and inspect the stand-ins",
)


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if not found:
        pytest.skip(f"no {pattern} in {folder}: that wheel is not installed here")
    return found[0]


def _symbols(path: Path, defined: bool) -> set[str]:
    option = "--defined-only" if defined else "--undefined-only"
    out = subprocess.run(["nm", "-D", option, str(path)], capture_output=True, text=True, check=True).stdout
    return {line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip()}


def test_needed_reads_a_library_s_own_links_only() -> None:
    if not FFMPEG_PLUGIN.exists():
        pytest.skip("the PySide6 wheel here has no Qt Multimedia FFmpeg plugin")
    names = slim.needed(str(FFMPEG_PLUGIN))
    assert "libQt6Quick.so.6" in names and "libavcodec.so.61" in names
    assert "libQt6QmlModels.so.6" not in names  # linked by Qt Quick, not by the plugin: ldd would list it
    assert slim.needed(__file__) == []  # not ELF


@needs_tools
@pytest.mark.parametrize(
    ("user", "original"),
    [
        ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", "PySide6/Qt/lib/libQt6Quick.so.6"),
        ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", "PySide6/Qt/lib/libQt6Qml.so.6"),
        ("av.libs/libavcodec-*.so*", "av.libs/libx265-*.so*"),
        ("av.libs/libavcodec-*.so*", "av.libs/libSvtAv1Enc-*.so*"),
        ("pillow_heif.libs/libheif-*.so*", "pillow_heif.libs/libx265-*.so*"),
    ],
)
def test_each_stand_in_defines_what_its_users_bind(user: str, original: str, tmp_path: Path) -> None:
    user_path, original_path = _one(SITE, user), _one(SITE, original)
    dest = original_path.relative_to(SITE).as_posix()
    built = slim.stand_in(dest, str(original_path), tmp_path)
    assert built is not None, f"no stand-in built for {dest}"
    bound = _symbols(user_path, defined=False) & _symbols(original_path, defined=True)
    missing = bound - _symbols(Path(built), defined=True)
    assert not missing, f"{Path(built).name} lacks what {user_path.name} binds: {sorted(missing)}"
    assert os.path.getsize(built) < 100_000


PLAY = r"""
import sys
from PySide6.QtCore import QCollator, QLocale, QTimeZone, QTimer, QUrl
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import QApplication

app = QApplication([])
collator = QCollator(QLocale("zh_CN"))
print("sorted", sorted(["张", "阿", "北京", "上海", "abc", "Zebra"], key=collator.sortKey))
zone = QTimeZone(b"Asia/Shanghai")
print("zone", zone.displayName(QTimeZone.StandardTime, QTimeZone.LongName, QLocale("en_US")))
widget = QVideoWidget()
widget.show()
player, audio = QMediaPlayer(), QAudioOutput()
player.setAudioOutput(audio)
player.setVideoOutput(widget)
frames = []
widget.videoSink().videoFrameChanged.connect(lambda frame: frames.append(frame.isValid()))
player.mediaStatusChanged.connect(lambda status: status == QMediaPlayer.EndOfMedia and app.quit())
QTimer.singleShot(20_000, app.quit)  # a player that never ends must not hang the test
player.setSource(QUrl.fromLocalFile(sys.argv[1]))
player.play()
app.exec()
print("played", len(frames) > 0, player.mediaStatus().name, player.duration())
print("quick", [line.split()[-1] for line in open("/proc/self/maps") if "libQt6Quick" in line][:1])
"""


@needs_tools
def test_qt_with_the_stand_ins_plays_sorts_and_names_zones_as_before(tmp_path: Path, qt_copy: Path) -> None:
    """Qt's own libraries linked into a copy of PySide6 (hard links: $ORIGIN follows symlinks back to
    the wheel), with Qt Quick, Qml and ICU's data replaced, then the same script run on both."""
    if not FFMPEG_PLUGIN.exists():
        pytest.skip("the PySide6 wheel here has no Qt Multimedia FFmpeg plugin")
    site = qt_copy
    work = tmp_path / "stand-ins"
    for name in ("libQt6Quick.so.6", "libQt6Qml.so.6", "libicudata.so.73"):
        if not (QT_LIB / name).exists():
            pytest.skip(f"this PySide6 has no {name}")
        built = slim.stand_in(f"PySide6/Qt/lib/{name}", str(QT_LIB / name), work)
        if built is None:
            pytest.skip(f"the {name} stand-in could not be built here (icupkg from icu-devtools for ICU)")
        target = site / "PySide6" / "Qt" / "lib" / name
        target.unlink()  # a hard link to the wheel's file: never write through it
        shutil.copy(built, target)
    video = make_h264_clip(tmp_path / "clip.mp4")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    runs = []
    for path in ([], [str(site)]):
        run_env = {**env, "PYTHONPATH": os.pathsep.join([*path, env.get("PYTHONPATH", "")])}
        done = subprocess.run(
            [sys.executable, "-c", PLAY, str(video)], env=run_env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr[-2000:]
        runs.append(done.stdout.splitlines())
    wheel, slimmed = runs
    assert f"quick ['{site / 'PySide6' / 'Qt' / 'lib' / 'libQt6Quick.so.6'}']" in slimmed
    assert "played True EndOfMedia 1000" in slimmed
    assert [line for line in wheel if not line.startswith("quick")] == [
        line for line in slimmed if not line.startswith("quick")
    ]


SYSTEM_LIB = Path("/usr/lib/x86_64-linux-gnu")


@needs_tools
def test_libsndfile_stands_in_for_what_only_pulseaudio_s_sample_file_helpers_call(tmp_path: Path) -> None:
    """The system's libpulsecommon, which Qt Multimedia's PulseAudio backend brings, links libsndfile
    for its pa_sndfile_* helpers (pacat's and the daemon's sample files); nothing in the program binds
    those helpers, so the stand-in's sf_* functions are never reached, and FLAC, Vorbis, Opus, mpg123
    and LAME, which only libsndfile links, stay out of the build."""
    common = sorted(SYSTEM_LIB.glob("pulseaudio/libpulsecommon-*.so"))
    sndfile = SYSTEM_LIB / "libsndfile.so.1"
    readable = [p for p in [*common, sndfile] if p.exists() and p.stat().st_size > 4096]
    if not common or len(readable) != len(common) + 1:
        pytest.skip("PulseAudio's client libraries are missing or unreadable here (a build would bring none)")
    built = slim.stand_in("libsndfile.so.1", str(sndfile), tmp_path)
    assert built is not None
    bound = _symbols(common[0], defined=False) & _symbols(sndfile, defined=True)
    assert bound and not bound - _symbols(Path(built), defined=True)
    assert slim.needed(built) == [] or set(slim.needed(built)) <= {"libc.so.6"}
    helpers = {s for s in _symbols(common[0], defined=True) if s.startswith("pa_sndfile")}
    users = [SYSTEM_LIB / "libpulse.so.0", FFMPEG_PLUGIN, QT_LIB / "libQt6Multimedia.so.6"]
    assert helpers and all(not helpers & _symbols(u, defined=False) for u in users if u.exists())
