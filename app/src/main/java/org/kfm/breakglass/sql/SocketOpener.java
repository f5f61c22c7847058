package org.kfm.breakglass.sql;

import java.io.IOException;
import java.net.Socket;

/**
 * Opens one byte stream to the database, already connected. In production the session layer supplies one that
 * opens a port-forward channel through the Kubernetes API server (no listening socket); in tests it may be a
 * plain TCP socket. pgjdbc calls it once for the connection and once more for every query cancel request.
 *
 * <p>The returned socket must report {@link Socket#isConnected()} {@code true} (pgjdbc then skips
 * {@code connect}) and tolerate the option setters listed in {@link TunnelSocketFactory}.
 */
@FunctionalInterface
public interface SocketOpener {

    Socket open() throws IOException;
}
