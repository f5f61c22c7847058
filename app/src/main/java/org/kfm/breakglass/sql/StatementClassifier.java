package org.kfm.breakglass.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a script into statements and gives each its pgaudit class, so the session can deny a write in
 * read-only mode before anything is sent and the audit record names the class.
 *
 * <p>This is a lexical judgement, not a parse: {@code SELECT my_fn()} stays {@link StatementClass#READ} even if
 * {@code my_fn} writes. The final authority is the server: a read-only link runs every statement in a
 * {@code READ ONLY} transaction, so a write that slips past the classifier still fails with SQLSTATE 25006.
 */
public final class StatementClassifier {

    /** Functions that change state outside the query result; selecting them is a FUNCTION, not a READ. */
    private static final Set<String> SIDE_EFFECT_FUNCTIONS = Set.of(
            "pg_terminate_backend",
            "pg_cancel_backend",
            "pg_reload_conf",
            "pg_rotate_logfile",
            "set_config",
            "nextval",
            "setval",
            "pg_advisory_lock",
            "pg_advisory_xact_lock",
            "pg_advisory_lock_shared",
            "pg_try_advisory_lock",
            "pg_notify",
            "lo_import",
            "lo_export",
            "lo_unlink",
            "lo_create",
            "lo_put",
            "lo_from_bytea",
            "pg_create_restore_point",
            "pg_switch_wal",
            "pg_promote",
            "pg_create_physical_replication_slot",
            "pg_create_logical_replication_slot",
            "pg_drop_replication_slot",
            "pg_stat_reset",
            "pg_stat_reset_shared",
            "pg_stat_reset_single_table_counters",
            "pg_file_write",
            "pg_file_unlink",
            "pg_file_rename",
            "dblink_exec",
            "pg_logical_emit_message",
            "pg_backup_start",
            "pg_backup_stop",
            "pg_log_backend_memory_contexts",
            "pg_import_system_collations",
            "addgeometrycolumn",
            "dropgeometrycolumn",
            "dropgeometrytable",
            "updategeometrysrid",
            "postgis_extensions_upgrade");

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

    /** The statements of {@code script} in order; comments-only or empty input gives an empty list. */
    public static List<ClassifiedStatement> classify(String script) {
        var result = new ArrayList<ClassifiedStatement>();
        for (var statement : StatementSplitter.split(SqlTokenizer.tokenize(script))) {
            var first = statement.get(0);
            var last = statement.get(statement.size() - 1);
            var verdict = verdict(statement);
            result.add(new ClassifiedStatement(
                    script.substring(first.start(), last.end()), first.start(), verdict.cls(), verdict.reason()));
        }
        return List.copyOf(result);
    }

    private record Verdict(StatementClass cls, String reason) {}

    private static Verdict verdict(List<SqlToken> t) {
        int i = 0;
        while (i < t.size() && t.get(i).kind() == SqlToken.Kind.OPEN) {
            i++; // (SELECT ...) UNION (SELECT ...)
        }
        if (i >= t.size() || t.get(i).kind() != SqlToken.Kind.WORD) {
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
        // From the statement's start: a side-effecting call inside a CTE counts as much as one in the main SELECT.
        var function = sideEffectFunction(t, 0);
        if (function != null) {
            return new Verdict(StatementClass.FUNCTION, "calls " + function + "(), which has side effects");
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
                    && t.get(i - 1).kind() == SqlToken.Kind.OPEN) {
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
        for (int i = at + 1; i < t.size(); i++) {
            var token = t.get(i);
            if (token.depth() == depth && token.is("FROM")) {
                return new Verdict(StatementClass.WRITE, "COPY … FROM loads rows into a table");
            }
            if (token.depth() == depth && token.is("TO")) {
                return new Verdict(StatementClass.READ, "COPY … TO only reads");
            }
        }
        return new Verdict(StatementClass.MISC, "COPY without FROM or TO");
    }

    private static Verdict explain(List<SqlToken> t, int at) {
        int i = at + 1;
        boolean analyze = false;
        if (i < t.size() && t.get(i).kind() == SqlToken.Kind.OPEN) {
            int depth = t.get(i).depth();
            i++;
            while (i < t.size()
                    && !(t.get(i).kind() == SqlToken.Kind.CLOSE && t.get(i).depth() == depth)) {
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

    private static String sideEffectFunction(List<SqlToken> t, int from) {
        for (int i = from; i + 1 < t.size(); i++) {
            var token = t.get(i);
            if (token.kind() == SqlToken.Kind.WORD
                    && t.get(i + 1).kind() == SqlToken.Kind.OPEN
                    && SIDE_EFFECT_FUNCTIONS.contains(token.text().toLowerCase(Locale.ROOT))) {
                return token.text().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String word(List<SqlToken> t, int i) {
        return i < t.size() ? t.get(i).word() : "";
    }
}
