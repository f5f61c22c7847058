package org.kfm.breakglass.bench;

import java.util.Locale;

/** Renders the figures as Markdown: median (min–max) over the rounds, forward as a ratio of direct. */
final class BenchReport {

    private final BenchOptions options;
    private final Figures f;
    private final String loadBefore;
    private final String loadAfter;
    private final StringBuilder md = new StringBuilder();

    BenchReport(BenchOptions options, Figures figures, String loadBefore, String loadAfter) {
        this.options = options;
        this.f = figures;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
    }

    String render() {
        line("## Run");
        line("");
        line("- JVM: " + Machine.describe());
        line("- load average (1/5/15 min): start " + loadBefore + ", end " + loadAfter);
        line("- rounds: " + options.rounds() + "; every figure is median (min–max) over the rounds");
        line("");
        if (f.has("cli.md5.ratio")) {
            line("### psql direct vs `breakglass query --format csv` through the demo cluster (1M rows)");
            line("");
            line("| query | psql statement ms | CLI statement ms | **ratio** (goal ≤ 2) | psql wall s | CLI wall s"
                    + " | psql peak RSS MB | CLI peak RSS MB (goal ≤ 300) |");
            line("|---|---|---|---|---|---|---|---|");
            for (String q : new String[] {"md5", "points"}) {
                String p = "cli." + q + ".";
                line("| " + q + " | " + f.get(p + "psql.ms").text(0) + " | "
                        + f.get(p + "cli.ms").text(0) + " | **"
                        + f.get(p + "ratio").text(2) + "** | "
                        + f.get(p + "psql.wall").text(2) + " | "
                        + f.get(p + "cli.wall").text(2) + " | "
                        + f.get(p + "psql.rss").text(0) + " | "
                        + f.get(p + "cli.rss").text(0) + " |");
            }
            line("");
        }
        if (f.has("copy.ratio")) {
            line(String.format(
                    Locale.ROOT,
                    "### Bulk COPY TO STDOUT (%.0f MB per transfer)",
                    f.get("copy.mb").median()));
            line("");
            line("| path | MB/s |");
            line("|---|---|");
            line("| direct | " + f.get("copy.mbps.direct").text(1) + " |");
            line("| port-forward | " + f.get("copy.mbps.forward").text(1) + " |");
            line("| **ratio forward/direct** (goal ≥ 0.85) | **"
                    + f.get("copy.ratio").text(2) + "** |");
            line("");
            line("- client CPU per MB (the whole benchmark JVM, which holds only the product's side): direct "
                    + f.get("copy.cpu.direct").text(2) + ", forward "
                    + f.get("copy.cpu.forward").text(2) + " ms/MB");
            line("- **added by the forward on the client** (forward − direct): **"
                    + f.get("copy.client.added").text(2)
                    + " ms/MB = " + f.get("copy.client.added.ratio").text(2)
                    + "× pgjdbc's own CPU per MB direct** (goal ≤ 1.0)");
            line("- client CPU beyond the main thread (event loop, GC, JIT, other), forward: "
                    + f.get("copy.client.beyondMain").text(2) + " ms/MB = "
                    + f.get("copy.client.beyondMain.ratio").text(2) + "× pgjdbc direct");
            line("");
            line("CPU per MB received, by who spent it (the fake cluster and PostgreSQL are processes of their own):");
            line("");
            line("| who | direct ms/MB | forward ms/MB |");
            line("|---|---|---|");
            var roles = new java.util.TreeSet<String>();
            for (String name : f.all().keySet()) {
                for (String path : new String[] {"direct", "forward"}) {
                    String prefix = "copy.cpu." + path + ".";
                    if (name.startsWith(prefix) && !name.equals(prefix + CpuMeter.CLIENT_TOTAL)) {
                        roles.add(name.substring(prefix.length()));
                    }
                }
            }
            var negligible = new java.util.ArrayList<String>();
            for (String role : roles) {
                if (max("direct", role) < 0.01 && max("forward", role) < 0.01) {
                    negligible.add(role.replace("client: thread ", ""));
                    continue;
                }
                line("| " + role + " | " + cpu("direct", role) + " | " + cpu("forward", role) + " |");
            }
            line("| **" + CpuMeter.CLIENT_TOTAL + "** | "
                    + f.get("copy.cpu.direct").text(2) + " | "
                    + f.get("copy.cpu.forward").text(2) + " |");
            line("");
            if (!negligible.isEmpty()) {
                line("Under 0.01 ms/MB in every round, not listed: " + String.join(", ", negligible) + ".");
                line("");
            }
        }
        latencyTable(
                "select",
                String.format(
                        Locale.ROOT,
                        "SELECT 1 over bare pgjdbc (%d iterations after %d warm-up)",
                        options.selectIterations(),
                        options.selectWarmUp()),
                "direct",
                "forward");
        if (f.has("select.added.p50")) {
            line("- added latency at p50 (goal ≤ 0.3 ms): **"
                    + f.get("select.added.p50").text(3) + " ms**");
            line("- direct p50 / forward p50: " + f.get("select.ratio.p50").text(2));
            line("");
        }
        latencyTable(
                "link",
                String.format(
                        Locale.ROOT,
                        "SELECT 1 through DatabaseLink.execute (read-only transaction: 4 round trips; %d iterations)",
                        options.linkIterations()),
                "direct",
                "forward");
        latencyTable(
                "audit",
                String.format(
                        Locale.ROOT,
                        "Audit journal: one event appended + fsynced via SessionRecorder (%d events)",
                        options.auditIterations()),
                "disk",
                "tmpfs");
        latencyTable(
                "session",
                String.format(
                        Locale.ROOT,
                        "Full BreakGlassSession.run(\"SELECT 1\") vs bare pgjdbc SELECT 1, both through the forward (%d iterations)",
                        options.sessionIterations()),
                "plain-forward",
                "link-forward",
                "audited");
        if (f.has("session.added.p50")) {
            line("- added by the session path at p50 (audited − plain-forward): **"
                    + f.get("session.added.p50").text(3) + " ms**");
            line("- of which audit + classification (audited − link-forward): **"
                    + f.get("session.audit.p50").text(3) + " ms**");
            line("");
        }
        if (f.has("endpoint.added.p50")) {
            line(String.format(
                    Locale.ROOT,
                    "### The endpoint: pgbench -n -S -M prepared -T %d through its Unix socket vs pgjdbc over the"
                            + " same forward",
                    options.pgbenchSeconds()));
            line("");
            line("| path | p50 ms | p99 ms | statements/s |");
            line("|---|---|---|---|");
            for (String path : new String[] {
                "jdbc-forward", "endpoint", "endpoint-tmpfs", "endpoint-c4", "endpoint-tmpfs-c4", "direct"
            }) {
                if (f.has("endpoint.p50." + path)) {
                    line("| " + path + " | " + f.get("endpoint.p50." + path).text(3) + " | "
                            + f.get("endpoint.p99." + path).text(3) + " | "
                            + f.get("endpoint.tps." + path).text(0) + " |");
                }
            }
            line("");
            line("- **added per statement at p50** (endpoint − jdbc-forward, journal on disk, goal ≤ 0.5 ms): **"
                    + f.get("endpoint.added.p50").text(3) + " ms**");
            line("- of which the journal's two fsyncs (endpoint − endpoint-tmpfs): "
                    + f.get("endpoint.fsync.p50").text(3) + " ms");
            line("");
        }
        if (f.has("endpoint.copy.ratio")) {
            line(String.format(
                    Locale.ROOT,
                    "- psql `\\copy (select …) to /dev/null` of %.0f MB through the endpoint: %s MB/s; pgjdbc"
                            + " CopyManager over the same forward: %s MB/s; **ratio %s** (goal ≥ 0.9)",
                    f.get("endpoint.copy.mb").median(),
                    f.get("endpoint.copy.mbps.psql-endpoint").text(1),
                    f.get("endpoint.copy.mbps.jdbc-forward").text(1),
                    f.get("endpoint.copy.ratio").text(2)));
            line("");
        }
        if (f.has("open.wall.plain")) {
            line("### `breakglass query --sql \"select 1\"`, whole command (new JVM, fake cluster in its own process)");
            line("");
            line(
                    "| launcher | API latency injected | wall s | CPU s (user+sys) | API requests | repeated GETs | goal |");
            line("|---|---|---|---|---|---|---|");
            for (var cache : CliLauncher.Cache.values()) {
                for (int latency : new int[] {0, SessionOpen.LATENCY_MS}) {
                    String path = SessionOpen.path(cache, latency);
                    if (!f.has("open.wall." + path)) {
                        continue;
                    }
                    line("| " + cache.label + " | " + (latency == 0 ? "none" : latency + " ms per call") + " | "
                            + f.get("open.wall." + path).text(2) + " | "
                            + f.get("open.cpu." + path).text(2) + " | "
                            + f.get("open.requests." + path).text(0) + " | "
                            + f.get("open.repeatedGets." + path).text(0) + " | "
                            + (latency == 0 ? "≤ 1.5 s" : "≤ 2.0 s") + " |");
                }
            }
            if (f.has("aot.train.s")) {
                line("");
                line(
                        "- the bench's AOT cache (trained by packaging/aot-train.sh, as packaging/build.sh does: a recorded"
                                + " query with a 200k-row result, then the cache created): "
                                + f.get("aot.train.s").text(1) + " s, "
                                + f.get("aot.mb").text(0) + " MB; `cli` runs the CLI with it");
            }
            line("");
        }
        if (f.has("verify.seconds")) {
            line(String.format(
                    Locale.ROOT,
                    "### JournalVerifier.verify over %.0f events (%.0f MB)",
                    f.get("verify.events").median(),
                    f.get("verify.mb").median()));
            line("");
            line("- seconds, all rounds (goal ≤ 5 s): **"
                    + f.get("verify.seconds").text(2) + "**");
            line("- first verify in a fresh JVM (what `breakglass audit verify` pays): "
                    + f.get("verify.seconds.cold").text(2) + " s");
            if (f.has("verify.seconds.warm")) {
                line("- later rounds (JIT warm): "
                        + f.get("verify.seconds.warm").text(2) + " s");
            }
            line(String.format(
                    Locale.ROOT,
                    "- events per second: %.0f",
                    f.get("verify.events").median() / f.get("verify.seconds").median()));
            line("");
        }
        return md.toString();
    }

    private double max(String path, String role) {
        String name = "copy.cpu." + path + "." + role;
        return f.has(name) ? f.get(name).max() : 0;
    }

    private String cpu(String path, String role) {
        String name = "copy.cpu." + path + "." + role;
        return f.has(name) ? f.get(name).text(2) : "–";
    }

    private void latencyTable(String group, String title, String... paths) {
        if (!f.has(group + ".p50." + paths[0])) {
            return;
        }
        line("### " + title);
        line("");
        line("| path | p50 ms | p99 ms | mean ms |");
        line("|---|---|---|---|");
        for (String path : paths) {
            if (f.has(group + ".p50." + path)) {
                line("| " + path + " | " + f.get(group + ".p50." + path).text(3) + " | "
                        + f.get(group + ".p99." + path).text(3) + " | "
                        + f.get(group + ".mean." + path).text(3) + " |");
            }
        }
        line("");
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}
