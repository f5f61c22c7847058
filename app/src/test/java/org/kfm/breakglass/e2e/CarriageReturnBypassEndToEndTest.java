package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, finding 1, as the reviewer ran it: a {@code --} comment ended by a bare carriage return. PostgreSQL
 * and pgjdbc end the comment there; a gate that does not sees one innocent READ while pgjdbc sends five
 * statements, two of them leaving read-only mode.
 */
class CarriageReturnBypassEndToEndTest {
    private static final String BYPASS = "SELECT 1 AS innocent --\r;COMMIT;BEGIN READ WRITE;"
            + "SELECT lo_from_bytea(0,'x');COMMIT;SELECT 1 --\n, 2";

    private static Stage stage;

    @TempDir
    Path temp;

    @BeforeAll
    static void startStage() {
        stage = Stage.start();
    }

    @AfterAll
    static void stopStage() {
        stage.close();
    }

    @Test
    void aCommentEndedByACarriageReturnDoesNotHideTheStatementsAfterIt() {
        String largeObjectsBefore = stage.ownerScalar("SELECT count(*) FROM pg_largeobject_metadata");
        Path audit = Stage.auditDir(temp, "cr");

        var result = stage.cli("query", audit, "--sql", BYPASS);

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(3);
        assertThat(stage.ownerScalar("SELECT count(*) FROM pg_largeobject_metadata"))
                .as("no large object may survive a read-only session")
                .isEqualTo(largeObjectsBefore);
        var journal = Journal.read(audit).afterLoginChecks();
        assertThat(journal.types()).contains("query.denied").doesNotContain("query.begin");
    }
}
