package org.kfm.breakglass.endpoint.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** Where a {@link WireOutput} writes to: a socket channel or a stream, in blocking mode. */
@FunctionalInterface
public interface ByteSink {
    /** Writes all {@code length} bytes. */
    void write(byte[] buffer, int offset, int length) throws IOException;

    static ByteSink of(WritableByteChannel channel) {
        return (buffer, offset, length) -> {
            var bb = ByteBuffer.wrap(buffer, offset, length);
            while (bb.hasRemaining()) {
                channel.write(bb);
            }
        };
    }

    static ByteSink of(OutputStream out) {
        return (buffer, offset, length) -> {
            out.write(buffer, offset, length);
            out.flush();
        };
    }
}
