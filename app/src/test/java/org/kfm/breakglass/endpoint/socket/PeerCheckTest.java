package org.kfm.breakglass.endpoint.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.endpoint.EndpointStage;
import org.kfm.breakglass.endpoint.Programs;
import org.kfm.breakglass.endpoint.RecordingJournal;
import org.kfm.breakglass.session.AccessMode;

/**
 * Another local user cannot use the operator's session: the socket directory is {@code 0700}, and even with it
 * opened up the peer check ({@code SO_PEERCRED}) refuses the connection before anything is read from it.
 */
class PeerCheckTest {
    private static final String OTHER = "bgpeer" + ProcessHandle.current().pid() % 100000;

    @BeforeAll
    static void createOtherUser() {
        Programs.require("useradd", "passwd");
        Programs.require("runuser", "util-linux");
        var made =
                Programs.run(List.of("useradd", "-M", "-s", "/bin/sh", OTHER), Map.of(), null, Duration.ofSeconds(30));
        assertThat(made.exit())
                .as("useradd %s (the test needs root to create a second local user): %s", OTHER, made.stderr())
                .isIn(0, 9);
    }

    @AfterAll
    static void removeOtherUser() {
        Programs.run(List.of("userdel", OTHER), Map.of(), null, Duration.ofSeconds(30));
    }

    @Test
    void socketDirectoryIsPrivateAndNamedForLibpq() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            Path dir = stage.endpoint().socketDirectory();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                    .isEqualTo("rwx------");
            assertThat(stage.endpoint().socketPath()).isEqualTo(dir.resolve(".s.PGSQL.5432"));
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(stage.endpoint().socketPath())))
                    .isEqualTo("rw-------");
            assertThat(dir.getParent()).isEqualTo(stage.base());
        }
    }

    @Test
    void anotherUserCannotReachTheSocketThroughItsDirectory() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            openUp(stage.base());
            var run = asOther(stage, "SELECT 'reached'");
            assertThat(run.exit()).isNotZero();
            assertThat(run.stderr()).contains("Permission denied");
            assertThat(run.out()).doesNotContain("reached");
        }
    }

    @Test
    void anotherUserIsRefusedByThePeerCheckEvenWhenTheDirectoryIsOpen() throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            openUp(stage.base());
            openUp(stage.endpoint().socketDirectory());
            Files.setPosixFilePermissions(stage.endpoint().socketPath(), PosixFilePermissions.fromString("rw-rw-rw-"));
            int streamsBefore = stage.upstream().streamsOpened();

            var run = asOther(stage, "SELECT 'reached'");

            assertThat(run.exit()).isNotZero();
            assertThat(run.stderr())
                    .contains("refused by the break-glass endpoint: the peer runs as OS user '" + OTHER + "'");
            assertThat(stage.upstream().streamsOpened()).isEqualTo(streamsBefore);
            assertThat(stage.journal().of(RecordingJournal.Refused.class))
                    .singleElement()
                    .satisfies(r -> assertThat(r.peer().peer()).isEqualTo(OTHER));
            assertThat(stage.journal().of(RecordingJournal.Connected.class)).isEmpty();

            var operator = stage.psql(stage.throughEnv(), null, "-At", "-c", "SELECT 'operator'");
            assertThat(operator.out().strip()).isEqualTo("operator");
        }
    }

    @Test
    void closingRemovesTheSocketAndItsDirectory() {
        var stage = EndpointStage.open(AccessMode.READ_ONLY);
        Path dir = stage.endpoint().socketDirectory();
        stage.endpoint().close("test over");
        assertThat(dir).doesNotExist();
        stage.close();
    }

    private static void openUp(Path dir) throws java.io.IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
    }

    private static Programs.Result asOther(EndpointStage stage, String sql) {
        return Programs.run(
                List.of(
                        "runuser",
                        "-u",
                        OTHER,
                        "--",
                        Programs.require("psql", "postgresql-client-15"),
                        "-X",
                        "-At",
                        "-h",
                        stage.endpoint().socketDirectory().toString(),
                        "-d",
                        "kfm",
                        "-c",
                        sql),
                Map.of(),
                null,
                Duration.ofSeconds(60));
    }
}
