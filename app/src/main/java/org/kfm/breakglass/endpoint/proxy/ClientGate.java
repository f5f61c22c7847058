package org.kfm.breakglass.endpoint.proxy;

import java.util.List;
import java.util.Set;
import org.kfm.breakglass.endpoint.upstream.AuditClass;
import org.kfm.breakglass.endpoint.upstream.ClientStatement;
import org.kfm.breakglass.endpoint.upstream.SqlWord;
import org.kfm.breakglass.session.AccessMode;

/**
 * The endpoint's rules for one client statement, on top of the session's classification: what the mode allows by
 * class (READ always; WRITE from write mode; DDL and GRANT/REVOKE in owner mode; FUNCTION from write mode), and
 * for the statements a client uses to run its session (class MISC): settings ({@link SettingRule}), transaction
 * control unless it asks for {@code READ WRITE} in read-only mode, cursors, {@code LOCK … IN ACCESS SHARE MODE}
 * (pg_dump's). In every mode it refuses changing the role or session authorization, {@code LOAD}, and SQL-level
 * {@code PREPARE}/{@code EXECUTE} (the journal would hold {@code EXECUTE name}, not the statement). A
 * {@code set_config(…)} call is judged as the SET it is when its setting name is a literal.
 */
final class ClientGate {
    /** MISC verbs a read-only client may send (each still checked for what it asks). */
    private static final Set<String> READ_ONLY_MISC = Set.of(
            "SET",
            "RESET",
            "BEGIN",
            "START",
            "COMMIT",
            "END",
            "ROLLBACK",
            "ABORT",
            "SAVEPOINT",
            "RELEASE",
            "DEALLOCATE",
            "DISCARD",
            "FETCH",
            "MOVE",
            "CLOSE",
            "LISTEN",
            "UNLISTEN",
            "LOCK",
            "SHOW");

    private final AccessMode mode;
    private final SettingRule settings;

    ClientGate(AccessMode mode, boolean standardConformingStrings) {
        this.mode = mode;
        this.settings = new SettingRule(mode, standardConformingStrings);
    }

    SettingRule settings() {
        return settings;
    }

    Verdict check(ClientStatement statement) {
        if (!statement.sendable()) {
            return Verdict.refuse(Verdict.SYNTAX, "not sent: " + statement.unsendable(), null);
        }
        List<SqlWord> w = statement.words();
        String verb = statement.verb();
        if (verb.equals("LOAD")) {
            return Verdict.refuse(Verdict.PRIVILEGE, "LOAD would load code into the server", null);
        }
        if ((verb.equals("PREPARE") && !word(w, 1).is("TRANSACTION")) || verb.equals("EXECUTE")) {
            return Verdict.refuse(
                    Verdict.NOT_SUPPORTED,
                    "SQL-level " + verb + " is not served: the journal would record the prepared name, not the"
                            + " statement",
                    "use your driver's prepared statements (the protocol's Parse/Bind), which are journaled with"
                            + " their text");
        }
        if ((verb.equals("SET") || verb.equals("RESET")) && statement.auditClass() == AuditClass.ROLE) {
            return Verdict.refuse(
                    Verdict.PRIVILEGE,
                    verb + " "
                            + (word(w, 1).is("SESSION") || word(w, 2).is("AUTHORIZATION")
                                    ? "SESSION AUTHORIZATION"
                                    : "ROLE")
                            + " would change the role or session authorization",
                    "the endpoint logs in as the session's role; elevate the session instead");
        }
        return switch (statement.auditClass()) {
            case READ -> Verdict.ADMIT;
            case WRITE ->
                mode == AccessMode.READ_ONLY
                        ? Verdict.refuse(
                                Verdict.READ_ONLY,
                                "WRITE statement refused in read-only mode (" + statement.reason() + ")",
                                "elevate the session to write with a second justification if this change is"
                                        + " needed")
                        : Verdict.ADMIT;
            case DDL, ROLE ->
                mode == AccessMode.OWNER
                        ? Verdict.ADMIT
                        : Verdict.refuse(
                                Verdict.PRIVILEGE,
                                statement.auditClass() + " statement refused in " + mode.wireName() + " mode ("
                                        + statement.reason() + ")",
                                "this needs the owner role: elevate to owner if the policy allows it");
            case FUNCTION -> function(statement);
            case MISC -> misc(statement, verb);
        };
    }

    private Verdict function(ClientStatement statement) {
        boolean onlySetConfig = !statement.calls().isEmpty()
                && statement.calls().stream().allMatch(c -> c.equalsIgnoreCase("set_config"));
        if (onlySetConfig) {
            Verdict calls = setConfigCalls(statement.words());
            if (calls instanceof Verdict.Refuse || mode != AccessMode.READ_ONLY) {
                return calls;
            }
            return Verdict.ADMIT;
        }
        if (mode != AccessMode.READ_ONLY) {
            return statement.calls().stream().anyMatch(c -> c.equalsIgnoreCase("set_config"))
                    ? setConfigCalls(statement.words())
                    : Verdict.ADMIT;
        }
        return Verdict.refuse(
                Verdict.PRIVILEGE,
                "FUNCTION statement refused in read-only mode (" + statement.reason() + ")",
                "elevate the session to write with a second justification if this call is needed");
    }

    /** Each {@code set_config('name', value, …)} must name its setting literally and pass the setting rule. */
    private Verdict setConfigCalls(List<SqlWord> w) {
        for (int i = 0; i + 1 < w.size(); i++) {
            if (!w.get(i).names("set_config") || !w.get(i + 1).isSymbol("(")) {
                continue;
            }
            SqlWord name = word(w, i + 2);
            if (name.is("name") && word(w, i + 3).isSymbol(",")) {
                name = settingsRowName(w);
            }
            if (name == null
                    || name.kind() != SqlWord.Kind.STRING
                    || !word(w, i + 3).isSymbol(",")) {
                return Verdict.refuse(
                        Verdict.PRIVILEGE,
                        "set_config() with a computed setting name: the endpoint cannot tell which setting it"
                                + " changes",
                        "name the setting as a literal, or use SET");
            }
            SqlWord value = word(w, i + 4);
            boolean literal = (value.kind() == SqlWord.Kind.STRING || value.kind() == SqlWord.Kind.NUMBER)
                    && word(w, i + 5).isSymbol(",");
            Verdict verdict = settings.check(name.value(), literal ? value.value() : null, false);
            if (verdict instanceof Verdict.Refuse) {
                return verdict;
            }
        }
        return Verdict.ADMIT;
    }

    /**
     * pg_dump's form {@code SELECT set_config(name, '…', false) FROM pg_settings WHERE name = 'x'}: the name
     * column of the one pg_settings row named by the literal at the very end. Null for any other shape.
     */
    private static SqlWord settingsRowName(List<SqlWord> w) {
        int n = w.size();
        if (n < 6
                || !word(w, n - 1).kind().equals(SqlWord.Kind.STRING)
                || !word(w, n - 2).isSymbol("=")
                || !word(w, n - 3).is("name")
                || !word(w, n - 4).is("WHERE")
                || !word(w, n - 5).names("pg_settings")) {
            return null;
        }
        int from = word(w, n - 6).isSymbol(".") && word(w, n - 7).names("pg_catalog") ? n - 8 : n - 6;
        if (!word(w, from).is("FROM") || !w.get(0).is("SELECT")) {
            return null;
        }
        return w.get(n - 1);
    }

    private Verdict misc(ClientStatement statement, String verb) {
        List<SqlWord> w = statement.words();
        if (mode == AccessMode.READ_ONLY && !READ_ONLY_MISC.contains(verb)) {
            return Verdict.refuse(
                    Verdict.READ_ONLY,
                    "statement refused in read-only mode (" + statement.reason() + ")",
                    "elevate the session to write with a second justification if this is needed");
        }
        return switch (verb) {
            case "SET" -> set(w);
            case "RESET" -> reset(w);
            case "BEGIN", "START" -> transactionModes(w, verb + " … READ WRITE");
            case "COMMIT", "ROLLBACK", "END", "ABORT" ->
                mode == AccessMode.READ_ONLY && word(w, 1).is("PREPARED")
                        ? Verdict.refuse(
                                Verdict.READ_ONLY,
                                verb + " PREPARED finishes a prepared (two-phase) transaction, which may write",
                                null)
                        : Verdict.ADMIT;
            case "PREPARE" ->
                mode == AccessMode.READ_ONLY
                        ? Verdict.refuse(
                                Verdict.READ_ONLY,
                                "PREPARE TRANSACTION leaves a transaction open on the server after the client",
                                null)
                        : Verdict.ADMIT;
            case "LOCK" -> lock(statement);
            default -> Verdict.ADMIT;
        };
    }

    private Verdict set(List<SqlWord> w) {
        int i = 1;
        if (word(w, i).is("SESSION") && word(w, i + 1).is("CHARACTERISTICS")) {
            return transactionModes(w, "SET SESSION CHARACTERISTICS … READ WRITE");
        }
        if (word(w, i).is("SESSION") || word(w, i).is("LOCAL")) {
            i++;
        }
        SqlWord first = word(w, i);
        if (first.is("TRANSACTION")) {
            return transactionModes(w, "SET TRANSACTION … READ WRITE");
        }
        if (first.is("CONSTRAINTS")) {
            return Verdict.ADMIT;
        }
        String name;
        int valueAt;
        if (first.is("TIME") && word(w, i + 1).is("ZONE")) {
            name = "timezone";
            valueAt = i + 2;
        } else if (first.is("NAMES")) {
            name = "client_encoding";
            valueAt = i + 1;
        } else if (first.is("SCHEMA")) {
            name = "search_path";
            valueAt = i + 1;
        } else if (first.is("XML") && word(w, i + 1).is("OPTION")) {
            name = "xmloption";
            valueAt = i + 2;
        } else if (first.kind() == SqlWord.Kind.KEYWORD || first.kind() == SqlWord.Kind.NAME) {
            var qualified = new StringBuilder(first.value());
            int j = i + 1;
            while (word(w, j).isSymbol(".") && isName(word(w, j + 1))) {
                qualified.append('.').append(word(w, j + 1).value());
                j += 2;
            }
            name = qualified.toString();
            if (!(word(w, j).is("TO") || word(w, j).isSymbol("="))) {
                return settings.check(name, null, false);
            }
            valueAt = j + 1;
        } else {
            return Verdict.ADMIT; // not a SET the grammar knows: the server refuses it
        }
        var value = w.subList(Math.min(valueAt, w.size()), w.size());
        if (value.size() == 1 && value.get(0).is("DEFAULT")) {
            return settings.check(name, null, true);
        }
        if (value.size() == 1 && value.get(0).is("LOCAL") && name.equals("timezone")) {
            return Verdict.ADMIT;
        }
        String literal = value.size() == 1 && value.get(0).kind() != SqlWord.Kind.SYMBOL
                ? value.get(0).value()
                : null;
        return settings.check(name, literal, false);
    }

    private Verdict reset(List<SqlWord> w) {
        SqlWord what = word(w, 1);
        if (what.is("ALL")) {
            return Verdict.ADMIT;
        }
        var qualified = new StringBuilder(what.value() == null ? "" : what.value());
        for (int j = 2; word(w, j).isSymbol(".") && isName(word(w, j + 1)); j += 2) {
            qualified.append('.').append(word(w, j + 1).value());
        }
        return settings.check(qualified.toString(), null, true);
    }

    /** In read-only mode a transaction may not ask for READ WRITE (anywhere in its mode list). */
    private Verdict transactionModes(List<SqlWord> w, String what) {
        if (mode != AccessMode.READ_ONLY) {
            return Verdict.ADMIT;
        }
        for (int i = 0; i + 1 < w.size(); i++) {
            if (w.get(i).names("READ") && w.get(i + 1).names("WRITE")) {
                return Verdict.refuse(
                        Verdict.READ_ONLY,
                        what + " would lift read-only",
                        "elevate the session to write with a second justification if a change is needed");
            }
        }
        return Verdict.ADMIT;
    }

    /** pg_dump takes ACCESS SHARE locks; a stronger lock held by a read-only console could stall production. */
    private Verdict lock(ClientStatement statement) {
        if (mode != AccessMode.READ_ONLY) {
            return Verdict.ADMIT;
        }
        List<SqlWord> w = statement.words();
        for (int i = 0; i + 3 < w.size(); i++) {
            if (w.get(i).is("IN")
                    && w.get(i + 1).is("ACCESS")
                    && w.get(i + 2).is("SHARE")
                    && w.get(i + 3).is("MODE")
                    && (i + 4 == w.size() || (i + 5 == w.size() && w.get(i + 4).is("NOWAIT")))) {
                return Verdict.ADMIT;
            }
        }
        return Verdict.refuse(
                Verdict.READ_ONLY,
                "LOCK refused in read-only mode unless IN ACCESS SHARE MODE (the default mode is ACCESS EXCLUSIVE)",
                "add IN ACCESS SHARE MODE");
    }

    private static boolean isName(SqlWord word) {
        return word.kind() == SqlWord.Kind.KEYWORD || word.kind() == SqlWord.Kind.NAME;
    }

    private static final SqlWord NOTHING = new SqlWord(SqlWord.Kind.SYMBOL, "");

    private static SqlWord word(List<SqlWord> w, int i) {
        return i < w.size() ? w.get(i) : NOTHING;
    }
}
