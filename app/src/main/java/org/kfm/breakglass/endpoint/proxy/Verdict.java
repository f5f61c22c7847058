package org.kfm.breakglass.endpoint.proxy;

/** What the endpoint does with one statement: forward it, or refuse it with an SQLSTATE and words. */
sealed interface Verdict {
    record Admit() implements Verdict {}

    record Refuse(String sqlstate, String reason, String hint) implements Verdict {}

    Verdict ADMIT = new Admit();

    static Verdict refuse(String sqlstate, String reason, String hint) {
        return new Refuse(sqlstate, reason, hint);
    }

    /** SQLSTATE 25006 read_only_sql_transaction. */
    String READ_ONLY = "25006";
    /** SQLSTATE 42501 insufficient_privilege. */
    String PRIVILEGE = "42501";
    /** SQLSTATE 0A000 feature_not_supported. */
    String NOT_SUPPORTED = "0A000";
    /** SQLSTATE 42601 syntax_error. */
    String SYNTAX = "42601";
}
