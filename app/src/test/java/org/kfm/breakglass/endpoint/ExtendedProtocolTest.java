package org.kfm.breakglass.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.endpoint.upstream.StatementOutcome;
import org.kfm.breakglass.endpoint.wire.Frame;
import org.kfm.breakglass.endpoint.wire.FrontendMessages;
import org.kfm.breakglass.endpoint.wire.MessageBuilder;
import org.kfm.breakglass.session.AccessMode;

/**
 * The extended query protocol where an auditor could be fooled: what runs is what is journaled, even when an
 * error makes the server skip messages, batches are pipelined, names are reused, portals run in chunks.
 */
class ExtendedProtocolTest {

    @Test
    void aReparseTheServerSkippedDoesNotChangeWhatIsJournaledForTheName() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY);
                var client = RawClient.connect(stage.endpoint().socketPath())) {
            client.login();
            client.send(FrontendMessages.parse("s1", "SELECT 'old' AS v"), FrontendMessages.sync());
            client.until('Z', 10_000);
            // the first Parse fails, so the server skips the Close and the new Parse: s1 stays 'old'
            client.send(
                    FrontendMessages.parse("", "SELEC oops"),
                    FrontendMessages.close('S', "s1"),
                    FrontendMessages.parse("s1", "SELECT 'new' AS v"),
                    FrontendMessages.sync(),
                    FrontendMessages.bind("", "s1"),
                    FrontendMessages.execute("", 0),
                    FrontendMessages.sync());
            var replies = client.until('Z', 10_000);
            replies.addAll(client.until('Z', 10_000));
            assertThat(replies).anySatisfy(f -> assertThat(f.typeChar()).isEqualTo('E'));
            var row = replies.stream()
                    .filter(f -> f.typeChar() == 'D')
                    .findFirst()
                    .orElseThrow();
            assertThat(new String(row.body(), StandardCharsets.UTF_8)).endsWith("old");
            var begins = stage.journal().of(RecordingJournal.Begin.class);
            assertThat(begins)
                    .singleElement()
                    .satisfies(b -> assertThat(b.start().sql()).isEqualTo("SELECT 'old' AS v"));
        }
    }

    @Test
    void pipelinedBatchesAreEachJournaledWithTheirOwnText() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY);
                var client = RawClient.connect(stage.endpoint().socketPath())) {
            client.login();
            client.send(
                    FrontendMessages.parse("", "SELECT 1 AS first"),
                    FrontendMessages.bind("", ""),
                    FrontendMessages.execute("", 0),
                    FrontendMessages.sync(),
                    FrontendMessages.parse("", "SELECT 2 AS second"),
                    FrontendMessages.bind("", ""),
                    FrontendMessages.execute("", 0),
                    FrontendMessages.sync(),
                    FrontendMessages.bind("", ""),
                    FrontendMessages.execute("", 0),
                    FrontendMessages.sync());
            client.until('Z', 10_000);
            client.until('Z', 10_000);
            var third = client.until('Z', 10_000);
            assertThat(third)
                    .anySatisfy(f -> assertThat(new String(f.body(), StandardCharsets.UTF_8))
                            .endsWith("2"));
            var begins = stage.journal().await(RecordingJournal.Finished.class, 3, 5000);
            assertThat(stage.journal().of(RecordingJournal.Begin.class))
                    .extracting(b -> b.start().sql())
                    .containsExactly("SELECT 1 AS first", "SELECT 2 AS second", "SELECT 2 AS second");
            assertThat(begins).hasSize(3);
        }
    }

    @Test
    void aRefusedParseInTheMiddleOfABatchAbortsItLikeAServerError() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY);
                var client = RawClient.connect(stage.endpoint().socketPath())) {
            client.login();
            long logStart = stage.serverLogSize();
            client.send(
                    FrontendMessages.parse("", "SELECT 'kept' AS v"),
                    FrontendMessages.bind("", ""),
                    FrontendMessages.execute("", 0),
                    FrontendMessages.parse("", "DELETE FROM places WHERE id = 3"),
                    FrontendMessages.bind("", ""),
                    FrontendMessages.execute("", 0),
                    FrontendMessages.sync());
            var replies = client.until('Z', 10_000);
            assertThat(replies).extracting(Frame::typeChar).containsExactly('1', '2', 'D', 'C', 'E', 'Z');
            assertThat(RawClient.fields(replies.get(4))).containsEntry('C', "25006");
            assertThat(replies.get(5).body()).isEqualTo(new byte[] {'I'});
            assertThat(stage.serverLogSince(logStart)).contains("kept").doesNotContain("DELETE");
            assertThat(stage.journal().of(RecordingJournal.Denied.class))
                    .singleElement()
                    .satisfies(d -> assertThat(d.denial().sql()).isEqualTo("DELETE FROM places WHERE id = 3"));
        }
    }

    @Test
    void unknownStatementsAndPortalsAreRefusedAsTheServerWouldAndNotSent() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY);
                var client = RawClient.connect(stage.endpoint().socketPath())) {
            client.login();
            client.send(
                    FrontendMessages.bind("", "never-parsed"),
                    FrontendMessages.execute("", 0),
                    FrontendMessages.sync());
            var replies = client.until('Z', 10_000);
            assertThat(replies).extracting(Frame::typeChar).containsExactly('E', 'Z');
            assertThat(RawClient.fields(replies.get(0))).containsEntry('C', "26000");
            client.send(FrontendMessages.execute("no-portal", 0), FrontendMessages.sync());
            replies = client.until('Z', 10_000);
            assertThat(RawClient.fields(replies.get(0))).containsEntry('C', "34000");
            client.send(FrontendMessages.parse("", "SELECT 1; SELECT 2"), FrontendMessages.sync());
            replies = client.until('Z', 10_000);
            assertThat(RawClient.fields(replies.get(0))).containsEntry('C', "42601");
            assertThat(stage.journal().of(RecordingJournal.Begin.class)).isEmpty();
        }
    }

    @Test
    void theFastPathFunctionCallIsRefused() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY);
                var client = RawClient.connect(stage.endpoint().socketPath())) {
            client.login();
            // pg_terminate_backend has OID 2096
            client.send(new MessageBuilder('F')
                    .int32(2096)
                    .int16(0)
                    .int16(1)
                    .int32(4)
                    .int32(1)
                    .int16(0)
                    .frame());
            var replies = client.until('Z', 10_000);
            assertThat(replies).extracting(Frame::typeChar).containsExactly('E', 'Z');
            assertThat(RawClient.fields(replies.get(0))).containsEntry('C', "0A000");
            assertThat(stage.journal().of(RecordingJournal.Denied.class))
                    .singleElement()
                    .satisfies(d -> assertThat(d.denial().sql()).isEqualTo("FunctionCall 2096"));
        }
    }

    @Test
    void aPortalFetchedInChunksIsOneStatementWithAllItsRows() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY, true)) {
            var address = stage.endpoint().tcpAddress().orElseThrow();
            var props = new Properties();
            props.setProperty("user", "x");
            props.setProperty(
                    "password",
                    new String(stage.endpoint().tcpPassword().orElseThrow().reveal()));
            props.setProperty("sslmode", "disable");
            props.setProperty("defaultRowFetchSize", "100");
            String url =
                    "jdbc:postgresql://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/kfm";
            int rows = 0;
            try (var c = DriverManager.getConnection(url, props)) {
                c.setAutoCommit(false);
                try (var s = c.createStatement();
                        var rs = s.executeQuery("SELECT id, geom FROM places ORDER BY id")) {
                    while (rs.next()) {
                        rows++;
                    }
                }
                c.commit();
            }
            assertThat(rows).isEqualTo(1001);
            var begins = stage.journal().of(RecordingJournal.Begin.class).stream()
                    .filter(b -> b.start().sql().equals("SELECT id, geom FROM places ORDER BY id"))
                    .toList();
            assertThat(begins).hasSize(1);
            stage.journal()
                    .await(
                            RecordingJournal.Finished.class,
                            stage.journal().of(RecordingJournal.Begin.class).size(),
                            5000);
            assertThat(stage.journal().outcomeOf(begins.get(0).ticket()))
                    .isInstanceOfSatisfying(StatementOutcome.Completed.class, done -> {
                        assertThat(done.rows()).isEqualTo(1001);
                        assertThat(done.columns()).containsExactly("id", "geom");
                    });
        }
    }

    @Test
    void resultHashEqualsTheConsolesDigestOfTheSameRows() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            var run = stage.psql(
                    stage.throughEnv(),
                    null,
                    "-At",
                    "-c",
                    "SELECT id, name, NULL::text FROM places WHERE id <= 3 ORDER BY id");
            assertThat(run.exit()).isZero();
            var digest = new org.kfm.breakglass.sql.ResultDigest();
            for (int id = 1; id <= 3; id++) {
                digest.add(String.valueOf(id));
                digest.add("Place 000" + id);
                digest.add(null);
            }
            var begin = stage.journal().of(RecordingJournal.Begin.class).get(0);
            stage.journal().await(RecordingJournal.Finished.class, 1, 5000);
            assertThat(stage.journal().outcomeOf(begin.ticket()))
                    .isInstanceOfSatisfying(StatementOutcome.Completed.class, done -> {
                        assertThat(done.resultSha256()).isEqualTo(digest.finish());
                        assertThat(done.tag()).isEqualTo("SELECT 3");
                        assertThat(done.columns()).containsExactly("id", "name", "text");
                    });
            assertThat(List.of(begin.start().protocol())).containsExactly("simple");
        }
    }
}
