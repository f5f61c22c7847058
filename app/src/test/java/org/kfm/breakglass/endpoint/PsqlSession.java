package org.kfm.breakglass.endpoint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An interactive psql through the endpoint: one statement at a time, its output (stdout and stderr) read back. */
public final class PsqlSession implements AutoCloseable {
    private static final String DONE = "__psql_session_done__";

    private final Process process;
    private final Writer in;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private PsqlSession(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofVirtual().start(() -> {
            try (var reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // psql ended
            }
            lines.add(DONE);
        });
    }

    static PsqlSession start(EndpointStage stage, Map<String, String> env) {
        var builder = new ProcessBuilder(
                        Programs.require("psql", "postgresql-client-15"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=0")
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
        builder.environment().put("LANG", "C.UTF-8");
        builder.environment().putAll(env);
        try {
            return new PsqlSession(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one statement and a marker echo; returns what psql printed in between. */
    String query(String sql) {
        String marker = "marker-" + System.nanoTime();
        try {
            in.write(sql + "\n\\echo " + marker + "\n");
            in.flush();
            var out = new ArrayList<String>();
            while (true) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                if (line == null || line.equals(DONE)) {
                    throw new AssertionError("psql stopped answering; so far: " + out);
                }
                if (line.equals(marker)) {
                    return String.join("\n", out);
                }
                out.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The process id, to signal it. */
    long pid() {
        return process.pid();
    }

    /** Writes a statement without waiting for its answer. */
    void send(String sql) {
        try {
            in.write(sql + "\n");
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines printed until {@code predicate} matches one (included), within 60 s. */
    List<String> until(java.util.function.Predicate<String> predicate) throws InterruptedException {
        var out = new ArrayList<String>();
        while (true) {
            String line = lines.poll(60, TimeUnit.SECONDS);
            if (line == null || line.equals(DONE)) {
                throw new AssertionError("psql ended or went quiet before the expected line; so far: " + out);
            }
            out.add(line);
            if (predicate.test(line)) {
                return out;
            }
        }
    }

    /** Sends one more statement (which psql can only run on a live connection), then ends psql; all it printed. */
    String finish() throws InterruptedException {
        send("SELECT 'after close';");
        try {
            in.close();
        } catch (IOException ignored) {
            // psql may be gone
        }
        var out = new ArrayList<String>();
        while (true) {
            String line = lines.poll(60, TimeUnit.SECONDS);
            if (line == null || line.equals(DONE)) {
                break;
            }
            out.add(line);
        }
        process.waitFor(30, TimeUnit.SECONDS);
        return String.join("\n", out);
    }

    @Override
    public void close() {
        try {
            in.close();
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException ignored) {
            // ending anyway
        }
        process.destroyForcibly();
    }
}
