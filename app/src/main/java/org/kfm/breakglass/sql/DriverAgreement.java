package org.kfm.breakglass.sql;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.kfm.breakglass.sql.lexer.LexerSettings;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

/**
 * What pgjdbc will make of a statement text before sending it: its own {@code Parser}, called exactly as
 * {@code PgStatement.execute(String)} calls it for a plain statement with escape processing off in the extended
 * query protocol (no {@code ?} parameters, split at semicolons). The console sends a text only when pgjdbc sees
 * exactly one statement and sends it unchanged — the text the gate classified.
 */
final class DriverAgreement {
    private static final String[] NO_RETURNING_COLUMNS = new String[0];

    private DriverAgreement() {}

    /** Why pgjdbc would not send {@code statement} as exactly this one statement, or empty when it would. */
    static Optional<String> disagreement(String statement, LexerSettings settings) {
        List<NativeQuery> queries;
        try {
            queries = Parser.parseJdbcSql(
                    statement, settings.standardConformingStrings(), false, true, false, false, NO_RETURNING_COLUMNS);
        } catch (SQLException e) {
            return Optional.of("pgjdbc cannot parse it (" + e.getMessage() + ")");
        }
        if (queries.size() != 1) {
            return Optional.of("pgjdbc would send it as " + queries.size()
                    + " statements, but PostgreSQL reads it as one: its quotes, comments or parentheses are"
                    + " ambiguous; rewrite it without the odd construct");
        }
        String sent = queries.get(0).nativeSql;
        if (!sent.equals(statement)) {
            return Optional.of("pgjdbc would rewrite the text before sending it (e.g. '??' outside quotes becomes"
                    + " '?'); write it so that nothing needs rewriting");
        }
        return Optional.empty();
    }
}
