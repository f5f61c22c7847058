package org.kfm.breakglass.evidence.serverlog;

import java.time.Instant;

/**
 * One server log entry: who wrote it, its severity and its whole message (continuation lines joined).
 * {@code alternatives} are the other ways an ambiguous line's prefix reads (empty for an honest line).
 */
record LogEntry(
        long line,
        Identity identity,
        String severity,
        boolean ambiguous,
        String message,
        java.util.List<ServerStatement.Reading> alternatives) {

    /** The prefix's fields (or CloudNativePG's record fields) that say which backend wrote the entry. */
    record Identity(
            Instant time,
            String session,
            String pid,
            String user,
            String database,
            String application,
            String sessionLine) {

        /** The server session the entry belongs to: its {@code %c} id when logged, else its pid. */
        String backend() {
            if (session != null && !session.isEmpty()) {
                return session;
            }
            return pid == null || pid.isEmpty() ? "unknown backend" : "pid " + pid;
        }
    }

    Instant time() {
        return identity.time();
    }

    /** Collects a multi-line entry. */
    static final class Builder {
        private final long line;
        private final Identity identity;
        private final String severity;
        private final boolean ambiguous;
        private final StringBuilder message;
        private final java.util.List<ServerStatement.Reading> alternatives;

        Builder(
                long line,
                Identity identity,
                String severity,
                boolean ambiguous,
                String first,
                java.util.List<ServerStatement.Reading> alternatives) {
            this.line = line;
            this.identity = identity;
            this.severity = severity;
            this.ambiguous = ambiguous;
            this.message = new StringBuilder(first);
            this.alternatives = java.util.List.copyOf(alternatives);
        }

        void continueWith(String text) {
            message.append('\n').append(text);
        }

        LogEntry build() {
            return new LogEntry(line, identity, severity, ambiguous, message.toString(), alternatives);
        }
    }
}
