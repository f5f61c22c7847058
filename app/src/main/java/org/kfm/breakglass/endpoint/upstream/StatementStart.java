package org.kfm.breakglass.endpoint.upstream;

import java.util.List;

/**
 * What {@code query.begin} records for a client's statement.
 *
 * @param sql the statement text
 * @param auditClass its class
 * @param protocol {@code simple} (a Query message) or {@code extended} (Parse/Bind/Execute)
 * @param parameters the bound parameters as journaled (text, {@code \x} hex for binary, null for NULL; or
 *     {@code sha256:…} when redacted or too long), empty for the simple protocol
 * @param position its place in the client's message: statement {@code position} of {@code count}
 * @param count how many statements the message holds
 */
public record StatementStart(
        String sql, AuditClass auditClass, String protocol, List<String> parameters, int position, int count) {

    public StatementStart {
        parameters = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters));
    }
}
