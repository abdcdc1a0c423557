"""Smaller stand-ins for libraries the built program must link but never uses (tripfold.spec runs this).

Five kinds of weight come with the wheels and cannot be left out, because a library that stays links
them by name and would not load without them:

- encoders Tripfold never runs: x265 (HEVC) twice, linked by PyAV's FFmpeg and by pillow-heif's libheif
  (21 MB each), and SVT-AV1 (7 MB) by FFmpeg.  The reel is H.264 (x264, which stays), photos are only
  read, HEVC is decoded by FFmpeg itself and libheif's libde265, AV1 by dav1d;
- Qt Quick, which Qt Multimedia's FFmpeg plugin links only to grab a Qt Quick window when capturing a
  window (QWindowCapture), and Qml, which it names without using; with them go QmlModels, QmlMeta and
  QmlWorkerScript (17 MB);
- NumPy's OpenBLAS (25 MB) with libgfortran and libquadmath (3 MB), which only OpenBLAS links: NumPy
  binds its BLAS for matrix products, which the place lookups use (`@` on positions x 3), and its LAPACK
  for numpy.linalg, which nothing in Tripfold runs.  This stand-in is not empty: a small BLAS in C that
  computes every product NumPy hands it (any dtype, order, transposition, stride), an LU factorisation
  (numpy.linalg's det, solve, inv), and the rest of LAPACK failing as LAPACK does (LinAlgError);
- what PyAV's FFmpeg and libpq link for uses Tripfold has none of (27 MB): external codec libraries
  FFmpeg has its own decoders for or that only encode (libaom, libvpx, OpenH264, Vorbis, Opus, Speex,
  AMR, LAME, TwoLAME, libwebp), the network protocols' TLS and SRT (GnuTLS, GMP, SRT and the libraries
  only they link), libavdevice's ALSA and X11 capture, libpq's LDAP.  These stand-ins are generated
  (generated_stand_in) from stubs/unused.py, which says why each is never run and what its functions
  answer, and from `nm -D` of the original and its remaining users: exactly what they bind, at its
  symbol version;
- ICU's data, 32 MB, of which Qt reads collation, converters, time zone names and the root locale data
  (the ICU calls of libQt6Core are ucol_*, ucnv_*, ucal_* and u_strTo{Upper,Lower}); the display names
  of units, currencies, languages and regions, transliteration, spelled-out numbers and the break
  iterators' dictionaries (22 MB) are read only by ICU APIs nothing in the program calls, and the
  legacy code pages' tables (5 MB) only for converters Tripfold never asks Qt for (its text is UTF-8).

Each stand-in is built here from packaging/stubs/ (a C compiler; for ICU, icupkg from icu-devtools);
where the tool is missing the original stays and the build is only bigger.  The stubs' comments say
what a caller gets; `tripfold smoke` and tests/test_packaging.py check the built program still plays
its parts (thumbnails of HEIC and videos, the reel's encoder, Qt Multimedia), and
tests/core/test_stand_ins.py that each stand-in defines what its users bind and that Qt with them plays
a video, collates and names zones as the wheel's Qt does; tests/core/test_openblas_stand_in.py that NumPy
with the BLAS stand-in multiplies as np.einsum does; tests/core/test_ffmpeg_stand_ins.py that PyAV and
Qt's player decode every corpus video and a file of each codec concerned as with the real libraries.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

STUBS = Path(__file__).resolve().parent / "stubs"
sys.path.insert(0, str(STUBS))
from unused import EMPTY, PACKAGE_OF, UNUSED  # noqa: E402  (stubs/unused.py: which, why, what they answer)

#: ICU data trees Qt never reads (see the module's docstring); everything else stays.
ICU_UNUSED = ("unit/", "curr/", "lang/", "region/", "translit/", "rbnf/", "brkitr/")
#: ICU data kinds Tripfold never has Qt read: the legacy code pages' conversion tables (5 MB; Qt reads
#: them only for a QStringDecoder or QStringEncoder of such a code page, which Tripfold never makes: its
#: text is UTF-8 and UTF-16, which ICU converts without tables).
ICU_UNUSED_KINDS = (".cnv",)


def _compile(out: Path, sources: list[Path], flags: list[str], soname: str) -> Path | None:
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        return None
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [cc, "-shared", "-fPIC", "-O2", "-s", f"-Wl,-soname,{soname}", "-o", str(out)]
    command += [str(s) for s in sources] + flags
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"slim: {soname} stays as it is, the stand-in did not build:\n{done.stderr}")
        return None
    return out


def stand_in(dest: str, src: str, work: Path) -> str | None:
    """The path of a stand-in for the library collected as ``dest`` (from ``src``), or None to keep it."""
    name = Path(dest).name
    out = work / name
    if name == "libQt6Quick.so.6":
        qt_lib = Path(src).resolve().parent
        flags = [f"-Wl,--version-script={STUBS / 'qtquick.map'}", f"-L{qt_lib}", "-l:libQt6Gui.so.6"]
        flags += ["-Wl,-rpath,$ORIGIN"]
        built = _compile(out, [STUBS / "qtquick.c"], flags, name)
    elif name == "libQt6Qml.so.6":  # named by the FFmpeg plugin, no symbol of it bound (stubs/empty.c)
        flags = [f"-Wl,--version-script={STUBS / 'empty.map'}"]
        built = _compile(out, [STUBS / "empty.c"], flags, name)
    elif name.startswith("libx265-") and Path(dest).parent.name in ("av.libs", "pillow_heif.libs"):
        build = name.rsplit(".so.", 1)[1]
        null_api = "1" if Path(dest).parent.name == "pillow_heif.libs" else "0"
        built = _compile(
            out,
            [STUBS / "x265.c"],
            [f"-DX265_BUILD={build}", f"-DX265_NULL_API={null_api}", "-l:libstdc++.so.6"],
            name,
        )
    elif name.startswith("libSvtAv1Enc-") and Path(dest).parent.name == "av.libs":
        built = _compile(out, [STUBS / "svtav1.c"], [], name)
    elif name == "libsndfile.so.1" and Path(dest).parent.name in ("", "."):  # the system's, for libpulse
        built = _compile(out, [STUBS / "sndfile.c"], [f"-Wl,--version-script={STUBS / 'sndfile.map'}"], name)
    elif name.startswith("libicudata.so."):
        built = icu_data(Path(src), out)
    elif name.startswith("libscipy_openblas") and Path(dest).parent.name == "numpy.libs":
        built = openblas(Path(src), out)
    elif _generated(dest):
        built = generated_stand_in(Path(src), out)
    elif base_name(name) in EMPTY and Path(dest).parent.name in PACKAGE_OF and _generated_on():
        users = [user for user in _users(Path(src)) if not _replaced(user)]
        built = None if users else _compile(out, [STUBS / "empty.c"], [], name)
    elif name.startswith(("libgfortran", "libquadmath")) and Path(dest).parent.name == "numpy.libs":
        # linked by OpenBLAS alone: empty once OpenBLAS's stand-in builds (else both stay whole)
        blas = sorted(Path(src).parent.glob("libscipy_openblas*.so"))
        built = None
        if blas and openblas(blas[0], work / "openblas-check" / blas[0].name):
            built = _compile(out, [STUBS / "empty.c"], [], name)
    else:
        return None
    return str(built) if built else None


def _generated_on() -> bool:
    """TRIPFOLD_GENERATED_STAND_INS=0 keeps the libraries of stubs/unused.py (and those only they link)."""
    return os.environ.get("TRIPFOLD_GENERATED_STAND_INS", "1") != "0"


def _generated(dest: str) -> bool:
    base = base_name(Path(dest).name)
    return _generated_on() and base in UNUSED and Path(dest).parent.name in UNUSED[base].folder.split()


def base_name(name: str) -> str:
    """A wheel's library named without auditwheel's hash and version: libvpx-09740bc5.so.11 -> libvpx."""
    found = re.match(r"^(.+?)-[0-9a-f]{8}[.-]", name)
    return found.group(1) if found else name.split(".so", 1)[0]


def _users(library: Path) -> list[Path]:
    """The ELF files of the library's wheel folder and of its package that link it by name."""
    folder = library.parent
    places = [folder]
    if folder.name in PACKAGE_OF:
        places.append(folder.parent / PACKAGE_OF[folder.name])
    files = [p for place in places if place.is_dir() for p in sorted(place.rglob("*.so*"))]
    return [p for p in files if p != library and p.is_file() and library.name in needed(str(p))]


def _replaced(library: Path, seen: frozenset[str] = frozenset()) -> bool:
    """Whether the build swaps this library of a wheel folder for a stand-in (generated, empty, or an
    encoder's: x265, SVT-AV1)."""
    base = base_name(library.name)
    if base in ("libx265", "libSvtAv1Enc") or _generated(f"{library.parent.name}/{library.name}"):
        return _builds(library)
    if base not in EMPTY or library.name in seen:
        return False
    users = _users(library)
    return all(_replaced(user, seen | {library.name}) for user in users)


@functools.cache
def _builds(library: Path) -> bool:
    """Whether this library's stand-in builds here (a library only it linked may then be emptied)."""
    with tempfile.TemporaryDirectory() as work:
        return stand_in(f"{library.parent.name}/{library.name}", str(library), Path(work)) is not None


def _dynamic_symbols(path: Path, defined: bool) -> list[tuple[str, str | None, str, int]]:
    """(name, version, nm type, size) of an ELF file's dynamic symbols, defined or undefined."""
    option = "--defined-only" if defined else "--undefined-only"
    out = subprocess.run(["nm", "-D", "-S", option, str(path)], capture_output=True, text=True, check=True)
    symbols = []
    for line in out.stdout.splitlines():
        fields = line.split()
        if not fields:
            continue
        kind, full = fields[-2], fields[-1]
        size = int(fields[1], 16) if len(fields) == 4 else 0
        name, _, version = full.partition("@")  # defined name@@VERSION: "@VERSION", the default one
        symbols.append((name, version or None, kind, size))
    return symbols


def generated_stand_in(src: Path, out: Path, trace: bool = False) -> Path | None:
    """A stand-in for a library of stubs/unused.py: the functions and data its remaining users bind, at
    their symbol versions, each function answering as the table says; None (keep the original) when a
    user binds a function nobody reviewed, or a tool is missing.  ``trace`` makes each function say
    its name on stderr the first time it runs (for the tests)."""
    spec = UNUSED[base_name(src.name)]
    if shutil.which("nm") is None:
        return None
    symbols = _dynamic_symbols(src, True)
    defined = {name: (version, kind, size) for name, version, kind, size in symbols}
    defaults = {name: version[1:] for name, version, _k, _s in symbols if version and version[0] == "@"}
    bound: set[tuple[str, str | None]] = set()
    for user in _users(src):
        if not _replaced(user):
            bound |= {(n, v) for n, v, _k, _s in _dynamic_symbols(user, False) if n in defined}
    unknown = sorted({name for name, _v in bound} - set(spec.known.split()))
    if unknown:
        print(
            f"slim: {src.name} stays as it is, its users bind what stubs/unused.py did not review: {unknown}"
        )
        return None
    lines = [
        "/* Generated by packaging/slim.py from stubs/unused.py: a stand-in for " + src.name + " */",
        "#include <stdio.h>",
        'static const char not_bundled[] = "' + base_name(src.name) + ' is not in this build of Tripfold";',
    ]
    nodes: dict[str, list[str]] = {}
    for index, (name, version) in enumerate(sorted(bound, key=lambda b: (b[0], b[1] or ""))):
        _v, kind, size = defined[name]
        default = version is None or defaults.get(name) == version
        symbol = name if default else f"stand_in_{index}"
        if kind in "TtWi":
            answer = (spec.answers or {}).get(name, spec.error)
            value = "(long)not_bundled" if answer == "S" else f"(long)({answer})"
            say = f'if (!said) {{ said = 1; fputs("stand-in: {name}\\n", stderr); }} ' if trace else ""
            lines.append(f"long {symbol}(void) {{ static int said; (void)said; {say}return {value}; }}")
        else:  # data: zeroed, of the original's size
            lines.append(f"char {symbol}[{max(size, 1)}] __attribute__((aligned(64)));")
        if version is not None:
            nodes.setdefault(version, [])
            if default:
                nodes[version].append(name)
            else:
                lines.append(f'__asm__(".symver {symbol}, {name}@{version}");')
    source = out.parent / (out.name + ".c")
    out.parent.mkdir(parents=True, exist_ok=True)
    source.write_text("\n".join(lines) + "\n")
    flags = []
    if nodes:
        script = out.parent / (out.name + ".map")
        script.write_text(
            "".join(
                f"{node} {{ global: {' '.join(f'{n};' for n in names)} }};\n" if names else f"{node} {{ }};\n"
                for node, names in nodes.items()
            )
        )
        flags.append(f"-Wl,--version-script={script}")
    return _compile(out, [source], flags, src.name)


def openblas(src: Path, out: Path, trace: bool = False) -> Path | None:
    """A small, correct BLAS with the symbols NumPy binds from ``src`` (stubs/openblas.c), or None.

    ``trace`` builds one that names each routine on stderr the first time it runs (for the tests)."""
    flags = ["-DSTAND_IN_TRACE"] if trace else []
    return _compile(out, [STUBS / "openblas.c"], ["-O3", "-fvisibility=hidden", *flags, "-lm"], src.name)


def icu_data(src: Path, out: Path) -> Path | None:
    """``src`` (libicudata) rebuilt without the data trees of :data:`ICU_UNUSED`, or None."""
    icupkg, cc = shutil.which("icupkg"), shutil.which("cc") or shutil.which("gcc")
    if icupkg is None or cc is None:
        print("slim: ICU's data stays whole (icupkg from icu-devtools, or a C compiler, is missing)")
        return None
    major = src.name.rsplit(".so.", 1)[1].split(".")[0]
    symbol = f"icudt{major}_dat"
    found = subprocess.run(["nm", "-D", "-S", str(src)], capture_output=True, text=True, check=False)
    fields = next((line.split() for line in found.stdout.splitlines() if line.endswith(f" {symbol}")), None)
    if fields is None:
        print(f"slim: ICU's data stays whole ({symbol} not found in {src})")
        return None
    start, size = int(fields[0], 16), int(fields[1], 16)
    work = out.parent / f"icu{major}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    whole = work / f"icudt{major}l.dat"
    with open(src, "rb") as lib:  # the data's address is its offset in these libraries (.rodata at 0x1000)
        lib.seek(start)
        whole.write_bytes(lib.read(size))
    if whole.read_bytes()[2:4] != b"\xda\x27":
        print(f"slim: ICU's data stays whole ({symbol} is not at its file offset in {src})")
        return None
    items = subprocess.run([icupkg, "-l", str(whole)], capture_output=True, text=True, check=True).stdout
    unused = [i for i in items.split() if i.startswith(ICU_UNUSED) or i.endswith(ICU_UNUSED_KINDS)]
    (work / "unused.txt").write_text("\n".join(unused) + "\n")
    trimmed = work / "trimmed" / whole.name  # icupkg names the items after the file: keep its name
    trimmed.parent.mkdir()
    subprocess.run([icupkg, "-r", str(work / "unused.txt"), str(whole), str(trimmed)], check=True)
    assembly = work / "data.S"
    assembly.write_text(
        f"\t.section .rodata\n\t.balign 16\n\t.globl {symbol}\n\t.type {symbol}, @object\n{symbol}:\n"
        f'\t.incbin "{trimmed}"\n\t.size {symbol}, . - {symbol}\n'
        '\t.section .note.GNU-stack,"",@progbits\n'
    )
    return _compile(out, [assembly], ["-nostdlib"], src.name)


def needed(path: str) -> list[str]:
    """The libraries an ELF file names itself (DT_NEEDED), not what those name in turn as ``ldd`` (and
    so PyInstaller's get_imports) answers: a stand-in's own needs replace those of the library it
    stands in for.  [] for what is not a 64-bit little-endian ELF file."""
    with open(path, "rb") as file:
        data = file.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    phoff, phentsize, phnum = struct.unpack_from("<Q", data, 0x20)[0], *struct.unpack_from("<HH", data, 0x36)
    loads, dynamic = [], None
    for i in range(phnum):
        kind, _flags, offset, vaddr, _paddr, filesz = struct.unpack_from(
            "<IIQQQQ", data, phoff + i * phentsize
        )
        if kind == 1:  # PT_LOAD
            loads.append((vaddr, offset, filesz))
        elif kind == 2:  # PT_DYNAMIC
            dynamic = (offset, filesz)
    if dynamic is None:
        return []
    entries = [struct.unpack_from("<qQ", data, dynamic[0] + at) for at in range(0, dynamic[1], 16)]
    strtab = next((value for tag, value in entries if tag == 5), None)  # DT_STRTAB, an address
    base = next(
        (offset + strtab - vaddr for vaddr, offset, size in loads if vaddr <= (strtab or -1) < vaddr + size),
        None,
    )
    if base is None:
        return []
    names = []
    for tag, value in entries:
        if tag == 1:  # DT_NEEDED
            end = data.index(b"\0", base + value)
            names.append(data[base + value : end].decode())
    return names
