package org.kfm.breakglass.session;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.kfm.breakglass.sql.ClassifiedStatement;
import org.kfm.breakglass.sql.StatementClass;
import org.kfm.breakglass.sql.lexer.LexerSettings;

/**
 * Which statement classes a mode may send, and which statements no mode may send: those PostgreSQL's scanner
 * would reject or pgjdbc would not send as exactly the classified text ({@link ClassifiedStatement#sendable()}).
 * The console refuses before sending — the statement never reaches the server — and the database stays the final
 * authority (read-only transactions, role grants). The settings a statement makes are judged by {@link SetupRule},
 * the same rule the endpoint applies to its clients: a read-only console may make harmless settings
 * ({@code SET statement_timeout}, {@code set_config('search_path', …)}, {@code SET TRANSACTION … READ ONLY}),
 * journaled as the class the classifier gives them; they last only as long as the console's read-only
 * transaction, which is rolled back after every statement.
 */
final class StatementGate {
    /** Transaction control would slip past the console's own commit/rollback, so it is always refused. */
    private static final Set<String> TRANSACTION_VERBS =
            Set.of("BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "PREPARE");

    private StatementGate() {}

    /** Why {@code statement} may not run in {@code mode}, or empty when it may (lexed with the defaults). */
    static Optional<String> refusal(AccessMode mode, ClassifiedStatement statement) {
        return refusal(mode, statement, LexerSettings.defaults());
    }

    /** Why {@code statement} (lexed with {@code settings}) may not run in {@code mode}, or empty when it may. */
    static Optional<String> refusal(AccessMode mode, ClassifiedStatement statement, LexerSettings settings) {
        if (!statement.sendable()) {
            return Optional.of("not sent: " + statement.unsendable());
        }
        StatementClass cls = statement.cls();
        if (cls == StatementClass.MISC && TRANSACTION_VERBS.contains(firstWord(statement.reason()))) {
            return Optional.of("transaction control is the console's job: use commit / rollback (each write runs "
                    + "in its own transaction, rolled back unless committed)");
        }
        ClientStatementText text = ClientClassification.text(statement, settings);
        var setup = SetupRule.statement(mode, settings.standardConformingStrings(), text);
        if (setup.isPresent()) {
            var r = setup.get();
            return Optional.of(r.reason() + (r.hint() == null ? "" : "; " + r.hint()));
        }
        boolean allowed = switch (mode) {
            case READ_ONLY -> cls == StatementClass.READ || SetupRule.onlySettings(text);
            case WRITE ->
                cls == StatementClass.READ
                        || cls == StatementClass.WRITE
                        || cls == StatementClass.MISC
                        || cls == StatementClass.FUNCTION;
            case OWNER -> true;
        };
        if (allowed) {
            return Optional.empty();
        }
        return Optional.of(cls + " statement refused in " + mode.wireName() + " mode (" + statement.reason() + "); "
                + advice(mode, cls));
    }

    /**
     * The SQLSTATE of a {@linkplain #refusal refusal}, the class the server uses for the same thing: its scanner's
     * syntax error for the unsendable, a read-only transaction's for a write in read-only mode, insufficient
     * privilege for the rest (side-effect functions the server revokes too, DDL without the owner role, transaction
     * control, which is the console's).
     */
    static String sqlstate(AccessMode mode, ClassifiedStatement statement, LexerSettings settings) {
        if (!statement.sendable()) {
            return SqlStates.SYNTAX_ERROR;
        }
        StatementClass cls = statement.cls();
        boolean transactionControl =
                cls == StatementClass.MISC && TRANSACTION_VERBS.contains(firstWord(statement.reason()));
        if (!transactionControl) {
            var setup = SetupRule.statement(
                    mode, settings.standardConformingStrings(), ClientClassification.text(statement, settings));
            if (setup.isPresent()) {
                return setup.get().sqlstate();
            }
        }
        boolean readOnlyWrite = mode == AccessMode.READ_ONLY && cls != StatementClass.FUNCTION && !transactionControl;
        return readOnlyWrite ? SqlStates.READ_ONLY_SQL_TRANSACTION : SqlStates.INSUFFICIENT_PRIVILEGE;
    }

    private static String advice(AccessMode mode, StatementClass cls) {
        if (mode == AccessMode.READ_ONLY
                && (cls == StatementClass.WRITE || cls == StatementClass.FUNCTION || cls == StatementClass.MISC)) {
            return "elevate to write with a second justification if this change is needed";
        }
        return "this needs the owner role: elevate to owner if the policy allows it";
    }

    private static String firstWord(String reason) {
        String text = reason == null ? "" : reason.strip();
        int space = text.indexOf(' ');
        return (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
    }
}
