package org.kfm.breakglass.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.kfm.breakglass.sql.lexer.LexProblem;
import org.kfm.breakglass.sql.lexer.LexedText;
import org.kfm.breakglass.sql.lexer.LexerSettings;
import org.kfm.breakglass.sql.lexer.SqlLexer;
import org.kfm.breakglass.sql.lexer.TokenKind;

/**
 * Splits a script into statements and gives each its pgaudit class, so the session can deny a write in
 * read-only mode before anything is sent and the audit record names the class.
 *
 * <p>The script is lexed exactly as the server lexes it ({@link SqlLexer}, with the connection's
 * {@link LexerSettings}), and each statement is also put through pgjdbc's own parser ({@link DriverAgreement}):
 * a statement the server's scanner would reject, or that pgjdbc would not send as exactly that one text, is
 * {@linkplain ClassifiedStatement#unsendable() unsendable} in every mode. A call of a listed side-effecting
 * function ({@link SideEffectCalls}) anywhere in a statement makes it {@link StatementClass#FUNCTION}.
 *
 * <p>This is a lexical judgement, not a parse: {@code SELECT my_fn()} stays {@link StatementClass#READ} even if
 * {@code my_fn} writes. The final authority is the server: a read-only link runs every statement in a
 * {@code READ ONLY} transaction, so a write that slips past the classifier still fails with SQLSTATE 25006.
 */
public final class StatementClassifier {

    private static final Set<String> MISC_VERBS = Set.of(
            "BEGIN",
            "START",
            "COMMIT",
            "END",
            "ROLLBACK",
            "ABORT",
            "SAVEPOINT",
            "RELEASE",
            "PREPARE",
            "EXECUTE",
            "DEALLOCATE",
            "VACUUM",
            "ANALYZE",
            "ANALYSE",
            "LISTEN",
            "UNLISTEN",
            "NOTIFY",
            "CHECKPOINT",
            "DISCARD",
            "LOAD",
            "LOCK",
            "CLUSTER",
            "REINDEX",
            "DECLARE",
            "FETCH",
            "MOVE",
            "CLOSE");

    private static final Set<String> DML_VERBS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE");

    private StatementClassifier() {}

    /** {@link #classify(String, LexerSettings)} with PostgreSQL's defaults. */
    public static List<ClassifiedStatement> classify(String script) {
        return classify(script, LexerSettings.defaults());
    }

    /**
     * The statements of {@code script} in order, lexed as a server with {@code settings} lexes them;
     * comments-only or empty input gives an empty list.
     */
    public static List<ClassifiedStatement> classify(String script, LexerSettings settings) {
        LexedText lexed = SqlLexer.lex(script, settings);
        var statements = StatementSplitter.split(lexed.tokens());
        var result = new ArrayList<ClassifiedStatement>();
        for (int s = 0; s < statements.size(); s++) {
            var statement = statements.get(s);
            var first = statement.get(0);
            var last = statement.get(statement.size() - 1);
            String sql = script.substring(first.start(), last.end());
            var verdict = withCalls(verdict(statement), statement);
            // A problem belongs to the statement it is in, or to the gap (comments) after it.
            int from = s == 0 ? 0 : first.start();
            int to = s + 1 < statements.size() ? statements.get(s + 1).get(0).start() : script.length();
            String unsendable = lexed.problems().stream()
                    .filter(p -> p.offset() >= from && p.offset() < to)
                    .findFirst()
                    .map(p -> serverWouldReject(p, script))
                    .or(() -> DriverAgreement.disagreement(sql, settings))
                    .orElse(null);
            result.add(new ClassifiedStatement(sql, first.start(), verdict.cls(), verdict.reason(), unsendable));
        }
        return List.copyOf(result);
    }

    private static String serverWouldReject(LexProblem problem, String script) {
        return "PostgreSQL would reject the text: " + problem.message() + " at character "
                + (script.codePointCount(0, problem.offset()) + 1) + " of the text; fix the SQL";
    }

    /** A call of a side-effecting function anywhere makes a read a FUNCTION. */
    private static Verdict withCalls(Verdict verdict, List<SqlToken> statement) {
        if (verdict.cls() != StatementClass.READ) {
            return verdict;
        }
        return SideEffectCalls.first(statement)
                .map(call -> new Verdict(StatementClass.FUNCTION, call))
                .orElse(verdict);
    }

    private record Verdict(StatementClass cls, String reason) {}

    private static Verdict verdict(List<SqlToken> t) {
        int i = 0;
        while (i < t.size() && t.get(i).kind() == TokenKind.OPEN_PAREN) {
            i++; // (SELECT ...) UNION (SELECT ...)
        }
        if (i >= t.size() || t.get(i).kind() != TokenKind.IDENTIFIER) {
            return new Verdict(StatementClass.MISC, "does not start with a keyword");
        }
        var verb = t.get(i).word();
        return switch (verb) {
            case "SELECT" -> select(t, i);
            case "VALUES", "TABLE", "SHOW" -> new Verdict(StatementClass.READ, verb + " only reads");
            case "WITH" -> with(t, i);
            case "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE" ->
                new Verdict(StatementClass.WRITE, verb + " changes table data");
            case "COPY" -> copy(t, i);
            case "EXPLAIN" -> explain(t, i);
            case "CREATE", "ALTER", "DROP" -> definition(t, i, verb);
            case "COMMENT", "SECURITY", "REFRESH", "IMPORT" ->
                new Verdict(StatementClass.DDL, verb + " changes the schema");
            case "GRANT", "REVOKE", "REASSIGN" -> new Verdict(StatementClass.ROLE, verb + " changes privileges");
            case "SET" -> set(t, i);
            case "RESET" ->
                word(t, i + 1).equals("ROLE")
                                || (word(t, i + 1).equals("SESSION")
                                        && word(t, i + 2).equals("AUTHORIZATION"))
                        ? new Verdict(StatementClass.ROLE, "RESET changes the current role")
                        : new Verdict(StatementClass.MISC, "RESET of a setting");
            case "DECLARE" -> declare(t, i);
            case "DO" -> new Verdict(StatementClass.FUNCTION, "DO runs an anonymous code block");
            case "CALL" -> new Verdict(StatementClass.FUNCTION, "CALL runs a procedure");
            default ->
                MISC_VERBS.contains(verb)
                        ? new Verdict(StatementClass.MISC, verb + " is session, transaction or maintenance control")
                        : new Verdict(
                                StatementClass.MISC,
                                "unrecognised statement " + verb
                                        + "; the server's transaction mode is the final authority");
        };
    }

    private static Verdict select(List<SqlToken> t, int at) {
        int depth = t.get(at).depth();
        for (int i = at + 1; i < t.size(); i++) {
            var token = t.get(i);
            if (token.depth() == depth && token.is("INTO")) {
                return new Verdict(StatementClass.DDL, "SELECT … INTO creates a table");
            }
        }
        for (int i = at + 1; i + 1 < t.size(); i++) {
            if (t.get(i).is("FOR")
                    && Set.of("UPDATE", "SHARE", "NO", "KEY")
                            .contains(t.get(i + 1).word())) {
                return new Verdict(StatementClass.READ, "SELECT with row locks (needs a read-write transaction)");
            }
        }
        return new Verdict(StatementClass.READ, "SELECT only reads");
    }

    private static Verdict with(List<SqlToken> t, int at) {
        int depth = t.get(at).depth();
        int main = -1;
        String cteWrite = null;
        for (int i = at + 1; i < t.size(); i++) {
            var token = t.get(i);
            var word = token.word();
            if (main < 0
                    && token.depth() == depth
                    && (DML_VERBS.contains(word)
                            || Set.of("SELECT", "VALUES", "TABLE").contains(word))) {
                main = i;
            }
            if (cteWrite == null
                    && token.depth() > depth
                    && DML_VERBS.contains(word)
                    && t.get(i - 1).kind() == TokenKind.OPEN_PAREN) {
                cteWrite = word;
            }
        }
        if (main >= 0 && DML_VERBS.contains(t.get(main).word())) {
            return new Verdict(StatementClass.WRITE, "WITH … " + t.get(main).word() + " changes table data");
        }
        if (cteWrite != null) {
            return new Verdict(StatementClass.WRITE, "data-modifying CTE (" + cteWrite + " inside WITH)");
        }
        if (main >= 0 && t.get(main).is("SELECT")) {
            return select(t, main);
        }
        return new Verdict(StatementClass.READ, "WITH query only reads");
    }

    private static Verdict copy(List<SqlToken> t, int at) {
        int depth = t.get(at).depth();
        if (at + 1 < t.size() && t.get(at + 1).kind() == TokenKind.OPEN_PAREN) {
            // COPY (query) TO: the query may itself be an INSERT, UPDATE or DELETE … RETURNING.
            int close = closing(t, at + 1);
            var inner = verdict(t.subList(at + 2, close));
            if (inner.cls() != StatementClass.READ) {
                return new Verdict(inner.cls(), "COPY (…) TO runs its query: " + inner.reason());
            }
        }
        for (int i = at + 1; i < t.size(); i++) {
            var token = t.get(i);
            if (token.depth() == depth && token.is("FROM")) {
                return new Verdict(StatementClass.WRITE, "COPY … FROM loads rows into a table");
            }
            if (token.depth() == depth && token.is("TO")) {
                return copyTo(i + 1 < t.size() ? t.get(i + 1) : null);
            }
        }
        return new Verdict(StatementClass.MISC, "COPY without FROM or TO");
    }

    /** Where COPY … TO writes: STDOUT only reads; a program or a server file is never a read. */
    private static Verdict copyTo(SqlToken destination) {
        if (destination != null && destination.is("PROGRAM")) {
            return new Verdict(StatementClass.FUNCTION, "COPY … TO PROGRAM runs a program on the database server");
        }
        if (destination != null && destination.kind() != TokenKind.IDENTIFIER) {
            return new Verdict(StatementClass.WRITE, "COPY … TO a file writes a file on the database server");
        }
        return new Verdict(StatementClass.READ, "COPY … TO only reads");
    }

    /** Index of the parenthesis closing the one at {@code open}, or the end of the statement. */
    private static int closing(List<SqlToken> t, int open) {
        int depth = t.get(open).depth();
        for (int i = open + 1; i < t.size(); i++) {
            if (t.get(i).kind() == TokenKind.CLOSE_PAREN && t.get(i).depth() == depth) {
                return i;
            }
        }
        return t.size();
    }

    private static Verdict explain(List<SqlToken> t, int at) {
        int i = at + 1;
        boolean analyze = false;
        if (i < t.size() && t.get(i).kind() == TokenKind.OPEN_PAREN) {
            int depth = t.get(i).depth();
            i++;
            while (i < t.size()
                    && !(t.get(i).kind() == TokenKind.CLOSE_PAREN && t.get(i).depth() == depth)) {
                var token = t.get(i);
                if (token.is("ANALYZE") || token.is("ANALYSE")) {
                    var next = i + 1 < t.size() ? t.get(i + 1).text().toUpperCase(Locale.ROOT) : "";
                    analyze = !Set.of("FALSE", "OFF", "0").contains(next);
                }
                i++;
            }
            i++;
        } else {
            while (i < t.size()
                    && Set.of("ANALYZE", "ANALYSE", "VERBOSE").contains(t.get(i).word())) {
                analyze |= !t.get(i).is("VERBOSE");
                i++;
            }
        }
        if (i >= t.size()) {
            return new Verdict(StatementClass.READ, "EXPLAIN without a statement");
        }
        var inner = verdict(t.subList(i, t.size()));
        if (!analyze) {
            return new Verdict(StatementClass.READ, "EXPLAIN without ANALYZE only plans");
        }
        return inner.cls() == StatementClass.READ
                ? new Verdict(StatementClass.READ, "EXPLAIN ANALYZE of a read")
                : new Verdict(inner.cls(), "EXPLAIN ANALYZE executes the statement: " + inner.reason());
    }

    /** {@code DECLARE name … CURSOR … FOR query}: as its query. */
    private static Verdict declare(List<SqlToken> t, int at) {
        int depth = t.get(at).depth();
        for (int i = at + 1; i + 1 < t.size(); i++) {
            if (t.get(i).depth() == depth && t.get(i).is("FOR")) {
                var inner = verdict(t.subList(i + 1, t.size()));
                return new Verdict(inner.cls(), "DECLARE CURSOR: " + inner.reason());
            }
        }
        return new Verdict(StatementClass.MISC, "DECLARE without a query");
    }

    private static Verdict definition(List<SqlToken> t, int at, String verb) {
        var object = word(t, at + 1);
        boolean roleObject = Set.of("ROLE", "USER", "GROUP").contains(object)
                && !word(t, at + 2).equals("MAPPING");
        if (roleObject) {
            return new Verdict(StatementClass.ROLE, verb + " " + object + " changes roles");
        }
        if (verb.equals("ALTER") && object.equals("DEFAULT")) {
            return new Verdict(StatementClass.ROLE, "ALTER DEFAULT PRIVILEGES changes privileges");
        }
        if (verb.equals("ALTER") && object.equals("SYSTEM")) {
            return new Verdict(StatementClass.MISC, "ALTER SYSTEM changes server configuration");
        }
        return new Verdict(StatementClass.DDL, verb + " changes the schema");
    }

    private static Verdict set(List<SqlToken> t, int at) {
        var w1 = word(t, at + 1);
        var w2 = word(t, at + 2);
        var w3 = word(t, at + 3);
        boolean role = w1.equals("ROLE")
                || (Set.of("LOCAL", "SESSION").contains(w1) && w2.equals("ROLE"))
                || (w1.equals("SESSION") && w2.equals("AUTHORIZATION"))
                || (w1.equals("LOCAL") && w2.equals("SESSION") && w3.equals("AUTHORIZATION"));
        return role
                ? new Verdict(StatementClass.ROLE, "SET changes the current role")
                : new Verdict(StatementClass.MISC, "SET of a setting");
    }

    private static String word(List<SqlToken> t, int i) {
        return i < t.size() ? t.get(i).word() : "";
    }
}
