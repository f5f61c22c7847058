package org.kfm.breakglass.endpoint.proxy;

import java.util.List;
import java.util.Set;
import org.kfm.breakglass.endpoint.upstream.ClientStatement;
import org.kfm.breakglass.endpoint.upstream.SqlWord;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.session.ClientStatementText;
import org.kfm.breakglass.session.SetupRule;

/**
 * The endpoint's rules for one client statement, on top of the session's classification: what the mode allows by
 * class (READ always; WRITE from write mode; DDL and GRANT/REVOKE in owner mode; FUNCTION from write mode), and
 * for the statements a client uses to run its session (class MISC): settings, judged by the session's
 * {@link SetupRule} (the same rule as in the console's own editor: no lifting read-only, no role or session
 * authorization change, no code loading, in any spelling and inside any statement that calls {@code set_config}),
 * transaction control, cursors, {@code LOCK … IN ACCESS SHARE MODE} (pg_dump's). In every mode it refuses SQL-level
 * {@code PREPARE}/{@code EXECUTE} (the journal would hold {@code EXECUTE name}, not the statement).
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
    private final boolean standardConformingStrings;

    ClientGate(AccessMode mode, boolean standardConformingStrings) {
        this.mode = mode;
        this.standardConformingStrings = standardConformingStrings;
    }

    Verdict check(ClientStatement statement) {
        if (!statement.sendable()) {
            return Verdict.refuse(Verdict.SYNTAX, "not sent: " + statement.unsendable(), null);
        }
        List<SqlWord> w = statement.words();
        String verb = statement.verb();
        if ((verb.equals("PREPARE") && !word(w, 1).is("TRANSACTION")) || verb.equals("EXECUTE")) {
            return Verdict.refuse(
                    Verdict.NOT_SUPPORTED,
                    "SQL-level " + verb + " is not served: the journal would record the prepared name, not the"
                            + " statement",
                    "use your driver's prepared statements (the protocol's Parse/Bind), which are journaled with"
                            + " their text");
        }
        var setup = SetupRule.statement(mode, standardConformingStrings, text(statement));
        if (setup.isPresent()) {
            return Verdict.refuse(
                    setup.get().sqlstate(), setup.get().reason(), setup.get().hint());
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

    /** Calls of {@code set_config} alone are settings ({@link SetupRule} has passed them); others need write. */
    private Verdict function(ClientStatement statement) {
        boolean onlySetConfig = !statement.calls().isEmpty()
                && statement.calls().stream().allMatch(c -> c.equalsIgnoreCase("set_config"));
        if (onlySetConfig || mode != AccessMode.READ_ONLY) {
            return Verdict.ADMIT;
        }
        return Verdict.refuse(
                Verdict.PRIVILEGE,
                "FUNCTION statement refused in read-only mode (" + statement.reason() + ")",
                "elevate the session to write with a second justification if this call is needed");
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

    /** The statement as the session's rule reads it. */
    private static ClientStatementText text(ClientStatement s) {
        return new ClientStatementText(
                s.sql(),
                s.auditClass().name(),
                s.reason(),
                s.unsendable(),
                s.words().stream()
                        .map(w -> new ClientStatementText.Word(
                                ClientStatementText.Word.Kind.valueOf(w.kind().name()), w.value()))
                        .toList(),
                s.calls());
    }

    private static final SqlWord NOTHING = new SqlWord(SqlWord.Kind.SYMBOL, "");

    private static SqlWord word(List<SqlWord> w, int i) {
        return i < w.size() ? w.get(i) : NOTHING;
    }
}
