package org.kfm.breakglass.endpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real PostgreSQL clients the endpoint serves (psql, pg_dump, pgbench, ogr2ogr), with a deadline. */
public final class Programs {

    public record Result(int exit, byte[] stdout, String stderr) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    private Programs() {}

    /** The program's path; a missing one fails the test with the Debian package to install. */
    public static String require(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(program + " is not installed: the endpoint's tests drive the real client. Install"
                + " the Debian package " + debianPackage + " (apt-get install -y " + debianPackage + ")");
    }

    public static Result run(List<String> command, Map<String, String> env, String stdin, Duration timeout) {
        var builder = new ProcessBuilder(command);
        var environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("LC_") || k.equals("LANG"));
        environment.put("LANG", "C.UTF-8");
        environment.putAll(env);
        try {
            Process process = builder.start();
            var out = drain(process.getInputStream());
            var err = drain(process.getErrorStream());
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish within " + timeout + "; stderr so far: "
                        + new String(err.join(), StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while " + command.get(0) + " ran", e);
        }
    }

    static java.util.concurrent.CompletableFuture<byte[]> drain(InputStream in) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (in) {
                var buffer = new ByteArrayOutputStream();
                in.transferTo(buffer);
                return buffer.toByteArray();
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }
}
