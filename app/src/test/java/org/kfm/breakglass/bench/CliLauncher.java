package org.kfm.breakglass.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * How the benchmark starts the CLI as the installed Linux launcher {@code bin/breakglass} does: the JVM options of
 * the jpackage argument files (read from packaging/app-image.args and packaging/linux/app-image.args, so they exist
 * in one place), and optionally an AOT cache trained by the same script packaging/build.sh trains the image's with
 * (packaging/aot-train.sh: a recorded {@code breakglass query} with a result stream through the demo cluster, then
 * {@code -XX:AOTMode=create}). The cache is built once per benchmark run under the out dir, for the built jar at
 * its path (the JVM checks the class path and the jars' mtimes).
 *
 * <p>Runs with the cache add {@code -XX:AOTMode=on}: a cache the JVM refuses fails the run instead of silently
 * measuring a JVM without it (the installed cfg falls back quietly; {@code AotCacheUse} logs that).
 */
final class CliLauncher {

    /** With or without the AOT cache. */
    enum Cache {
        NONE("jar"),
        AOT("jar+aot");

        final String label;

        Cache(String label) {
            this.label = label;
        }
    }

    private final Path jar;
    private final List<String> jvmOptions;
    private final Path aotCache;

    private CliLauncher(Path jar, List<String> jvmOptions, Path aotCache) {
        this.jar = jar;
        this.jvmOptions = jvmOptions;
        this.aotCache = aotCache;
    }

    /** The launcher without an AOT cache (no training run). */
    static CliLauncher withoutCache(Path jar) throws IOException {
        return new CliLauncher(jar, launcherOptions(jar), null);
    }

    /**
     * The launcher with an AOT cache trained now into {@code dir}; logs how long the training and the creation took.
     */
    static CliLauncher trained(Path jar, Path dir, Figures figures, Consumer<String> log) throws Exception {
        var options = launcherOptions(jar);
        Files.createDirectories(dir);
        Path cache = dir.resolve("breakglass.aot");
        Path trainingLog = dir.resolve("aot-training.log");
        Files.deleteIfExists(cache);
        var command = new ArrayList<>(List.of(
                "bash",
                packaging(jar).resolve("aot-train.sh").toString(),
                cache.toString(),
                trainingLog.toString(),
                "--"));
        command.addAll(jvm(options, List.of(), jar));
        long start = System.nanoTime();
        var pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("aot-train.out").toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        int rc = pb.start().waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (rc != 0 || !Files.isRegularFile(cache) || Files.size(cache) == 0) {
            throw new IllegalStateException("packaging/aot-train.sh exited " + rc + " without a cache; see "
                    + dir.resolve("aot-train.out") + " and " + trainingLog
                    + " (the training needs PostgreSQL + PostGIS, as packaging/build.sh's does)");
        }
        figures.add("aot.train.s", seconds);
        figures.add("aot.mb", Files.size(cache) / 1e6);
        log.accept(String.format(
                Locale.ROOT,
                "AOT cache for the bench (packaging/aot-train.sh, as packaging/build.sh): %.1f s, %.0f MB at %s",
                seconds,
                Files.size(cache) / 1e6,
                cache));
        return new CliLauncher(jar, options, cache);
    }

    /** {@code java <launcher options> [cache options] -jar breakglass.jar}; the CLI's arguments follow. */
    List<String> command(Cache cache) {
        List<String> extra = List.of();
        if (cache == Cache.AOT) {
            if (aotCache == null) {
                throw new IllegalStateException("this launcher has no AOT cache: build it with CliLauncher.trained");
            }
            // As the cfg (packaging/build.sh), plus AOTMode=on so a refused cache is a failure, not a quiet fallback.
            extra = List.of(
                    "-XX:AOTCache=" + aotCache,
                    "-XX:AOTMode=on",
                    "-Xlog:aot=off",
                    "-Xlog:cds=off",
                    "-Dbreakglass.aotCache=" + aotCache);
        }
        return jvm(jvmOptions, extra, jar);
    }

    /** The caches this launcher can run with. */
    List<Cache> caches() {
        return aotCache == null ? List.of(Cache.NONE) : List.of(Cache.NONE, Cache.AOT);
    }

    /**
     * The {@code --java-options} of the Linux CLI launcher, from the jpackage argument files next to the repository's
     * app module (the jar is app/target/breakglass.jar).
     */
    static List<String> launcherOptions(Path jar) throws IOException {
        Path packaging =
                jar.toAbsolutePath().getParent().getParent().getParent().resolve("packaging");
        var options = new ArrayList<String>();
        for (Path file : List.of(packaging.resolve("app-image.args"), packaging.resolve("linux/app-image.args"))) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                if (trimmed.startsWith("--java-options ")) {
                    options.add(trimmed.substring("--java-options ".length()).strip());
                }
            }
        }
        if (!options.contains("-XX:+UseSerialGC")) {
            throw new IllegalStateException("no launcher JVM options found in " + packaging + "/*app-image.args");
        }
        return List.copyOf(options);
    }

    /** The repository's packaging directory; the jar is app/target/breakglass.jar. */
    private static Path packaging(Path jar) {
        return jar.toAbsolutePath().getParent().getParent().getParent().resolve("packaging");
    }

    private static List<String> jvm(List<String> options, List<String> extra, Path jar, String... args) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(extra);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return command;
    }
}
