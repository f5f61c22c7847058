package org.kfm.breakglass.endpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kfm.breakglass.endpoint.wire.Frame;
import org.kfm.breakglass.endpoint.wire.FrontendMessages;

/** A client that speaks raw protocol bytes to the endpoint's socket, for what real clients never send. */
public final class RawClient implements AutoCloseable {
    private final SocketChannel channel;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private int parsed;

    private RawClient(SocketChannel channel) {
        this.channel = channel;
    }

    public static RawClient connect(Path socket) throws IOException {
        var channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return new RawClient(channel);
    }

    /** Startup as psql would, then everything up to ReadyForQuery. */
    public List<Frame> login() throws Exception {
        var params = new LinkedHashMap<String, String>();
        params.put("user", "operator");
        params.put("database", "kfm");
        params.put("application_name", "rawclient");
        send(FrontendMessages.startupMessage(params));
        return until('Z', 10_000);
    }

    public void send(byte[] bytes) throws IOException {
        var buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    public void send(Frame... frames) throws IOException {
        for (var f : frames) {
            send(f.toBytes());
        }
    }

    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Messages until (and with) the next one of {@code type}; fails after {@code millis}. */
    public List<Frame> until(char type, long millis) throws Exception {
        var out = new ArrayList<Frame>();
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            Frame next = next(deadline);
            if (next == null) {
                throw new AssertionError("the endpoint closed the connection before a '" + type + "'; got " + out);
            }
            out.add(next);
            if (next.typeChar() == type) {
                return out;
            }
        }
    }

    /** Every message until the endpoint closes the connection; fails (never hangs) after {@code millis}. */
    public List<Frame> untilClosed(long millis) throws Exception {
        var out = new ArrayList<Frame>();
        long deadline = System.currentTimeMillis() + millis;
        for (Frame f; (f = next(deadline)) != null; ) {
            out.add(f);
        }
        return out;
    }

    private Frame next(long deadline) throws Exception {
        while (true) {
            byte[] all = received.toByteArray();
            if (all.length - parsed >= 5) {
                int length = ((all[parsed + 1] & 0xFF) << 24)
                        | ((all[parsed + 2] & 0xFF) << 16)
                        | ((all[parsed + 3] & 0xFF) << 8)
                        | (all[parsed + 4] & 0xFF);
                if (all.length - parsed >= length + 1) {
                    byte[] body = java.util.Arrays.copyOfRange(all, parsed + 5, parsed + 1 + length);
                    var frame = new Frame(all[parsed], body);
                    parsed += length + 1;
                    return frame;
                }
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("the endpoint neither answered nor closed the connection in time");
            }
            var buffer = ByteBuffer.allocate(65536);
            var read = CompletableFuture.supplyAsync(() -> {
                try {
                    return channel.read(buffer);
                } catch (IOException e) {
                    return -1;
                }
            });
            int n;
            try {
                n = read.get(left, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                channel.close();
                throw new AssertionError("the endpoint neither answered nor closed the connection in time");
            }
            if (n < 0) {
                return null;
            }
            received.write(buffer.array(), 0, n);
        }
    }

    /** The fields of an ErrorResponse / NoticeResponse body. */
    public static Map<Character, String> fields(Frame frame) {
        var fields = new LinkedHashMap<Character, String>();
        byte[] b = frame.body();
        int i = 0;
        while (i < b.length && b[i] != 0) {
            char code = (char) b[i++];
            int end = i;
            while (b[end] != 0) {
                end++;
            }
            fields.put(code, new String(b, i, end - i, StandardCharsets.UTF_8));
            i = end + 1;
        }
        return fields;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
