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
 * in one place), and optionally an AOT cache trained the way packaging/build.sh trains the image's: a recorded run
 * of {@code breakglass demo --smoke}, then {@code -XX:AOTMode=create}. The cache is built once per benchmark run
 * under the out dir, for the built jar at its path (the JVM checks the class path and the jars' mtimes).
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
        Path conf = dir.resolve("breakglass.aotconf");
        Path cache = dir.resolve("breakglass.aot");
        Files.deleteIfExists(conf);
        Files.deleteIfExists(cache);
        Path home = Files.createDirectories(dir.resolve("training-home"));
        long start = System.nanoTime();
        run(
                dir.resolve("aot-record.log"),
                home,
                jvm(options, List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + conf), jar, "demo", "--smoke"));
        long recorded = System.nanoTime();
        run(
                dir.resolve("aot-create.log"),
                home,
                jvm(
                        options,
                        List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + conf, "-XX:AOTCache=" + cache),
                        jar,
                        "--version"));
        long created = System.nanoTime();
        if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
            throw new IllegalStateException("the AOT step wrote no cache; see " + dir.resolve("aot-create.log"));
        }
        figures.add("aot.train.s", (recorded - start) / 1e9);
        figures.add("aot.create.s", (created - recorded) / 1e9);
        figures.add("aot.mb", Files.size(cache) / 1e6);
        log.accept(String.format(
                Locale.ROOT,
                "AOT cache for the bench: training run (demo --smoke) %.1f s, create %.1f s, %.0f MB at %s",
                (recorded - start) / 1e9,
                (created - recorded) / 1e9,
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

    private static void run(Path logFile, Path home, List<String> command) throws Exception {
        var pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        int rc = pb.start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + rc + "; see " + logFile
                    + " (the training run needs PostgreSQL + PostGIS, as packaging/build.sh's does)");
        }
    }
}
