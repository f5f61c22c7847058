package org.kfm.breakglass.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kfm.breakglass.check.Verdict;
import org.kfm.breakglass.kube.TargetRef;

/** Which login a server's own role allows, for each kind of target and mode. */
class ServerRoleCheckTest {
    private static final TargetRef RW = TargetRef.parse("cnpg/kfm:rw");
    private static final TargetRef RO = TargetRef.parse("cnpg/kfm:ro");
    private static final TargetRef CRUNCHY_RO = TargetRef.parse("crunchy/kfm:replicas");
    private static final TargetRef SERVICE = TargetRef.parse("svc/postgis:5432");

    @Test
    void aPrimaryTargetOnAServerInRecoveryIsAConnectionFailureNamingTheReplicaFormToUseOnPurpose() {
        var refusal = ServerRoleCheck.refusal(RW, "kfm-2", ServerRole.REPLICA, AccessMode.READ_ONLY);

        assertThat(refusal).isPresent();
        assertThat(refusal.get().kind()).isEqualTo(SessionFailure.Kind.CONNECTION);
        assertThat(refusal.get().getMessage())
                .contains("cnpg/kfm:rw asks for the primary", "pod kfm-2", "pg_is_in_recovery() = true", "cnpg/kfm:ro");
    }

    @Test
    void readOnlyLoginsOnAReplicaAreAllowedWhereTheTargetAllowsAReplica() {
        assertThat(ServerRoleCheck.refusal(RO, "kfm-2", ServerRole.REPLICA, AccessMode.READ_ONLY))
                .isEmpty();
        assertThat(ServerRoleCheck.refusal(SERVICE, "postgis-0", ServerRole.REPLICA, AccessMode.READ_ONLY))
                .isEmpty();
        assertThat(ServerRoleCheck.refusal(RW, "kfm-1", ServerRole.PRIMARY, AccessMode.READ_ONLY))
                .isEmpty();
    }

    @Test
    void aWriteLoginOnAReplicaIsDeniedWhateverTheTargetAsked() {
        for (var target : new TargetRef[] {RW, RO, SERVICE}) {
            var refusal = ServerRoleCheck.refusal(target, "p", ServerRole.REPLICA, AccessMode.WRITE);

            assertThat(refusal).as(target.toString()).isPresent();
            assertThat(refusal.get().kind()).isEqualTo(SessionFailure.Kind.DENIED);
            assertThat(refusal.get().getMessage()).contains("write elevation refused", "replica");
        }
        assertThat(ServerRoleCheck.refusal(RW, "kfm-1", ServerRole.PRIMARY, AccessMode.WRITE))
                .isEmpty();
    }

    @Test
    void elevationIsRefusedOnAReplicaTargetEvenWhenItsServerIsThePrimaryNow() {
        var refusal = ServerRoleCheck.elevationRefusal(CRUNCHY_RO, "kfm-instance-0", ServerRole.PRIMARY);

        assertThat(refusal).isPresent();
        assertThat(refusal.get().getMessage()).contains("crunchy/kfm:replicas", "crunchy/kfm:primary");
        assertThat(ServerRoleCheck.elevationRefusal(SERVICE, "postgis-0", ServerRole.PRIMARY))
                .isEmpty();
        assertThat(ServerRoleCheck.elevationRefusal(SERVICE, "postgis-0", ServerRole.REPLICA)
                        .orElseThrow()
                        .getMessage())
                .as("a plain target has no primary form to suggest")
                .contains("(svc/postgis:5432, pod postgis-0)")
                .endsWith("start a session on the primary to write");
    }

    @Test
    void theJournaledResultNamesTheRoleAndWarnsWhenAReplicaTargetReachedThePrimary() {
        assertThat(ServerRoleCheck.result(RO, "kfm-2", ServerRole.REPLICA).reason())
                .startsWith("replica:");
        assertThat(ServerRoleCheck.result(RW, "kfm-1", ServerRole.PRIMARY).reason())
                .startsWith("primary:");
        var stale = ServerRoleCheck.result(RO, "kfm-1", ServerRole.PRIMARY);
        assertThat(stale.verdict()).isEqualTo(Verdict.WARN);
        assertThat(stale.reason()).contains("asks for a replica", "read-only");
        assertThat(ServerRoleCheck.result(SERVICE, "postgis-0", ServerRole.PRIMARY)
                        .verdict())
                .isEqualTo(Verdict.PASS);
    }
}
