package org.kfm.breakglass.bench;

import java.io.OutputStream;
import java.sql.Connection;
import org.postgresql.PGConnection;

/**
 * One bulk {@code COPY … TO STDOUT} through pgjdbc's CopyManager into a sink that only counts, so the figure is
 * the transport (and the server producing rows), not what the client does with them.
 */
final class CopyOut {

    /** One transfer: how many bytes arrived and how long it took. */
    record Transfer(long bytes, long nanos) {
        double megabytesPerSecond() {
            return bytes / 1e6 / (nanos / 1e9);
        }
    }

    private CopyOut() {}

    /** About 520 bytes per row: {@code rows} = 400,000 gives ~208 MB. */
    static String statement(int rows) {
        return "COPY (SELECT i, repeat(md5(i::text), 16) FROM generate_series(1, " + rows + ") i) TO STDOUT";
    }

    static Transfer run(Connection connection, String copySql) throws Exception {
        var sink = new CountingSink();
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        long start = System.nanoTime();
        copy.copyOut(copySql, sink);
        return new Transfer(sink.bytes, System.nanoTime() - start);
    }

    private static final class CountingSink extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
