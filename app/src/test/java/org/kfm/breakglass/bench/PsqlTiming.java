package org.kfm.breakglass.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** psql's statement time for one statement ({@code --csv -o /dev/null}, {@code \timing}), directly to the database. */
final class PsqlTiming {
    private static final Pattern TIME = Pattern.compile("Time: ([0-9.]+) ms");

    private final Map<String, String> env;

    PsqlTiming(Map<String, String> env) {
        this.env = env;
    }

    /** psql's {@code \timing} of {@code sql}, in milliseconds. */
    double statementMs(String sql) throws Exception {
        var pb = new ProcessBuilder(
                        List.of("psql", "-X", "-q", "--csv", "-c", "\\timing on", "-c", sql, "-o", "/dev/null"))
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process process;
        try {
            process = pb.start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("psql could not be started (install postgresql-client-15): " + e, e);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = process.waitFor();
        var m = TIME.matcher(out);
        if (rc != 0 || !m.find()) {
            throw new IllegalStateException("psql exited " + rc + " without its \\timing line:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }
}
