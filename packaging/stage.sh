#!/bin/sh
# Lay out the package folder: stage.sh PROGRAM_FOLDER STAGE_FOLDER puts the built program (as hard links
# when it can, not a second copy), install.sh, uninstall.sh, and the desktop entry, metainfo, thumbnailer
# and icons under share/ as install.sh expects them.  build.sh uses it; so do the packaging tests.
set -eu
APP_ID=io.github.tripfold.Tripfold
root=$(cd "$(dirname "$0")/.." && pwd)
program=$1
stage=$2
mkdir -p "$stage/share/applications" "$stage/share/metainfo" "$stage/share/thumbnailers"
cp -al "$program" "$stage/tripfold" 2>/dev/null || cp -R "$program" "$stage/tripfold"
cp "$root/packaging/install.sh" "$root/packaging/uninstall.sh" "$stage/"
cp "$root/packaging/$APP_ID.desktop" "$stage/share/applications/"
cp "$root/packaging/$APP_ID.metainfo.xml" "$stage/share/metainfo/"
cp "$root/packaging/$APP_ID.thumbnailer" "$stage/share/thumbnailers/"
cp -R "$root/resources/icons" "$stage/share/icons"
