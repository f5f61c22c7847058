package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.session.ResultReceiver;
import org.kfm.breakglass.session.RunOptions;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.SessionState;

/**
 * The check after each read-only statement, end to end: a function the gate cannot know about (the owner's, not on
 * the side-effect list) gets the transaction an id — something a read-only transaction should never need. The
 * statement is journaled as failed with the alarm, the connection dropped, and the session ends and refuses.
 */
class ReadOnlyAlarmEndToEndTest {
    private static final ResultReceiver DISCARD = new ResultReceiver() {
        @Override
        public void columns(List<ColumnInfo> columns) {}

        @Override
        public void row(List<Object> values) {}
    };

    private static Stage stage;

    @TempDir
    Path temp;

    @BeforeAll
    static void startStage() {
        stage = Stage.start();
        stage.asOwner("CREATE FUNCTION kfm_take_an_xid() RETURNS text LANGUAGE sql VOLATILE"
                + " AS $$ SELECT pg_current_xact_id()::text $$");
        stage.asOwner("GRANT EXECUTE ON FUNCTION kfm_take_an_xid() TO kfm_reader");
    }

    @AfterAll
    static void stopStage() {
        stage.close();
    }

    @Test
    void theSessionJournalsTheAlarmEndsAndRefusesWhatFollows() throws Exception {
        Path audit = Stage.auditDir(temp, "session");
        var session = stage.openSession(audit);

        var alarm = catchThrowableOfType(
                SessionFailure.class, () -> session.run("SELECT kfm_take_an_xid()", RunOptions.defaults(), DISCARD));
        var after = catchThrowableOfType(
                SessionFailure.class, () -> session.run("SELECT 1", RunOptions.defaults(), DISCARD));

        assertThat(alarm.kind()).isEqualTo(SessionFailure.Kind.DENIED);
        assertThat(alarm.getMessage()).contains("read-only integrity alarm", "assigned transaction id");
        assertThat(session.state()).isEqualTo(SessionState.FAILED);
        assertThat(after.kind()).isEqualTo(SessionFailure.Kind.DENIED);
        assertThat(after.getMessage()).contains("ended after an integrity alarm", "start a new session");
        var journal = Journal.read(audit).afterLoginChecks();
        assertThat(journal.first("query.begin").path("stmt").path("class").asString())
                .isEqualTo("READ");
        assertThat(journal.first("query.failed").path("stmt").path("error").asString())
                .contains("read-only integrity alarm");
        assertThat(journal.after("query.failed").stream()
                        .map(r -> r.path("type").asString()))
                .contains("session.end")
                .doesNotContain("query.begin");
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    @Test
    void theCliSaysSoAndExitsDenied() {
        Path audit = Stage.auditDir(temp, "cli");

        var result = stage.cli("query", audit, "--sql", "SELECT kfm_take_an_xid(); SELECT 'never runs'");

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(3);
        assertThat(result.err()).contains("read-only integrity alarm").contains("connection was dropped");
        assertThat(Journal.read(audit).afterLoginChecks().ofType("query.begin")).hasSize(1);
    }
}
