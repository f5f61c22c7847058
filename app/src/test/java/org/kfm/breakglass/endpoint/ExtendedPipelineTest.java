package org.kfm.breakglass.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.endpoint.upstream.ClientTerms;
import org.kfm.breakglass.endpoint.upstream.StatementOutcome;
import org.kfm.breakglass.endpoint.wire.Frame;
import org.kfm.breakglass.endpoint.wire.FrontendMessages;
import org.kfm.breakglass.endpoint.wire.MessageBuilder;
import org.kfm.breakglass.session.AccessMode;

/**
 * Raw extended-protocol sequences real drivers send (pgjdbc, psycopg pipelines, libpq's PQsendQueryParams):
 * named statements with parameters, Describe, Flush without Sync, named portals run in chunks and closed early,
 * server errors inside a pipeline, the sink failing at Execute. Each Execute's {@code query.begin} (the statement
 * text and its parameters) is journaled before the server sees it, and what the journal says ran is what the
 * server log says ran.
 */
class ExtendedPipelineTest {

    private static final String SUM = "SELECT $1::int + $2::int AS total, $3::text AS label";

    @Test
    void aNamedStatementIsJournaledWithItsParametersOncePerExecute() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY);
                var client = RawClient.connect(stage.endpoint().socketPath())) {
            client.login();
            // Parse + Describe + Flush: the driver waits for the description before it binds, with no Sync
            client.send(
                    FrontendMessages.parse("sum", SUM),
                    FrontendMessages.describe('S', "sum"),
                    FrontendMessages.flush());
            assertThat(client.until('T', 10_000)).extracting(Frame::typeChar).containsExactly('1', 't', 'T');
            assertThat(stage.journal().of(RecordingJournal.Begin.class)).isEmpty();

            long logStart = stage.serverLogSize();
            client.send(
                    bind("p1", "sum", new int[] {0, 1, 0}, text("40"), binaryInt(2), null),
                    FrontendMessages.describe('P', "p1"),
                    FrontendMessages.execute("p1", 0),
                    bind("", "sum", new int[] {0}, text("1"), text("1"), text("second")),
                    FrontendMessages.execute("", 0),
                    FrontendMessages.sync());
            var replies = client.until('Z', 10_000);
            assertThat(replies).extracting(Frame::typeChar).containsExactly('2', 'T', 'D', 'C', '2', 'D', 'C', 'Z');
            assertThat(ascii(replies.get(2))).contains("42");
            assertThat(ascii(replies.get(5))).contains("2").contains("second");

            var begins = stage.journal().of(RecordingJournal.Begin.class);
            assertThat(begins).hasSize(2).allSatisfy(b -> {
                assertThat(b.start().sql()).isEqualTo(SUM);
                assertThat(b.start().protocol()).isEqualTo("extended");
            });
            assertThat(begins.get(0).start().parameters()).containsExactly("40", "\\x00000002", null);
            assertThat(begins.get(1).start().parameters()).containsExactly("1", "1", "second");
            stage.journal().await(RecordingJournal.Finished.class, 2, 5000);
            assertThat(stage.journal().outcomeOf(begins.get(0).ticket()))
                    .isInstanceOfSatisfying(StatementOutcome.Completed.class, done -> {
                        assertThat(done.tag()).isEqualTo("SELECT 1");
                        assertThat(done.rows()).isEqualTo(1);
                        assertThat(done.columns()).containsExactly("total", "label");
                    });
            // the oracle: the server ran exactly the two Executes the journal holds
            String serverSaw = stage.serverLogSince(logStart);
            assertThat(serverSaw.split("execute sum", -1)).hasSize(3);
        }
    }

    @Test
    void redactedParametersAreJournaledAsTheirSha256() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            stage.upstream()
                    .terms(new ClientTerms(AccessMode.READ_ONLY, stage.postgis().database(), true));
            try (var client = RawClient.connect(stage.endpoint().socketPath())) {
                client.login();
                client.send(
                        FrontendMessages.parse("", SUM),
                        bind("", "", new int[] {0}, text("40"), text("2"), text("secret-label")),
                        FrontendMessages.execute("", 0),
                        FrontendMessages.sync());
                assertThat(client.until('Z', 10_000))
                        .extracting(Frame::typeChar)
                        .contains('D', 'C');
            }
            assertThat(stage.journal().of(RecordingJournal.Begin.class))
                    .singleElement()
                    .satisfies(b -> assertThat(b.start().parameters())
                            .containsExactly(
                                    "sha256:" + sha256("40"),
                                    "sha256:" + sha256("2"),
                                    "sha256:" + sha256("secret-label")));
            assertThat(stage.journal().entries().toString()).doesNotContain("secret-label");
        }
    }

    @Test
    void aServerErrorInAPipelineSkipsToSyncAndTheNextBatchRuns() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY);
                var client = RawClient.connect(stage.endpoint().socketPath())) {
            client.login();
            client.send(FrontendMessages.parse("later", "SELECT 'after-error' AS v"), FrontendMessages.sync());
            client.until('Z', 10_000);
            long logStart = stage.serverLogSize();
            client.send(
                    FrontendMessages.parse("", "SELECT 1 / (id - id) FROM places WHERE id = 1"),
                    FrontendMessages.bind("", ""),
                    FrontendMessages.execute("", 0),
                    FrontendMessages.bind("", "later"),
                    FrontendMessages.execute("", 0),
                    FrontendMessages.sync(),
                    FrontendMessages.parse("", "SELECT 'next-batch' AS v"),
                    FrontendMessages.bind("", ""),
                    FrontendMessages.execute("", 0),
                    FrontendMessages.sync());
            var first = client.until('Z', 10_000);
            assertThat(first).extracting(Frame::typeChar).containsExactly('1', '2', 'E', 'Z');
            assertThat(RawClient.fields(first.get(2))).containsEntry('C', "22012");
            var second = client.until('Z', 10_000);
            assertThat(second).extracting(Frame::typeChar).containsExactly('1', '2', 'D', 'C', 'Z');
            assertThat(ascii(second.get(2))).contains("next-batch");

            assertThat(stage.serverLogSince(logStart)).contains("next-batch").doesNotContain("execute later");
            var begins = stage.journal().of(RecordingJournal.Begin.class);
            stage.journal().await(RecordingJournal.Finished.class, begins.size(), 5000);
            assertThat(begins.get(0).start().sql()).isEqualTo("SELECT 1 / (id - id) FROM places WHERE id = 1");
            assertThat(stage.journal().outcomeOf(begins.get(0).ticket()))
                    .isInstanceOfSatisfying(
                            StatementOutcome.Failed.class,
                            f -> assertThat(f.sqlstate()).isEqualTo("22012"));
            // the skipped Execute is journaled as not run, if the endpoint had begun it before the error came back
            assertThat(begins)
                    .filteredOn(b -> b.start().sql().equals("SELECT 'after-error' AS v"))
                    .allSatisfy(b -> assertThat(stage.journal().outcomeOf(b.ticket()))
                            .isInstanceOf(StatementOutcome.NotRun.class));
            assertThat(begins.get(begins.size() - 1).start().sql()).isEqualTo("SELECT 'next-batch' AS v");
        }
    }

    @Test
    void aNamedPortalRunInChunksAndClosedEarlyIsOneStatementWithTheRowsSent() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY);
                var client = RawClient.connect(stage.endpoint().socketPath())) {
            client.login();
            client.send(FrontendMessages.query("BEGIN"));
            client.until('Z', 10_000);
            client.send(
                    FrontendMessages.parse("", "SELECT id FROM places ORDER BY id"),
                    FrontendMessages.bind("cur", ""),
                    FrontendMessages.execute("cur", 2),
                    FrontendMessages.sync());
            assertThat(client.until('Z', 10_000))
                    .extracting(Frame::typeChar)
                    .containsExactly('1', '2', 'D', 'D', 's', 'Z');
            client.send(FrontendMessages.execute("cur", 3), FrontendMessages.flush());
            assertThat(client.until('s', 10_000)).extracting(Frame::typeChar).containsExactly('D', 'D', 'D', 's');
            client.send(FrontendMessages.close('P', "cur"), FrontendMessages.sync());
            assertThat(client.until('Z', 10_000)).extracting(Frame::typeChar).containsExactly('3', 'Z');
            client.send(FrontendMessages.query("COMMIT"));
            client.until('Z', 10_000);

            var begins = stage.journal().of(RecordingJournal.Begin.class).stream()
                    .filter(b -> b.start().sql().equals("SELECT id FROM places ORDER BY id"))
                    .toList();
            assertThat(begins).hasSize(1);
            stage.journal().await(RecordingJournal.Finished.class, 3, 5000);
            assertThat(stage.journal().outcomeOf(begins.get(0).ticket()))
                    .isInstanceOfSatisfying(StatementOutcome.Completed.class, done -> {
                        assertThat(done.rows()).isEqualTo(5);
                        assertThat(done.tag()).isNull();
                    });
        }
    }

    @Test
    void whenTheSinkCannotRecordAnExecuteTheServerNeverRunsIt() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY);
                var client = RawClient.connect(stage.endpoint().socketPath())) {
            client.login();
            client.send(FrontendMessages.parse("held", "SELECT 'sink-held' AS v"), FrontendMessages.sync());
            client.until('Z', 10_000);
            stage.journal().failWith("syslog");
            long logStart = stage.serverLogSize();
            client.send(FrontendMessages.bind("", "held"), FrontendMessages.execute("", 0), FrontendMessages.sync());
            var replies = client.until('Z', 10_000);
            assertThat(replies).extracting(Frame::typeChar).containsExactly('2', 'E', 'Z');
            assertThat(RawClient.fields(replies.get(1)).get('M'))
                    .contains("the audit sink 'syslog' cannot record it")
                    .contains("nothing was sent");
            assertThat(stage.serverLogSince(logStart)).doesNotContain("execute held");
            stage.journal().failWith(null);
            client.send(FrontendMessages.bind("", "held"), FrontendMessages.execute("", 0), FrontendMessages.sync());
            assertThat(client.until('Z', 10_000)).extracting(Frame::typeChar).containsExactly('2', 'D', 'C', 'Z');
            assertThat(stage.journal().of(RecordingJournal.Begin.class)).hasSize(1);
        }
    }

    /** Bind with the given parameter format codes (0 text, 1 binary) and values (null: SQL NULL). */
    private static Frame bind(String portal, String statement, int[] formats, byte[]... values) {
        var b = new MessageBuilder('B').cstring(portal).cstring(statement).int16(formats.length);
        for (int f : formats) {
            b.int16(f);
        }
        b.int16(values.length);
        for (byte[] v : values) {
            if (v == null) {
                b.int32(-1);
            } else {
                b.int32(v.length).bytes(v);
            }
        }
        return b.int16(0).frame();
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] binaryInt(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static String ascii(Frame frame) {
        return new String(frame.body(), StandardCharsets.UTF_8);
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text(s)));
    }
}
