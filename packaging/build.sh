#!/usr/bin/env bash
# Build Tripfold for this machine: a PyInstaller one-folder program (dist/tripfold/), a package to
# install it (dist/tripfold-VERSION-linux-ARCH.tar.gz with install.sh and uninstall.sh), and then the
# smoke check of the program unpacked from that package.  Run from anywhere:  packaging/build.sh
# PYTHON=... picks the interpreter (default .venv/bin/python, which needs pip install -e '.[package]').
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
started=$(date +%s)

if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    echo "build.sh: PyInstaller is missing; install it with:  $PYTHON -m pip install -e '.[package]'" >&2
    exit 2
fi

# the place table and the time zone grid, built once here so that the package carries them instead of
# their sources (the GeoNames extracts and SciPy); tools/prebuild_data.py, about 10 s
"$PYTHON" tools/prebuild_data.py build/prebuilt
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/tripfold.spec
version=$(dist/tripfold/tripfold --version)
version=${version#tripfold }
name="tripfold-$version-linux-$(uname -m)"
stage="dist/$name"

# the package: the program, the installer and the desktop files (packaging/stage.sh)
rm -rf "$stage" "$stage.tar.gz"
packaging/stage.sh dist/tripfold "$stage"
if command -v pigz >/dev/null 2>&1; then
    tar -C dist -cf - "$name" | pigz -6 >"$stage.tar.gz"
else
    tar -C dist -czf "$stage.tar.gz" "$name"
fi
rm -rf "$stage"
built=$(date +%s)

# the smoke check runs what a user unpacks, on its first start (an empty cache folder: the place
# table and the time zone grid are read from the package's prebuilt folder, and nothing is built)
check=$(mktemp -d)
trap 'rm -rf "$check"' EXIT
tar -C "$check" -xzf "dist/$name.tar.gz"
"$check/$name/tripfold/tripfold" --version
XDG_CACHE_HOME="$check/cache" XDG_STATE_HOME="$check/state" "$check/$name/tripfold/tripfold" smoke

echo "build.sh: built in $((built - started)) s, checked in $(($(date +%s) - built)) s;" \
    "dist/tripfold $(du -sh dist/tripfold | cut -f1) unpacked, dist/$name.tar.gz $(du -h "dist/$name.tar.gz" | cut -f1)."
