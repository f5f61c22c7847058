package org.kfm.breakglass.desktop;

import java.util.List;
import org.kfm.breakglass.endpoint.ConnectionStrings;
import org.kfm.breakglass.endpoint.Endpoint;
import org.kfm.breakglass.ui.port.ClientEndpoint;
import org.kfm.breakglass.ui.port.ConnectedClient;

/** The console's view of a session's {@link Endpoint}: translation only, the strings the CLI prints. */
final class EndpointClients implements ClientEndpoint {
    /** What the dropped client's FATAL and its {@code client.disconnect} say. */
    static final String DROPPED = "dropped by the operator in the console";

    private final Endpoint endpoint;
    private final ConnectionStrings strings;

    EndpointClients(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.strings = endpoint.connectionStrings();
    }

    @Override
    public String socketPath() {
        return endpoint.socketPath().toString();
    }

    @Override
    public String psql() {
        return strings.psql();
    }

    @Override
    public String libpq() {
        return strings.libpq();
    }

    @Override
    public String gdal() {
        return strings.gdal();
    }

    @Override
    public List<ConnectedClient> clients() {
        return endpoint.clients().stream()
                .map(c -> new ConnectedClient(c.clientId(), c.applicationName(), c.peer(), c.since(), c.statements()))
                .toList();
    }

    @Override
    public boolean drop(String clientId) {
        return endpoint.drop(clientId, DROPPED);
    }
}
