package org.kfm.breakglass.session;

import java.util.List;
import org.kfm.breakglass.audit.AuditUnavailableException;
import org.kfm.breakglass.audit.StatementRecord;
import org.kfm.breakglass.sql.ClassifiedStatement;
import org.kfm.breakglass.sql.DatabaseLink;
import org.kfm.breakglass.sql.StatementClassifier;

/**
 * Admits a script before anything of it is sent: the text must be sendable ({@link SubmittedSql}), and every
 * statement — lexed as the server lexes it now and classified — must be one the mode allows
 * ({@link StatementGate}); otherwise the first refused statement is journaled as {@code query.denied} and the whole
 * script is refused. A pending write transaction refuses the next script too.
 */
final class ScriptGate {
    private final SessionJournal journal;
    private final long maxScriptBytes;

    ScriptGate(SessionJournal journal, long maxScriptBytes) {
        this.journal = journal;
        this.maxScriptBytes = maxScriptBytes;
    }

    /** The statements to send, in order; throws (after journaling the refusal) when any may not be sent. */
    List<ClassifiedStatement> admit(String script, AccessMode mode, DatabaseLink link) throws SessionFailure {
        SubmittedSql.check(script, maxScriptBytes);
        // Lexed as the server lexes it now (standard_conforming_strings as pgjdbc last heard it from the server).
        List<ClassifiedStatement> statements = StatementClassifier.classify(script, link.lexerSettings());
        if (statements.isEmpty()) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE,
                    SqlStates.SYNTAX_ERROR,
                    "nothing to run: the text holds no SQL statement",
                    null);
        }
        for (int i = 0; i < statements.size(); i++) {
            ClassifiedStatement statement = statements.get(i);
            var refusal = StatementGate.refusal(mode, statement, link.lexerSettings());
            if (refusal.isPresent()) {
                // Name the statement when there are several: the split itself may be the surprise (a CR, a quote).
                String which = statements.size() == 1
                        ? ""
                        : "statement " + (i + 1) + " of " + statements.size() + " (" + snippet(statement.sql()) + "): ";
                throw deny(
                        statement,
                        which + refusal.get(),
                        StatementGate.sqlstate(mode, statement, link.lexerSettings()));
            }
        }
        if (link.transactionPending()) {
            throw deny(
                    statements.get(0),
                    "a write transaction is pending: commit or roll back before the next statement",
                    SqlStates.ACTIVE_SQL_TRANSACTION);
        }
        return statements;
    }

    private SessionFailure deny(ClassifiedStatement statement, String reason, String sqlstate) {
        var kind = statement.sendable() ? SessionFailure.Kind.DENIED : SessionFailure.Kind.USAGE;
        try {
            journal.denied(
                    StatementRecord.before(statement.sql(), statement.cls().name()), reason);
        } catch (AuditUnavailableException e) {
            return new SessionFailure(
                    kind, sqlstate, reason + " (and the refusal could not be journaled: " + e.getMessage() + ")", e);
        }
        return new SessionFailure(kind, sqlstate, reason, null);
    }

    /** The start of a statement for a message, control characters made visible. */
    private static String snippet(String sql) {
        var out = new StringBuilder();
        for (int i = 0; i < sql.length() && out.length() < 60; i++) {
            char c = sql.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default ->
                    out.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
            }
        }
        return out.length() < sql.length() ? out + "…" : out.toString();
    }
}
