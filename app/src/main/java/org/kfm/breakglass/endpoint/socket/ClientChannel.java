package org.kfm.breakglass.endpoint.socket;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.kfm.breakglass.endpoint.wire.ByteSink;
import org.kfm.breakglass.endpoint.wire.ByteSource;

/**
 * One accepted connection and who is on the other end.
 *
 * @param transport {@code unix} or {@code tcp}
 * @param peer the peer's OS user name (Unix socket, from {@code SO_PEERCRED}) or its address (TCP)
 */
public record ClientChannel(SocketChannel channel, String transport, String peer) {

    public ByteSource source() {
        return ByteSource.of(channel);
    }

    public ByteSink sink() {
        return ByteSink.of(channel);
    }

    /** Stops reading and writing; a thread blocked on the channel is released. */
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket that is already broken
        }
    }
}
