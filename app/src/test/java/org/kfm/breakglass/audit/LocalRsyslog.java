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

/** A real rsyslogd on a loopback port that writes each received message's MSG as one line of a file. */
public final class LocalRsyslog implements AutoCloseable {

    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");

    private final Path dir;
    private final int port;
    private final Path output;
    private Process process;

    public LocalRsyslog(Path dir) throws IOException {
        if (!Files.isExecutable(RSYSLOGD)) {
            throw new IllegalStateException(RSYSLOGD + " is missing: apt-get install -y rsyslog");
        }
        this.dir = dir;
        this.output = dir.resolve("received.log");
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
        Files.writeString(dir.resolve("rsyslog.conf"), """
                global(maxMessageSize="64k" workDirectory="%s")
                module(load="imtcp")
                input(type="imtcp" port="%d" address="127.0.0.1")
                template(name="msgonly" type="string" string="%%msg%%\\n")
                action(type="omfile" file="%s" template="msgonly")
                """.formatted(dir, port, output));
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
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
