package org.kfm.breakglass.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.evidence.Finding.Kind;
import org.kfm.breakglass.evidence.ReconciliationReport.Verdict;
import org.kfm.breakglass.evidence.serverlog.LogLinePrefix;
import org.kfm.breakglass.evidence.serverlog.ServerLogFormat;
import org.kfm.breakglass.sql.QueryOptions;

/**
 * Reconciliation of real sessions — the real {@code DatabaseLink} journaled through the real audit trail — with
 * the log a real PostgreSQL with pgaudit wrote for them: clean when only the console talked, and the failure it
 * exists for: the session's credentials used outside the console, by psql and by pgjdbc, in the ways built to slip
 * through (a replayed journaled text, a statement numbered under one of the console's own, a denied text).
 */
class ReconciliationTest {

    private static PgAuditServer server;

    @TempDir
    Path journal;

    @BeforeAll
    static void startServer() {
        server = PgAuditServer.start(true);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static String newRole() {
        return "bg_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ServerLogAccess log() {
        return new ServerLogAccess.Read(List.of(new ServerLogFormat.Stderr(LogLinePrefix.parse(server.prefix()))
                .read("pod kfm-stage/postgis-0", server.logLines())));
    }

    private static ReconciliationReport reconcile(SessionHistory h, BackendSelection selection, String app) {
        return new Reconciler(Reconciler.DEFAULT_CLOCK_SKEW)
                .reconcile(h, selection, ConsoleStatements.forApplication(app), log());
    }

    /** What a session of the console sends: reads, a function, a failure, EXPLAIN, a row limit, a refusal. */
    static void typicalWork(ConsoleSession s) throws Exception {
        assertThat(s.run("SELECT postgis_lib_version()", "READ")).isEqualTo(1);
        assertThat(s.run("SELECT id, owner, geom FROM parcels WHERE id <= 3", "READ"))
                .isEqualTo(3);
        assertThat(s.run("SELECT parcel_count()", "FUNCTION")).isEqualTo(1);
        assertThat(s.run("SELECT nope FROM parcels", "READ")).isEqualTo(-1);
        assertThat(s.run("SELECT owner FROM parcels WHERE id = 42", "READ", QueryOptions.defaults(), true))
                .as("EXPLAIN: %s", s.lastError)
                .isPositive();
        s.run("SELECT id FROM parcels ORDER BY id", "READ", new QueryOptions(10, 5, java.time.Duration.ZERO), false);
        s.deny("UPDATE parcels SET owner = 'x' WHERE id = 42", "WRITE", "write statement in a read-only session");
    }

    @Test
    void aSessionWhereOnlyTheConsoleTalkedIsClean() throws Exception {
        String role = newRole();
        String password = server.createSessionRole(role);
        SessionHistory h;
        String app;
        try (var s = new ConsoleSession(server, journal, role, password, true)) {
            app = s.applicationName;
            typicalWork(s);
            h = s.end();
        }
        var report = reconcile(h, new BackendSelection.PerSessionRole(role), app);

        assertThat(report.verdict()).as(ReconciliationText.render(report)).isEqualTo(Verdict.CLEAN);
        var c = report.counts();
        assertThat(c.matched()).isEqualTo(6);
        assertThat(c.unjournaled()).isZero();
        assertThat(c.notRun()).isZero();
        assertThat(c.denied()).isEqualTo(1);
        assertThat(c.console()).isPositive();
        assertThat(c.subStatements()).isEqualTo(1);
        assertThat(report.matches())
                .filteredOn(m -> m.sql().equals("SELECT owner FROM parcels WHERE id = 42"))
                .singleElement()
                .satisfies(m -> assertThat(m.explained()).isTrue());
        assertThat(report.matches())
                .filteredOn(m -> m.sql().equals("SELECT id, owner, geom FROM parcels WHERE id <= 3"))
                .singleElement()
                .satisfies(m -> assertThat(m.serverRows()).isEqualTo(3L));
    }

    @Test
    void resultsOfTypesPgjdbcDoesNotKnowLeaveNoStatementOfTheirOwn() throws Exception {
        // pgjdbc answers column types from a built-in table; for any other type (void, uuid, interval, inet, an
        // array of those) its getColumnType/getObject would send a catalog query by type name that the server
        // logs as this session's statement — a clean session would reconcile as FAIL.
        String role = newRole();
        String password = server.createSessionRole(role);
        SessionHistory h;
        String app;
        try (var s = new ConsoleSession(server, journal, role, password, true)) {
            app = s.applicationName;
            assertThat(s.run("SELECT pg_sleep(0)", "READ")).isEqualTo(1);
            assertThat(s.run(
                            "SELECT gen_random_uuid(), interval '1 day', inet '10.0.0.1', ARRAY[interval '1 h']",
                            "READ"))
                    .isEqualTo(1);
            h = s.end();
        }
        var report = reconcile(h, new BackendSelection.PerSessionRole(role), app);

        assertThat(report.verdict()).as(ReconciliationText.render(report)).isEqualTo(Verdict.CLEAN);
        assertThat(report.counts().matched()).isEqualTo(2);
        assertThat(report.counts().unjournaled()).isZero();
    }

    @Test
    void psqlWithTheSessionsRoleDuringTheSessionIsFlagged() throws Exception {
        String role = newRole();
        String password = server.createSessionRole(role);
        SessionHistory h;
        String app;
        try (var s = new ConsoleSession(server, journal, role, password, true)) {
            app = s.applicationName;
            s.run("SELECT count(*) FROM parcels", "READ");
            server.psql(role, password, "psql", "SELECT owner FROM parcels WHERE id = 13");
            s.run("SELECT owner FROM parcels WHERE id = 14", "READ");
            h = s.end();
        }
        var report = reconcile(h, new BackendSelection.PerSessionRole(role), app);

        assertThat(report.verdict()).as(ReconciliationText.render(report)).isEqualTo(Verdict.FAIL);
        assertThat(report.counts().unjournaled())
                .as(ReconciliationText.render(report))
                .isEqualTo(1);
        assertThat(report.findings())
                .filteredOn(f -> f.kind() == Kind.UNJOURNALED)
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Finding.Severity.FAIL);
                    assertThat(f.text())
                            .contains("SELECT owner FROM parcels WHERE id = 13")
                            .contains("as " + role)
                            .contains("application psql")
                            .contains("outside the console");
                    assertThat(f.place()).startsWith("pod kfm-stage/postgis-0:");
                });
        assertThat(ReconciliationText.render(report)).startsWith("Reconciliation of session " + h.session() + ": FAIL");
    }

    @Test
    void replayingAJournaledTextLeavesOneExecutionUnaccountedFor() throws Exception {
        String role = newRole();
        String password = server.createSessionRole(role);
        SessionHistory h;
        String app;
        try (var s = new ConsoleSession(server, journal, role, password, true)) {
            app = s.applicationName;
            server.psql(role, password, "psql", "SELECT owner FROM parcels WHERE id = 15");
            s.run("SELECT owner FROM parcels WHERE id = 15", "READ");
            h = s.end();
        }
        var report = reconcile(h, new BackendSelection.PerSessionRole(role), app);

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.counts().matched())
                .as(ReconciliationText.render(report))
                .isEqualTo(1);
        assertThat(report.counts().unjournaled())
                .as(ReconciliationText.render(report))
                .isEqualTo(1);
    }

    @Test
    void aStatementNumberedUnderOneOfTheConsolesOwnIsStillFlagged() throws Exception {
        String role = newRole();
        String password = server.createSessionRole(role);
        SessionHistory h;
        String app;
        try (var s = new ConsoleSession(server, journal, role, password, true)) {
            app = s.applicationName;
            // An intruder with pgjdbc sends the console's own first query of a transaction and, while its portal is
            // open, its real one: pgaudit numbers the second as a substatement of the first.
            try (Connection c = server.connect(role, password, app)) {
                c.setAutoCommit(false);
                try (var ps = c.prepareStatement("SELECT pg_catalog.set_config('statement_timeout', ?, true), "
                        + "(pg_catalog.date_part('epoch', pg_catalog.now()) * 1000000)::pg_catalog.int8::pg_catalog.text,"
                        + " (SELECT l.virtualxid FROM pg_catalog.pg_lock_status() l WHERE l.locktype = 'virtualxid'"
                        + " AND l.pid = pg_catalog.pg_backend_pid())")) {
                    ps.setString(1, "5000ms");
                    ps.executeQuery().next();
                }
                try (var st = c.createStatement()) {
                    st.execute("SELECT owner FROM parcels WHERE id = 16");
                }
                c.rollback();
            }
            s.run("SELECT 1", "READ");
            h = s.end();
        }
        var report = reconcile(h, new BackendSelection.PerSessionRole(role), app);

        assertThat(report.verdict()).as(ReconciliationText.render(report)).isEqualTo(Verdict.FAIL);
        assertThat(report.findings())
                .filteredOn(f -> f.kind() == Kind.UNJOURNALED)
                .extracting(Finding::text)
                .anySatisfy(t -> assertThat(t).contains("WHERE id = 16"));
    }

    @Test
    void aDeniedStatementThatRanAnywayIsFlaggedAsSuch() throws Exception {
        String role = newRole();
        String password = server.createSessionRole(role);
        SessionHistory h;
        String app;
        try (var s = new ConsoleSession(server, journal, role, password, true)) {
            app = s.applicationName;
            s.deny("SELECT pg_sleep(0)", "FUNCTION", "calls pg_sleep() [wait], which the policy forbids");
            server.psql(role, password, "psql", "SELECT pg_sleep(0)");
            h = s.end();
        }
        var report = reconcile(h, new BackendSelection.PerSessionRole(role), app);

        assertThat(report.findings())
                .filteredOn(f -> f.kind() == Kind.UNJOURNALED)
                .singleElement()
                .satisfies(f -> assertThat(f.text()).contains("query.denied"));
    }

    @Test
    void withSharedCredentialsTheApplicationNameIsClaimedAndOtherBackendsAreUnattributed() throws Exception {
        SessionHistory h;
        String app;
        try (var s = new ConsoleSession(server, journal, PgAuditServer.READER, server.readerPassword(), true)) {
            app = s.applicationName;
            s.run("SELECT count(*) FROM parcels", "READ");
            server.psql(PgAuditServer.READER, server.readerPassword(), "other-tool", "SELECT 1 AS unrelated");
            h = s.end();
        }
        var clean = reconcile(h, new BackendSelection.ClaimedApplicationName(app, PgAuditServer.READER), app);
        assertThat(clean.verdict()).as(ReconciliationText.render(clean)).isEqualTo(Verdict.CLEAN);
        assertThat(clean.reason()).contains("application_name");
        assertThat(clean.findings()).extracting(Finding::kind).contains(Kind.UNATTRIBUTED);

        // The same, with an intruder who claims the session's name.
        try (var s = new ConsoleSession(server, journal, PgAuditServer.READER, server.readerPassword(), true)) {
            app = s.applicationName;
            server.psql(PgAuditServer.READER, server.readerPassword(), app, "SELECT owner FROM parcels WHERE id = 17");
            s.run("SELECT count(*) FROM parcels", "READ");
            h = s.end();
        }
        var flagged = reconcile(h, new BackendSelection.ClaimedApplicationName(app, PgAuditServer.READER), app);
        assertThat(flagged.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aLineRemovedFromTheLogShowsAsAGapAndAMissingStatement() throws Exception {
        String role = newRole();
        String password = server.createSessionRole(role);
        SessionHistory h;
        String app;
        try (var s = new ConsoleSession(server, journal, role, password, true)) {
            app = s.applicationName;
            s.run("SELECT count(*) FROM parcels", "READ");
            s.run("SELECT owner FROM parcels WHERE id = 18", "READ");
            s.run("SELECT owner FROM parcels WHERE id = 19", "READ");
            h = s.end();
        }
        var lines = server.logLines().stream()
                .filter(l -> !(l.contains(role) && l.contains("WHERE id = 18")))
                .toList();
        var report = new Reconciler(Reconciler.DEFAULT_CLOCK_SKEW)
                .reconcile(
                        h,
                        new BackendSelection.PerSessionRole(role),
                        ConsoleStatements.forApplication(app),
                        new ServerLogAccess.Read(List.of(
                                new ServerLogFormat.Stderr(LogLinePrefix.parse(server.prefix())).read("pod", lines))));

        assertThat(report.verdict()).as(ReconciliationText.render(report)).isEqualTo(Verdict.WARN);
        assertThat(report.findings())
                .filteredOn(f -> f.kind() == Kind.LOG_INCOMPLETE)
                .singleElement()
                .satisfies(
                        f -> assertThat(f.text()).contains("1 log line(s) of").contains("%l"));
        assertThat(report.findings())
                .filteredOn(f -> f.kind() == Kind.NOT_RUN)
                .singleElement()
                .satisfies(f -> assertThat(f.text()).contains("WHERE id = 18"));
    }

    @Test
    void aClassPgauditDoesNotLogHidesAJournaledStatementAndIsReportedAsNotRun() throws Exception {
        String role = newRole();
        String password = server.createSessionRole(role);
        // For this role pgaudit logs reads only (what an incomplete pgaudit.log does to every role).
        server.asOwner("ALTER ROLE " + role + " SET pgaudit.log = 'read'", "GRANT UPDATE ON parcels TO " + role);
        SessionHistory h;
        String app;
        try (var s = new ConsoleSession(server, journal, role, password, false)) {
            app = s.applicationName;
            s.run("UPDATE parcels SET owner = owner WHERE id = 20", "WRITE");
            h = s.end();
        }
        var report = reconcile(h, new BackendSelection.PerSessionRole(role), app);
        assertThat(report.verdict()).as(ReconciliationText.render(report)).isEqualTo(Verdict.WARN);
        assertThat(report.findings())
                .filteredOn(f -> f.kind() == Kind.NOT_RUN)
                .singleElement()
                .satisfies(f -> assertThat(f.text()).contains("UPDATE parcels"));
    }

    @Test
    void withoutTheLogTheAnswerIsNotReconciledNeverClean() throws Exception {
        String role = newRole();
        String password = server.createSessionRole(role);
        SessionHistory h;
        try (var s = new ConsoleSession(server, journal, role, password, true)) {
            s.run("SELECT 1", "READ");
            h = s.end();
        }
        var reconciler = new Reconciler(Reconciler.DEFAULT_CLOCK_SKEW);
        var console = ConsoleStatements.forApplication("x");
        var selection = new BackendSelection.PerSessionRole(role);

        var forbidden = reconciler.reconcile(
                h,
                selection,
                console,
                new ServerLogAccess.Unavailable(
                        "the API server refused pods/log for pod kfm-stage/postgis-0 (403): ask for get on pods/log"));
        assertThat(forbidden.verdict()).isEqualTo(Verdict.NOT_RECONCILED);
        assertThat(forbidden.reason()).startsWith("not reconciled: the API server refused pods/log");

        var lines = server.logLines();
        var format = new ServerLogFormat.Stderr(LogLinePrefix.parse(server.prefix()));
        var withoutPgaudit = lines.stream().filter(l -> !l.contains("AUDIT: ")).toList();
        var noAudit = reconciler.reconcile(
                h, selection, console, new ServerLogAccess.Read(List.of(format.read("pod", withoutPgaudit))));
        assertThat(noAudit.verdict()).isEqualTo(Verdict.NOT_RECONCILED);
        assertThat(noAudit.reason()).contains("no pgaudit records");

        var otherRole = reconciler.reconcile(h, new BackendSelection.PerSessionRole("bg_00000000"), console, log());
        assertThat(otherRole.verdict()).isEqualTo(Verdict.NOT_RECONCILED);
        assertThat(otherRole.reason()).contains("no record of any of the session's backends");

        var wrongPrefix = reconciler.reconcile(
                h,
                selection,
                console,
                new ServerLogAccess.Read(
                        List.of(new ServerLogFormat.Stderr(LogLinePrefix.parse("%t %p ")).read("pod", lines))));
        assertThat(wrongPrefix.verdict()).isEqualTo(Verdict.NOT_RECONCILED);
    }
}
