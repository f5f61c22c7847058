package org.kfm.breakglass.endpoint.upstream;

import java.util.List;

/**
 * One statement of a client's SQL text as the session's classifier sees it.
 *
 * @param sql the statement text (without the terminating semicolon)
 * @param auditClass its pgaudit class
 * @param reason why it got that class, in words
 * @param unsendable why it must not be sent in any mode (the server's scanner would reject it, or the classifier
 *     cannot vouch for how it is split), or null
 * @param words its significant tokens, for the endpoint's rules on settings and transaction modes
 * @param calls the listed side-effecting built-in functions it calls, by name, one entry per call
 */
public record ClientStatement(
        String sql, AuditClass auditClass, String reason, String unsendable, List<SqlWord> words, List<String> calls) {

    public ClientStatement {
        words = List.copyOf(words);
        calls = List.copyOf(calls);
    }

    public boolean sendable() {
        return unsendable == null;
    }

    /** The first keyword, upper-cased, or empty. */
    public String verb() {
        return words.isEmpty() || words.get(0).kind() != SqlWord.Kind.KEYWORD
                ? ""
                : words.get(0).value().toUpperCase(java.util.Locale.ROOT);
    }
}
