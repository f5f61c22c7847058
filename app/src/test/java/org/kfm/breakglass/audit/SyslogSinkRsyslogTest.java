package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The syslog sink against a real rsyslogd (imtcp, octet-counted framing, omfile). */
class SyslogSinkRsyslogTest {

    @TempDir
    Path dir;

    @Test
    void rsyslogReceivesEveryEventAndCatchesUpAfterARestart() throws Exception {
        var journal = Files.createDirectory(dir.resolve("journal"));
        try (var rsyslog = new LocalRsyslog(Files.createDirectory(dir.resolve("rsyslog")))) {
            rsyslog.start();
            var sink = SyslogSink.tcp("127.0.0.1", rsyslog.port(), dir.resolve("spool"));
            var settings = AuditSettings.localOnly(journal).withSinks(List.of(SinkBinding.required(sink)));
            try (var trail = AuditTrail.open(settings)) {
                var s = trail.beginSession(
                        UUID.randomUUID(),
                        JournalFixture.OPERATOR,
                        JournalFixture.TARGET,
                        JournalFixture.JUSTIFICATION);
                s.queryBegin(StatementRecord.before("SELECT eigentümer FROM flurstück WHERE id = 42", "READ"));
                assertThat(rsyslog.awaitLines(2)).hasSize(2);

                rsyslog.stop();
                var refused = StatementRecord.before("SELECT * FROM parcels", "READ");
                assertThatThrownBy(() -> s.queryBegin(refused))
                        .isInstanceOf(AuditUnavailableException.class)
                        .hasMessageContaining("syslog tcp://127.0.0.1:" + rsyslog.port());
                s.recordDenied(refused, "required audit sink syslog is down");

                rsyslog.start();
                s.queryBegin(StatementRecord.before("SELECT * FROM parcels", "READ"));
                s.end("done");
            }
            var local = JournalFixture.lines(JournalFixture.onlyFile(journal));
            assertThat(local).hasSize(7);
            assertThat(rsyslog.awaitLines(local.size())).containsExactlyElementsOf(local);
        }
    }

    @Test
    void framesAreOctetCountedRfc5424() throws Exception {
        var sink = SyslogSink.tcp("127.0.0.1", 1, dir.resolve("spool"));
        var frame = new String(sink.frame("{\"a\":\"ü\"}"), java.nio.charset.StandardCharsets.UTF_8);
        var space = frame.indexOf(' ');
        var body = frame.substring(space + 1);
        assertThat(Integer.parseInt(frame.substring(0, space)))
                .isEqualTo(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat(body)
                .matches("<85>1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z \\S+ breakglass - audit - \\{.*");
    }
}
