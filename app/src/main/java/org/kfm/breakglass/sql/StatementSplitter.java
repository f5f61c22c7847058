package org.kfm.breakglass.sql;

import java.util.ArrayList;
import java.util.List;
import org.kfm.breakglass.sql.lexer.Token;
import org.kfm.breakglass.sql.lexer.TokenKind;

/**
 * Splits a lexed script into statements at top-level semicolons, as psql does: a semicolon inside parentheses,
 * strings, comments, dollar-quoted bodies, or a {@code BEGIN ATOMIC … END} routine body does not end a
 * statement. Empty statements are dropped.
 */
final class StatementSplitter {

    private StatementSplitter() {}

    /** The significant tokens of each statement, in order; never empty lists. */
    static List<List<SqlToken>> split(List<Token> lexed) {
        var statements = new ArrayList<List<SqlToken>>();
        var current = new ArrayList<SqlToken>();
        int depth = 0;
        int blockDepth = 0;
        for (var raw : lexed) {
            if (!raw.significant()) {
                continue;
            }
            SqlToken token;
            if (raw.kind() == TokenKind.OPEN_PAREN) {
                token = new SqlToken(raw, depth);
                depth++;
            } else if (raw.kind() == TokenKind.CLOSE_PAREN) {
                depth = Math.max(0, depth - 1);
                token = new SqlToken(raw, depth);
            } else {
                token = new SqlToken(raw, depth);
            }
            if (token.kind() == TokenKind.SEMICOLON && token.depth() == 0 && blockDepth == 0) {
                flush(statements, current);
                current = new ArrayList<>();
                continue;
            }
            if (isRoutineDefinition(current) && token.kind() == TokenKind.IDENTIFIER) {
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
