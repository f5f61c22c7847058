package org.kfm.breakglass.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script into statements at top-level semicolons, as psql does: a semicolon inside parentheses,
 * strings, comments, dollar-quoted bodies, or a {@code BEGIN ATOMIC … END} function body does not end a
 * statement. Empty statements are dropped.
 */
final class StatementSplitter {

    private StatementSplitter() {}

    /** The tokens of each statement of {@code script}, in order; never empty lists. */
    static List<List<SqlToken>> split(List<SqlToken> tokens) {
        var statements = new ArrayList<List<SqlToken>>();
        var current = new ArrayList<SqlToken>();
        int blockDepth = 0;
        for (var token : tokens) {
            if (token.kind() == SqlToken.Kind.SEMICOLON && token.depth() == 0 && blockDepth == 0) {
                flush(statements, current);
                current = new ArrayList<>();
                continue;
            }
            if (isRoutineDefinition(current) && token.kind() == SqlToken.Kind.WORD) {
                // SQL-standard routine bodies hold semicolons: BEGIN ATOMIC ... END, with CASE ... END inside.
                if ((token.is("ATOMIC")
                                && !current.isEmpty()
                                && current.get(current.size() - 1).is("BEGIN"))
                        || (token.is("CASE") && blockDepth > 0)) {
                    blockDepth++;
                } else if (token.is("END") && blockDepth > 0) {
                    blockDepth--;
                }
            }
            current.add(token);
        }
        flush(statements, current);
        return statements;
    }

    private static boolean isRoutineDefinition(List<SqlToken> tokens) {
        if (tokens.isEmpty() || !tokens.get(0).is("CREATE")) {
            return false;
        }
        for (int i = 1; i < Math.min(tokens.size(), 5); i++) {
            if (tokens.get(i).is("FUNCTION") || tokens.get(i).is("PROCEDURE")) {
                return true;
            }
        }
        return false;
    }

    private static void flush(List<List<SqlToken>> statements, List<SqlToken> current) {
        if (!current.isEmpty()) {
            statements.add(List.copyOf(current));
        }
    }
}
