package org.kfm.breakglass.evidence.serverlog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What was read from one server log: its statements in log order, how many lines it had, the lines that were not
 * log entries of the expected format ({@code unrecognized}, with a few samples), and the first and last time it
 * covers (what a reconciliation needs to know whether the session's window is in it at all), and the session line
 * number ({@code %l}) of every entry, so lines removed from a backend's run show as gaps.
 */
public record ServerLog(
        String source,
        List<ServerStatement> statements,
        long lines,
        long entries,
        long unrecognized,
        List<String> unrecognizedSamples,
        Optional<Instant> first,
        Optional<Instant> last,
        List<LineMark> marks) {

    public ServerLog {
        statements = List.copyOf(statements);
        marks = List.copyOf(marks);
        unrecognizedSamples = List.copyOf(unrecognizedSamples);
    }

    /** How many pgaudit records (readable or not) the log holds, of any backend. */
    public long auditRecords() {
        return statements.stream()
                .filter(s -> s.kind() == ServerStatement.Kind.AUDITED || s.kind() == ServerStatement.Kind.UNREADABLE)
                .count();
    }
}
