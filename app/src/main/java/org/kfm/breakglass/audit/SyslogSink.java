package org.kfm.breakglass.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends each event as one RFC 5424 syslog message over TCP (optionally TLS, RFC 5425, with the server's
 * certificate and host name verified), framed by RFC 6587 octet counting ({@code "<length> <message>"}), so JSON
 * with any content stays one message. Facility authpriv, severity notice, APP-NAME {@code breakglass}, MSGID
 * {@code audit}; MSG is the canonical line.
 *
 * <p>TCP syslog has no application acknowledgement: "accepted" means written to a connection the server has not
 * closed. Before each write the sink checks that the server has not closed the connection (a dead rsyslog is
 * noticed then, not one event later) and reconnects. A line the server cannot take goes to an on-disk spool
 * ({@link DiskSpool}, the same as the webhook's) and is reported as {@link SpooledDeliveryException}; while the
 * spool holds lines, every new line queues behind them, and the backlog is sent in order before it, by the next
 * delivery or by a background retry. A console restart therefore loses nothing: the next console delivers the
 * backlog first. While the spool is empty, lines go straight to the socket (no extra fsync per event).
 */
public final class SyslogSink implements AuditSink {

    private static final System.Logger LOG = System.getLogger(SyslogSink.class.getName());

    /** authpriv (10) * 8 + notice (5). */
    private static final int PRIORITY = 85;

    private static final int BATCH = 100;
    private static final Duration RETRY_EVERY = Duration.ofSeconds(2);

    private final String host;
    private final int port;
    private final Optional<SSLSocketFactory> tls;
    private final String hostname;
    private final Duration connectTimeout;
    private final Clock clock;
    private final DiskSpool spool;
    private final BacklogRetry retry;

    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private volatile boolean healthy = true;

    /**
     * @param tls      present for TLS (RFC 5425); the factory carries the trust store
     * @param hostname this machine's name as it should appear in the HOSTNAME field
     * @param spoolDir where undelivered lines wait (e.g. beside the journal)
     * @throws IOException when the spool cannot be opened
     */
    public SyslogSink(
            String host,
            int port,
            Optional<SSLSocketFactory> tls,
            String hostname,
            Duration connectTimeout,
            Clock clock,
            Path spoolDir)
            throws IOException {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.hostname = printableAscii(hostname, 255);
        this.connectTimeout = connectTimeout;
        this.clock = clock;
        this.spool = DiskSpool.open(spoolDir, "syslog", host + ":" + port);
        this.retry = new BacklogRetry(name(), RETRY_EVERY, spool, this::flushBacklog);
    }

    /** Plain TCP, local host name, 3 s connect timeout, spooling in {@code spoolDir}. */
    public static SyslogSink tcp(String host, int port, Path spoolDir) throws IOException {
        return new SyslogSink(
                host,
                port,
                Optional.empty(),
                Operator.ofCurrentProcess(null).host(),
                Duration.ofSeconds(3),
                Clock.systemUTC(),
                spoolDir);
    }

    @Override
    public String name() {
        return "syslog " + (tls.isPresent() ? "tls" : "tcp") + "://" + host + ":" + port;
    }

    @Override
    public synchronized void deliver(String canonicalLine) throws IOException {
        if (spool.size() == 0) {
            try {
                send(List.of(canonicalLine));
                return;
            } catch (IOException e) {
                spool.add(canonicalLine);
                throw spooled(e);
            }
        }
        spool.add(canonicalLine);
        try {
            flushBacklog();
        } catch (IOException e) {
            throw spooled(e);
        }
    }

    @Override
    public int pending() {
        return spool.size();
    }

    /** The spool file (for tests and messages). */
    Path spoolFile() {
        return spool.file();
    }

    /** Sends the spooled lines in order, a batch at a time, dropping each batch from the spool once written. */
    private synchronized void flushBacklog() throws IOException {
        while (spool.size() > 0) {
            var batch = spool.peek(BATCH);
            send(batch);
            spool.acknowledge(batch.size());
        }
    }

    private SpooledDeliveryException spooled(IOException e) {
        return new SpooledDeliveryException(
                describe(e) + "; " + spool.size() + " event(s) kept in " + spool.file()
                        + " and sent in order when the server is back",
                e);
    }

    /** Writes the lines on one connection; one fresh connection per attempt, so a server restart costs nothing. */
    private void send(List<String> lines) throws IOException {
        try {
            if (socket == null || peerClosed()) {
                reconnect();
            }
            write(lines);
            healthy = true;
        } catch (IOException first) {
            disconnect();
            try {
                reconnect();
                write(lines);
                healthy = true;
            } catch (IOException second) {
                disconnect();
                healthy = false;
                second.addSuppressed(first);
                throw second;
            }
        }
    }

    private void write(List<String> lines) throws IOException {
        for (var line : lines) {
            out.write(frame(line));
        }
        out.flush();
    }

    /** The failure in words an operator can act on; TLS trust failures say so. */
    private String describe(IOException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SSLException) {
            return "TLS handshake with " + name() + " failed (" + detail + "): the server's certificate is not"
                    + " trusted or does not name " + host + "; check the sink's caFile and the server certificate";
        }
        return detail;
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
                ssl.setSoTimeout((int) connectTimeout.toMillis());
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
        return healthy && spool.size() == 0;
    }

    @Override
    public void close() throws IOException {
        retry.close();
        synchronized (this) {
            disconnect();
            spool.close();
        }
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
