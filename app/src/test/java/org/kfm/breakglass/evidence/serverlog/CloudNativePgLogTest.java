package org.kfm.breakglass.evidence.serverlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.evidence.PgAuditServer;

/** CloudNativePG's JSON lines, made from a real server's csvlog the way its instance manager makes them. */
class CloudNativePgLogTest {

    @Test
    void readsPgauditRecordsAndFailedStatementsFromTheJsonLines() throws Exception {
        try (var server = PgAuditServer.start(
                PgAuditServer.PREFIX,
                Map.of(
                        "pgaudit.log_rows", "on",
                        "log_destination", "csvlog",
                        "logging_collector", "on",
                        "log_filename", "postgresql"))) {
            try (var c = server.connect(PgAuditServer.READER, server.readerPassword(), "breakglass/6b1f0b6e");
                    var st = c.createStatement()) {
                st.execute("SELECT owner,\n\t'a,\"b\"' FROM parcels WHERE id <= 2");
                try {
                    st.execute("SELECT nope FROM parcels");
                } catch (SQLException expected) {
                    assertThat(expected.getSQLState()).isEqualTo("42703");
                }
            }
            server.psql(PgAuditServer.READER, server.readerPassword(), "psql", "SELECT count(*) FROM parcels");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!(Files.exists(server.csvLog())
                            && Files.readString(server.csvLog()).contains("count(*)"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            var lines = CloudNativePgLines.fromCsvlog(server.csvLog(), "cluster-example-1");
            var log = new ServerLogFormat.CloudNativePgJson().read("pod cluster-example-1", lines);

            assertThat(log.unrecognized()).isZero();
            assertThat(log.first()).isPresent();
            var console = log.statements().stream()
                    .filter(s -> "breakglass/6b1f0b6e".equals(s.application()))
                    .toList();
            assertThat(console)
                    .extracting(ServerStatement::text)
                    .containsExactly(
                            "SET application_name = 'breakglass/6b1f0b6e'",
                            "SELECT owner,\n\t'a,\"b\"' FROM parcels WHERE id <= 2",
                            "SELECT nope FROM parcels");
            assertThat(console.get(1)).satisfies(s -> {
                assertThat(s.kind()).isEqualTo(ServerStatement.Kind.AUDITED);
                assertThat(s.user()).isEqualTo(PgAuditServer.READER);
                assertThat(s.audit().rows()).isEqualTo(2L);
                assertThat(s.backend()).matches("[0-9a-f]+\\.[0-9a-f]+");
            });
            assertThat(console.get(2)).satisfies(s -> {
                assertThat(s.kind()).isEqualTo(ServerStatement.Kind.FAILED);
                assertThat(s.error()).contains("nope").contains("does not exist");
            });
            assertThat(log.statements())
                    .filteredOn(s -> "psql".equals(s.application()))
                    .singleElement()
                    .satisfies(s -> assertThat(s.audit().rows()).isEqualTo(1L));
        }
    }
}
