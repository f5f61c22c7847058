package org.kfm.breakglass.ui.port;

import java.util.List;

/**
 * The session's PostgreSQL endpoint as "Connect a client…" shows it: where it listens, the strings to paste (the
 * same ones {@code breakglass connect} prints), and who is connected. Every client and statement is journaled by
 * the session; {@link #drop} ends one client with {@code FATAL 57P01}, journaled as its {@code client.disconnect}.
 * Methods may block; the UI calls them off the FX thread.
 */
public interface ClientEndpoint {

    /** The Unix socket's path (in a fresh private directory). */
    String socketPath();

    /** {@code psql -h DIR -d DB}. */
    String psql();

    /** A libpq connection string ({@code host=DIR dbname=DB}). */
    String libpq();

    /** The {@code PG:} data source of QGIS and ogr2ogr. */
    String gdal();

    /** The clients connected now. */
    List<ConnectedClient> clients();

    /** Ends one client; false when it had already gone. */
    boolean drop(String clientId) throws PortException;
}
