package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.kfm.breakglass.testkit.LocalPostgis;

/**
 * The read-only wrapper costs round trips of its own: before the statement pgjdbc's BEGIN, SET TRANSACTION READ
 * ONLY and the first query go in one; after it the check and the rollback go in one (ADR 0027). Counted on the
 * wire: one Sync per round trip, and the operator's statement still in a Parse of its own.
 */
class WrapperRoundTripsTest {

    private final LocalPostgis pg = SharedPostgis.get();

    @Test
    void aReadOnlyStatementCostsTheStatementPlusTwoWrapperRoundTrips() throws Exception {
        var opener = new ProtocolCountingOpener();
        try (var link = DatabaseLink.connect(opener, SharedPostgis.spec(pg.reader(), true))) {
            link.execute("SELECT 1", QueryOptions.defaults(), RowSink.discarding()); // warm: pgjdbc's own lookups
            int syncs = opener.syncs.get();
            int parses = opener.parses.get();
            var outcome = link.execute("SELECT 42 AS answer", QueryOptions.defaults(), RowSink.discarding());

            assertThat(outcome.rows()).isEqualTo(1);
            assertThat(opener.syncs.get() - syncs)
                    .as("round trips for one read-only statement (before ADR 0027: 5)")
                    .isEqualTo(3);
            // BEGIN, SET TRANSACTION READ ONLY, the first query, the statement, the check, ROLLBACK
            assertThat(opener.parses.get() - parses).isLessThanOrEqualTo(6);
            assertThat(link.alarm()).isNull();
        }
    }

    @Test
    void theWrapperStillRefusesAStatementThatTriesToMakeItsTransactionReadWrite() throws Exception {
        try (var link = DatabaseLink.connect(new ProtocolCountingOpener(), SharedPostgis.spec(pg.reader(), true))) {
            assertThatThrownBy(() ->
                            link.execute("SET TRANSACTION READ WRITE", QueryOptions.defaults(), RowSink.discarding()))
                    .isInstanceOfSatisfying(
                            SqlFailure.class, f -> assertThat(f.sqlstate()).isEqualTo("25001"));
            // and the link is usable afterwards, in a fresh read-only transaction
            var rows = new CollectingSink();
            link.execute("SELECT current_setting('transaction_read_only')", QueryOptions.defaults(), rows);
            assertThat(rows.rows).hasSize(1);
            assertThat(String.valueOf(rows.rows.get(0).get(0))).isEqualTo("on");
        }
    }

    @Test
    void aReadOnlyStatementAfterAFailedOneRunsInItsOwnCheckedTransaction() throws Exception {
        try (var link = DatabaseLink.connect(new ProtocolCountingOpener(), SharedPostgis.spec(pg.reader(), true))) {
            assertThatThrownBy(() -> link.execute("SELECT 1/0", QueryOptions.defaults(), RowSink.discarding()))
                    .isInstanceOf(SqlFailure.class);
            var rows = new CollectingSink();
            link.execute("SELECT pg_current_xact_id_if_assigned() IS NULL", QueryOptions.defaults(), rows);
            assertThat(rows.rows).hasSize(1);
            assertThat(String.valueOf(rows.rows.get(0).get(0))).isIn("t", "true");
            assertThat(link.alarm()).isNull();
        }
    }
}
