package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syslog sink over TLS (RFC 5425) against a real rsyslogd with rsyslog-gnutls's gtls driver: the client
 * verifies the server's certificate against the CA file it is given (and its host name), so a server whose
 * certificate chains to another CA is refused, with an error that names the sink.
 */
class SyslogTlsRsyslogTest {

    @TempDir
    static Path certDir;

    private static TestCertificates certificates;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.create(certDir);
    }

    @Test
    void everyEventArrivesOverTlsWhenTheServerCertificateChainsToTheGivenCa() throws Exception {
        var journal = Files.createDirectory(dir.resolve("journal"));
        try (var rsyslog = tlsRsyslog()) {
            rsyslog.start();
            var sink = sink(rsyslog, certificates.caFile());
            assertThat(sink.name()).isEqualTo("syslog tls://127.0.0.1:" + rsyslog.port());
            var settings = AuditSettings.localOnly(journal).withSinks(List.of(SinkBinding.required(sink)));
            JournalFixture.writeSession(settings);

            var local = JournalFixture.lines(JournalFixture.onlyFile(journal));
            assertThat(local).hasSize(10);
            assertThat(rsyslog.awaitLines(local.size())).containsExactlyElementsOf(local);
        }
    }

    @Test
    void aServerCertificateFromAnotherCaIsRefusedAndTheRequiredSinkBlocksTheSession() throws Exception {
        var journal = Files.createDirectory(dir.resolve("journal"));
        try (var rsyslog = tlsRsyslog()) {
            rsyslog.start();
            var sink = sink(rsyslog, certificates.otherCaFile());
            var settings = AuditSettings.localOnly(journal).withSinks(List.of(SinkBinding.required(sink)));
            try (var trail = AuditTrail.open(settings)) {
                assertThatThrownBy(() -> trail.beginSession(
                                UUID.randomUUID(),
                                JournalFixture.OPERATOR,
                                JournalFixture.TARGET,
                                JournalFixture.JUSTIFICATION))
                        .isInstanceOf(AuditUnavailableException.class)
                        .hasMessageContaining("required audit sink syslog tls://127.0.0.1:" + rsyslog.port())
                        .hasMessageContaining("TLS handshake")
                        .hasMessageContaining("not trusted")
                        .hasMessageContaining("the action was not performed");
            }
            // Nothing reached the server's file, and the refused session's lines wait in the spool.
            assertThat(rsyslog.awaitLines(1, Duration.ofSeconds(2))).isEmpty();
            var local = JournalFixture.lines(JournalFixture.onlyFile(journal));
            assertThat(Files.readAllLines(sink.spoolFile())).containsExactlyElementsOf(local);
        }
    }

    private LocalRsyslog tlsRsyslog() throws Exception {
        return new LocalRsyslog(
                Files.createDirectory(dir.resolve("rsyslog")),
                new LocalRsyslog.ServerTls(certificates.caFile(), certificates.serverCert(), certificates.serverKey()));
    }

    private SyslogSink sink(LocalRsyslog rsyslog, Path trustedCa) throws Exception {
        return new SyslogSink(
                "127.0.0.1",
                rsyslog.port(),
                Optional.of(TrustAnchors.trusting(trustedCa)),
                "laptop-17",
                Duration.ofSeconds(3),
                Clock.systemUTC(),
                dir.resolve("spool"));
    }
}
