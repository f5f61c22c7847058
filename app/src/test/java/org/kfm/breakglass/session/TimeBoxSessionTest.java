package org.kfm.breakglass.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.e2e.Journal;
import org.kfm.breakglass.e2e.Stage;

/**
 * Issue 4's time box on a real session (LocalPostgis behind the fake cluster), driven by a clock the test moves
 * and by {@link BreakGlassSession#tick()}: warning once, expiry cancelling a running statement, idle timeout,
 * justified extension.
 */
class TimeBoxSessionTest {
    private static final Duration LENGTH = Duration.ofMinutes(10);
    private static Stage stage;

    @TempDir
    Path temp;

    private MutableClock clock;

    @BeforeAll
    static void startStage() {
        stage = Stage.start();
    }

    @AfterAll
    static void stopStage() {
        stage.close();
    }

    @BeforeEach
    void newClock() {
        clock = new MutableClock(Instant.parse("2026-11-23T21:00:00Z"));
    }

    private BreakGlassSession open(Path audit, Duration idle) throws SessionFailure {
        return open(audit, idle, LENGTH);
    }

    private BreakGlassSession open(Path audit, Duration idle, Duration length) throws SessionFailure {
        Path policy = Stage.policy(temp.resolve("policy"), Stage.WITNESSED + """
                session:
                  defaultDuration: 10m
                  maxDuration: 30m
                  idleTimeout: %s
                  warnBefore: 2m
                """.formatted(DurationText.format(idle)));
        return stage.openSession(audit, Optional.of(policy), clock, length);
    }

    @Test
    void theExpiryWarningIsJournaledOnce() throws Exception {
        Path audit = Stage.auditDir(temp, "warn");
        try (var session = open(audit, Duration.ofMinutes(20))) {
            clock.advance(Duration.ofMinutes(8).plusSeconds(30));

            session.tick();
            session.tick();
            session.tick();

            assertThat(session.state()).isEqualTo(SessionState.OPEN);
            assertThat(Journal.read(audit).ofType("session.warn"))
                    .hasSize(1)
                    .first()
                    .satisfies(r -> assertThat(r.path("detail").asString()).contains("expires in 1m30s"));
        }
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    @Test
    void expiryCancelsTheRunningStatementAndEndsTheSession() throws Exception {
        Path audit = Stage.auditDir(temp, "expire");
        var session = open(audit, Duration.ofMinutes(20));
        var running = CompletableFuture.supplyAsync(() -> {
            try {
                session.run("SELECT pg_sleep(60)", RunOptions.defaults(), new Ignore());
                return null;
            } catch (SessionFailure e) {
                return e;
            }
        });
        Stage.await("pg_sleep(60) to run on the server", () -> stage.serverIsRunning("pg_sleep(60)"));

        clock.advance(LENGTH.plusSeconds(1));
        session.tick();

        assertThat(session.state()).isEqualTo(SessionState.EXPIRED);
        assertThat(running.get(60, TimeUnit.SECONDS))
                .as("the statement was cut off")
                .isNotNull();
        Stage.await("the server to stop running pg_sleep(60)", () -> !stage.serverIsRunning("pg_sleep(60)"));
        assertThat(stage.cluster().openForwards()).isZero();
        var journal = Journal.read(audit);
        assertThat(journal.types())
                .as(journal.toString())
                .containsSubsequence("query.begin", "session.expire", "tunnel.close", "session.end", "journal.seal")
                .containsSubsequence("query.begin", "query.failed", "session.end")
                .endsWith("journal.seal");
        assertThat(journal.first("session.expire").path("detail").asString()).contains("time box of 10m reached");
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
        session.close();
    }

    @Test
    void anIdleSessionExpires() throws Exception {
        Path audit = Stage.auditDir(temp, "idle");
        var session = open(audit, Duration.ofMinutes(3));
        session.run("SELECT 1", RunOptions.defaults(), new Ignore());

        clock.advance(Duration.ofMinutes(3).plusSeconds(1));
        session.tick();

        assertThat(session.state()).isEqualTo(SessionState.EXPIRED);
        var journal = Journal.read(audit);
        assertThat(journal.types()).containsSubsequence("query.end", "session.expire", "session.end", "journal.seal");
        assertThat(journal.first("session.expire").path("detail").asString()).contains("idle for 3m");
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    @Test
    void aJustifiedExtensionMovesTheExpiryAndIsJournaled() throws Exception {
        Path audit = Stage.auditDir(temp, "extend");
        try (var session = open(audit, Duration.ofMinutes(20))) {
            clock.advance(Duration.ofMinutes(9));

            session.extend(new Justification(
                    "Migration still running, need to watch the locks",
                    "INC-78",
                    Duration.ofMinutes(15),
                    AccessMode.READ_ONLY));
            clock.advance(Duration.ofMinutes(5));
            session.tick();

            assertThat(session.state()).isEqualTo(SessionState.OPEN);
            assertThat(session.remaining()).isEqualTo(Duration.ofMinutes(10));
            var extend = Journal.read(audit).first("session.extend");
            assertThat(extend.path("justification").path("ticket").asString()).isEqualTo("INC-78");
            assertThat(extend.path("justification").path("durationSeconds").asLong())
                    .isEqualTo(900);
        }
    }

    @Test
    void anExtensionWithoutAGoodReasonIsRefused() throws Exception {
        Path audit = Stage.auditDir(temp, "extend-refused");
        try (var session = open(audit, Duration.ofMinutes(20))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.extend(
                            new Justification("more", "INC-78", Duration.ofMinutes(15), AccessMode.READ_ONLY)))
                    .isInstanceOfSatisfying(
                            SessionFailure.class, e -> assertThat(e.kind()).isEqualTo(SessionFailure.Kind.USAGE));
            assertThat(Journal.read(audit).types()).doesNotContain("session.extend");
        }
    }

    @Test
    void anEndedElevationRollsBackTheOpenWriteAndReturnsToReadOnly() throws Exception {
        String name = "E2E-" + java.util.UUID.randomUUID();
        Path audit = Stage.auditDir(temp, "elevation-ends");
        try (var session = open(audit, Duration.ofMinutes(20), Duration.ofMinutes(30))) {
            session.elevate(
                    new Justification(
                            "Correcting the misplaced E2E place record",
                            "CHG-3",
                            Duration.ofMinutes(10),
                            AccessMode.WRITE),
                    "kfm");
            session.run(
                    "INSERT INTO places(name, kind, geom) VALUES ('" + name + "', 'hamlet', "
                            + "ST_SetSRID(ST_MakePoint(1,2),4326))",
                    RunOptions.defaults(),
                    new Ignore());
            assertThat(session.snapshot().transactionPending()).isTrue();

            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            session.tick();

            assertThat(session.state()).isEqualTo(SessionState.OPEN);
            assertThat(session.mode()).isEqualTo(AccessMode.READ_ONLY);
            assertThat(session.snapshot().dbUser()).isEqualTo("kfm_reader");
            assertThat(session.snapshot().transactionPending()).isFalse();
            assertThat(stage.ownerScalar("SELECT count(*) FROM places WHERE name = '" + name + "'"))
                    .isEqualTo("0");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> session.run("DELETE FROM places WHERE id = 1", RunOptions.defaults(), new Ignore()))
                    .isInstanceOfSatisfying(
                            SessionFailure.class, e -> assertThat(e.kind()).isEqualTo(SessionFailure.Kind.DENIED));
        }
        var elevations = Journal.read(audit).ofType("session.elevate");
        assertThat(elevations).hasSize(2);
        assertThat(elevations.get(1).path("detail").asString()).contains("elevation ended");
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    @Test
    void closingFromAnotherThreadJournalsTheCutOffStatementBeforeTheEnd() throws Exception {
        Path audit = Stage.auditDir(temp, "close-while-running");
        var session = open(audit, Duration.ofMinutes(20));
        var running = CompletableFuture.supplyAsync(() -> {
            try {
                session.run("SELECT pg_sleep(61)", RunOptions.defaults(), new Ignore());
                return null;
            } catch (SessionFailure e) {
                return e;
            }
        });
        Stage.await("pg_sleep(61) to run on the server", () -> stage.serverIsRunning("pg_sleep(61)"));

        session.close();

        assertThat(session.state()).isEqualTo(SessionState.CLOSED);
        assertThat(running.get(60, TimeUnit.SECONDS))
                .as("the statement was cut off")
                .isNotNull();
        var journal = Journal.read(audit);
        assertThat(journal.types())
                .as(journal.toString())
                .containsSubsequence("query.begin", "query.failed", "tunnel.close", "session.end", "journal.seal")
                .endsWith("journal.seal");
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
    }

    /** Discards rows. */
    private static final class Ignore implements ResultReceiver {
        @Override
        public void columns(List<ColumnInfo> columns) {}

        @Override
        public void row(List<Object> values) {}
    }
}
