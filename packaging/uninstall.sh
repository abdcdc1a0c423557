#!/bin/sh
# Remove what install.sh put in place (with the same PREFIX, ~/.local by default).  The library, the
# window's settings, the caches and the logs stay: they are the user's, and a reinstall finds them again.
set -eu
APP_ID=io.github.tripfold.Tripfold
PREFIX=${PREFIX:-$HOME/.local}
app="$PREFIX/lib/tripfold"
share="$PREFIX/share"

# the command only when it is the link install.sh made, never someone else's tripfold
if [ -L "$PREFIX/bin/tripfold" ] && [ "$(readlink "$PREFIX/bin/tripfold")" = "$app/tripfold" ]; then
    rm -f "$PREFIX/bin/tripfold"
fi
rm -f "$share/applications/$APP_ID.desktop" "$share/metainfo/$APP_ID.metainfo.xml" \
    "$share/thumbnailers/$APP_ID.thumbnailer"
for icon in "$share"/icons/hicolor/*/apps/"$APP_ID".*; do
    [ -e "$icon" ] && rm -f "$icon"
done
rm -rf "$app"

if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$share/applications" ]; then
    update-desktop-database -q "$share/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$share/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
fi
echo "Tripfold is removed. Your library and settings were kept: ~/.local/share/Tripfold,"
echo "~/.config/Tripfold, and the caches in ~/.cache/Tripfold (delete them to forget everything)."
