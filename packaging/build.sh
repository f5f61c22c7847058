#!/usr/bin/env bash
# Build the trimmed runtime, the application image and the Linux installers of the Break-Glass Console.
# docs/decisions/0004-packaging.md explains every step; Windows/macOS run the same steps by hand (see there).
#
#   packaging/build.sh                 app image + .deb (+ .rpm when rpmbuild exists)
#   packaging/build.sh app-image       app image only
#   packaging/build.sh deb|rpm         app image + that installer
#   AOT=0 packaging/build.sh ...       do not build the JDK 25 AOT cache (built by default: packaging/aot-train.sh,
#                                      a `breakglass query` through the demo cluster, which needs PostgreSQL +
#                                      PostGIS installed; ADR 0026, 0028)
#   APPCDS=1 AOT=0 packaging/build.sh  train and ship the older AppCDS archive instead (no gain, see
#                                      docs/benchmarks/startup.md; the runtime's default CDS archive is always in)
#
# Input : app/target/breakglass.jar + app/target/lib/*.jar (built with ./mvnw -q -DskipTests package if missing)
# Output: packaging/target/  (gitignored)
#           runtime/                         jlink image
#           image/breakglass/                jpackage app image (bin/breakglass, lib/app, lib/runtime)
#           installers/kfm-break-glass-console_<v>_amd64.deb  (and .rpm)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jdk="$JAVA_HOME/bin"
what="${1:-all}"
target=packaging/target
name=breakglass

die() { echo "packaging/build.sh: $*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }

case "$what" in all|app-image|deb|rpm) ;; *) die "unknown target '$what' (all, app-image, deb, rpm)" ;; esac
[[ -x "$jdk/jpackage" && -x "$jdk/jlink" && -x "$jdk/jdeps" ]] ||
  die "JAVA_HOME=$JAVA_HOME has no jdeps/jlink/jpackage; install a full JDK (Temurin 25) and set JAVA_HOME"
command -v objcopy >/dev/null || die "jlink --strip-debug needs objcopy: apt-get install -y binutils"
case "$(uname -s)" in
  Linux) os=linux ;;
  *) die "this script builds Linux packages; on $(uname -s) run the commands in docs/decisions/0004-packaging.md" ;;
esac

step "app jar"
if [[ ! -f app/target/breakglass.jar || ! -d app/target/lib ]]; then
  ./mvnw -q -DskipTests package || die "maven build failed"
fi
# jpackage wants a numeric version: the pom's, without -SNAPSHOT/qualifiers (0.1.0-SNAPSHOT -> 0.1.0).
pom_version="$(sed -n 's/^version=//p' app/target/maven-archiver/pom.properties 2>/dev/null || true)"
[[ -n "$pom_version" ]] || die "cannot read the version from app/target/maven-archiver/pom.properties; rebuild with ./mvnw -q -DskipTests package"
version="${pom_version%%-*}"
echo "breakglass.jar + $(ls app/target/lib/*.jar | wc -l) jars, version $pom_version -> $version"

step "icons"
icons/generate.sh all

rm -rf "$target/input" "$target/runtime" "$target/image" "$target/installers"
mkdir -p "$target/input/lib" "$target/installers"
cp app/target/breakglass.jar "$target/input/"
cp app/target/lib/*.jar "$target/input/lib/"

step "jdeps"
# Every jar is a root, not just breakglass.jar: Vert.x, Netty, Jackson and Logback load much of their code
# reflectively, so a walk from Main alone misses modules (with the placeholder Main it finds only java.base).
modules="$("$jdk/jdeps" --ignore-missing-deps --print-module-deps --multi-release 21 \
  "$target/input/breakglass.jar" "$target"/input/lib/*.jar 2>/dev/null | tail -1)"
[[ "$modules" == java.base* ]] || die "jdeps did not print a module list (got: '$modules')"
echo "$modules" | tee "$target/jdeps-modules.txt"

step "jlink"
"$jdk/jlink" @packaging/jlink.args --add-modules "$modules" --output "$target/runtime"
# Default CDS archive (lib/server/classes.jsa) of the runtime's own classes. The module-related flags must equal
# the launcher's (app-image.args), or the JVM drops the archived module graph; the GC stays the default G1
# because only G1 can dump archived heap objects (Serial maps them fine at run time).
"$target/runtime/bin/java" -Xshare:dump --enable-native-access=ALL-UNNAMED -Xlog:cds=off -Xlog:aot=off >/dev/null ||
  die "could not dump the runtime's default CDS archive"
# Every provider conf/security/java.security lists must be in the runtime: a missing one makes the JDK look it up
# through ServiceLoader, which instantiates every Provider on the class path (BouncyCastle's signed jars) on
# every start (ADR 0028; packaging/jlink.args).
configured="$(grep -c '^security\.provider\.[0-9]*=' "$target/runtime/conf/security/java.security")"
present="$("$target/runtime/bin/java" -XshowSettings:security:providers -version 2>&1 | grep -c 'Provider name:')"
[[ "$present" == "$configured" ]] ||
  die "the runtime has $present of the $configured security providers java.security lists: add their modules to packaging/jlink.args"
echo "runtime: $(du -sh "$target/runtime" | cut -f1), modules: $("$target/runtime/bin/java" --list-modules | wc -l), security providers: $present"

step "jpackage app-image"
"$jdk/jpackage" --type app-image @packaging/common.args @packaging/app-image.args @"packaging/$os/app-image.args" \
  --app-version "$version" --input "$target/input" --runtime-image "$target/runtime" --dest "$target/image"
image="$target/image/$name"
cfg="$image/lib/app/$name.cfg"
[[ -x "$image/bin/$name" && -f "$cfg" ]] || die "jpackage made no launcher at $image/bin/$name"
"$image/bin/$name" --version >/dev/null || die "the app image's launcher failed: $image/bin/$name --version"

# The AOT cache and the AppCDS archive record each class-path jar's mtime, and jpackage copies the image without
# keeping mtimes, so the installed jars would not match and the JVM would ignore the cache. Pin every jar to one
# fixed time (1980-01-02, the zip epoch + 1 day) here; packaging/linux/postinst pins them again.
pin_jar_times() { find "$image/lib/app" -name '*.jar' -exec touch -h -d @315619200 {} +; }

step "AOT cache"
# JEP 483/514/515 (JDK 25): classes loaded and linked, and method profiles, from a training run of the real CLI.
# packaging/aot-train.sh (shared with the benchmark, ADR 0028): `breakglass query` with a result stream through
# the built-in demo cluster, which runs in a process of its own and is not recorded. Through the image's own
# launcher, so the cache records the launcher's class path and JVM options exactly.
if [[ "${AOT:-1}" != 1 ]]; then
  echo "skipped (AOT=0)"
else
  [[ "${APPCDS:-0}" != 1 ]] || die "APPCDS=1 and the AOT cache exclude each other: use APPCDS=1 AOT=0"
  aot="$image/lib/app/$name.aot"
  pin_jar_times
  rm -f "$aot"
  packaging/aot-train.sh "$aot" "$target/aot-training.log" -- "$image/bin/$name" ||
    die "the AOT training failed; see $target/aot-training.log (it needs PostgreSQL + PostGIS: .ci/run)"
  [[ -s "$aot" ]] || die "the AOT step wrote no cache; see $target/aot-training.log"
  # Used when present and valid. A cache the JVM rejects (a changed jar, another JVM build) is skipped: the JVM's
  # aot/cds messages would go to stdout, into a CSV the operator redirects, so they are off, and the application
  # logs the fallback to its diagnostic log instead (breakglass.aotCache names what was asked for; AotCacheUse).
  sed -i '/^\[JavaOptions\]/a java-options=-Dbreakglass.aotCache=$APPDIR/breakglass.aot' "$cfg"
  sed -i '/^\[JavaOptions\]/a java-options=-Xlog:cds=off' "$cfg"
  sed -i '/^\[JavaOptions\]/a java-options=-Xlog:aot=off' "$cfg"
  sed -i '/^\[JavaOptions\]/a java-options=-XX:AOTCache=$APPDIR/breakglass.aot' "$cfg"
  out="$(JAVA_TOOL_OPTIONS=-Xlog:aot=info "$image/bin/$name" --version 2>&1)" || die "the launcher fails with the AOT cache: $out"
  echo "cache: $(du -h "$aot" | cut -f1), training: $(grep -c . "$target/aot-training.log") log lines"
fi

step "AppCDS"
# Train on `breakglass --version` (the CLI path; the GUI cannot start headless here) and ship the dynamic
# archive in the image. The archive records the class path; the JVM accepts the image moved as a whole
# (installed under /opt), which ci-install-check.sh verifies with -Xshare:on. Opt-in (APPCDS=1) until it
# pays: with the placeholder Main it saves nothing (docs/benchmarks/startup.md).
if [[ "${APPCDS:-0}" != 1 ]]; then
  echo "skipped (APPCDS=1 to build it)"
else
  jsa="$image/lib/app/$name.jsa"
  pin_jar_times
  JAVA_TOOL_OPTIONS="-XX:ArchiveClassesAtExit=$jsa" "$image/bin/$name" --version >/dev/null 2>"$target/cds-training.log" ||
    die "CDS training run failed; see $target/cds-training.log"
  [[ -s "$jsa" ]] || die "CDS training wrote no archive; see $target/cds-training.log"
  # The launcher expands $APPDIR; the option goes into the [JavaOptions] of the generated cfg.
  sed -i '/^\[JavaOptions\]/a java-options=-XX:SharedArchiveFile=$APPDIR/breakglass.jsa' "$cfg"
  "$image/bin/$name" --version >/dev/null || die "the launcher fails with the CDS archive"
  echo "archive: $(du -h "$jsa" | cut -f1)"
fi
echo "app image: $(du -sh "$image" | cut -f1) at $image"

build_installer() { # $1 = deb|rpm
  step "jpackage $1"
  "$jdk/jpackage" --type "$1" @packaging/common.args @"packaging/$os/jpackage.args" \
    --app-version "$version" --app-image "$image" --dest "$target/installers"
  ls -l "$target"/installers/*."$1"
}
case "$what" in
  deb) build_installer deb ;;
  rpm) build_installer rpm ;;
  all)
    command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null ||
      die ".deb needs dpkg-deb and fakeroot: apt-get install -y dpkg-dev fakeroot"
    build_installer deb
    if command -v rpmbuild >/dev/null; then build_installer rpm; else echo "(no rpmbuild: .rpm skipped)"; fi
    ;;
esac
step "done"
