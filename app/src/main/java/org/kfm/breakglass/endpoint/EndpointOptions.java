package org.kfm.breakglass.endpoint;

import java.nio.file.Path;
import org.kfm.breakglass.endpoint.socket.SocketDirectory;

/**
 * How to open an endpoint.
 *
 * @param socketBase the directory under which the fresh socket directory is made
 *     ({@link SocketDirectory#defaultBase}: {@code $XDG_RUNTIME_DIR/breakglass}, else the XDG state directory)
 * @param tcp also listen on loopback TCP (a kernel-chosen port), with a one-time password
 */
public record EndpointOptions(Path socketBase, boolean tcp) {

    /** The defaults for this user's environment, Unix socket only. */
    public static EndpointOptions defaults() {
        return new EndpointOptions(SocketDirectory.defaultBase(System.getenv()), false);
    }
}
