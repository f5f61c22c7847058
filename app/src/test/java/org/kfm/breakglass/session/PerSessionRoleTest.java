package org.kfm.breakglass.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.audit.JournalVerifier;
import org.kfm.breakglass.e2e.Journal;
import org.kfm.breakglass.e2e.Stage;

/**
 * {@code sessionCredentials: per-session} against the real PostgreSQL behind the fake cluster: the issuer (a
 * CREATEROLE role with ADMIN on the reader and writer roles and pg_signal_backend, as PG15/16 require) creates the
 * session's own role, elevation grants and revokes the writer role, and the end drops it; all checked from the
 * owner's side in {@code pg_roles}/{@code pg_auth_members}/{@code pg_stat_activity}.
 */
class PerSessionRoleTest {
    private static final String ISSUER = "kfm_issuer";
    private static final String ISSUER_PASSWORD = "issuer-" + java.util.UUID.randomUUID();
    private static final String SUPER_ISSUER = "kfm_super_issuer";
    private static Stage stage;

    @TempDir
    Path temp;

    @BeforeAll
    static void startStage() {
        stage = Stage.start();
        asSuperuser("CREATE ROLE " + ISSUER + " LOGIN CREATEROLE PASSWORD '" + ISSUER_PASSWORD + "'");
        asSuperuser("GRANT kfm_reader, kfm_writer TO " + ISSUER + " WITH ADMIN OPTION");
        asSuperuser("GRANT pg_signal_backend TO " + ISSUER);
        // The stage database revokes pg_terminate_backend from PUBLIC (KfmDatabase): the issuer needs it back.
        asSuperuser("GRANT EXECUTE ON FUNCTION pg_terminate_backend(integer, bigint) TO " + ISSUER);
        asSuperuser("GRANT CONNECT ON DATABASE kfm TO " + ISSUER);
        asSuperuser("CREATE ROLE " + SUPER_ISSUER + " LOGIN SUPERUSER PASSWORD '" + ISSUER_PASSWORD + "'");
        secret("postgis-auth-issuer", ISSUER, ISSUER_PASSWORD);
        secret("postgis-auth-super-issuer", SUPER_ISSUER, ISSUER_PASSWORD);
    }

    @AfterAll
    static void stopStage() {
        stage.close();
    }

    private Path policy(String issuerSecret) {
        return Stage.policy(temp.resolve("policy"), Stage.WITNESSED + """
                sessionCredentials:
                  mode: per-session
                  issuer: {secret: %s}
                  connectionLimit: 3
                  statementTimeout: 4m
                """.formatted(issuerSecret));
    }

    private BreakGlassSession open(Path audit, MutableClock clock, Duration length) throws SessionFailure {
        return stage.openSession(audit, Optional.of(policy("postgis-auth-issuer")), clock, length);
    }

    private static MutableClock now() {
        return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    void theSessionLogsInAsItsOwnRoleWithValidUntilLimitAndReaderMembershipAndTheEndDropsIt() throws Exception {
        Path audit = Stage.auditDir(temp, "lifecycle");
        var clock = now();
        var session = open(audit, clock, Duration.ofMinutes(20));
        String role = SessionRole.nameFor(session.id());
        var rows = new Rows();
        session.run("SELECT current_user, session_user", RunOptions.defaults(), rows);
        assertThat(rows.rows).containsExactly(List.of(role, role));
        assertThat(session.snapshot().dbUser()).isEqualTo(role);

        assertThat(stage.ownerScalar("SELECT rolcanlogin::text || ' ' || rolconnlimit || ' ' || rolsuper::text"
                        + " || ' ' || rolcreaterole::text FROM pg_roles WHERE rolname = '" + role + "'"))
                .isEqualTo("true 3 false false");
        Instant validUntil = Instant.parse(stage.ownerScalar(
                "SELECT to_char(rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM pg_roles"
                        + " WHERE rolname = '" + role + "'"));
        assertThat(validUntil).isEqualTo(clock.instant().plus(Duration.ofMinutes(20)));
        assertThat(stage.ownerScalar("SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m"
                        + " JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member"
                        + " WHERE u.rolname = '" + role + "'"))
                .isEqualTo("kfm_reader");
        assertThat(stage.ownerScalar(
                        "SELECT array_to_string(rolconfig, ';') FROM pg_roles WHERE rolname = '" + role + "'"))
                .contains("statement_timeout=240000ms")
                .contains("application_name=" + session.id());

        session.close();

        var journal = Journal.read(audit);
        assertThat(stage.ownerScalar("SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'"))
                .as(journal.toString())
                .isEqualTo("0");
        assertThat(journal.types())
                .as(journal.toString())
                .containsSubsequence(
                        "tunnel.open",
                        "credentials.issue",
                        "query.begin",
                        "credentials.revoked",
                        "tunnel.close",
                        "session.end",
                        "journal.seal");
        assertThat(journal.first("credentials.issue").path("detail").asString())
                .contains("role " + role + " LOGIN VALID UNTIL " + validUntil)
                .contains("CONNECTION LIMIT 3 IN ROLE kfm_reader");
        assertThat(journal.first("query.begin").path("target").path("dbUser").asString())
                .isEqualTo(role);
        assertThat(JournalVerifier.verify(List.of(audit)).ok()).isTrue();
        assertNoPasswordLeft(audit, role);
    }

    @Test
    void elevationGrantsTheWriterRoleToTheSessionRoleAndItsEndRevokesItAndCutsOffTheRolesBackends() throws Exception {
        Path audit = Stage.auditDir(temp, "elevation");
        var clock = now();
        try (var session = open(audit, clock, Duration.ofMinutes(30))) {
            String role = SessionRole.nameFor(session.id());
            session.elevate(
                    new Justification(
                            "Correcting the misplaced E2E place record",
                            "CHG-3",
                            Duration.ofMinutes(5),
                            AccessMode.WRITE),
                    "kfm");
            assertThat(memberships(role)).isEqualTo("kfm_reader,kfm_writer");
            assertThat(session.snapshot().dbUser()).isEqualTo(role);
            // A client outside the console with the role's login that became the writer: the revoke alone would
            // leave its SET ROLE in force. The console logs in again (read-only) after the revoke with the
            // password it holds, so the role's own verifier is put back once the outsider is in.
            String verifier = superuserScalar("SELECT rolpassword FROM pg_authid WHERE rolname = '" + role + "'");
            assertThat(verifier).startsWith("SCRAM-SHA-256$");
            asSuperuser("ALTER ROLE " + role + " PASSWORD 'out-of-band-1'");
            try (var outside = DriverManager.getConnection(stage.pg().jdbcUrl(), role, "out-of-band-1");
                    var st = outside.createStatement()) {
                asSuperuser("ALTER ROLE " + role + " PASSWORD '" + verifier + "'");
                st.execute("SET ROLE kfm_writer");
                var sleeping = CompletableFuture.supplyAsync(() -> {
                    try (var s2 = outside.createStatement()) {
                        s2.execute("SELECT pg_sleep(60) /* elevated outsider */");
                        return null;
                    } catch (SQLException e) {
                        return e;
                    }
                });
                Stage.await("the outsider's pg_sleep", () -> stage.serverIsRunning("elevated outsider"));

                clock.advance(Duration.ofMinutes(5).plusSeconds(1));
                session.tick();

                assertThat((Throwable) sleeping.get(60, TimeUnit.SECONDS))
                        .as("the outsider was terminated")
                        .isNotNull();
            }
            assertThat(session.mode()).isEqualTo(AccessMode.READ_ONLY);
            assertThat(memberships(role)).isEqualTo("kfm_reader");
            var rows = new Rows();
            session.run("SELECT current_user", RunOptions.defaults(), rows);
            assertThat(rows.rows).containsExactly(List.of(role));
            var journal = Journal.read(audit);
            assertThat(journal.types())
                    .as(journal.toString())
                    .containsSubsequence(
                            "session.elevate", "credentials.grant", "session.elevate", "credentials.revoke");
            assertThat(journal.first("credentials.grant").path("detail").asString())
                    .isEqualTo("GRANT kfm_writer TO " + role);

            // Once elevated, the end reassigns and drops what the role owns (the issuer takes the role's
            // privileges for that) and drops it.
            session.close();
            assertThat(stage.ownerScalar("SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'"))
                    .as(Journal.read(audit).toString())
                    .isEqualTo("0");
            assertThat(Journal.read(audit).types()).doesNotContain("credentials.failed");
        }
    }

    @Test
    void anExtensionMovesTheRolesValidUntilAfterItsRecordIsDurable() throws Exception {
        Path audit = Stage.auditDir(temp, "extend");
        var clock = now();
        try (var session = open(audit, clock, Duration.ofMinutes(20))) {
            String role = SessionRole.nameFor(session.id());
            clock.advance(Duration.ofMinutes(9));

            session.extend(new Justification(
                    "Migration still running, need to watch the locks",
                    "INC-78",
                    Duration.ofMinutes(15),
                    AccessMode.READ_ONLY));

            Instant expected = clock.instant().plus(Duration.ofMinutes(15));
            assertThat(Instant.parse(stage.ownerScalar("SELECT to_char(rolvaliduntil AT TIME ZONE 'UTC',"
                            + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM pg_roles WHERE rolname = '" + role + "'")))
                    .isEqualTo(expected);
            var journal = Journal.read(audit);
            assertThat(journal.types())
                    .as(journal.toString())
                    .containsSubsequence("session.extend", "credentials.extend");
            assertThat(journal.first("credentials.extend").path("detail").asString())
                    .isEqualTo("ALTER ROLE " + role + " VALID UNTIL " + expected);
            var rows = new Rows();
            session.run("SELECT current_user", RunOptions.defaults(), rows);
            assertThat(rows.rows).containsExactly(List.of(role));
        }
    }

    @Test
    void atExpiryABackendOfTheRoleMidStatementIsTerminatedAndTheRoleDropped() throws Exception {
        Path audit = Stage.auditDir(temp, "expiry");
        var clock = now();
        var session = open(audit, clock, Duration.ofMinutes(10));
        String role = SessionRole.nameFor(session.id());
        asSuperuser("ALTER ROLE " + role + " PASSWORD 'out-of-band-2'");
        try (var outside = DriverManager.getConnection(stage.pg().jdbcUrl(), role, "out-of-band-2")) {
            var sleeping = CompletableFuture.supplyAsync(() -> {
                try (var st = outside.createStatement()) {
                    st.execute("SELECT pg_sleep(60) /* outsider at expiry */");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Stage.await("the outsider's pg_sleep", () -> stage.serverIsRunning("outsider at expiry"));

            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            session.tick();

            assertThat(session.state()).isEqualTo(SessionState.EXPIRED);
            assertThat((Throwable) sleeping.get(60, TimeUnit.SECONDS))
                    .as("the outsider was terminated")
                    .isNotNull();
        }
        assertThat(stage.ownerScalar("SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'"))
                .isEqualTo("0");
        assertThat(stage.ownerScalar("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + role + "'"))
                .isEqualTo("0");
        var journal = Journal.read(audit);
        assertThat(journal.types())
                .as(journal.toString())
                .containsSubsequence("session.expire", "credentials.revoked", "session.end");
        session.close();
    }

    @Test
    void aSuperuserIssuerIsRefusedBeforeAnyRoleIsCreated() throws Exception {
        Path audit = Stage.auditDir(temp, "superuser");
        long before = Long.parseLong(stage.ownerScalar("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'bg\\_%'"));
        assertThatThrownBy(() -> stage.openSession(
                        audit, Optional.of(policy("postgis-auth-super-issuer")), now(), Duration.ofMinutes(10)))
                .isInstanceOfSatisfying(SessionFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(SessionFailure.Kind.DENIED);
                    assertThat(e.getMessage())
                            .contains("the issuer role " + SUPER_ISSUER + " is a superuser")
                            .contains("postgis-auth-super-issuer");
                });
        assertThat(Long.parseLong(stage.ownerScalar("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'bg\\_%'")))
                .isEqualTo(before);
        assertThat(Journal.read(audit).types())
                .doesNotContain("credentials.issue")
                .contains("session.end");
    }

    @Test
    void aMissingIssuerSecretFailsPreflightNamingTheSecret() throws Exception {
        Path audit = Stage.auditDir(temp, "missing");
        assertThatThrownBy(() -> stage.openSession(
                        audit, Optional.of(policy("postgis-auth-no-such-issuer")), now(), Duration.ofMinutes(10)))
                .isInstanceOfSatisfying(
                        SessionFailure.class,
                        e -> assertThat(e.getMessage())
                                .contains("preflight failed")
                                .contains(
                                        "issuer Secret " + stage.cluster().namespace() + "/postgis-auth-no-such-issuer")
                                .contains("CREATEROLE"));
        var preflight = Journal.read(audit).first("session.preflight");
        assertThat(preflight.toString()).contains("\"name\":\"issuer\"").contains("\"verdict\":\"FAIL\"");
    }

    @Test
    void aRoleLeftByAKilledConsoleIsSweptAtTheNextStart() throws Exception {
        Path audit = Stage.auditDir(temp, "killed");
        Path policy = policy("postgis-auth-issuer");
        Process cli = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Dbreakglass.logDir=" + temp.resolve("logs"),
                        org.kfm.breakglass.Main.class.getName(),
                        "query",
                        "--kubeconfig",
                        stage.cluster().kubeconfig().toString(),
                        "-d",
                        "kfm",
                        "--reason",
                        "Sweep test: this console will be killed mid-statement",
                        "--ticket",
                        "INC-9",
                        "--audit-dir",
                        audit.toString(),
                        "--policy",
                        policy.toString(),
                        "--sql",
                        "SELECT pg_sleep(120) AS killed_console")
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("cli.out").toFile())
                .start();
        String role;
        try {
            // A JVM of its own on a loaded machine: a longer wait than Stage.await's (a guard, not a timing).
            Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
            while (cli.isAlive()
                    && !stage.serverIsRunning("killed_console")
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            assertThat(cli.isAlive())
                    .as(() -> readQuietly(temp.resolve("cli.out")))
                    .isTrue();
            role = SessionRole.nameFor(
                    Journal.read(audit).first("session.start").path("session").asString());
        } finally {
            cli.destroyForcibly(); // SIGKILL: no shutdown hook, no drop
            cli.waitFor();
        }
        assertThat(stage.ownerScalar("SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'"))
                .as("the killed console could not drop its role")
                .isEqualTo("1");

        try (var next = stage.openSession(audit, Optional.of(policy), now(), Duration.ofMinutes(10))) {
            assertThat(next.id()).isNotBlank();
        }

        assertThat(stage.ownerScalar("SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'"))
                .isEqualTo("0");
        Stage.await("the killed console's backend to end", () -> !stage.serverIsRunning("killed_console"));
        var journal = Journal.read(audit);
        var swept = journal.first("credentials.swept");
        assertThat(swept.path("detail").asString()).contains(role);
        assertThat(journal.types())
                .as(journal.toString())
                .containsSubsequence("session.abandoned", "credentials.swept", "credentials.issue");
        String out = readQuietly(temp.resolve("cli.out"));
        assertThat(out).doesNotContain("SCRAM-SHA-256$").doesNotContainIgnoringCase("password '");
        assertNoPasswordLeft(audit, role);
    }

    @Test
    void aStatementByTheSessionRoleOutsideTheConsoleIsFlaggedByReconcile() throws Exception {
        Path audit = Stage.auditDir(temp, "reconcile");
        String id;
        String role;
        try (var session = open(audit, now(), Duration.ofMinutes(30))) {
            id = session.id();
            role = SessionRole.nameFor(id);
            session.run("SELECT name FROM places WHERE id = 5", RunOptions.defaults(), new Rows());
            // Someone with the role's login outside the console, under an application_name of its own: only
            // the selection by the session's role can attribute this backend to the session.
            String verifier = superuserScalar("SELECT rolpassword FROM pg_authid WHERE rolname = '" + role + "'");
            asSuperuser("ALTER ROLE " + role + " PASSWORD 'out-of-band-3'");
            try {
                psqlAs(role, "out-of-band-3", "not-the-console", "SELECT name, kind FROM places WHERE id = 98");
            } finally {
                asSuperuser("ALTER ROLE " + role + " PASSWORD '" + verifier + "'");
            }
            session.run("SELECT count(*) FROM places", RunOptions.defaults(), new Rows());
        }
        assertThat(Journal.read(audit)
                        .first("query.begin")
                        .path("target")
                        .path("dbUser")
                        .asString())
                .isEqualTo(role);

        var result = org.kfm.breakglass.CliRun.run(
                "audit",
                "reconcile",
                audit.toString(),
                "--session",
                id,
                "--kubeconfig",
                stage.cluster().kubeconfig().toString(),
                "--policy",
                policy("postgis-auth-issuer").toString());

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(1);
        assertThat(result.out())
                .as(result.transcript())
                .startsWith("Reconciliation of session " + id + ": FAIL")
                .contains("1 NOT journaled")
                .contains("UNJOURNALED")
                .contains("SELECT name, kind FROM places WHERE id = 98")
                .doesNotContain("picked by the application_name");
        var reconciled = Journal.read(audit).first("session.reconciled");
        assertThat(reconciled.path("reconciliation").path("verdict").asString()).isEqualTo("fail");
        assertThat(reconciled.path("checks").toString()).contains("places WHERE id = 98");
        assertThat(reconciled.toString())
                .as("the backends were selected by the session's role")
                .contains("role " + role);
    }

    /** psql outside the console as {@code user}, under {@code applicationName}; fails the test unless it exits 0. */
    private static void psqlAs(String user, String password, String applicationName, String sql) throws Exception {
        var pg = stage.pg();
        var builder = new ProcessBuilder(
                        org.kfm.breakglass.endpoint.Programs.require("psql", "postgresql-client-15"),
                        "-X",
                        "-q",
                        "-At",
                        "-h",
                        pg.host(),
                        "-p",
                        Integer.toString(pg.port()),
                        "-U",
                        user,
                        "-d",
                        pg.database(),
                        "-c",
                        sql)
                .redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        builder.environment().put("PGAPPNAME", applicationName);
        var process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static String readQuietly(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            return "(" + file + " cannot be read: " + e.getMessage() + ")";
        }
    }

    private static String memberships(String role) {
        return stage.ownerScalar("SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m"
                + " JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member"
                + " WHERE u.rolname = '" + role + "'");
    }

    /** Neither the journal nor the server log carries a clear-text password for the role. */
    private static void assertNoPasswordLeft(Path audit, String role) {
        String journal = Journal.rawText(audit);
        assertThat(journal).doesNotContainIgnoringCase("password '").doesNotContain("SCRAM-SHA-256$");
        var setPassword = Pattern.compile("(?i)ALTER (USER|ROLE) \"?" + role + "\"? PASSWORD '([^']*)'")
                .matcher(stage.serverLog());
        int seen = 0;
        while (setPassword.find()) {
            seen++;
            assertThat(setPassword.group(2)).as("what the server was sent").startsWith("SCRAM-SHA-256$");
        }
        assertThat(seen).as("the password was set once, as a verifier").isGreaterThanOrEqualTo(1);
    }

    private static void secret(String name, String user, String password) {
        var b64 = Base64.getEncoder();
        stage.cluster()
                .adminClient()
                .secrets()
                .inNamespace(stage.cluster().namespace())
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(stage.cluster().namespace())
                        .endMetadata()
                        .withType("Opaque")
                        .addToData("POSTGRES_USER", b64.encodeToString(user.getBytes(StandardCharsets.UTF_8)))
                        .addToData("POSTGRES_PASSWORD", b64.encodeToString(password.getBytes(StandardCharsets.UTF_8)))
                        .build())
                .create();
    }

    private static String superuserScalar(String sql) {
        try (var c = stage.pg().connect(stage.pg().superuser());
                var st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void asSuperuser(String sql) {
        try (var c = stage.pg().connect(stage.pg().superuser());
                var st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Collects the rows. */
    private static final class Rows implements ResultReceiver {
        final List<List<Object>> rows = new java.util.ArrayList<>();

        @Override
        public void columns(List<ColumnInfo> columns) {}

        @Override
        public void row(List<Object> values) {
            rows.add(values);
        }
    }
}
