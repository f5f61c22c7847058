package org.kfm.breakglass.session;

import java.util.Locale;

/**
 * What the server the session is logged in to says it is, asked at every login ({@code pg_is_in_recovery()}):
 * the operator's labels chose the pod, the server confirms it. Shown on the banner ({@link SessionSnapshot}).
 */
public enum ServerRole {
    /** Not in recovery: the read-write primary (or a plain single server). */
    PRIMARY,
    /** In recovery: a hot standby, which refuses every write and may lag the primary. */
    REPLICA;

    static ServerRole inRecovery(boolean inRecovery) {
        return inRecovery ? REPLICA : PRIMARY;
    }

    /** Lower-case, as shown and journaled. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
