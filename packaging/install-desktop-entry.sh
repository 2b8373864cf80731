#!/bin/sh
# Put ConvStudio in this user's applications menu, with its icon, pointing at this folder.
# Run it from the unpacked folder: ./install-desktop-entry.sh   (undo: ./install-desktop-entry.sh --remove)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
entry=${XDG_DATA_HOME:-$HOME/.local/share}/applications/convstudio.desktop
if [ "${1:-}" = --remove ]; then
    rm -f "$entry"
    echo "removed $entry"
    exit 0
fi
[ -x "$here/convstudio" ] || { echo "run this from the ConvStudio folder" >&2; exit 1; }
mkdir -p "$(dirname "$entry")"
# The desktop entry spec: every value is a string in which a backslash is written twice; inside a
# quoted Exec argument, \ " ` $ are first escaped with a backslash (so a backslash becomes four).
exec_path=$(printf '%s' "$here/convstudio" | sed -e 's/\\/\\\\\\\\/g' -e 's/["`$]/\\\\&/g')
icon_path=$(printf '%s' "$here/convstudio.svg" | sed -e 's/\\/\\\\/g')
while IFS= read -r line; do
    case $line in
        Exec=*) printf 'Exec="%s"\n' "$exec_path" ;;
        Icon=*) printf 'Icon=%s\n' "$icon_path" ;;
        *) printf '%s\n' "$line" ;;
    esac
done <"$here/convstudio.desktop" >"$entry"
echo "ConvStudio is in your applications menu ($entry)"
