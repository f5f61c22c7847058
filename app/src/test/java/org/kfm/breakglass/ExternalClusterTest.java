package org.kfm.breakglass;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end path against a REAL cluster (kind, minikube, a stage cluster) instead of the fake one: opt-in,
 * never in CI. Run with {@code ./mvnw -pl app -am verify -Pexternal-cluster} and, optionally,
 * {@code -Dbreakglass.it.context=… -Dbreakglass.it.namespace=… -Dbreakglass.it.database=…}; the kubeconfig is
 * the one of the current {@code KUBECONFIG}. The cluster must run this repo's stage overlay (or the same names).
 */
@Tag("external-cluster")
class ExternalClusterTest {
    @TempDir
    Path audit;

    @Test
    void smokeAndASpatialQueryPassThroughTheRealClusterAndTheJournalVerifies() throws Exception {
        assertThat(run("smoke")).as("smoke exit code").isZero();
        assertThat(run(
                        "query",
                        "--format",
                        "csv",
                        "--sql",
                        "SELECT PostGIS_Lib_Version() AS postgis, count(*) AS geometry_columns FROM geometry_columns"))
                .as("query exit code")
                .isZero();
        assertThat(Files.list(audit).count()).isPositive();
        assertThat(CommandLineLauncher.commandLine().execute("audit", "verify", audit.toString()))
                .isZero();
    }

    private int run(String... command) {
        var args = new java.util.ArrayList<>(java.util.List.of(command));
        args.addAll(java.util.List.of(
                "-d",
                System.getProperty("breakglass.it.database", "kfm"),
                "--reason",
                "Opt-in end-to-end test against a real cluster",
                "--ticket",
                "TEST-1",
                "--audit-dir",
                audit.toString(),
                "--ack-warnings"));
        String context = System.getProperty("breakglass.it.context");
        if (context != null) {
            args.addAll(java.util.List.of("--context", context));
        }
        String namespace = System.getProperty("breakglass.it.namespace");
        if (namespace != null) {
            args.addAll(java.util.List.of("--namespace", namespace));
        }
        var out = new StringWriter();
        var cli = CommandLineLauncher.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute(args.toArray(String[]::new));
        System.out.println(out);
        return exit;
    }
}
