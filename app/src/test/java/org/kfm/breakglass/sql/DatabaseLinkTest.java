package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DatabaseLinkTest {

    private final org.kfm.breakglass.testkit.LocalPostgis pg = SharedPostgis.get();

    @Test
    void streamsTwoHundredThousandRowsThroughTheSocketOpener() throws Exception {
        var opener = new SharedPostgis.CountingOpener();
        try (var link = DatabaseLink.connect(opener, SharedPostgis.spec(pg.reader(), true))) {
            var counted = new AtomicLong();
            var sink = new RowSink() {
                @Override
                public void columns(java.util.List<ResultColumn> columns) {}

                @Override
                public void row(java.util.List<Object> values) {
                    counted.incrementAndGet();
                }
            };
            var outcome = link.execute(
                    "SELECT g, md5(g::text) FROM generate_series(1, 200000) AS g",
                    QueryOptions.defaults().withFetchSize(500),
                    sink);

            assertThat(outcome.rows()).isEqualTo(200_000);
            assertThat(counted).hasValue(200_000);
            assertThat(outcome.truncated()).isFalse();
            assertThat(outcome.columns()).containsExactly("g", "md5");
            assertThat(opener.opened).hasValue(1);
        }
    }

    @Test
    void streamsFromAResultFarTooLargeToBufferAndStopsAtTheRowLimit() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            var counted = new AtomicLong();
            var sink = new RowSink() {
                @Override
                public void columns(java.util.List<ResultColumn> columns) {}

                @Override
                public void row(java.util.List<Object> values) {
                    counted.incrementAndGet();
                }
            };
            // A set-returning function in the select list streams on the server; 100 million rows held in the
            // driver would exhaust the test heap, so this only passes when rows are fetched through a cursor.
            var outcome = link.execute(
                    "SELECT generate_series(1, 100000000) AS n",
                    QueryOptions.defaults().withMaxRows(200_000),
                    sink);

            assertThat(outcome.rows()).isEqualTo(200_000);
            assertThat(counted).hasValue(200_000);
            assertThat(outcome.truncated()).isTrue();
        }
    }

    @Test
    void cutsOffAtMaxRowsAndSaysSo() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            var sink = new CollectingSink();
            var outcome = link.execute(
                    "SELECT id FROM places ORDER BY id", QueryOptions.defaults().withMaxRows(10), sink);

            assertThat(outcome.rows()).isEqualTo(10);
            assertThat(sink.rows).hasSize(10);
            assertThat(outcome.truncated()).isTrue();
        }
    }

    @Test
    void cancelFromAnotherThreadStopsTheStatementThroughTheTunnel() throws Exception {
        var opener = new SharedPostgis.CountingOpener();
        try (var link = DatabaseLink.connect(opener, SharedPostgis.spec(pg.reader(), true));
                var observer = pg.connect(pg.owner())) {
            var running = CompletableFuture.supplyAsync(() -> {
                try {
                    link.execute("SELECT pg_sleep(30)", QueryOptions.defaults(), RowSink.discarding());
                    return null;
                } catch (SqlFailure failure) {
                    return failure;
                }
            });
            awaitActive(observer, "pg_sleep(30)");

            link.cancel();

            var failure = running.get(20, TimeUnit.SECONDS);
            assertThat(failure).isNotNull();
            assertThat(failure.sqlstate()).isEqualTo("57014");
            // pgjdbc sends the cancel request over a second stream from the same socket factory.
            assertThat(opener.opened.get()).isGreaterThanOrEqualTo(2);
            assertThat(link.isAlive()).isTrue();
        }
    }

    @Test
    void statementTimeoutCancelsALongStatement() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            var failure = catchThrowableOfType(
                    SqlFailure.class,
                    () -> link.execute(
                            "SELECT pg_sleep(20)",
                            QueryOptions.defaults().withStatementTimeout(Duration.ofMillis(300)),
                            RowSink.discarding()));

            assertThat(failure.sqlstate()).isEqualTo("57014");
            assertThat(failure.serverMessage()).contains("statement timeout");
            // The per-call timeout is LOCAL: the next statement runs under the link's default again.
            var sink = new CollectingSink();
            link.execute("SHOW statement_timeout", QueryOptions.defaults(), sink);
            assertThat(sink.rows.get(0).get(0)).isEqualTo("1min");
        }
    }

    @Test
    void readOnlyLinkRejectsWritesEvenAfterTheUserTurnsTheDefaultOff() throws Exception {
        try (var link = SharedPostgis.link(pg.writer(), true)) {
            var sink = new CollectingSink();
            link.execute("SHOW default_transaction_read_only", QueryOptions.defaults(), sink);
            assertThat(sink.rows.get(0).get(0)).isEqualTo("on");

            var failure = catchThrowableOfType(
                    SqlFailure.class,
                    () -> link.execute(
                            "INSERT INTO places (name, kind) VALUES ('x', 'town')",
                            QueryOptions.defaults(),
                            RowSink.discarding()));
            assertThat(failure.sqlstate()).isEqualTo("25006");
            assertThat(failure.advice()).contains("read-only");

            link.execute("SET default_transaction_read_only = off", QueryOptions.defaults(), RowSink.discarding());
            var again = catchThrowableOfType(
                    SqlFailure.class,
                    () -> link.execute(
                            "DELETE FROM places WHERE id = 1", QueryOptions.defaults(), RowSink.discarding()));
            assertThat(again.sqlstate()).isEqualTo("25006");

            var escape = catchThrowableOfType(
                    SqlFailure.class,
                    () -> link.execute("SET TRANSACTION READ WRITE", QueryOptions.defaults(), RowSink.discarding()));
            assertThat(escape.sqlstate()).isEqualTo("25001");
        }
    }

    @Test
    void writeModeLeavesTheTransactionToTheCaller() throws Exception {
        try (var link = SharedPostgis.link(pg.writer(), false)) {
            link.execute("SELECT count(*) FROM places", QueryOptions.defaults(), RowSink.discarding());
            assertThat(link.transactionPending())
                    .as("a read leaves nothing to commit")
                    .isFalse();

            var outcome = link.execute(
                    "INSERT INTO places (name, kind) VALUES ('rolled back', 'town')",
                    QueryOptions.defaults(),
                    RowSink.discarding());
            assertThat(outcome.rows()).isEqualTo(1);
            assertThat(link.transactionPending()).isTrue();
            link.rollback();
            assertThat(countPlacesNamed(link, "rolled back")).isZero();

            link.execute(
                    "INSERT INTO places (name, kind) VALUES ('committed', 'town')",
                    QueryOptions.defaults(),
                    RowSink.discarding());
            link.commit();
            assertThat(countPlacesNamed(link, "committed")).isEqualTo(1);

            link.execute(
                    "INSERT INTO places (name, kind) VALUES ('left open', 'town')",
                    QueryOptions.defaults(),
                    RowSink.discarding());
            // The next statement rolls back what the caller neither committed nor rolled back.
            assertThat(countPlacesNamed(link, "left open")).isZero();

            link.execute("DELETE FROM places WHERE name = 'committed'", QueryOptions.defaults(), RowSink.discarding());
            link.commit();
        }
    }

    @Test
    void syntaxErrorCarriesSqlstateAndPosition() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            var sql = "SELECT name FROM places WHER id = 1";
            var failure = catchThrowableOfType(
                    SqlFailure.class, () -> link.execute(sql, QueryOptions.defaults(), RowSink.discarding()));

            assertThat(failure.sqlstate()).isEqualTo("42601");
            assertThat(failure.position()).isEqualTo(sql.indexOf("id = 1") + 1);
            assertThat(failure.serverMessage()).contains("syntax error");
            // The link stays usable after a failed statement.
            assertThat(link.execute("SELECT 1", QueryOptions.defaults(), RowSink.discarding())
                            .rows())
                    .isEqualTo(1);
        }
    }

    @Test
    void nullsArriveAsNullAndDifferFromEmptyText() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            var sink = new CollectingSink();
            link.execute(
                    "SELECT NULL::text AS a, ''::text AS b, NULL::geometry AS g, 42 AS n",
                    QueryOptions.defaults(),
                    sink);

            assertThat(sink.rows).hasSize(1);
            assertThat(sink.rows.get(0)).containsExactly(null, "", null, 42);
            assertThat(sink.columns).extracting(ResultColumn::spatial).containsExactly(false, false, true, false);
        }
    }

    @Test
    void geometryColumnsArriveAsDecodableEwkb() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            var sink = new CollectingSink();
            link.execute("SELECT geom FROM places WHERE id = 1", QueryOptions.defaults(), sink);

            assertThat(sink.columns.get(0)).isEqualTo(new ResultColumn("geom", "geometry", true));
            var value = (EwkbValue) sink.rows.get(0).get(0);
            var decoded = value.decode();
            assertThat(decoded.decoded()).isTrue();
            assertThat(decoded.srid()).isEqualTo(4326);
            assertThat(decoded.geometryType()).isEqualTo("Point");
        }
    }

    @Test
    void resultHashIsStableAndFollowsTheData() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            var query = "SELECT id, name, geom FROM places ORDER BY id LIMIT 100";
            var first = link.execute(query, QueryOptions.defaults(), RowSink.discarding());
            var second = link.execute(query, QueryOptions.defaults(), RowSink.discarding());
            var other = link.execute(
                    "SELECT id, name, geom FROM places ORDER BY id LIMIT 100 OFFSET 1",
                    QueryOptions.defaults(),
                    RowSink.discarding());
            var withNull = link.execute("SELECT NULL::text", QueryOptions.defaults(), RowSink.discarding());
            var withEmpty = link.execute("SELECT ''::text", QueryOptions.defaults(), RowSink.discarding());

            assertThat(first.resultSha256()).hasSize(64).isEqualTo(second.resultSha256());
            assertThat(other.resultSha256()).isNotEqualTo(first.resultSha256());
            assertThat(withNull.resultSha256()).isNotEqualTo(withEmpty.resultSha256());
        }
    }

    @Test
    void resultHashIsTheDocumentedDataRowForm() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            var outcome = link.execute("SELECT 'ab'::text, NULL::int", QueryOptions.defaults(), RowSink.discarding());

            var expected = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(new byte[] {0, 0, 0, 2, 'a', 'b', -1, -1, -1, -1});
            assertThat(outcome.resultSha256())
                    .isEqualTo(java.util.HexFormat.of().formatHex(expected));
        }
    }

    @Test
    void wrongPasswordSaysToCheckTheSecretAndNeverShowsThePassword() {
        var wrong = "not-the-password-" + System.nanoTime();
        var spec = new ConnectSpec(pg.database(), pg.reader().user(), wrong.toCharArray(), true, Duration.ZERO, null);

        var failure = catchThrowableOfType(
                SqlFailure.class, () -> DatabaseLink.connect(new SharedPostgis.CountingOpener(), spec));

        assertThat(failure.sqlstate()).isEqualTo("28P01");
        assertThat(failure.getMessage()).contains("Secret").doesNotContain(wrong);
        assertThat(spec.toString()).doesNotContain(wrong);
    }

    @Test
    void deadTunnelSaysTheTunnelIsDown() {
        SocketOpener dead = () -> {
            throw new IOException("port-forward websocket closed");
        };

        var failure = catchThrowableOfType(
                SqlFailure.class, () -> DatabaseLink.connect(dead, SharedPostgis.spec(pg.reader(), true)));

        assertThat(failure.sqlstate()).startsWith("08");
        assertThat(failure.advice()).contains("tunnel");
    }

    @Test
    void aReadOnlyStatementSendsItsWrapperInOneFlightNotTwo() throws Exception {
        // Each client flight is one write of pgjdbc's buffered stream to the socket: one round trip.
        var flights = new java.util.concurrent.atomic.AtomicInteger();
        SocketOpener counting = () -> new java.net.Socket(pg.host(), pg.port()) {
            @Override
            public java.io.OutputStream getOutputStream() throws java.io.IOException {
                var out = super.getOutputStream();
                return new java.io.OutputStream() {
                    @Override
                    public void write(int b) throws java.io.IOException {
                        flights.incrementAndGet();
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws java.io.IOException {
                        flights.incrementAndGet();
                        out.write(b, off, len);
                    }

                    @Override
                    public void flush() throws java.io.IOException {
                        out.flush();
                    }
                };
            }
        };
        try (var link = DatabaseLink.connect(counting, SharedPostgis.spec(pg.reader(), true))) {
            link.execute("SELECT 1", QueryOptions.defaults(), RowSink.discarding());
            int before = flights.get();

            var outcome = link.execute("SELECT 41 + 1", QueryOptions.defaults(), RowSink.discarding());

            assertThat(outcome.rows()).isEqualTo(1);
            // BEGIN + SET TRANSACTION READ ONLY + the identity SELECT; the statement; the check; ROLLBACK.
            assertThat(flights.get() - before).isEqualTo(4);
            // and the batched SET still made the statement's transaction read-only
            var rows = new CollectingSink();
            link.execute("SELECT pg_catalog.current_setting('transaction_read_only')", QueryOptions.defaults(), rows);
            assertThat(rows.rows).containsExactly(java.util.List.of("on"));
        }
    }

    @Test
    void droppedTunnelMakesTheLinkDeadAndSaysSo() throws Exception {
        var sockets = new java.util.concurrent.CopyOnWriteArrayList<java.net.Socket>();
        SocketOpener tunnel = () -> {
            var socket = new java.net.Socket(pg.host(), pg.port());
            sockets.add(socket);
            return socket;
        };
        try (var link = DatabaseLink.connect(tunnel, SharedPostgis.spec(pg.reader(), true))) {
            assertThat(link.isAlive()).isTrue();

            for (var socket : sockets) {
                socket.close();
            }

            assertThat(link.isAlive()).isFalse();
            var failure = catchThrowableOfType(
                    SqlFailure.class, () -> link.execute("SELECT 1", QueryOptions.defaults(), RowSink.discarding()));
            assertThat(failure.sqlstate()).startsWith("08");
            assertThat(failure.advice()).contains("tunnel");
        }
    }

    @Test
    void passwordNeverReachesTheServerLog() throws Exception {
        // The testkit's own CREATE ROLE … PASSWORD lines come earlier; only what the link caused is checked.
        var before = java.nio.file.Files.readString(pg.serverLog()).length();
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            link.execute("SELECT 1", QueryOptions.defaults(), RowSink.discarding());
        }

        var log = java.nio.file.Files.readString(pg.serverLog()).substring(before);
        assertThat(log)
                .contains("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                .doesNotContain(pg.reader().password());
    }

    @Test
    void closingUnregistersTheOpenerAndEndsTheLink() throws Exception {
        int before = SocketOpenerRegistry.size();
        var link = SharedPostgis.link(pg.reader(), true);
        assertThat(SocketOpenerRegistry.size()).isEqualTo(before + 1);
        assertThat(link.isAlive()).isTrue();

        link.close();

        assertThat(SocketOpenerRegistry.size()).isEqualTo(before);
        assertThat(link.isAlive()).isFalse();
    }

    @Test
    void refusesMoreThanOneStatementPerCall() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            assertThatThrownBy(() -> link.execute("SELECT 1; SELECT 2", QueryOptions.defaults(), RowSink.discarding()))
                    .isInstanceOf(SqlFailure.class)
                    .hasMessageContaining("exactly one statement");
        }
    }

    @Test
    void explainReturnsThePlanAsTextRows() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            var sink = new CollectingSink();
            var outcome = link.explain("SELECT * FROM places WHERE id = 7", QueryOptions.defaults(), sink);

            assertThat(outcome.columns()).containsExactly("QUERY PLAN");
            assertThat(sink.rows).extracting(row -> (String) row.get(0)).anyMatch(line -> line.contains("places"));
        }
    }

    @Test
    void explainErrorPositionPointsIntoTheExplainedStatement() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            var sql = "SELECT nope FROM places";
            var failure = catchThrowableOfType(
                    SqlFailure.class, () -> link.explain(sql, QueryOptions.defaults(), RowSink.discarding()));

            assertThat(failure.sqlstate()).isEqualTo("42703");
            assertThat(failure.position()).isEqualTo(sql.indexOf("nope") + 1);
        }
    }

    @Test
    void applicationNameIdentifiesTheSession() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            var sink = new CollectingSink();
            link.execute("SHOW application_name", QueryOptions.defaults(), sink);
            assertThat(sink.rows.get(0).get(0)).isEqualTo("breakglass/01234567");
        }
    }

    private static long countPlacesNamed(DatabaseLink link, String name) throws SqlFailure {
        var sink = new CollectingSink();
        link.execute("SELECT count(*) FROM places WHERE name = '" + name + "'", QueryOptions.defaults(), sink);
        return (Long) sink.rows.get(0).get(0);
    }

    private static void awaitActive(java.sql.Connection observer, String fragment) throws Exception {
        for (int i = 0; i < 400; i++) {
            try (var st = observer.prepareStatement(
                    "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE ?")) {
                st.setString(1, "%" + fragment + "%");
                try (var rs = st.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the statement never became active: " + fragment);
    }
}
