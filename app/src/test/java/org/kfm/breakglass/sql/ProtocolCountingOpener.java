package org.kfm.breakglass.sql;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain TCP opener to the shared PostGIS that reads the client's side of the protocol as it goes out and counts
 * its Sync messages (each is one wait for the server's ReadyForQuery: one round trip of the extended protocol)
 * and its Parse messages (one per statement text the server parses).
 */
final class ProtocolCountingOpener implements SocketOpener {

    final AtomicInteger syncs = new AtomicInteger();
    final AtomicInteger parses = new AtomicInteger();

    @Override
    public Socket open() throws IOException {
        var pg = SharedPostgis.get();
        return new Socket(pg.host(), pg.port()) {
            private OutputStream counted;

            @Override
            public synchronized OutputStream getOutputStream() throws IOException {
                if (counted == null) {
                    counted = new Framing(super.getOutputStream());
                }
                return counted;
            }
        };
    }

    /** Follows the message framing: the startup packet (length only), then type byte + int32 length + body. */
    private final class Framing extends FilterOutputStream {
        private boolean startup = true;
        private final byte[] header = new byte[5];
        private int headerFill;
        private long bodyLeft;

        Framing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            see((byte) b);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) {
                see(b[off + i]);
            }
            out.write(b, off, len);
        }

        private void see(byte b) {
            if (bodyLeft > 0) {
                bodyLeft--;
                return;
            }
            header[headerFill++] = b;
            int headerLength = startup ? 4 : 5;
            if (headerFill < headerLength) {
                return;
            }
            int at = startup ? 0 : 1;
            long length = ((header[at] & 0xffL) << 24)
                    | ((header[at + 1] & 0xffL) << 16)
                    | ((header[at + 2] & 0xffL) << 8)
                    | (header[at + 3] & 0xffL);
            if (!startup) {
                if (header[0] == 'S') {
                    syncs.incrementAndGet();
                } else if (header[0] == 'P') {
                    parses.incrementAndGet();
                }
            }
            startup = false;
            headerFill = 0;
            bodyLeft = length - 4;
        }
    }
}
