package org.kfm.breakglass.ui.endpoint;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.Problems;
import org.kfm.breakglass.ui.port.ClientEndpoint;
import org.kfm.breakglass.ui.port.ConnectedClient;
import org.kfm.breakglass.ui.port.SessionHandle;

/**
 * "Connect a client…": opens the session's endpoint (journaled before its path is shown), offers the strings to
 * paste, lists the connected clients on each {@link #refresh}, and drops one on request. All engine calls run off
 * the UI thread.
 */
public final class ClientEndpointViewModel {
    private final SessionHandle handle;
    private final BackgroundWork work;
    private final ObservableList<ConnectedClient> clients = FXCollections.observableArrayList();
    private final ObservableList<ConnectedClient> clientsView = FXCollections.unmodifiableObservableList(clients);
    private final ReadOnlyStringWrapper socketPath = new ReadOnlyStringWrapper(this, "socketPath", "");
    private final ReadOnlyStringWrapper psql = new ReadOnlyStringWrapper(this, "psql", "");
    private final ReadOnlyStringWrapper libpq = new ReadOnlyStringWrapper(this, "libpq", "");
    private final ReadOnlyStringWrapper gdal = new ReadOnlyStringWrapper(this, "gdal", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper serving = new ReadOnlyBooleanWrapper(this, "serving");
    private volatile ClientEndpoint endpoint;
    private boolean refreshing;

    public ClientEndpointViewModel(SessionHandle handle, BackgroundWork work) {
        this.handle = handle;
        this.work = work;
    }

    /** Opens (or finds) the session's endpoint and shows how to reach it. */
    public void open() {
        status.set("Opening the session's PostgreSQL socket…");
        work.submit("endpoint-open", handle::serveClients, this::show, failure -> {
            serving.set(false);
            status.set(Problems.describe(failure));
        });
    }

    /** Reads the connected clients again (the view calls it every second while it is shown). */
    public void refresh() {
        var e = endpoint;
        if (e == null || refreshing) {
            return;
        }
        refreshing = true;
        work.submit(
                "endpoint-clients",
                e::clients,
                now -> {
                    refreshing = false;
                    clients.setAll(now);
                },
                failure -> {
                    refreshing = false;
                    status.set("The clients could not be listed: " + Problems.describe(failure));
                });
    }

    /** Ends one client's connection (it gets FATAL 57P01; the journal records its disconnect). */
    public void drop(ConnectedClient client) {
        var e = endpoint;
        if (e == null || client == null) {
            return;
        }
        work.submit(
                "endpoint-drop",
                () -> e.drop(client.clientId()),
                dropped -> {
                    status.set(
                            dropped
                                    ? "Dropped client " + client.clientId() + " (" + shownName(client) + ")."
                                    : "Client " + client.clientId() + " had already gone.");
                    refresh();
                },
                failure -> status.set("The client was not dropped: " + Problems.describe(failure)));
    }

    private void show(ClientEndpoint e) {
        endpoint = e;
        socketPath.set(e.socketPath());
        psql.set(e.psql());
        libpq.set(e.libpq());
        gdal.set(e.gdal());
        serving.set(true);
        status.set("Serving: every client and statement is journaled. The socket closes when the session ends.");
        refresh();
    }

    static String shownName(ConnectedClient c) {
        return c.applicationName().isEmpty() ? "no application_name" : c.applicationName();
    }

    public ObservableList<ConnectedClient> clients() {
        return clientsView;
    }

    public ReadOnlyStringProperty socketPathProperty() {
        return socketPath.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty psqlProperty() {
        return psql.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty libpqProperty() {
        return libpq.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty gdalProperty() {
        return gdal.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty servingProperty() {
        return serving.getReadOnlyProperty();
    }
}
