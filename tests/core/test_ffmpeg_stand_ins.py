"""The generated stand-ins for what PyAV's FFmpeg and psycopg2's libpq link but Tripfold never runs
(packaging/stubs/unused.py, packaging/slim.py's generated_stand_in).

PyAV and psycopg2 are hard-linked into a temporary folder with the stand-ins in their wheels' library
folders (the libraries find each other by RPATH $ORIGIN), then the same script runs on both: each
corpus video and a file of each codec the stand-ins concern (made here with the wheel's own encoders)
decodes to the very same frames with FFmpeg's own decoders, and the stand-ins, built to say when they
run, show that only what FFmpeg calls when it lists its codecs ran.  Asking for one of those libraries
by name, or TLS over a socket, fails with an error instead of crashing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories.sites import linked_site, replace

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import slim  # noqa: E402

av = pytest.importorskip("av")
SITE = Path(av.__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("TRIPFOLD_CORPUS", "/work/shared/corpus")) / "good"
VIDEO = (".mp4", ".mov", ".m4v", ".3gp", ".mkv", ".avi", ".webm")
FOLDERS = {"av.libs": "av", "psycopg2_binary.libs": "psycopg2", "pillow.libs": "PIL"}

pytestmark = pytest.mark.skipif(
    not (shutil.which("cc") or shutil.which("gcc")) or not shutil.which("nm"),
    reason="a C compiler and nm (binutils) build and inspect the stand-ins",
)

#: what FFmpeg calls of them when it first lists its codecs (libvpx's and libaom's init_static_data)
AT_INIT = {
    "vpx_codec_get_caps",
    "vpx_codec_vp8_cx",
    "vpx_codec_vp9_cx",
    "vpx_codec_vp8_dx",
    "vpx_codec_vp9_dx",
    "aom_codec_get_caps",
    "aom_codec_av1_cx",
    "aom_codec_version",
    "gnutls_global_init",
}


def _stand_ins(work: Path, trace: bool) -> dict[str, Path]:
    """Every stand-in slim builds for the two wheels' folders: {folder/name: built}."""
    built = {}
    for folder in FOLDERS:
        for library in sorted((SITE / folder).glob("*.so*")):
            dest = f"{folder}/{library.name}"
            if trace and slim.base_name(library.name) in slim.UNUSED:
                made = slim.generated_stand_in(library, work / library.name, trace=True)
            else:
                made = slim.stand_in(dest, str(library), work)
            if made is not None:
                built[dest] = Path(made)
    return built


def _site(tmp_path: Path, stand_ins: dict[str, Path]) -> Path:
    names = [name for folder, package in FOLDERS.items() for name in (folder, package)]
    site = linked_site(tmp_path, SITE, names, "PyAV and psycopg2")
    for dest, built in stand_ins.items():
        replace(site / dest, built)
    return site


MAKE = r"""
import sys
import numpy as np
import av

out = sys.argv[1]
def video(name, codec, container, options=None):
    with av.open(f"{out}/{name}", "w", format=container) as c:
        s = c.add_stream(codec, rate=10, options=options or {})
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        for i in range(6):
            img = np.zeros((48, 64, 3), np.uint8)
            img[:, : 10 * (i + 1)] = (200, 40 * i, 90)
            c.mux(s.encode(av.VideoFrame.from_ndarray(img, format="rgb24")))
        c.mux(s.encode())

def audio(name, codec, container, rate, layout="mono", fmt=None):
    with av.open(f"{out}/{name}", "w", format=container) as c:
        s = c.add_stream(codec, rate=rate, layout=layout)
        fmt = fmt or s.codec_context.codec.audio_formats[0].name
        t = np.arange(rate) / rate
        kind = fmt.rstrip("p")
        dtype = {"s16": np.int16, "s32": np.int32, "flt": np.float32, "dbl": np.float64}[kind]
        scale = {"s16": 12000, "s32": 12000 * 65536}.get(kind, 0.4)
        wave = (np.sin(2 * np.pi * 440 * t) * scale).astype(dtype)
        channels = 2 if layout == "stereo" else 1
        data = np.tile(wave, (channels, 1)) if fmt.endswith("p") else np.repeat(wave, channels)[None, :]
        frame = av.AudioFrame.from_ndarray(data, format=fmt, layout=layout)
        frame.sample_rate = rate
        for packet in s.encode(frame):
            c.mux(packet)
        c.mux(s.encode())

video("vp8.webm", "libvpx", "webm")
video("vp9.webm", "libvpx-vp9", "webm")
video("av1.mkv", "libaom-av1", "matroska", {"cpu-used": "8"})
video("h264-openh264.mp4", "libopenh264", "mp4")
audio("opus.ogg", "libopus", "ogg", 48000)
audio("vorbis.ogg", "libvorbis", "ogg", 44100)
audio("speex.ogg", "libspeex", "ogg", 16000)
audio("mp3.mp3", "libmp3lame", "mp3", 44100)
audio("mp2.mp2", "libtwolame", "mp2", 44100, "stereo")
audio("amr.amr", "libopencore_amrnb", "amr", 8000)
with av.open(f"{out}/still.webp", "w", format="webp") as c:
    s = c.add_stream("libwebp", rate=1)
    s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
    img = np.zeros((48, 64, 3), np.uint8); img[10:30, 5:50] = (10, 200, 30)
    c.mux(s.encode(av.VideoFrame.from_ndarray(img, format="rgb24")))
    c.mux(s.encode())
"""

DECODE = r"""
import hashlib, sys
import av

for path in sys.argv[1:]:
    digest, kinds = hashlib.sha256(), []
    with av.open(path) as c:
        streams = [s for s in c.streams if s.type in ("video", "audio")]
        kinds = [f"{s.type}:{s.codec_context.name}" for s in streams]
        frames = 0
        for frame in c.decode(*streams):
            digest.update(frame.to_ndarray().tobytes())
            frames += 1
    print(path.rsplit("/", 1)[-1], kinds, frames, digest.hexdigest()[:16])
"""

FAIL = r"""
import socket, threading
from fractions import Fraction
import av

for name in ("libvpx-vp9", "libaom-av1", "libopus", "libvorbis", "libspeex", "libopenh264"):
    try:
        ctx = av.CodecContext.create(name, "r")
        ctx.open()
    except Exception as exc:
        print(name, "decoder refused:", type(exc).__name__)
    else:
        print(name, "decoder opened")
for name in ("libvpx-vp9", "libaom-av1", "libmp3lame", "libopus", "libwebp", "libopenh264"):
    try:
        ctx = av.CodecContext.create(name, "w")
        if ctx.type == "video":
            ctx.width, ctx.height, ctx.pix_fmt, ctx.time_base = 64, 48, "yuv420p", Fraction(1, 10)
        else:
            ctx.sample_rate, ctx.layout = 48000 if name == "libopus" else 44100, "mono"
            ctx.format = ctx.codec.audio_formats[0].name
        ctx.open()
    except Exception as exc:
        print(name, "encoder refused:", type(exc).__name__)
    else:
        print(name, "encoder opened")

server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(1)
def answer():  # a peer that says something that is not TLS, then hangs up
    peer, _ = server.accept()
    peer.sendall(b"not tls\r\n" * 10)
    peer.close()
threading.Thread(target=answer, daemon=True).start()
try:
    av.open(f"tls://127.0.0.1:{server.getsockname()[1]}", timeout=10, options={"tls_verify": "0"})
except Exception as exc:
    print("tls refused:", type(exc).__name__)
import psycopg2
try:
    psycopg2.connect("host=127.0.0.1 port=9 dbname=x user=x connect_timeout=3")
except psycopg2.OperationalError:
    print("psycopg2 connect refused: OperationalError")
from PIL import ImageGrab
try:  # a display that is not there: the same answer whether xcb is real or a stand-in
    ImageGrab.grab(xdisplay=":4242")
except OSError as exc:
    print("screen grab refused:", str(exc).split(":")[0])
"""


def _run(script: str, args: list[str], site: Path | None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if site is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("samples")
    made = _run(MAKE, [str(out)], None)
    assert made.returncode == 0, made.stderr[-3000:]
    return sorted(str(p) for p in out.iterdir())


def test_each_stand_in_defines_what_its_remaining_users_bind(tmp_path: Path) -> None:
    stand_ins = _stand_ins(tmp_path, trace=False)
    generated = {d for d in stand_ins if slim.base_name(Path(d).name) in slim.UNUSED}
    assert len(generated) >= 10, sorted(stand_ins)
    site = _site(tmp_path, stand_ins)
    for dest, built in stand_ins.items():
        inside = [name for name in slim.needed(str(built)) if (SITE / Path(dest).parent / name).exists()]
        assert not inside, f"{built.name} links {inside} of its wheel's folder"
        original = SITE / dest
        users = [u for u in slim._users(original) if not slim._replaced(u)]
        if slim.base_name(original.name) in slim.EMPTY:
            assert not users, f"{dest} is empty but {users} link it"
        for user in users:
            wanted = {(n, v) for n, v, _k, _s in slim._dynamic_symbols(user, False)}
            have = {(n, (v or "").lstrip("@") or None) for n, v, _k, _s in slim._dynamic_symbols(built, True)}
            have |= {(n, None) for n, _v in have}
            mine = {n for n, _v, _k, _s in slim._dynamic_symbols(original, True)}
            missing = {(n, v) for n, v in wanted if n in mine and (n, v) not in have}
            assert not missing, f"{built.name} lacks what {user.name} binds: {sorted(missing)}"
    # and the dynamic linker agrees: with every symbol bound at load (LD_BIND_NOW), the extension modules
    # load, and with them every library of the two folders that anything still links
    check = "import importlib, pkgutil, av, psycopg2, PIL._imaging\n" + "".join(
        f"for m in pkgutil.walk_packages({pkg}.__path__, '{pkg}.'): importlib.import_module(m.name)\n"
        for pkg in ("av", "psycopg2")
    )
    env = {**os.environ, "LD_BIND_NOW": "1", "PYTHONPATH": str(site)}
    loaded = subprocess.run(
        [sys.executable, "-c", check], env=env, capture_output=True, text=True, check=False
    )
    assert loaded.returncode == 0, loaded.stderr[-3000:]


def test_videos_and_sounds_decode_the_same_and_only_codec_listing_touches_a_stand_in(
    tmp_path: Path, samples: list[str]
) -> None:
    corpus = sorted(str(p) for p in CORPUS.glob("*") if p.suffix.lower() in VIDEO) if CORPUS.is_dir() else []
    site = _site(tmp_path, _stand_ins(tmp_path / "built", trace=True))
    wheel, slimmed = _run(DECODE, corpus + samples, None), _run(DECODE, corpus + samples, site)
    assert wheel.returncode == 0, wheel.stderr[-3000:]
    assert slimmed.returncode == 0, slimmed.stderr[-3000:]
    assert slimmed.stdout == wheel.stdout
    picks = {line.split()[0]: line for line in slimmed.stdout.splitlines()}
    assert "'video:vp9'" in picks["vp9.webm"] and "'video:vp8'" in picks["vp8.webm"]
    assert "'video:libdav1d'" in picks["av1.mkv"] and "'video:h264'" in picks["h264-openh264.mp4"]
    for name, codec in [("opus.ogg", "opus"), ("vorbis.ogg", "vorbis"), ("speex.ogg", "speex")]:
        assert f"'audio:{codec}'" in picks[name], picks[name]
    assert "'audio:amrnb'" in picks["amr.amr"] and "'audio:mp3" in picks["mp3.mp3"]
    assert all(int(line.split()[-2]) > 0 for line in slimmed.stdout.splitlines())  # frames decoded
    ran = {line.split()[-1] for line in slimmed.stderr.splitlines() if line.startswith("stand-in: ")}
    assert ran <= AT_INIT, f"stand-ins ran beyond FFmpeg's codec listing: {sorted(ran - AT_INIT)}"
    if not corpus:
        pytest.skip(f"the corpus is not at {CORPUS}: only the made files were compared")


def test_asking_for_a_replaced_library_fails_cleanly(tmp_path: Path) -> None:
    site = _site(tmp_path, _stand_ins(tmp_path / "built", trace=False))
    wheel, slimmed = _run(FAIL, [], None), _run(FAIL, [], site)
    assert wheel.returncode == 0, wheel.stderr[-3000:]
    assert slimmed.returncode == 0, slimmed.stderr[-3000:]
    lines = slimmed.stdout.splitlines()
    assert "libvpx-vp9 decoder opened" in wheel.stdout and "libvpx-vp9 decoder refused" in slimmed.stdout
    assert [line for line in lines if line.endswith("opened")] == [], lines
    assert any(line.startswith("tls refused") for line in lines), lines
    assert "psycopg2 connect refused: OperationalError" in lines
    assert "screen grab refused: X connection failed" in lines and "screen grab" in wheel.stdout


QT_PLAY = r"""
import sys
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import QApplication

app = QApplication([])
for path in sys.argv[1:]:
    widget = QVideoWidget()
    widget.show()
    player, audio = QMediaPlayer(), QAudioOutput()
    player.setAudioOutput(audio)
    player.setVideoOutput(widget)
    frames = []
    sink = widget.videoSink()
    sink.videoFrameChanged.connect(lambda f: f.isValid() and frames.append((f.width(), f.height())))
    player.mediaStatusChanged.connect(
        lambda status: status in (QMediaPlayer.EndOfMedia, QMediaPlayer.InvalidMedia) and app.quit())
    limit = QTimer(singleShot=True, interval=6_000)
    limit.timeout.connect(app.quit)
    limit.start()
    player.setSource(QUrl.fromLocalFile(path))
    player.setPlaybackRate(4.0)
    player.play()
    app.exec()
    limit.stop()
    name = path.rsplit("/", 1)[-1]
    print(name, sorted(set(frames)), player.duration(), player.hasVideo(), player.hasAudio())
    player.stop()
"""


def test_qt_multimedia_on_pyav_s_ffmpeg_plays_with_the_stand_ins_as_without(
    tmp_path: Path, samples: list[str]
) -> None:
    """The built program links Qt Multimedia's FFmpeg plugin to PyAV's FFmpeg (packaging/share_ffmpeg.py),
    so the player meets the stand-ins too: it must pick the same (FFmpeg's own) decoders and play each
    file as with the real libraries, running no stand-in beyond FFmpeg's codec listing."""
    share_ffmpeg = pytest.importorskip("share_ffmpeg")
    pyside = pytest.importorskip("PySide6")
    check = subprocess.run(
        [sys.executable, "-c", "import PySide6.QtMultimedia"], capture_output=True, text=True
    )
    if check.returncode != 0:
        pytest.skip(f"Qt Multimedia cannot load here ({(check.stderr.strip().splitlines() or ['?'])[-1]})")
    qt_site = Path(pyside.__file__).resolve().parents[1]
    plugin = qt_site / "PySide6" / "Qt" / "plugins" / "multimedia" / "libffmpegmediaplugin.so"
    if not plugin.exists():
        pytest.skip("this PySide6 wheel has no Qt Multimedia FFmpeg plugin")
    runs = []
    for label, trace in (("real", None), ("stand-ins", True)):
        root = tmp_path / label
        site = _site(root, _stand_ins(root / "built", trace=True) if trace else {})
        try:
            for package in ("PySide6", "shiboken6"):
                shutil.copytree(qt_site / package, site / package, copy_function=os.link)
        except OSError as exc:
            pytest.skip(f"cannot hard-link PySide6 into {tmp_path} ({exc})")
        plugin_dir = site / "PySide6" / "Qt" / "plugins" / "multimedia"
        shared = share_ffmpeg.shared_plugin(
            plugin, site / "av.libs", str(plugin_dir), str(site / "av.libs"), root
        )
        if shared is None:
            pytest.skip("the plugin could not be linked to PyAV's FFmpeg here (patchelf, or PyAV's version)")
        (plugin_dir / plugin.name).unlink()  # a hard link to the wheel's file: never write through it
        shutil.copy(shared, plugin_dir / plugin.name)
        videos = [s for s in samples if s.endswith((".webm", ".mkv", ".mp4"))]
        videos += sorted(str(p) for p in CORPUS.glob("*") if p.suffix.lower() in (".mp4", ".mov"))
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(site)}
        done = subprocess.run(
            [sys.executable, "-c", QT_PLAY, *videos], env=env, capture_output=True, text=True, timeout=900
        )
        assert done.returncode == 0, done.stderr[-3000:]
        runs.append(done)
    real, slimmed = runs
    assert slimmed.stdout == real.stdout
    assert "vp9.webm [(64, 48)]" in slimmed.stdout and "av1.mkv [(64, 48)]" in slimmed.stdout
    ran = {line.split()[-1] for line in slimmed.stderr.splitlines() if line.startswith("stand-in: ")}
    assert ran <= AT_INIT, f"stand-ins ran beyond FFmpeg's codec listing: {sorted(ran - AT_INIT)}"


def test_without_nm_no_library_is_emptied_for_a_stand_in_that_cannot_be_made(tmp_path: Path) -> None:
    """A C compiler but no nm: the generated stand-ins cannot be made, so the libraries only they would
    have unlinked (GnuTLS's nettle, libvorbis's libogg...) must stay whole too, or the build breaks."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("cc", "as", "ld", "ld.bfd"):
        found = shutil.which(tool)
        if found:
            (tools / tool).symlink_to(found)
    script = (
        f"import sys; sys.path.insert(0, {str(ROOT / 'packaging')!r}); import slim\n"
        "from pathlib import Path\n"
        f"site, work = Path({str(SITE)!r}), Path({str(tmp_path / 'work')!r})\n"
        "for folder in ('av.libs', 'psycopg2_binary.libs'):\n"
        "    for lib in sorted((site / folder).glob('*.so*')):\n"
        "        if slim.stand_in(f'{folder}/{lib.name}', str(lib), work):\n"
        "            print(slim.base_name(lib.name))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env={**os.environ, "PATH": str(tools)}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert set(done.stdout.split()) <= {"libx265", "libSvtAv1Enc"}, done.stdout
