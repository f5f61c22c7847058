package org.kfm.breakglass.kube;

import java.io.IOException;
import java.nio.ByteBuffer;

/** One port-forward stream as {@link ForwardedSocket} uses it: received data in, frames out, why it ended. */
interface ForwardLink {

    /** What the forward received and the socket has not read yet. */
    InboundFrames inbound();

    /**
     * Sends one complete frame, channel byte first. Waits while the forward is still opening; {@code frame}'s
     * bytes may be reused once this returns (the HTTP client copies them).
     *
     * @throws java.nio.channels.ClosedChannelException when the forward has ended or was closed
     */
    void send(ByteBuffer frame) throws IOException;

    /** Bytes handed to {@link #send} that the HTTP client has not written to the connection yet. */
    long queuedForSending();

    /** Whether the forward still carries data both ways. */
    boolean isAlive();

    /** Whether the forward ended only by the server's normal close (1000): end of stream, not a drop. */
    boolean endedCleanly();

    /** Why the forward ended (a generic reason while nothing went wrong). */
    String dropReason();

    /** Whether the API server refused the forward for authentication or RBAC (reconnecting cannot help). */
    boolean refusedByApiServer();

    /** Closes the forward (websocket close 1001 "User closing"); safe to call twice. */
    void close();
}
