package org.kfm.breakglass.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The benchmark part {@code map}: {@link MapBench} in a JVM of its own (JavaFX on Monocle headless with the software
 * pipeline must be chosen before the toolkit starts, and the million rows should not share the suite's heap). Its
 * Markdown section is appended to the suite's report.
 */
final class MapPart {
    private final Path work;
    private final Consumer<String> log;

    /** JavaFX without a display: Monocle's headless platform and the software pipeline (chosen before start). */
    static final List<String> MONOCLE_HEADLESS = List.of(
            "-Dglass.platform=Monocle",
            "-Dmonocle.platform=Headless",
            "-Dprism.order=sw",
            "-Dheadless.geometry=1920x1200-32");

    MapPart(Path work, Consumer<String> log) {
        this.work = work;
        this.log = log;
    }

    String run() throws Exception {
        Path out = work.resolve("map-bench.md");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g"));
        command.addAll(MONOCLE_HEADLESS);
        command.addAll(
                List.of("-classpath", System.getProperty("java.class.path"), MapBench.class.getName(), out.toString()));
        log.accept("map: " + MapBench.class.getSimpleName() + " in its own JVM (1,000,000 points), load "
                + Machine.loadAverage());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("map-bench.log").toFile())
                .start();
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "the map benchmark did not finish in 20 minutes; see " + work.resolve("map-bench.log"));
        }
        if (process.exitValue() != 0 || !Files.exists(out)) {
            throw new IllegalStateException("the map benchmark failed (exit " + process.exitValue() + "); see "
                    + work.resolve("map-bench.log"));
        }
        String section = Files.readString(out, StandardCharsets.UTF_8);
        log.accept("map: done, load " + Machine.loadAverage());
        return section;
    }
}
