#!/usr/bin/env bash
# Cold-start benchmark of the INSTALLED launcher (docs/benchmarks/startup.md). Needs root (it toggles the
# launcher's AppCDS line in the installed cfg and puts it back) and hyperfine (Debian package hyperfine).
#
#   packaging/bench-startup.sh [args...]      default args: --version
#
# Variants: no CDS at all (-Xshare:off) / the runtime's default CDS archive only / default + the app's
# AppCDS archive (what the package ships). "Cold" = a new JVM each run; the OS page cache stays warm
# (hyperfine --warmup), which is what an operator sees from the second start on.
set -euo pipefail

install_dir=/opt/kfm-break-glass-console
launcher=$install_dir/bin/breakglass
cfg=$install_dir/lib/app/breakglass.cfg
runs="${RUNS:-30}"
args=("$@"); [[ ${#args[@]} -gt 0 ]] || args=(--version)
cmd="$launcher ${args[*]}"

[[ -x "$launcher" ]] || { echo "bench-startup: $launcher is not installed (dpkg -i the .deb first)" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "bench-startup: apt-get install -y hyperfine" >&2; exit 1; }

cp -p "$cfg" "$cfg.bench-orig"
trap 'mv -f "$cfg.bench-orig" "$cfg"' EXIT

out="${TMPDIR:-/tmp}/breakglass-startup"
mkdir -p "$out"
# Build the two cfg variants once; hyperfine's --prepare swaps them in before each timed run.
cp -p "$cfg" "$out/with-appcds.cfg"
grep -v 'SharedArchiveFile=\$APPDIR/breakglass.jsa' "$cfg" > "$out/default-cds.cfg"

variants=(--prepare "cp $out/default-cds.cfg $cfg" -n "no CDS (-Xshare:off)" "env JAVA_TOOL_OPTIONS=-Xshare:off $cmd"
          --prepare "cp $out/default-cds.cfg $cfg" -n "default CDS (shipped)" "$cmd")
# The AppCDS variant only when the package was built with APPCDS=1.
if grep -q 'SharedArchiveFile=\$APPDIR/breakglass.jsa' "$cfg"; then
  variants+=(--prepare "cp $out/with-appcds.cfg $cfg" -n "default CDS + AppCDS" "$cmd")
fi
hyperfine --warmup 3 --runs "$runs" --export-markdown "$out/startup.md" "${variants[@]}"
echo "table: $out/startup.md"
