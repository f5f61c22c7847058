package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.testkit.DbRole;
import org.kfm.breakglass.testkit.LocalPostgis;

/**
 * Known login refusals get advice that says what to change, checked against the messages a real server sends: a
 * LocalPostgis restarted to listen on ::1 too, with a pg_hba.conf that admits only IPv4 loopback and rejects one
 * role — as a port-forward into a pod whose pg_hba lacks an IPv6 loopback rule meets it.
 */
class LoginAdviceTest {

    static LocalPostgis pg;

    @BeforeAll
    static void refusingServer() throws Exception {
        pg = LocalPostgis.start();
        Path data = pg.serverLog().getParent();
        Files.writeString(
                data.resolve("postgresql.conf"),
                "\nlisten_addresses = '127.0.0.1,::1'\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Files.writeString(
                data.resolve("pg_hba.conf"), """
                # no rule for ::1 at all; the writer is rejected outright
                host all postgres 127.0.0.1/32 scram-sha-256
                host kfm kfm_writer 127.0.0.1/32 reject
                host all all 127.0.0.1/32 scram-sha-256
                """, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        restart(data);
        try (var c = pg.connect(pg.superuser());
                var s = c.createStatement()) {
            s.execute("CREATE ROLE kfm_nologin NOLOGIN PASSWORD 'nologin-pw'");
            s.execute("CREATE ROLE kfm_limited LOGIN PASSWORD 'limited-pw' CONNECTION LIMIT 0");
            s.execute("CREATE DATABASE kfm_private");
            s.execute("REVOKE CONNECT ON DATABASE kfm_private FROM PUBLIC");
            s.execute("CREATE DATABASE kfm_closed ALLOW_CONNECTIONS false");
        }
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    /** pg_ctl restart (listen_addresses needs one), as the postgres OS user when this JVM is root. */
    private static void restart(Path data) throws IOException, InterruptedException {
        Path pgCtl = serverBinaries().resolve("pg_ctl");
        var command = new ArrayList<String>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of(
                pgCtl.toString(),
                "-D",
                data.toString(),
                "-l",
                pg.serverLog().toString(),
                "-w",
                "-m",
                "fast",
                "restart"));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("pg_ctl restart: " + out).isZero();
    }

    private static Path serverBinaries() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new IllegalStateException(
                            "no pg_ctl under /usr/lib/postgresql/*/bin: apt-get install postgresql-15"));
        }
    }

    private static SqlFailure loginFails(String host, String database, String user, String password) {
        var spec = new ConnectSpec(
                database,
                user,
                password.toCharArray(),
                true,
                Duration.ofSeconds(30),
                ConnectSpec.applicationNameFor("0123456789abcdef"));
        SocketOpener opener = () -> new Socket(InetAddress.getByName(host), pg.port());
        return catchThrowableOfType(
                SqlFailure.class, () -> DatabaseLink.connect(opener, spec).close());
    }

    private static SqlFailure loginFails(String host, String database, DbRole role) {
        return loginFails(host, database, role.user(), role.password());
    }

    @Test
    void noRuleForTheIpv6LoopbackSaysPortForwardsArriveThereAndGivesTheRule() throws IOException {
        try (var probe = new Socket(InetAddress.getByName("::1"), pg.port())) {
            assertThat(probe.isConnected())
                    .as("this machine needs an IPv6 loopback (::1) for this test")
                    .isTrue();
        }

        var failure = loginFails("::1", "kfm", pg.reader());

        assertThat(failure.sqlstate()).isEqualTo("28000");
        assertThat(failure.serverMessage())
                .isEqualTo(
                        "no pg_hba.conf entry for host \"::1\", user \"kfm_reader\", database \"kfm\", no encryption");
        assertThat(failure.advice())
                .contains("pg_hba.conf has no rule that admits kfm_reader to database kfm from ::1 without TLS")
                .contains("port-forwarded connections arrive on the pod's own loopback")
                .contains("Add 'host kfm kfm_reader ::1/128 scram-sha-256' (and the same for 127.0.0.1/32)")
                .contains("on CloudNativePG in spec.postgresql.pg_hba")
                .contains("on Zalando in spec.patroni.pg_hba")
                .contains("on Crunchy PGO in spec.authentication.rules");
        assertThat(failure.getMessage())
                .contains("[28000] no pg_hba.conf entry")
                .contains(" — pg_hba.conf has no rule");
    }

    @Test
    void aRejectRuleIsNamedAndTheRuleToPutBeforeItGiven() {
        var failure = loginFails("127.0.0.1", "kfm", pg.writer());

        assertThat(failure.serverMessage())
                .isEqualTo("pg_hba.conf rejects connection for host \"127.0.0.1\", user \"kfm_writer\", database "
                        + "\"kfm\", no encryption");
        assertThat(failure.advice())
                .startsWith("a pg_hba.conf rule rejects kfm_writer to database kfm from 127.0.0.1 without TLS")
                .contains("Add 'host kfm kfm_writer 127.0.0.1/32 scram-sha-256' (and the same for ::1/128) before "
                        + "any reject rule");
    }

    @Test
    void aWrongPasswordPointsAtTheSecret() {
        var failure = loginFails("127.0.0.1", "kfm", pg.reader().user(), "not-the-password");

        assertThat(failure.sqlstate()).isEqualTo("28P01");
        assertThat(failure.serverMessage()).isEqualTo("password authentication failed for user \"kfm_reader\"");
        assertThat(failure.advice()).contains("check the credentials in the database Secret");
        assertThat(failure.getMessage()).doesNotContain("not-the-password");
    }

    @Test
    void aNologinRoleAConnectPrivilegeAConnectionLimitAndAClosedDatabaseEachSayWhatToChange() {
        var nologin = loginFails("127.0.0.1", "kfm", "kfm_nologin", "nologin-pw");
        var noConnect = loginFails("127.0.0.1", "kfm_private", pg.reader());
        var limited = loginFails("127.0.0.1", "kfm", "kfm_limited", "limited-pw");
        var closed = loginFails("127.0.0.1", "kfm_closed", pg.reader());
        var missing = loginFails("127.0.0.1", "kfm_nothing", pg.reader());

        assertThat(nologin.serverMessage()).isEqualTo("role \"kfm_nologin\" is not permitted to log in");
        assertThat(nologin.advice()).contains("role kfm_nologin is NOLOGIN").contains("ALTER ROLE kfm_nologin LOGIN");
        assertThat(noConnect.sqlstate()).isEqualTo("42501");
        assertThat(noConnect.serverMessage()).isEqualTo("permission denied for database \"kfm_private\"");
        assertThat(noConnect.advice()).contains("GRANT CONNECT ON DATABASE kfm_private TO");
        assertThat(limited.sqlstate()).isEqualTo("53300");
        assertThat(limited.serverMessage()).isEqualTo("too many connections for role \"kfm_limited\"");
        assertThat(limited.advice()).contains("ALTER ROLE kfm_limited CONNECTION LIMIT n");
        assertThat(closed.serverMessage()).isEqualTo("database \"kfm_closed\" is not currently accepting connections");
        assertThat(closed.advice()).contains("does not allow connections").contains("open another database (-d)");
        assertThat(missing.sqlstate()).isEqualTo("3D000");
        assertThat(missing.advice()).contains("an operator's Secret names its application database in dbname");
    }

    @Test
    void namesThatNeedQuotingAreQuotedInTheAdvice() {
        assertThat(SqlFailure.adviceFor(
                        "28000",
                        "no pg_hba.conf entry for host \"::1\", user \"Reader One\", database \"all\", no encryption"))
                .contains("Add 'host \"all\" \"Reader One\" ::1/128 scram-sha-256'");
        assertThat(SqlFailure.adviceFor("28000", "role \"Odd\"Name\" is not permitted to log in"))
                .contains("ALTER ROLE \"Odd\"\"Name\" LOGIN");
        // The server's message in another language: only the SQLSTATE's advice.
        assertThat(SqlFailure.adviceFor("28000", "kein pg_hba.conf-Eintrag für Host »::1«"))
                .isEqualTo("the server refused this role: check pg_hba.conf and that the role may log in");
    }
}
