#!/usr/bin/env bash
# Build the trimmed runtime, the application image and the Linux installers of the Break-Glass Console.
# docs/decisions/0004-packaging.md explains every step; Windows/macOS run the same steps by hand (see there).
#
#   packaging/build.sh                 app image + .deb (+ .rpm when rpmbuild exists)
#   packaging/build.sh app-image       app image only
#   packaging/build.sh deb|rpm         app image + that installer
#   APPCDS=1 packaging/build.sh ...    also train and ship an AppCDS archive (off: no gain yet, see
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
echo "runtime: $(du -sh "$target/runtime" | cut -f1), modules: $("$target/runtime/bin/java" --list-modules | wc -l)"

step "jpackage app-image"
"$jdk/jpackage" --type app-image @packaging/common.args @packaging/app-image.args @"packaging/$os/app-image.args" \
  --app-version "$version" --input "$target/input" --runtime-image "$target/runtime" --dest "$target/image"
image="$target/image/$name"
cfg="$image/lib/app/$name.cfg"
[[ -x "$image/bin/$name" && -f "$cfg" ]] || die "jpackage made no launcher at $image/bin/$name"
"$image/bin/$name" --version >/dev/null || die "the app image's launcher failed: $image/bin/$name --version"

step "AppCDS"
# Train on `breakglass --version` (the CLI path; the GUI cannot start headless here) and ship the dynamic
# archive in the image. The archive records the class path; the JVM accepts the image moved as a whole
# (installed under /opt), which ci-install-check.sh verifies with -Xshare:on. Opt-in (APPCDS=1) until it
# pays: with the placeholder Main it saves nothing (docs/benchmarks/startup.md).
if [[ "${APPCDS:-0}" != 1 ]]; then
  echo "skipped (APPCDS=1 to build it)"
else
  jsa="$image/lib/app/$name.jsa"
  # The archive records each class-path jar's mtime, and jpackage copies the image without keeping mtimes,
  # so the installed jars would not match and the JVM would silently ignore the archive. Pin every jar to
  # one fixed time (1980-01-02, the zip epoch + 1 day) here; packaging/linux/postinst pins them again.
  find "$image/lib/app" -name '*.jar' -exec touch -h -d @315619200 {} +
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
