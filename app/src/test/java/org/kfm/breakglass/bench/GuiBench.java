package org.kfm.breakglass.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.kfm.breakglass.desktop.SessionConsolePort;
import org.kfm.breakglass.session.SessionGateway;

/**
 * The GUI's time to the last row against psql's statement time (issue 15), in a JVM of its own with the desktop
 * launcher's heap options, on Monocle headless: the demo cluster in its own process, the real desktop console
 * opened on it through its start screen, and each of the two million-row statements run with the Run
 * button, alternating with psql (which goes first alternates per round). Not a test: it times, it asserts nothing
 * but that every run returned all its rows. Run: see docs/BENCHMARKS.md, "GUI".
 */
public final class GuiBench {
    private static final long ROWS = 1_000_000;
    private static final String REASON = "Benchmark: result speed against psql (issue 15)";

    private GuiBench() {}

    /** {@code out.md jar rounds}. */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]).toAbsolutePath();
        Path jar = Path.of(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Path work = Files.createDirectories(out.getParent().resolve("gui"));
        String loadBefore = Machine.loadAverage();
        var rows = new ArrayList<String>();
        try (var demo = DemoClusterProcess.start(jar, work.resolve("cluster"), GuiBench::log)) {
            var env = new HashMap<>(System.getenv());
            env.put("HOME", work.toString());
            env.put("XDG_CONFIG_HOME", work.resolve("config").toString());
            env.put("XDG_STATE_HOME", work.resolve("state").toString());
            var gateway = SessionGateway.create(Optional.of(demo.policy()), Optional.empty(), env, Clock.systemUTC());
            Platform.startup(() -> {});
            var console = DesktopConsole.show(new SessionConsolePort(gateway, demo.kubeconfig()), work.resolve("ui"));
            long t0 = System.nanoTime();
            console.openSession("kfm", REASON, "BENCH-15");
            log(String.format(
                    Locale.ROOT, "session open through the start screen in %.1f s", (System.nanoTime() - t0) / 1e9));
            var psql = new PsqlTiming(demo.pgEnv());
            for (int round = 0; round < rounds; round++) {
                for (var name : List.of("md5", "points")) {
                    String sql = CliVsPsql.QUERIES.get(name);
                    boolean psqlFirst = round % 2 == 0;
                    double psqlMs = 0;
                    GuiRun gui = null;
                    for (int leg = 0; leg < 2; leg++) {
                        if ((leg == 0) == psqlFirst) {
                            psqlMs = psql.statementMs(sql);
                        } else {
                            gui = GuiRun.measure(console, demo, sql, ROWS, name.equals("points"));
                        }
                    }
                    String row = gui.tableRow(round + 1, name, psqlMs);
                    rows.add(row);
                    log(row + " threads: " + gui.threads());
                }
            }
        } finally {
            Platform.exit();
        }
        var report = new StringBuilder("\n### GUI: time to the last row against psql (issue 15: ≤ 2.5×)\n\n");
        report.append("Desktop console (ConsoleScene on SessionConsolePort, real map) on Monocle headless, ")
                .append(String.join(" ", GuiPart.JVM_OPTIONS))
                .append("; demo cluster in its own process; Run button; psql `--csv -o /dev/null` `\\timing`.")
                .append(" Times are from Run to the first pulse whose screen shows it. CPU: the GUI JVM (every thread)")
                .append(" and the cluster process, Run → last figure. Load ")
                .append(loadBefore)
                .append(" → ")
                .append(Machine.loadAverage())
                .append("; ")
                .append(Machine.describe())
                .append(".\n\n")
                .append(GuiRun.TABLE_HEAD);
        rows.forEach(r -> report.append(r).append('\n'));
        Files.writeString(out, report);
        System.out.print(report);
        System.exit(0); // fabric8/Vert.x leave non-daemon threads behind
    }

    static void log(String line) {
        System.out.println("[gui] " + line);
        System.out.flush();
    }

    /** One GUI run's figures. */
    record GuiRun(
            double gridMs,
            double mapMs,
            double statementMs,
            double jvmCpuMs,
            double clusterCpuMs,
            double peakRssMb,
            boolean rssReset,
            Map<String, Double> threadCpuMs,
            String load) {

        static final String TABLE_HEAD =
                "| round | statement | psql ms | console's own statement ms | Run → grid done ms (÷ psql)"
                        + " | Run → map final frame ms (÷ psql) | GUI JVM CPU ms | cluster CPU ms | GUI peak RSS MB | load |\n"
                        + "|---|---|---|---|---|---|---|---|---|---|\n";

        static GuiRun measure(DesktopConsole console, DemoClusterProcess demo, String sql, long rows, boolean spatial)
                throws Exception {
            System.gc(); // the previous result's garbage is not this run's
            boolean reset = resetPeakRss();
            var threads0 = threadCpu();
            long cpu0 = processCpuNanos();
            long cluster0 = demo.cpu().toNanos();
            var timing = console.run(sql, rows, spatial);
            long grid = timing.gridDone().get(10, TimeUnit.MINUTES);
            long map = timing.mapDrawn().get(10, TimeUnit.MINUTES);
            long cpu = processCpuNanos() - cpu0;
            long cluster = demo.cpu().toNanos() - cluster0;
            var threads1 = threadCpu();
            double rss = readPeakRssMb();
            var byRole = new HashMap<String, Double>();
            threads1.forEach((id, now) -> {
                long before = threads0.getOrDefault(id, new ThreadCpu("", 0)).nanos();
                byRole.merge(now.name().replaceAll("\\d+", "N"), (now.nanos() - before) / 1e6, Double::sum);
            });
            double statement = timing.result().durationMs();
            console.close(timing.result());
            return new GuiRun(
                    (grid - timing.runAt()) / 1e6,
                    spatial ? (map - timing.runAt()) / 1e6 : Double.NaN,
                    statement,
                    cpu / 1e6,
                    cluster / 1e6,
                    rss,
                    reset,
                    byRole,
                    Machine.loadAverage());
        }

        String tableRow(int round, String name, double psqlMs) {
            return String.format(
                    Locale.ROOT,
                    "| %d | %s | %.0f | %.0f | %.0f (%.2f×) | %s | %.0f | %.0f | %.0f%s | %s |",
                    round,
                    name,
                    psqlMs,
                    statementMs,
                    gridMs,
                    gridMs / psqlMs,
                    Double.isNaN(mapMs) ? "—" : String.format(Locale.ROOT, "%.0f (%.2f×)", mapMs, mapMs / psqlMs),
                    jvmCpuMs,
                    clusterCpuMs,
                    peakRssMb,
                    rssReset ? "" : " (since start)",
                    load);
        }

        /** The busiest threads of the run (names with digits as N), CPU ms. */
        String threads() {
            var sorted = new ArrayList<>(threadCpuMs.entrySet());
            sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed());
            var top = new StringBuilder();
            for (var e : sorted.subList(0, Math.min(6, sorted.size()))) {
                top.append(String.format(Locale.ROOT, "%s %.0f; ", e.getKey(), e.getValue()));
            }
            return top.toString();
        }
    }

    private record ThreadCpu(String name, long nanos) {}

    private static Map<Long, ThreadCpu> threadCpu() {
        var mx = ManagementFactory.getThreadMXBean();
        var all = new HashMap<Long, ThreadCpu>();
        for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
                long cpu = mx.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    all.put(info.getThreadId(), new ThreadCpu(info.getThreadName(), cpu));
                }
            }
        }
        return all;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Linux: writing 5 to clear_refs resets VmHWM, so the next peak is this run's alone. */
    private static boolean resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static double readPeakRssMb() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
