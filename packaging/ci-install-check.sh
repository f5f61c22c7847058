#!/usr/bin/env bash
# CI check of the Linux installer: build the .deb, install it, run the INSTALLED launcher, report the size,
# uninstall it. Exits non-zero, with a message saying what failed, on any failure. Needs root (dpkg -i).
#
#   packaging/ci-install-check.sh              build with packaging/build.sh deb, then check
#   SKIP_BUILD=1 packaging/ci-install-check.sh check the .deb already in packaging/target/installers
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
pkg=kfm-break-glass-console
install_dir=/opt/$pkg
launcher=$install_dir/bin/breakglass
size_goal_mb=90

# true while dpkg holds the package in any state but "not installed" (also half-installed after a failed -i)
present() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" =~ ^(installed|unpacked|half-installed|half-configured|triggers-awaited|triggers-pending)$ ]]
}
fail() { echo "ci-install-check: FAIL: $*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }

[[ "$(id -u)" == 0 ]] || fail "must run as root (dpkg -i / dpkg -r)"
command -v dpkg >/dev/null || fail "not a Debian system (no dpkg)"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  step "build the .deb"
  packaging/build.sh deb || fail "packaging/build.sh deb failed"
fi
shopt -s nullglob
debs=(packaging/target/installers/${pkg}_*_amd64.deb)
[[ ${#debs[@]} == 1 ]] || fail "expected one packaging/target/installers/${pkg}_*_amd64.deb, found ${#debs[@]}"
deb="${debs[0]}"
echo "package: $deb ($(du -h "$deb" | cut -f1))"

# A leftover install from an earlier run would make this check prove nothing.
if present; then
  echo "removing an earlier install of $pkg"
  dpkg -r "$pkg" >/dev/null || fail "could not remove the earlier install of $pkg"
fi

step "install"
# Whatever happens from here on, do not leave the package (or a half-configured one) behind.
cleanup() {
  if present; then
    dpkg -r "$pkg" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
# dpkg -i does not fetch dependencies (a user would run `apt-get install ./<deb>`); CI installs them
# beforehand (.ci/run), so a missing one here means the package's Depends changed.
if ! dpkg -i "$deb"; then
  missing="$(dpkg-deb -f "$deb" Depends)"
  fail "dpkg -i $deb failed; its Depends are: $missing (apt-get install -y the missing ones, see .ci/run)"
fi
[[ -x "$launcher" ]] || fail "the package installed no launcher at $launcher (dpkg -L $pkg shows what it did install)"
desktop=$install_dir/lib/$pkg-breakglass.desktop
[[ -f "$desktop" ]] || fail "the package has no desktop entry $desktop"
grep -qx "Exec=$install_dir/bin/breakglass-desktop" "$desktop" ||
  fail "the desktop entry $desktop does not start $install_dir/bin/breakglass-desktop (the desktop heap, ADR 0026)"
[[ -x "$install_dir/bin/breakglass-desktop" ]] || fail "the package installed no desktop launcher $install_dir/bin/breakglass-desktop"
grep -qx 'Name=KFM Break-Glass Console' "$desktop" || fail "the desktop entry $desktop lost its Name"
icon="$(sed -n 's/^Icon=//p' "$desktop")"
[[ -f "$icon" ]] || fail "the desktop entry's icon '$icon' is not installed"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop" || fail "desktop-file-validate rejects $desktop"
fi
# The menu registration (xdg-desktop-menu) is best effort by design (packaging/linux/postinst): only a
# machine with a menu system gets the entry in /usr/share/applications.
if [[ -d /etc/xdg/menus ]]; then
  [[ -f /usr/share/applications/$pkg-breakglass.desktop ]] ||
    fail "menu system present but no /usr/share/applications/$pkg-breakglass.desktop"
  echo "menu entry: /usr/share/applications/$pkg-breakglass.desktop"
else
  echo "no menu system here (/etc/xdg/menus): menu registration skipped, as on a server"
fi

step "run the installed launcher"
# The CDS archives (the runtime's default one, and the AppCDS one with APPCDS=1) must survive the move from the
# build tree to /opt: -Xshare:on turns a rejected archive into a start-up failure instead of a silent slowdown.
# With the AOT cache (ADR 0026) the JVM refuses -Xshare:on next to -XX:AOTCache; -XX:AOTMode=on is the same
# strictness for the cache (it also carries the CDS part).
if [[ -f "$install_dir/lib/app/breakglass.aot" ]]; then strict=-XX:AOTMode=on; else strict=-Xshare:on; fi
out="$(JAVA_TOOL_OPTIONS=$strict "$launcher" --version 2>&1)" || fail "$launcher --version exited $? with: $out"
out="$(printf '%s\n' "$out" | grep -v '^Picked up JAVA_TOOL_OPTIONS' || true)"
if [[ "$out" == "breakglass "* ]]; then
  echo "version: $out"
else
  fail "$launcher --version printed '$out'; expected a line starting with 'breakglass '"
fi

step "the installed launcher uses the AOT cache"
# packaging/build.sh builds the cache by default (AOT=0 skips it; then this check is skipped too, and says so).
# -XX:AOTMode=on makes a cache the JVM cannot use a start-up failure instead of a silent fallback, and the
# aot log (to a file: the launcher turns its stdout messages off) shows what was mapped.
aot_cache=$install_dir/lib/app/breakglass.aot
if [[ -f "$aot_cache" ]]; then
  aot_log="$(mktemp)"
  out="$(JAVA_TOOL_OPTIONS="-XX:AOTMode=on -Xlog:aot=info:file=$aot_log" "$launcher" --version 2>&1)" ||
    fail "$launcher does not start with its AOT cache under -XX:AOTMode=on: $out; aot log: $(tail -5 "$aot_log")"
  grep -q "$aot_cache" "$aot_log" || fail "the aot log does not name $aot_cache: $(head -5 "$aot_log")"
  echo "AOT cache $(du -h "$aot_cache" | cut -f1) used; aot log: $(grep -m1 -i "$aot_cache" "$aot_log")"
  rm -f "$aot_log"
elif [[ "${AOT:-1}" == 1 ]]; then
  fail "no AOT cache at $aot_cache although the build makes one by default (packaging/build.sh; AOT=0 skips it)"
else
  echo "skipped: built with AOT=0"
fi

# --- breakglass smoke against the built-in demo cluster ---------------------------------------------------
# `breakglass demo --smoke` starts the demo cluster (a throwaway PostgreSQL from the OS packages + the fake
# Kubernetes API) inside the installed app and runs the seed's smoke checks and a sample query through a full
# audited session; a failing check fails this step. Its state goes to a throwaway HOME.
step "smoke against the demo cluster (installed app)"
demo_home="$(mktemp -d)"
HOME="$demo_home" XDG_STATE_HOME="$demo_home/state" "$launcher" demo --smoke ||
  fail "$launcher demo --smoke failed against the built-in demo cluster"
"$launcher" audit verify "$demo_home/state/breakglass/demo/audit" ||
  fail "the installed app's audit journal of the demo session does not verify"
rm -rf "$demo_home"
# -----------------------------------------------------------------------------------------------------------

step "installed size"
kib="$(dpkg-query -W -f='${Installed-Size}' "$pkg")"
mb=$(( (kib + 1023) / 1024 ))
echo "dpkg Installed-Size: ${kib} KiB (~${mb} MiB); on disk: $(du -sh "$install_dir" | cut -f1) in $install_dir"
if (( mb > size_goal_mb )); then
  echo "over the ${size_goal_mb} MiB goal; what dominates:"
  du -sk "$install_dir"/lib/runtime/lib/server/libjvm.so "$install_dir"/lib/runtime/lib/server/classes.jsa \
    "$install_dir"/lib/runtime/lib/modules "$install_dir"/lib/app/lib "$install_dir"/lib/app/*.jsa 2>/dev/null |
    sort -rn | awk '{printf "  %6.1f MiB  %s\n", $1/1024, $2}'
  echo "  largest jars:"
  ls -S "$install_dir"/lib/app/lib | head -8 | while read -r j; do
    printf '  %6s  %s\n' "$(du -h "$install_dir/lib/app/lib/$j" | cut -f1)" "$j"
  done
  # Reported, not failed: what to cut is a product decision (docs/decisions/0004-packaging.md).
fi

step "uninstall"
dpkg -r "$pkg" || fail "dpkg -r $pkg failed"
[[ ! -e "$launcher" ]] || fail "$launcher is still there after dpkg -r"
if present; then
  fail "$pkg is still installed after dpkg -r"
fi
[[ ! -e /usr/share/applications/$pkg-breakglass.desktop ]] || fail "the menu entry survived dpkg -r"
[[ ! -d "$install_dir" ]] || fail "$install_dir survived dpkg -r: $(find "$install_dir" | head -5)"
echo "removed"
trap - EXIT
dpkg -P "$pkg" >/dev/null 2>&1 || true   # forget the kept postrm too, so the next run starts clean

step "OK: $deb installs, starts, reports ${mb} MiB and uninstalls"
