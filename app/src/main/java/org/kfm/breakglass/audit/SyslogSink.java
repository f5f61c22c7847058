package org.kfm.breakglass.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends each event as one RFC 5424 syslog message over TCP (optionally TLS, RFC 5425), framed by RFC 6587
 * octet counting ({@code "<length> <message>"}), so JSON with any content stays one message. Facility
 * authpriv, severity notice, APP-NAME {@code breakglass}, MSGID {@code audit}; MSG is the canonical line.
 *
 * <p>TCP syslog has no application acknowledgement: "accepted" means written to a connection the server has not
 * closed. Before each write the sink checks that the server has not closed the connection (a dead rsyslog is
 * noticed then, not one event later) and reconnects.
 */
public final class SyslogSink implements AuditSink {

    private static final System.Logger LOG = System.getLogger(SyslogSink.class.getName());

    /** authpriv (10) * 8 + notice (5). */
    private static final int PRIORITY = 85;

    private final String host;
    private final int port;
    private final Optional<SSLSocketFactory> tls;
    private final String hostname;
    private final Duration connectTimeout;
    private final Clock clock;

    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private volatile boolean healthy = true;

    /**
     * @param tls      present for TLS (RFC 5425); the factory carries the trust store
     * @param hostname this machine's name as it should appear in the HOSTNAME field
     */
    public SyslogSink(
            String host,
            int port,
            Optional<SSLSocketFactory> tls,
            String hostname,
            Duration connectTimeout,
            Clock clock) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.hostname = printableAscii(hostname, 255);
        this.connectTimeout = connectTimeout;
        this.clock = clock;
    }

    /** Plain TCP, local host name, 3 s connect timeout. */
    public static SyslogSink tcp(String host, int port) {
        return new SyslogSink(
                host,
                port,
                Optional.empty(),
                Operator.ofCurrentProcess(null).host(),
                Duration.ofSeconds(3),
                Clock.systemUTC());
    }

    @Override
    public String name() {
        return "syslog " + (tls.isPresent() ? "tls" : "tcp") + "://" + host + ":" + port;
    }

    @Override
    public synchronized void deliver(String canonicalLine) throws IOException {
        byte[] frame = frame(canonicalLine);
        try {
            if (socket == null || peerClosed()) {
                reconnect();
            }
            out.write(frame);
            out.flush();
            healthy = true;
        } catch (IOException first) {
            // One fresh connection per event: a server restart should not cost an event.
            disconnect();
            try {
                reconnect();
                out.write(frame);
                out.flush();
                healthy = true;
            } catch (IOException second) {
                disconnect();
                healthy = false;
                second.addSuppressed(first);
                throw new IOException(second.getMessage() == null ? second.toString() : second.getMessage(), second);
            }
        }
    }

    byte[] frame(String canonicalLine) {
        String message = "<" + PRIORITY + ">1 " + CanonicalJson.formatTime(clock.instant()) + " " + hostname
                + " breakglass - audit - " + canonicalLine;
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = (body.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, frame, 0, prefix.length);
        System.arraycopy(body, 0, frame, prefix.length, body.length);
        return frame;
    }

    /** A syslog server never sends; end-of-stream means it closed the connection (e.g. it was stopped). */
    private boolean peerClosed() {
        try {
            socket.setSoTimeout(1);
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private void reconnect() throws IOException {
        disconnect();
        var s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            Socket connected = s;
            if (tls.isPresent()) {
                var ssl = (SSLSocket) tls.get().createSocket(s, host, port, true);
                var params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(params);
                ssl.startHandshake();
                connected = ssl;
            }
            socket = connected;
            out = connected.getOutputStream();
            in = connected.getInputStream();
            LOG.log(System.Logger.Level.DEBUG, "connected to {0}", name());
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing {0}: {1}", name(), e.getMessage());
            }
        }
        socket = null;
        out = null;
        in = null;
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    @Override
    public synchronized void close() {
        disconnect();
    }

    private static String printableAscii(String s, int max) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        var b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 33 && c <= 126 && b.length() < max) {
                b.append(c);
            }
        }
        return b.isEmpty() ? "-" : b.toString();
    }
}
