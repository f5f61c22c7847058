#!/usr/bin/env bash
# Generate every icon size from the one source, icons/breakglass.svg (STYLE.md principle 14).
# Nothing this script writes is committed: it all lands in icons/build/ (gitignored).
#
#   icons/generate.sh          PNGs + app resources + breakglass.ico + breakglass.icns   (packaging)
#   icons/generate.sh app      PNGs + app resources only; needs just rsvg-convert        (the Maven build)
#
# Output:
#   icons/build/png/breakglass-{16,24,32,48,64,128,256,512,1024}.png
#   icons/build/resources/org/kfm/breakglass/ui/icons/breakglass-{16,32,64,256}.png   (window icons, class path)
#   icons/build/resources/org/kfm/breakglass/ui/icons/window-icons.list   (their names, one a line: the app's list)
#   icons/build/breakglass.ico    (Windows: 16..256)        icons/build/breakglass.icns  (macOS: 16..1024)
#   icons/build/breakglass.png    (Linux desktop entry / jpackage --icon: the 256 px PNG)
#
# Tools (Debian): librsvg2-bin (rsvg-convert), icoutils (icotool), icnsutils (png2icns).
# Up-to-date outputs are left alone, so calling this from every build costs nothing.
set -euo pipefail

mode="${1:-all}"
case "$mode" in all|app) ;; *) echo "usage: $0 [all|app]" >&2; exit 2 ;; esac

here="$(cd "$(dirname "$0")" && pwd)"
src="$here/breakglass.svg"
out="$here/build"
sizes=(16 24 32 48 64 128 256 512 1024)
window_sizes=(16 32 64 256)
ico_sizes=(16 24 32 48 64 128 256)            # Windows shell uses up to 256
icns_sizes=(16 32 48 128 256 512 1024)        # sizes png2icns knows how to place

need() {
  command -v "$1" >/dev/null 2>&1 || {
    echo "icons/generate.sh: '$1' not found; install the Debian package '$2' (apt-get install -y $2)" >&2
    exit 1
  }
}
# true when $1 is missing or older than the SVG (or this script)
stale() { [[ ! -s "$1" || "$src" -nt "$1" || "$0" -nt "$1" ]]; }

[[ -s "$src" ]] || { echo "icons/generate.sh: source $src is missing" >&2; exit 1; }
need rsvg-convert librsvg2-bin
mkdir -p "$out/png" "$out/resources/org/kfm/breakglass/ui/icons"

for s in "${sizes[@]}"; do
  png="$out/png/breakglass-$s.png"
  if stale "$png"; then
    rsvg-convert --width "$s" --height "$s" --format png --output "$png" "$src"
  fi
done
for s in "${window_sizes[@]}"; do
  cp -p "$out/png/breakglass-$s.png" "$out/resources/org/kfm/breakglass/ui/icons/breakglass-$s.png"
done
# The window's icon list, so the sizes are named here only (ConsoleApp reads it from the class path).
list="$out/resources/org/kfm/breakglass/ui/icons/window-icons.list"
wanted="$(printf 'breakglass-%s.png\n' "${window_sizes[@]}")"
[[ -f "$list" && "$(cat "$list")" == "$wanted" ]] || printf '%s\n' "$wanted" >"$list"
cp -p "$out/png/breakglass-256.png" "$out/breakglass.png"

if [[ "$mode" == all ]]; then
  need icotool icoutils
  need png2icns icnsutils
  if stale "$out/breakglass.ico"; then
    icotool --create --output "$out/breakglass.ico" $(for s in "${ico_sizes[@]}"; do echo "$out/png/breakglass-$s.png"; done)
  fi
  if stale "$out/breakglass.icns"; then
    png2icns "$out/breakglass.icns" $(for s in "${icns_sizes[@]}"; do echo "$out/png/breakglass-$s.png"; done) >/dev/null
  fi
fi
echo "icons: $(cd "$out" && find . -type f | wc -l) files in ${out#"$PWD"/}"
