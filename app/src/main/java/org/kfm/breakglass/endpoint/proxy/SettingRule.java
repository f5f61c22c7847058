package org.kfm.breakglass.endpoint.proxy;

import java.util.Locale;
import java.util.Set;
import org.kfm.breakglass.session.AccessMode;

/**
 * Which settings a client may change, whether by {@code SET}, {@code RESET}, {@code set_config(…)} or a startup
 * parameter. Clients set up their sessions (pg_dump's {@code statement_timeout}, {@code search_path}; QGIS's and
 * DBeaver's own), so settings are allowed by default; refused are those that would lift read-only
 * ({@code default_transaction_read_only}, {@code transaction_read_only} to anything but on), change the role or
 * the session authorization, load code, or change how the endpoint must read the client's bytes
 * ({@code client_encoding} other than UTF8, {@code standard_conforming_strings} changed: the endpoint classifies
 * text exactly as the server lexes it, so it pins both).
 */
final class SettingRule {
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

    private final AccessMode mode;
    private final boolean standardConformingStrings;

    SettingRule(AccessMode mode, boolean standardConformingStrings) {
        this.mode = mode;
        this.standardConformingStrings = standardConformingStrings;
    }

    /**
     * May {@code name} be set to {@code value}?
     *
     * @param value the literal value, or null when it is not one literal (a list, an expression, a computed value)
     * @param reset true for RESET / SET … TO DEFAULT (back to the value the connection started with)
     */
    Verdict check(String name, String value, boolean reset) {
        String setting = name.toLowerCase(Locale.ROOT);
        if (ROLE_SETTINGS.contains(setting)) {
            return Verdict.refuse(
                    Verdict.PRIVILEGE,
                    "changing " + setting + " would change the role or session authorization",
                    "the endpoint logs in as the session's role; elevate the session instead");
        }
        if (CODE_LOADING.contains(setting)) {
            return Verdict.refuse(Verdict.PRIVILEGE, "setting " + setting + " would load code into the server", null);
        }
        if (reset) {
            // RESET goes back to the value at login: read-only comes from the login's own startup packet, the
            // encoding and string syntax from the checked startup parameters.
            return Verdict.ADMIT;
        }
        if (READ_ONLY_SWITCHES.contains(setting) && mode == AccessMode.READ_ONLY) {
            if (value != null && TRUE_WORDS.contains(value.toLowerCase(Locale.ROOT))) {
                return Verdict.ADMIT;
            }
            return Verdict.refuse(
                    Verdict.READ_ONLY,
                    "setting " + setting + " to " + (value == null ? "a computed value" : "'" + value + "'")
                            + " would lift read-only",
                    "elevate the session to write with a second justification if a change is needed");
        }
        if (setting.equals("client_encoding")) {
            if (value != null && UTF8_NAMES.contains(cleanEncoding(value))) {
                return Verdict.ADMIT;
            }
            return Verdict.refuse(
                    Verdict.NOT_SUPPORTED,
                    "the endpoint speaks UTF8 only (client_encoding " + (value == null ? "computed" : "'" + value + "'")
                            + " refused)",
                    "use UTF8 (PGCLIENTENCODING=UTF8)");
        }
        if (setting.equals("standard_conforming_strings")) {
            boolean on = value != null && TRUE_WORDS.contains(value.toLowerCase(Locale.ROOT));
            if (value != null && on == standardConformingStrings) {
                return Verdict.ADMIT;
            }
            return Verdict.refuse(
                    Verdict.NOT_SUPPORTED,
                    "the endpoint keeps standard_conforming_strings as the connection started ("
                            + (standardConformingStrings ? "on" : "off") + ")",
                    null);
        }
        return Verdict.ADMIT;
    }

    /** PostgreSQL's {@code clean_encoding_name}: letters and digits only, lower case. */
    static String cleanEncoding(String name) {
        var out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 0x80) {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }
}
