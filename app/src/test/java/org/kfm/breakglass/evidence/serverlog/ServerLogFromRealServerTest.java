package org.kfm.breakglass.evidence.serverlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.evidence.PgAuditServer;

/**
 * The log reader against what a real PostgreSQL 15 with pgaudit writes: statements sent over pgjdbc's extended
 * protocol (as the console sends them) and with psql, with quotes, commas, line breaks and tabs in them, a function
 * whose body pgaudit logs as a substatement, a failing statement, client-chosen application names — and a fuzz of
 * the reader seeded with the real lines.
 */
class ServerLogFromRealServerTest {

    private static final String APP = "breakglass/1a2b3c4d";
    private static PgAuditServer server;
    private static Instant started;

    @BeforeAll
    static void startServer() {
        server = PgAuditServer.start(true);
        started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static ServerLog read() {
        return new ServerLogFormat.Stderr(LogLinePrefix.parse(server.prefix())).read("server.log", server.logLines());
    }

    private static List<ServerStatement> of(ServerLog log, String application) {
        return log.statements().stream()
                .filter(s -> application.equals(s.application()))
                .toList();
    }

    @Test
    void readsWhatTheExtendedProtocolSentWithUserApplicationRowsAndBackend() throws Exception {
        String tricky = "SELECT 'a,\"b\"'' c' AS x,\n\towner -- a comment, with \"quotes\"\nFROM parcels WHERE id < 4";
        try (var c = server.connect(PgAuditServer.READER, server.readerPassword(), APP);
                var st = c.createStatement()) {
            st.execute("SELECT owner FROM parcels WHERE id <= 3");
            st.execute(tricky);
            st.execute("SELECT parcel_count()");
            try {
                st.execute("SELECT 1/0");
            } catch (SQLException expected) {
                assertThat(expected.getSQLState()).isEqualTo("22012");
            }
        }
        server.awaitLog(l -> l.contains("SELECT 1/0"));
        var log = read();
        var mine = of(log, APP);

        assertThat(log.unrecognized()).as("%s", log.unrecognizedSamples()).isZero();
        assertThat(mine)
                .allSatisfy(s -> {
                    assertThat(s.user()).isEqualTo(PgAuditServer.READER);
                    assertThat(s.database()).isEqualTo(PgAuditServer.DATABASE);
                    assertThat(s.backend()).matches("[0-9a-f]+\\.[0-9a-f]+");
                    assertThat(s.time()).isBetween(started, Instant.now());
                    assertThat(s.ambiguous()).isFalse();
                })
                .extracting(ServerStatement::backend)
                .containsOnly(mine.getFirst().backend());
        var select = mine.stream()
                .filter(s -> s.text().equals("SELECT owner FROM parcels WHERE id <= 3"))
                .toList();
        assertThat(select).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(ServerStatement.Kind.AUDITED);
            assertThat(s.audit().auditClass()).isEqualTo("READ");
            assertThat(s.audit().rows()).isEqualTo(3L);
        });
        assertThat(mine)
                .filteredOn(s -> s.text().equals(tricky))
                .singleElement()
                .satisfies(s -> assertThat(s.audit().rows()).isEqualTo(3L));
        assertThat(mine)
                .filteredOn(s -> s.text().equals("SELECT count(*) FROM parcels"))
                .singleElement()
                .satisfies(s -> assertThat(s.audit().substatementId()).isGreaterThan(1));
        assertThat(mine)
                .filteredOn(s -> s.kind() == ServerStatement.Kind.FAILED)
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.text()).isEqualTo("SELECT 1/0");
                    assertThat(s.error()).isEqualTo("division by zero");
                });
    }

    @Test
    void readsPsqlsSimpleProtocolAndApplicationNamesWithSpaces() {
        String app = "QGIS 3.34 (project: a@b, x)";
        server.psql(PgAuditServer.READER, server.readerPassword(), app, "SELECT id FROM parcels WHERE id = 7");
        server.awaitLog(l -> l.contains("WHERE id = 7"));
        var mine = of(read(), app);
        assertThat(mine).singleElement().satisfies(s -> {
            assertThat(s.text()).isEqualTo("SELECT id FROM parcels WHERE id = 7");
            assertThat(s.audit().rows()).isEqualTo(1L);
            assertThat(s.ambiguous()).isFalse();
        });
    }

    @Test
    void anApplicationNameHoldingPrefixSyntaxIsFlaggedWithEveryReading() {
        String app = "x 1.1 1 0 LOG:  y";
        server.psql(PgAuditServer.READER, server.readerPassword(), app, "SELECT owner FROM parcels WHERE id = 9");
        server.awaitLog(l -> l.contains("WHERE id = 9"));
        var log = read();
        var flagged = log.statements().stream()
                .filter(s -> s.kind() == ServerStatement.Kind.AMBIGUOUS)
                .toList();
        assertThat(flagged)
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.alternatives()).isNotEmpty());
        assertThat(flagged).flatExtracting(ServerStatement::alternatives).anySatisfy(r -> {
            assertThat(r.application()).isEqualTo(app);
            assertThat(r.message()).contains("AUDIT: SESSION").contains("WHERE id = 9");
        });
        assertThat(log.statements())
                .filteredOn(s -> s.kind() == ServerStatement.Kind.AUDITED)
                .noneMatch(s -> s.text().contains("WHERE id = 9"));
    }

    @Test
    void everyRandomLiteralComesBackExactly() throws Exception {
        var random = new Random(20261201L);
        String alphabet = "abc ,\"'\n\t\\;%$:|Ää€\r";
        var sent = new ArrayList<String>();
        String app = "roundtrip";
        try (var c = server.connect(PgAuditServer.READER, server.readerPassword(), app);
                var st = c.createStatement()) {
            for (int i = 0; i < 120; i++) {
                var literal = new StringBuilder();
                int n = 1 + random.nextInt(40);
                for (int k = 0; k < n; k++) {
                    literal.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                String sql = "SELECT '" + literal.toString().replace("'", "''") + "' AS v" + i;
                st.execute(sql);
                sent.add(sql);
            }
        }
        server.awaitLog(l -> l.contains("AS v119"));
        var log = read();
        assertThat(log.unrecognized()).as("%s", log.unrecognizedSamples()).isZero();
        // pgjdbc's own first statement, then exactly what was sent, in order.
        sent.addFirst("SET application_name = '" + app + "'");
        assertThat(of(log, app)).extracting(ServerStatement::text).containsExactlyElementsOf(sent);
    }

    @Test
    void theReaderNeverThrowsOnMutatedRealLines() {
        var real = server.logLines();
        var prefix = LogLinePrefix.parse(server.prefix());
        var random = new Random(42);
        String fragments = "\t\n\",'%:  LOG:  AUDIT: SESSION,1,1,READ,SELECT,,,\"x\",<none>,1 [1] @ 6b.4 STATEMENT:  ";
        for (int round = 0; round < 400; round++) {
            var lines = new ArrayList<String>();
            for (int i = 0; i < 30; i++) {
                var line = new StringBuilder(real.get(random.nextInt(real.size())));
                int edits = random.nextInt(4);
                for (int e = 0; e < edits && !line.isEmpty(); e++) {
                    int at = random.nextInt(line.length() + 1);
                    switch (random.nextInt(3)) {
                        case 0 -> line.insert(at, fragments.charAt(random.nextInt(fragments.length())));
                        case 1 ->
                            line.delete(
                                    Math.min(at, line.length() - 1),
                                    Math.min(line.length(), at + 1 + random.nextInt(8)));
                        default -> line.insert(at, fragments, 0, random.nextInt(fragments.length()));
                    }
                }
                for (var part : line.toString().split("\n", -1)) {
                    lines.add(part);
                }
            }
            var log = new ServerLogFormat.Stderr(prefix).read("fuzz", lines);
            assertThat(log.lines()).isEqualTo(lines.size());
            assertThat(log.entries() + log.unrecognized()).isLessThanOrEqualTo(lines.size());
            assertThat(log.statements())
                    .allSatisfy(s -> assertThat(s.text()).isNotNull())
                    .filteredOn(s -> s.kind() == ServerStatement.Kind.AUDITED)
                    .allSatisfy(s -> assertThat(s.audit()).isNotNull());
            var json = new ServerLogFormat.CloudNativePgJson().read("fuzz", lines);
            assertThat(json.lines()).isEqualTo(lines.size());
        }
    }
}
