package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.StatementRecord;

/**
 * A statement of an endpoint client that the endpoint's gate refused, nothing of it sent: {@code query.denied}
 * with the reason and the SQLSTATE the client got. Journaled locally even while a remote sink is down (as the
 * console's own refusals), so the refusal is never lost.
 */
public record DenyClientStatement(EndpointClient client, String sql, String cls, String reason, String sqlstate)
        implements PrivilegedAction<Void> {
    @Override
    public String verb() {
        return "refuse a client's statement";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }

    StatementRecord statement() {
        return new StatementRecord(
                sql, cls, null, null, sqlstate, null, null, null, client.clientId(), null, null, null, null);
    }
}
