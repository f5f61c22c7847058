package org.kfm.breakglass.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.audit.LocalRsyslog;
import org.kfm.breakglass.audit.TestCertificates;
import org.kfm.breakglass.testkit.FakeCluster;
import org.kfm.breakglass.testkit.LocalPostgis;

/**
 * "No audit, no access" with a real rsyslog as the required sink: down at start, the session is refused; killed
 * mid-session, statements are refused (and journaled locally as denied); restarted, statements run again and
 * rsyslog's file catches up with every line of the local journal.
 */
class RequiredSyslogSessionTest {
    @TempDir
    Path dir;

    @Test
    void aRequiredSyslogSinkThatIsDownRefusesTheSessionAndMidSessionRefusesStatementsUntilItRecovers()
            throws Exception {
        try (var pg = LocalPostgis.start();
                var cluster = FakeCluster.start(pg);
                var rsyslog = new LocalRsyslog(Files.createDirectory(dir.resolve("rsyslog")))) {
            Path policy = Files.writeString(dir.resolve("policy.yaml"), """
                    audit:
                      sinks:
                        - {type: syslog, host: 127.0.0.1, port: %d, required: true}
                    """.formatted(rsyslog.port()));
            var gateway = SessionGateway.create(
                    Optional.of(policy),
                    Optional.of(dir.resolve("audit")),
                    Map.of("HOME", dir.toString()),
                    Clock.systemUTC());
            var target = new TargetChoice(cluster.kubeconfig(), null, null, null, "kfm");

            assertThatThrownBy(() -> gateway.start(target, justification()))
                    .isInstanceOfSatisfying(
                            SessionFailure.class, e -> assertThat(e.kind()).isEqualTo(SessionFailure.Kind.DENIED))
                    .hasMessageContaining("no audit, no access")
                    .hasMessageContaining("syslog tcp://127.0.0.1:" + rsyslog.port());

            rsyslog.start();
            String id;
            try (var session = gateway.start(target, justification())) {
                id = session.id();
                session.preflight(r -> {});
                session.open();
                assertThat(count(session, "SELECT count(*) FROM places")).isEqualTo(1);

                rsyslog.stop();
                assertThatThrownBy(() -> count(session, "SELECT 'while the sink is down'"))
                        .isInstanceOfSatisfying(
                                SessionFailure.class, e -> assertThat(e.kind()).isEqualTo(SessionFailure.Kind.DENIED))
                        .hasMessageContaining("syslog");
                assertThat(Files.readString(pg.serverLog())).doesNotContain("while the sink is down");

                rsyslog.start();
                assertThat(count(session, "SELECT 'after the sink recovered'")).isEqualTo(1);
            }
            // The refused first attempt never reached rsyslog; this session's lines must all be there.
            List<String> local = journalLines().stream()
                    .filter(l -> l.contains("\"session\":\"" + id + "\""))
                    .toList();
            assertThat(String.join("\n", local)).contains("\"type\":\"query.denied\"");
            List<String> remote = rsyslog.awaitLines(local.size());
            for (String line : local) {
                assertThat(remote)
                        .as("rsyslog caught up with every journal line")
                        .anySatisfy(r -> assertThat(r).contains(line));
            }
        }
    }

    @Test
    void aRequiredTlsSyslogSinkIsTrustedOnlyThroughThePolicysCaFile() throws Exception {
        var certificates = TestCertificates.create(dir.resolve("certs"));
        try (var pg = LocalPostgis.start();
                var cluster = FakeCluster.start(pg);
                var rsyslog = new LocalRsyslog(
                        Files.createDirectory(dir.resolve("rsyslog")),
                        new LocalRsyslog.ServerTls(
                                certificates.caFile(), certificates.serverCert(), certificates.serverKey()))) {
            rsyslog.start();
            var target = new TargetChoice(cluster.kubeconfig(), null, null, null, "kfm");

            var wrongCa = gateway(tlsPolicy("wrong-ca", rsyslog.port(), certificates.otherCaFile()));
            assertThatThrownBy(() -> wrongCa.start(target, justification()))
                    .isInstanceOfSatisfying(
                            SessionFailure.class, e -> assertThat(e.kind()).isEqualTo(SessionFailure.Kind.DENIED))
                    .hasMessageContaining("no audit, no access")
                    .hasMessageContaining("syslog tls://127.0.0.1:" + rsyslog.port())
                    .hasMessageContaining("TLS handshake")
                    .hasMessageContaining("caFile");
            assertThat(cluster.openForwards()).isZero();

            var rightCa = gateway(tlsPolicy("right-ca", rsyslog.port(), certificates.caFile()));
            String id;
            try (var session = rightCa.start(target, justification())) {
                id = session.id();
                session.preflight(r -> {});
                session.open();
                assertThat(count(session, "SELECT 'over TLS'")).isEqualTo(1);
            }
            // Both sessions' lines, in journal order: the refused one's waited in the spool for a trusted server.
            var local = journalLines();
            assertThat(String.join("\n", local)).contains("\"session\":\"" + id + "\"", "over TLS");
            assertThat(rsyslog.awaitLines(local.size())).containsExactlyElementsOf(local);
        }
    }

    private Path tlsPolicy(String name, int port, Path caFile) throws Exception {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                audit:
                  sinks:
                    - {type: syslog, host: 127.0.0.1, port: %d, tls: true, caFile: %s, required: true}
                """.formatted(port, caFile));
    }

    private SessionGateway gateway(Path policy) throws SessionFailure {
        return SessionGateway.create(
                Optional.of(policy),
                Optional.of(dir.resolve("audit")),
                Map.of("HOME", dir.toString()),
                Clock.systemUTC());
    }

    private static long count(BreakGlassSession session, String sql) throws SessionFailure {
        var rows = new long[1];
        session.run(sql, RunOptions.defaults(), new ResultReceiver() {
            @Override
            public void columns(List<ColumnInfo> columns) {}

            @Override
            public void row(List<Object> values) {
                rows[0]++;
            }
        });
        return rows[0];
    }

    private List<String> journalLines() throws Exception {
        try (var files = Files.list(dir.resolve("audit"))) {
            var lines = new java.util.ArrayList<String>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .sorted()
                    .toList()) {
                lines.addAll(Files.readAllLines(file));
            }
            return lines;
        }
    }

    private static Justification justification() {
        return new Justification(
                "Testing the fail-closed syslog sink end to end",
                "INC-77",
                Duration.ofMinutes(10),
                AccessMode.READ_ONLY);
    }
}
