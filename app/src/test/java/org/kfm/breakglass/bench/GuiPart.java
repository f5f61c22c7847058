package org.kfm.breakglass.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The benchmark part {@code gui}: {@link GuiBench} in a JVM of its own with the desktop launcher's options
 * (packaging/linux/breakglass-desktop.properties) on Monocle headless. Its progress lines go to the suite's log,
 * its Markdown section is appended to the suite's report.
 */
final class GuiPart {
    /** bin/breakglass-desktop's java-options (the JavaFX platform properties are the bench's, not the launcher's). */
    static final List<String> JVM_OPTIONS = List.of(
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "-XX:+UseSerialGC",
            "-XX:MaxRAMPercentage=25");

    private final Path jar;
    private final Path work;
    private final Consumer<String> log;

    GuiPart(Path jar, Path work, Consumer<String> log) {
        this.jar = jar;
        this.work = work;
        this.log = log;
    }

    String run(int rounds) throws Exception {
        Path out = work.resolve("gui-bench.md");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(MapPart.MONOCLE_HEADLESS);
        command.addAll(List.of(
                "-classpath",
                System.getProperty("java.class.path"),
                GuiBench.class.getName(),
                out.toString(),
                jar.toAbsolutePath().toString(),
                Integer.toString(rounds)));
        log.accept("gui: " + GuiBench.class.getSimpleName() + " in its own JVM, load " + Machine.loadAverage());
        Path childLog = work.resolve("gui-bench.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                var copy = Files.newBufferedWriter(childLog, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                copy.write(line);
                copy.newLine();
                if (line.startsWith("[gui] ")) {
                    log.accept("gui: " + line.substring(6));
                }
            }
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the GUI benchmark did not end; see " + childLog);
        }
        if (process.exitValue() != 0 || !Files.exists(out)) {
            throw new IllegalStateException(
                    "the GUI benchmark failed (exit " + process.exitValue() + "); see " + childLog);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
