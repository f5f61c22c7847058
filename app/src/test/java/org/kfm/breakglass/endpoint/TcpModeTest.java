package org.kfm.breakglass.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.session.AccessMode;

/**
 * {@code --tcp}: loopback only, a kernel-chosen port, and the one-time password checked by the endpoint's SCRAM
 * server half — tested against real libpq (psql) and pgjdbc, the right password and a wrong one.
 */
class TcpModeTest {

    @Test
    void psqlAndPgjdbcLogInWithTheOneTimePasswordOverScram() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY, true)) {
            var address = stage.endpoint().tcpAddress().orElseThrow();
            assertThat(address.getAddress().isLoopbackAddress()).isTrue();
            assertThat(address.getPort()).isPositive();
            String password =
                    new String(stage.endpoint().tcpPassword().orElseThrow().reveal());
            assertThatThrownBy(
                            () -> stage.endpoint().tcpPassword().orElseThrow().reveal())
                    .isInstanceOf(IllegalStateException.class);

            var env = new HashMap<String, String>();
            env.put("PGHOST", address.getAddress().getHostAddress());
            env.put("PGPORT", String.valueOf(address.getPort()));
            env.put("PGDATABASE", "kfm");
            env.put("PGUSER", "operator");
            env.put("PGPASSWORD", password);
            env.put("PGREQUIREAUTH", "scram-sha-256");
            var run = stage.psql(env, null, "-At", "-c", "SELECT current_user, count(*) FROM places");
            assertThat(run.exit()).as(run.stderr()).isZero();
            assertThat(run.out().strip()).isEqualTo(stage.postgis().reader().user() + "|1001");

            var props = new Properties();
            props.setProperty("user", "anyone");
            props.setProperty("password", password);
            props.setProperty("sslmode", "disable");
            String url =
                    "jdbc:postgresql://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/kfm";
            try (var c = DriverManager.getConnection(url, props);
                    var s = c.prepareStatement("SELECT name FROM places WHERE id = ?")) {
                s.setInt(1, 7);
                try (var rs = s.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("Place 0007");
                }
            }
            assertThat(stage.journal().of(RecordingJournal.Begin.class)).anySatisfy(b -> {
                assertThat(b.start().sql()).isEqualTo("SELECT name FROM places WHERE id = $1");
                // pgjdbc binds an int in binary: journaled as hex
                assertThat(b.start().parameters()).containsExactly("\\x00000007");
                assertThat(b.client().transport()).isEqualTo("tcp");
            });
        }
    }

    @Test
    void aWrongPasswordIsRefusedBeforeAnythingIsOpenedUpstream() {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY, true)) {
            var address = stage.endpoint().tcpAddress().orElseThrow();
            var props = new Properties();
            props.setProperty("user", "anyone");
            props.setProperty("password", "not-the-one-time-password");
            props.setProperty("sslmode", "disable");
            String url =
                    "jdbc:postgresql://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/kfm";
            assertThatThrownBy(() -> DriverManager.getConnection(url, props))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"))
                    .hasMessageContaining("password authentication failed");
            assertThat(stage.upstream().streamsOpened()).isZero();
            assertThat(stage.journal().of(RecordingJournal.Connected.class)).isEmpty();
            assertThat(stage.journal().of(RecordingJournal.Refused.class)).hasSize(1);
        }
    }

    @Test
    void withoutTcpThereIsNoPortAndNoPassword() {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            assertThat(stage.endpoint().tcpAddress()).isEmpty();
            assertThat(stage.endpoint().tcpPassword()).isEmpty();
        }
    }
}
