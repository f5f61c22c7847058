package org.kfm.breakglass.session;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one rule on the settings a client may make (ADR 0023), for the console's own editor and for the endpoint's
 * clients alike: whether by {@code SET}, {@code RESET}, {@code set_config(…)} (anywhere in a statement), a
 * transaction's modes or a startup parameter. Clients set up their sessions (pg_dump's {@code statement_timeout},
 * {@code search_path}, {@code SET TRANSACTION … READ ONLY}; QGIS's and DBeaver's own), so settings are allowed by
 * default and journaled as what they are. Refused:
 *
 * <ul>
 *   <li>in read-only mode, whatever would lift read-only: {@code default_transaction_read_only} or
 *       {@code transaction_read_only} set to anything but a literal true, reset, or set to DEFAULT;
 *       {@code RESET ALL} and {@code DISCARD ALL} (which resets all); {@code READ WRITE} in {@code BEGIN},
 *       {@code START TRANSACTION}, {@code SET TRANSACTION} or {@code SET SESSION CHARACTERISTICS};
 *   <li>in every mode, changing the role or the session authorization ({@code SET [SESSION|LOCAL] ROLE},
 *       {@code SET … SESSION AUTHORIZATION}, their RESETs, the {@code role} and {@code session_authorization}
 *       settings) and loading code ({@code LOAD}, the preload-library and library-path settings);
 *   <li>a {@code set_config} whose setting name is not a literal (the rule could not tell what it changes);
 *   <li>in every mode, changing how the console must read the client's bytes: {@code client_encoding} other than
 *       UTF8, {@code standard_conforming_strings} other than as the connection started (the classifier lexes
 *       text exactly as the server does, so both stay pinned).
 * </ul>
 *
 * Settings are looked up as the server does, case-insensitively and after decoding quoted and {@code U&} names;
 * comments are not words, so they cannot hide a keyword. The server stays the last word: a read-only transaction,
 * the role's grants, and {@code SUSET} settings it refuses itself.
 */
public final class SetupRule {
    /** Why a setting is refused: SQLSTATE, reason and what to do instead (may be null). */
    public record Refusal(String sqlstate, String reason, String hint) {}

    private static final String FEATURE_NOT_SUPPORTED = "0A000";
    private static final String LIFT_HINT =
            "elevate the session to write with a second justification if a change is needed";
    private static final String ROLE_HINT = "the console logs in as the session's role; elevate the session instead";
    private static final Set<String> READ_ONLY_SWITCHES =
            Set.of("default_transaction_read_only", "transaction_read_only");
    private static final Set<String> ROLE_SETTINGS = Set.of("role", "session_authorization");
    private static final Set<String> CODE_LOADING = Set.of(
            "session_preload_libraries",
            "local_preload_libraries",
            "shared_preload_libraries",
            "dynamic_library_path",
            "jit_provider");
    /** Spellings PostgreSQL's {@code pg_char_to_encoding} cleans to UTF8 (or SQL_ASCII, checked as UTF8). */
    private static final Set<String> UTF8_NAMES = Set.of("utf8", "unicode", "sqlascii");
    /** What {@code parse_bool} reads as true (prefixes of true and yes, on, 1). */
    private static final Set<String> TRUE_WORDS = Set.of("t", "tr", "tru", "true", "y", "ye", "yes", "on", "1");

    private static final ClientStatementText.Word NOTHING =
            new ClientStatementText.Word(ClientStatementText.Word.Kind.SYMBOL, "");

    private SetupRule() {}

    /**
     * Why {@code statement} may not make the settings it makes in {@code mode}, or empty when it may (or makes
     * none). Only the settings are judged here: whether its class may run at all is the mode's business.
     */
    public static Optional<Refusal> statement(
            AccessMode mode, boolean standardConformingStrings, ClientStatementText statement) {
        List<ClientStatementText.Word> w = statement.words();
        String verb = statement.verb();
        Optional<Refusal> own = switch (verb) {
            case "LOAD" ->
                Optional.of(
                        new Refusal(SqlStates.INSUFFICIENT_PRIVILEGE, "LOAD would load code into the server", null));
            case "SET" -> set(mode, standardConformingStrings, w);
            case "RESET" -> reset(mode, standardConformingStrings, w);
            case "DISCARD" ->
                mode == AccessMode.READ_ONLY && word(w, 1).is("ALL")
                        ? Optional.of(new Refusal(
                                SqlStates.READ_ONLY_SQL_TRANSACTION,
                                "DISCARD ALL resets every setting, default_transaction_read_only included",
                                "discard what you need instead (DISCARD PLANS, DEALLOCATE ALL, CLOSE ALL)"))
                        : Optional.empty();
            case "BEGIN", "START" -> transactionModes(mode, w, verb + " … READ WRITE");
            default -> Optional.empty();
        };
        if (own.isPresent()) {
            return own;
        }
        return statement.calls().stream().anyMatch(c -> c.equalsIgnoreCase("set_config"))
                ? setConfigCalls(mode, standardConformingStrings, w)
                : Optional.empty();
    }

    /**
     * True when {@code statement} only makes settings: a {@code SET} or {@code RESET}, or a statement whose only
     * side-effecting calls are {@code set_config}. What a read-only console may send besides reads (its settings
     * checked by {@link #statement}).
     */
    public static boolean onlySettings(ClientStatementText statement) {
        String verb = statement.verb();
        if (statement.cls().equals("MISC")) {
            return verb.equals("SET") || verb.equals("RESET");
        }
        return statement.cls().equals("FUNCTION")
                && !statement.calls().isEmpty()
                && statement.calls().stream().allMatch(c -> c.equalsIgnoreCase("set_config"));
    }

    /**
     * May {@code name} be set to {@code value} (a startup parameter, or one setting of a statement)?
     *
     * @param value the literal value, or null when it is not one literal (a list, an expression, a computed value)
     * @param reset true for RESET / SET … TO DEFAULT (back to the value the connection started with)
     */
    public static Optional<Refusal> setting(
            AccessMode mode, boolean standardConformingStrings, String name, String value, boolean reset) {
        String setting = name.toLowerCase(Locale.ROOT);
        if (ROLE_SETTINGS.contains(setting)) {
            return Optional.of(new Refusal(
                    SqlStates.INSUFFICIENT_PRIVILEGE,
                    "changing " + setting + " would change the role or session authorization",
                    ROLE_HINT));
        }
        if (CODE_LOADING.contains(setting)) {
            return Optional.of(new Refusal(
                    SqlStates.INSUFFICIENT_PRIVILEGE, "setting " + setting + " would load code into the server", null));
        }
        if (READ_ONLY_SWITCHES.contains(setting) && mode == AccessMode.READ_ONLY) {
            if (!reset && value != null && TRUE_WORDS.contains(value.toLowerCase(Locale.ROOT))) {
                return Optional.empty();
            }
            // A reset goes back to the login's value, which is on only where the login itself made it so: the
            // rule does not depend on how read-only was set up, so it refuses that too.
            String to = reset ? "its default" : value == null ? "a computed value" : "'" + value + "'";
            return Optional.of(new Refusal(
                    SqlStates.READ_ONLY_SQL_TRANSACTION,
                    (reset ? "resetting " : "setting ") + setting + " to " + to + " would lift read-only",
                    LIFT_HINT));
        }
        if (reset) {
            // Back to the value at login: the encoding and string syntax come from the checked startup parameters.
            return Optional.empty();
        }
        if (setting.equals("client_encoding")) {
            if (value != null && isUtf8(value)) {
                return Optional.empty();
            }
            return Optional.of(new Refusal(
                    FEATURE_NOT_SUPPORTED,
                    "the console speaks UTF8 only (client_encoding " + (value == null ? "computed" : "'" + value + "'")
                            + " refused)",
                    "use UTF8 (PGCLIENTENCODING=UTF8)"));
        }
        if (setting.equals("standard_conforming_strings")) {
            boolean on = value != null && TRUE_WORDS.contains(value.toLowerCase(Locale.ROOT));
            if (value != null && on == standardConformingStrings) {
                return Optional.empty();
            }
            return Optional.of(new Refusal(
                    FEATURE_NOT_SUPPORTED,
                    "the console keeps standard_conforming_strings as the connection started ("
                            + (standardConformingStrings ? "on" : "off") + ")",
                    null));
        }
        return Optional.empty();
    }

    /** True for an encoding name PostgreSQL reads as UTF8 (or SQL_ASCII), however spelled. */
    public static boolean isUtf8(String encoding) {
        return UTF8_NAMES.contains(cleanEncoding(encoding));
    }

    /** PostgreSQL's {@code clean_encoding_name}: letters and digits only, lower case. */
    private static String cleanEncoding(String name) {
        var out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 0x80) {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }

    private static Optional<Refusal> set(AccessMode mode, boolean scs, List<ClientStatementText.Word> w) {
        int i = 1;
        // The grammar takes SESSION or LOCAL before every form, SESSION CHARACTERISTICS and SESSION AUTHORIZATION
        // included: SET SESSION SESSION CHARACTERISTICS … is valid SQL.
        if (word(w, i).is("SESSION") || word(w, i).is("LOCAL")) {
            if (!(word(w, i).is("SESSION") && isSessionForm(word(w, i + 1)))) {
                i++;
            }
        }
        ClientStatementText.Word first = word(w, i);
        if (first.is("ROLE") || (first.is("SESSION") && word(w, i + 1).is("AUTHORIZATION"))) {
            return Optional.of(new Refusal(
                    SqlStates.INSUFFICIENT_PRIVILEGE,
                    "SET " + (first.is("ROLE") ? "ROLE" : "SESSION AUTHORIZATION")
                            + " would change the role or session authorization",
                    ROLE_HINT));
        }
        if (first.is("SESSION") && word(w, i + 1).is("CHARACTERISTICS")) {
            return transactionModes(mode, w, "SET SESSION CHARACTERISTICS … READ WRITE");
        }
        if (first.is("TRANSACTION")) {
            return transactionModes(mode, w, "SET TRANSACTION … READ WRITE");
        }
        if (first.is("CONSTRAINTS")) {
            return Optional.empty();
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
        } else if (isName(first)) {
            var qualified = new StringBuilder(first.value());
            int j = i + 1;
            while (word(w, j).isSymbol(".") && isName(word(w, j + 1))) {
                qualified.append('.').append(word(w, j + 1).value());
                j += 2;
            }
            name = qualified.toString();
            if (!(word(w, j).is("TO") || word(w, j).isSymbol("="))) {
                return setting(mode, scs, name, null, false);
            }
            valueAt = j + 1;
        } else {
            return Optional.empty(); // not a SET the grammar knows: the server refuses it
        }
        var value = w.subList(Math.min(valueAt, w.size()), w.size());
        if (value.size() == 1 && value.get(0).is("DEFAULT")) {
            return setting(mode, scs, name, null, true);
        }
        if (value.size() == 1 && value.get(0).is("LOCAL") && name.equals("timezone")) {
            return Optional.empty();
        }
        String literal = value.size() == 1 && value.get(0).kind() != ClientStatementText.Word.Kind.SYMBOL
                ? value.get(0).value()
                : null;
        return setting(mode, scs, name, literal, false);
    }

    private static boolean isSessionForm(ClientStatementText.Word next) {
        return next.is("CHARACTERISTICS") || next.is("AUTHORIZATION");
    }

    private static Optional<Refusal> reset(AccessMode mode, boolean scs, List<ClientStatementText.Word> w) {
        ClientStatementText.Word what = word(w, 1);
        if (what.is("ROLE") || (what.is("SESSION") && word(w, 2).is("AUTHORIZATION"))) {
            return Optional.of(new Refusal(
                    SqlStates.INSUFFICIENT_PRIVILEGE,
                    "RESET " + (what.is("ROLE") ? "ROLE" : "SESSION AUTHORIZATION")
                            + " would change the role or session authorization",
                    ROLE_HINT));
        }
        if (what.is("ALL")) {
            return mode == AccessMode.READ_ONLY
                    ? Optional.of(new Refusal(
                            SqlStates.READ_ONLY_SQL_TRANSACTION,
                            "RESET ALL resets default_transaction_read_only too, which would lift read-only",
                            "reset the settings you changed one by one"))
                    : Optional.empty();
        }
        var qualified = new StringBuilder(what.value() == null ? "" : what.value());
        for (int j = 2; word(w, j).isSymbol(".") && isName(word(w, j + 1)); j += 2) {
            qualified.append('.').append(word(w, j + 1).value());
        }
        return setting(mode, scs, qualified.toString(), null, true);
    }

    /** In read-only mode a transaction may not ask for READ WRITE (anywhere in its mode list). */
    private static Optional<Refusal> transactionModes(AccessMode mode, List<ClientStatementText.Word> w, String what) {
        if (mode != AccessMode.READ_ONLY) {
            return Optional.empty();
        }
        for (int i = 0; i + 1 < w.size(); i++) {
            if (w.get(i).names("READ") && w.get(i + 1).names("WRITE")) {
                return Optional.of(
                        new Refusal(SqlStates.READ_ONLY_SQL_TRANSACTION, what + " would lift read-only", LIFT_HINT));
            }
        }
        return Optional.empty();
    }

    /** Each {@code set_config('name', value, …)} must name its setting literally and pass {@link #setting}. */
    private static Optional<Refusal> setConfigCalls(AccessMode mode, boolean scs, List<ClientStatementText.Word> w) {
        for (int i = 0; i + 1 < w.size(); i++) {
            if (!w.get(i).names("set_config") || !w.get(i + 1).isSymbol("(")) {
                continue;
            }
            ClientStatementText.Word name = word(w, i + 2);
            if (name.is("name") && word(w, i + 3).isSymbol(",")) {
                name = settingsRowName(w);
            }
            if (name == null
                    || name.kind() != ClientStatementText.Word.Kind.STRING
                    || !word(w, i + 3).isSymbol(",")) {
                return Optional.of(new Refusal(
                        SqlStates.INSUFFICIENT_PRIVILEGE,
                        "set_config() with a computed setting name: the console cannot tell which setting it"
                                + " changes",
                        "name the setting as a literal, or use SET"));
            }
            ClientStatementText.Word value = word(w, i + 4);
            boolean literal = (value.kind() == ClientStatementText.Word.Kind.STRING
                            || value.kind() == ClientStatementText.Word.Kind.NUMBER)
                    && word(w, i + 5).isSymbol(",");
            var refusal = setting(mode, scs, name.value(), literal ? value.value() : null, false);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    /**
     * pg_dump's form {@code SELECT set_config(name, '…', false) FROM pg_settings WHERE name = 'x'}: the name
     * column of the one pg_settings row named by the literal at the very end. Null for any other shape.
     */
    private static ClientStatementText.Word settingsRowName(List<ClientStatementText.Word> w) {
        int n = w.size();
        if (n < 6
                || word(w, n - 1).kind() != ClientStatementText.Word.Kind.STRING
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

    private static boolean isName(ClientStatementText.Word word) {
        return word.kind() == ClientStatementText.Word.Kind.KEYWORD
                || word.kind() == ClientStatementText.Word.Kind.NAME;
    }

    private static ClientStatementText.Word word(List<ClientStatementText.Word> w, int i) {
        return i < w.size() ? w.get(i) : NOTHING;
    }
}
