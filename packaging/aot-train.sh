#!/usr/bin/env bash
# Builds the JDK 25 AOT cache (JEP 483/514/515) from a training run of the CLI (ADR 0028). One script for both
# users, so the installed cache and the benchmark's are trained alike:
#   packaging/build.sh        packaging/aot-train.sh CACHE LOG -- "$image/bin/breakglass"
#   bench.CliLauncher         packaging/aot-train.sh CACHE LOG -- java <launcher options> -jar app/target/breakglass.jar
#
# The workload is what an operator's command does: `breakglass query` through the built-in demo cluster, with a
# result stream (200,000 rows of text and points) so the cache carries method profiles for the result path too.
# The demo cluster runs in a process of its own and is NOT recorded: its TLS material comes from BouncyCastle,
# whose signed jars the cache cannot hold, and a cache that holds classes linked against them makes every start
# (even --version) load them and check the jars' signatures (~1 s CPU; the old `demo --smoke` training did).
# Needs PostgreSQL + PostGIS on the machine (the demo cluster starts a throwaway server), as before.
set -euo pipefail

die() { echo "aot-train: $*" >&2; exit 1; }
[[ $# -ge 4 && "$3" == -- ]] || die "usage: aot-train.sh CACHE LOG -- COMMAND..."
cache="$1"
log="$2"
shift 3
unset JAVA_TOOL_OPTIONS

work="$(mktemp -d)"
cluster_pid=""
stop_cluster() {
  if [[ -n "$cluster_pid" ]]; then
    kill "$cluster_pid" 2>/dev/null || true
    wait "$cluster_pid" 2>/dev/null || true
    cluster_pid=""
  fi
}
trap 'stop_cluster; rm -rf "$work"' EXIT
export HOME="$work/home" XDG_STATE_HOME="$work/home/state"
mkdir -p "$HOME"
conf="$work/breakglass.aotconf"
: >"$log"

start=$SECONDS
"$@" demo-cluster --shape seed --kubeconfig-out "$work/kubeconfig" --pg-env-out "$work/pg.env" \
  --policy-out "$work/policy.yaml" >"$work/cluster.out" 2>>"$log" &
cluster_pid=$!
for _ in $(seq 1 240); do
  grep -q '^READY' "$work/cluster.out" 2>/dev/null && break
  kill -0 "$cluster_pid" 2>/dev/null || die "the demo cluster exited before READY; see $log (it needs PostgreSQL + PostGIS)"
  sleep 0.5
done
grep -q '^READY' "$work/cluster.out" || die "the demo cluster was not READY after 120 s; see $log"
database="$(sed -n "s/^export PGDATABASE=//p" "$work/pg.env" | tr -d "'")"
echo "demo cluster READY after $((SECONDS - start)) s" >>"$log"

# The cache only speeds start-up: a training run that lost its connection late (exit 4: on a loaded machine
# fabric8's 10 s connect timeout can expire) still recorded what it loaded, so that is used, with a warning. Any
# other failure (a refusal, a usage error) would train on the wrong path, and no configuration at all fails.
rc=0
JAVA_TOOL_OPTIONS="-XX:AOTMode=record -XX:AOTConfiguration=$conf" \
  "$@" query --kubeconfig "$work/kubeconfig" --policy "$work/policy.yaml" -d "${database:-kfm}" \
  --reason "AOT training run of the packaged CLI (ADR 0028)" --ticket AOT-28 --format csv \
  --sql "select i, md5(i::text), ST_SetSRID(ST_MakePoint(i % 360 - 180, i % 170 - 85), 4326) from generate_series(1, 200000) i" \
  >/dev/null 2>>"$log" || rc=$?
if [[ $rc != 0 ]]; then
  [[ $rc == 4 && -s "$conf" ]] ||
    die "the AOT training run (breakglass query through the demo cluster) exited $rc; see $log"
  echo "WARNING: the AOT training run lost its connection after recording; the cache is made from what it loaded (see $log)" >&2
fi
echo "training run done after $((SECONDS - start)) s" >>"$log"
stop_cluster

JAVA_TOOL_OPTIONS="-XX:AOTMode=create -XX:AOTConfiguration=$conf -XX:AOTCache=$cache" "$@" --version >>"$log" 2>&1 ||
  die "creating the AOT cache failed; see $log"
[[ -s "$cache" ]] || die "the AOT step wrote no cache; see $log"
echo "cache created after $((SECONDS - start)) s: $cache" >>"$log"
