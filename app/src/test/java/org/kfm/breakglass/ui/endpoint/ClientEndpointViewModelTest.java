package org.kfm.breakglass.ui.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.port.ClientEndpoint;
import org.kfm.breakglass.ui.port.ConnectedClient;
import org.kfm.breakglass.ui.port.PortException;
import org.kfm.breakglass.ui.port.SessionHandle;

class ClientEndpointViewModelTest {
    private final List<ConnectedClient> connected = new ArrayList<>(List.of(
            new ConnectedClient("c1", "psql", "uid 1000 pid 42", Instant.parse("2026-12-02T02:00:00Z"), 3),
            new ConnectedClient("c2", "", "uid 1000 pid 43", Instant.parse("2026-12-02T02:01:00Z"), 0)));
    private final List<String> dropped = new ArrayList<>();

    private final ClientEndpoint endpoint = new ClientEndpoint() {
        @Override
        public String socketPath() {
            return "/run/user/1000/breakglass/x/.s.PGSQL.5432";
        }

        @Override
        public String psql() {
            return "psql -h /run/user/1000/breakglass/x -d gis";
        }

        @Override
        public String libpq() {
            return "host=/run/user/1000/breakglass/x dbname=gis";
        }

        @Override
        public String gdal() {
            return "PG:'host=/run/user/1000/breakglass/x dbname=gis'";
        }

        @Override
        public List<ConnectedClient> clients() {
            return List.copyOf(connected);
        }

        @Override
        public boolean drop(String clientId) {
            dropped.add(clientId);
            return connected.removeIf(c -> c.clientId().equals(clientId));
        }
    };

    @Test
    void openingShowsTheStringsAndTheClients() {
        var vm = new ClientEndpointViewModel(handle(endpoint, null), BackgroundWork.direct());
        vm.open();
        assertThat(vm.servingProperty().get()).isTrue();
        assertThat(vm.psqlProperty().get()).isEqualTo("psql -h /run/user/1000/breakglass/x -d gis");
        assertThat(vm.gdalProperty().get()).startsWith("PG:");
        assertThat(vm.clients()).extracting(ConnectedClient::clientId).containsExactly("c1", "c2");
        assertThat(ClientEndpointViewModel.shownName(vm.clients().get(1))).isEqualTo("no application_name");
    }

    @Test
    void droppingOneSaysSoAndListsTheRest() {
        var vm = new ClientEndpointViewModel(handle(endpoint, null), BackgroundWork.direct());
        vm.open();
        vm.drop(vm.clients().get(0));
        assertThat(dropped).containsExactly("c1");
        assertThat(vm.statusProperty().get()).isEqualTo("Dropped client c1 (psql).");
        assertThat(vm.clients()).extracting(ConnectedClient::clientId).containsExactly("c2");

        vm.drop(new ConnectedClient("c1", "psql", "", Instant.EPOCH, 0));
        assertThat(vm.statusProperty().get()).isEqualTo("Client c1 had already gone.");
    }

    @Test
    void anEndpointThatCannotOpenSaysWhyAndServesNothing() {
        var vm = new ClientEndpointViewModel(
                handle(null, "the client endpoint was not opened: the break-glass session is CLOSED"),
                BackgroundWork.direct());
        vm.open();
        assertThat(vm.servingProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).contains("session is CLOSED");
        assertThat(vm.psqlProperty().get()).isEmpty();
        vm.refresh();
        assertThat(vm.clients()).isEmpty();
    }

    /** A handle whose only working call is serveClients: the rest of a session is not what is tested here. */
    private static SessionHandle handle(ClientEndpoint endpoint, String failure) {
        return (SessionHandle) Proxy.newProxyInstance(
                SessionHandle.class.getClassLoader(), new Class<?>[] {SessionHandle.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("serveClients")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if (failure != null) {
                        throw new PortException(failure);
                    }
                    return endpoint;
                });
    }
}
