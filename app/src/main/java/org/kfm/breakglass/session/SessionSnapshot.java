package org.kfm.breakglass.session;

import java.time.Duration;
import java.time.Instant;

/**
 * What the always-visible banner shows: where the session is, as whom, in which mode, until when, and whether the
 * server is the primary or a replica ({@code serverRole}, as the server said at the last login; null before it).
 * Contains no credential, ever.
 */
public record SessionSnapshot(
        String sessionId,
        String context,
        String server,
        String namespace,
        String target,
        String pod,
        String podUid,
        String database,
        String dbUser,
        AccessMode mode,
        String ticket,
        Instant expiresAt,
        Duration remaining,
        Instant elevationEndsAt,
        SessionState state,
        boolean transactionPending,
        ServerRole serverRole) {}
