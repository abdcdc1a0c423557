#!/bin/sh
# Install Tripfold for this user, from the folder this script was unpacked in:
#   the program         ~/.local/lib/tripfold/          (with uninstall.sh)
#   the command         ~/.local/bin/tripfold           (a link to the program)
#   the desktop entry   ~/.local/share/applications/io.github.tripfold.Tripfold.desktop
#   metainfo, icons     ~/.local/share/metainfo/, ~/.local/share/icons/hicolor/*/apps/
#   the thumbnailer     ~/.local/share/thumbnailers/io.github.tripfold.Tripfold.thumbnailer
# PREFIX=/some/where ./install.sh installs under another prefix instead of ~/.local.
# Installing again replaces the program; the library, settings and caches are never touched.
set -eu
APP_ID=io.github.tripfold.Tripfold
here=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
app="$PREFIX/lib/tripfold"
bin="$PREFIX/bin"
share="$PREFIX/share"

if [ ! -x "$here/tripfold/tripfold" ]; then
    echo "install.sh: $here/tripfold/tripfold is missing; run this script from the unpacked package." >&2
    exit 1
fi
"$here/tripfold/tripfold" --version >/dev/null || {
    echo "install.sh: the program does not start on this machine (see the message above)." >&2
    exit 1
}

mkdir -p "$PREFIX/lib" "$bin" "$share/applications" "$share/metainfo" "$share/thumbnailers"
# the new program goes in beside the old one, then takes its place
rm -rf "$app.new"
cp -R "$here/tripfold" "$app.new"
cp "$here/uninstall.sh" "$app.new/uninstall.sh"
rm -rf "$app"
mv "$app.new" "$app"
ln -sfn "$app/tripfold" "$bin/tripfold"

# the desktop entry and the thumbnailer start the program by its full path: ~/.local/bin is not on
# every desktop session's PATH
quoted="\"$app/tripfold\""
sed -e "s|^Exec=tripfold |Exec=$quoted |" -e "s|^TryExec=tripfold\$|TryExec=$app/tripfold|" \
    "$here/share/applications/$APP_ID.desktop" >"$share/applications/$APP_ID.desktop"
sed -e "s|^Exec=tripfold |Exec=$quoted |" -e "s|^TryExec=tripfold\$|TryExec=$app/tripfold|" \
    "$here/share/thumbnailers/$APP_ID.thumbnailer" >"$share/thumbnailers/$APP_ID.thumbnailer"
cp "$here/share/metainfo/$APP_ID.metainfo.xml" "$share/metainfo/"
for icon in "$here"/share/icons/hicolor/*/apps/"$APP_ID".*; do
    size=$(basename "$(dirname "$(dirname "$icon")")")
    mkdir -p "$share/icons/hicolor/$size/apps"
    cp "$icon" "$share/icons/hicolor/$size/apps/"
done

# let the menus and the icon theme see the new files now rather than at the next login
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$share/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$share/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
fi
touch "$share/icons/hicolor" 2>/dev/null || true

echo "Tripfold $("$app/tripfold" --version | cut -d' ' -f2) is installed in $app."
echo "Find Tripfold in the applications menu, or run $bin/tripfold."
case ":$PATH:" in
*":$bin:"*) ;;
*) echo "($bin is not on your PATH: add it to run tripfold by name.)" ;;
esac
echo "To remove it: $app/uninstall.sh"
