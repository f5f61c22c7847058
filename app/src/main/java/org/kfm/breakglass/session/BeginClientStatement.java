package org.kfm.breakglass.session;

import java.util.List;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.StatementRecord;

/**
 * A statement an endpoint client sent, admitted by the endpoint's gate: {@code query.begin} (with the client, the
 * protocol and the bound parameters) is durable before the endpoint forwards the message. When a required sink
 * cannot take it, it is journaled {@code query.denied} and refused, and the endpoint sends nothing.
 *
 * @param cls the statement's pgaudit class, by name
 * @param protocol {@code simple} or {@code extended}
 * @param parameters the bound parameters as journaled (null elements are SQL NULLs)
 */
public record BeginClientStatement(
        EndpointClient client, String sql, String cls, String protocol, List<String> parameters)
        implements PrivilegedAction<Void> {

    public BeginClientStatement {
        parameters = parameters == null
                ? List.of()
                : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters));
    }

    @Override
    public String verb() {
        return "run a client's statement";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }

    EventDraft describe() {
        return EventDraft.of(EventType.QUERY_BEGIN)
                .withStatement(StatementRecord.fromClient(
                        sql, cls, client.clientId(), protocol, parameters.isEmpty() ? null : parameters));
    }
}
