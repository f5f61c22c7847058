package org.kfm.breakglass.audit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real rsyslogd on a loopback port that writes each received message's MSG as one line of a file; plain TCP,
 * or TLS through rsyslog-gnutls's {@code gtls} stream driver with a server certificate the test made.
 */
public final class LocalRsyslog implements AutoCloseable {

    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
    private static final Path GTLS_DRIVER = Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so");

    /** The server side of TLS: the CA file rsyslog names, its certificate and key (PEM). */
    public record ServerTls(Path caFile, Path certFile, Path keyFile) {}

    private final Path dir;
    private final int port;
    private final Path output;
    private Process process;

    public LocalRsyslog(Path dir) throws IOException {
        this(dir, null);
    }

    /** With {@code tls} non-null, rsyslog accepts only TLS (gtls driver, mode 1, clients not authenticated). */
    public LocalRsyslog(Path dir, ServerTls tls) throws IOException {
        if (!Files.isExecutable(RSYSLOGD)) {
            throw new IllegalStateException(RSYSLOGD + " is missing: apt-get install -y rsyslog");
        }
        if (tls != null && !Files.exists(GTLS_DRIVER)) {
            throw new IllegalStateException(
                    GTLS_DRIVER + " is missing: apt-get install -y rsyslog-gnutls (rsyslog's TLS stream driver)");
        }
        this.dir = dir;
        this.output = dir.resolve("received.log");
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
        String global = tls == null
                ? "global(maxMessageSize=\"64k\" workDirectory=\"%s\")".formatted(dir)
                : """
                global(maxMessageSize="64k" workDirectory="%s"
                       DefaultNetstreamDriver="gtls"
                       DefaultNetstreamDriverCAFile="%s"
                       DefaultNetstreamDriverCertFile="%s"
                       DefaultNetstreamDriverKeyFile="%s")""".formatted(dir, tls.caFile(), tls.certFile(), tls.keyFile());
        String module = tls == null
                ? "module(load=\"imtcp\")"
                : "module(load=\"imtcp\" StreamDriver.Name=\"gtls\" StreamDriver.Mode=\"1\""
                        + " StreamDriver.AuthMode=\"anon\")";
        Files.writeString(dir.resolve("rsyslog.conf"), """
                %s
                %s
                input(type="imtcp" port="%d" address="127.0.0.1")
                template(name="msgonly" type="string" string="%%msg%%\\n")
                action(type="omfile" file="%s" template="msgonly")
                """.formatted(global, module, port, output));
    }

    /** The file rsyslog writes each message's MSG to. */
    public Path output() {
        return output;
    }

    public int port() {
        return port;
    }

    public void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(
                        RSYSLOGD.toString(),
                        "-n",
                        "-f",
                        dir.resolve("rsyslog.conf").toString(),
                        "-i",
                        dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("rsyslogd.out").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rsyslogd exited: " + Files.readString(dir.resolve("rsyslogd.out")));
            }
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("rsyslogd did not listen on " + port);
    }

    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    /** Waits (bounded) until the file holds {@code count} lines, then returns them. */
    public List<String> awaitLines(int count) throws IOException, InterruptedException {
        return awaitLines(count, java.time.Duration.ofSeconds(20));
    }

    /** Waits up to {@code timeout} until the file holds {@code count} lines; returns what it holds then. */
    public List<String> awaitLines(int count, java.time.Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            if (Files.exists(output)) {
                lines = Files.readAllLines(output, StandardCharsets.UTF_8);
                if (lines.size() >= count) {
                    return lines;
                }
            }
            Thread.sleep(50);
        }
        return lines;
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
