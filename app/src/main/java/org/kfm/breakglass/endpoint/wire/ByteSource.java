package org.kfm.breakglass.endpoint.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/** Where a {@link WireInput} reads from: a socket channel or a stream, read in blocking mode. */
@FunctionalInterface
public interface ByteSource {
    /** Reads at least one byte, or returns -1 at the end of the stream. */
    int read(byte[] buffer, int offset, int length) throws IOException;

    static ByteSource of(ReadableByteChannel channel) {
        return (buffer, offset, length) -> channel.read(ByteBuffer.wrap(buffer, offset, length));
    }

    static ByteSource of(InputStream in) {
        return in::read;
    }
}
