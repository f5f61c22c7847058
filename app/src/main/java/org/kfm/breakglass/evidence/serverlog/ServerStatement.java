package org.kfm.breakglass.evidence.serverlog;

import java.time.Instant;
import java.util.List;

/**
 * A statement as the server's log tells it: pgaudit's record of a statement that executed ({@link Kind#AUDITED}),
 * or the server's {@code ERROR} with the {@code STATEMENT} it names ({@link Kind#FAILED}: pgaudit writes nothing for
 * a statement that fails before its executor ends), or a pgaudit line this reader could not read
 * ({@link Kind#UNREADABLE}, text = the raw message), or a line whose prefix reads more than one way
 * ({@link Kind#AMBIGUOUS}: a client-chosen name holds prefix syntax, so what the line says cannot be
 * established; text = the first reading's message, the others in {@code alternatives}). Identity fields are null when the log format lacks them.
 *
 * @param source    which log (e.g. the pod) and {@code line} the line number in it (the first line of the entry)
 * @param backend   the server session: {@code %c} / {@code session_id} when logged, else {@code pid N}
 * @param ambiguous the line's prefix could be read more than one way (see {@link LogLinePrefix}); the fields are
 *     the first reading's, {@code alternatives} the others
 */
public record ServerStatement(
        String source,
        long line,
        Instant time,
        String backend,
        String pid,
        String user,
        String database,
        String application,
        Kind kind,
        PgAuditRecord audit,
        String text,
        String error,
        boolean ambiguous,
        List<Reading> alternatives) {

    public ServerStatement {
        alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
    }

    /**
     * Another way an ambiguous line reads: the user and application name it would have, and its message from the
     * severity on ({@code LOG:  AUDIT: …}, or something else entirely).
     */
    public record Reading(String user, String application, String message) {}

    /** What the log says happened. */
    public enum Kind {
        AUDITED,
        FAILED,
        UNREADABLE,
        AMBIGUOUS
    }

    /** Where it is, for reports: {@code postgis-0:1234}. */
    public String place() {
        return source + ":" + line;
    }
}
