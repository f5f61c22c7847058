package org.kfm.breakglass.session;

import java.util.Optional;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.kube.TargetRef;

/**
 * Does the server a login reached play the role the target asked for? Labels can be stale (a failover half done,
 * an operator that has not relabelled yet), so the server's own {@code pg_is_in_recovery()} decides: a primary
 * target on a server in recovery is refused (the session would silently be read-only on a standby that may lag),
 * a write login on a replica is refused, a replica target that reached the primary is a warning (read-only all
 * the same). Asked at every login: the first, each one after a reconnect, the elevation's.
 */
final class ServerRoleCheck {
    static final String NAME = "server role";

    private ServerRoleCheck() {}

    /** Why a login as {@code mode} on {@code role}'s server through {@code target} must not be used, if it must not. */
    static Optional<SessionFailure> refusal(TargetRef target, String pod, ServerRole role, AccessMode mode) {
        if (role != ServerRole.REPLICA) {
            return Optional.empty();
        }
        if (mode != AccessMode.READ_ONLY) {
            return Optional.of(writeOnReplica(target, pod));
        }
        if (target.role() == TargetRef.Role.PRIMARY) {
            return Optional.of(new SessionFailure(
                    SessionFailure.Kind.CONNECTION,
                    target + " asks for the primary, but pod " + pod + " is a server in recovery (pg_is_in_recovery()"
                            + " = true, a hot standby): its primary label is stale or a failover is in progress; retry"
                            + " in a moment (breakglass targets shows the current primary), or use "
                            + replicaOf(target) + " to read from a replica on purpose"));
        }
        return Optional.empty();
    }

    /**
     * Why a write elevation must not start on this session, if it must not: the session runs on a replica, or
     * its target asks for one (whatever the server says right now: a replica target may be repointed at any time).
     */
    static Optional<SessionFailure> elevationRefusal(TargetRef target, String pod, ServerRole role) {
        return role == ServerRole.REPLICA || target.role() == TargetRef.Role.REPLICA
                ? Optional.of(writeOnReplica(target, pod))
                : Optional.empty();
    }

    /** The journaled line after the first login: which role the server confirmed. */
    static CheckResult result(TargetRef target, String pod, ServerRole role) {
        if (role == ServerRole.PRIMARY && target.role() == TargetRef.Role.REPLICA) {
            return CheckResult.warn(
                    NAME,
                    "primary: " + target + " asks for a replica, but pod " + pod + " is the primary"
                            + " (pg_is_in_recovery() = false; labels mid-failover?); the session stays read-only");
        }
        return role == ServerRole.REPLICA
                ? CheckResult.pass(
                        NAME,
                        "replica: pod " + pod + " is a hot standby (pg_is_in_recovery() = true): read-only, it may"
                                + " lag the primary, and write elevation is refused")
                : CheckResult.pass(NAME, "primary: pod " + pod + " is not in recovery (pg_is_in_recovery() = false)");
    }

    private static SessionFailure writeOnReplica(TargetRef target, String pod) {
        return new SessionFailure(
                SessionFailure.Kind.DENIED,
                "write elevation refused: this session runs on a replica (" + target + ", pod " + pod + "), a hot"
                        + " standby that cannot write; start a session on the primary"
                        + (target.kind().operator() ? " (" + primaryOf(target) + ")" : "") + " to write");
    }

    private static String replicaOf(TargetRef target) {
        return new TargetRef(target.kind(), target.name(), target.port(), TargetRef.Role.REPLICA).toString();
    }

    private static String primaryOf(TargetRef target) {
        return new TargetRef(target.kind(), target.name(), target.port(), TargetRef.Role.PRIMARY).toString();
    }
}
