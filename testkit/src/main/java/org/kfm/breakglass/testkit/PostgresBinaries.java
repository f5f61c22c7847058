package org.kfm.breakglass.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PostgreSQL server programs installed by the operating system, and how to run them.
 *
 * <p>initdb and postgres refuse to run as root, so when this JVM runs as root (CI does) every
 * program runs as the {@code postgres} OS user through {@code runuser}.
 */
final class PostgresBinaries {

    private static final String OS_USER = "postgres";

    private final Path binDir;
    private final boolean asPostgresUser;

    private PostgresBinaries(Path binDir, boolean asPostgresUser) {
        this.binDir = binDir;
        this.asPostgresUser = asPostgresUser;
    }

    static PostgresBinaries locate() {
        Path bin = fromPgConfig();
        if (bin == null) {
            bin = newestDebianInstall();
        }
        if (bin == null) {
            throw new IllegalStateException(
                    "PostgreSQL server binaries not found (no initdb via `pg_config --bindir` nor"
                            + " under /usr/lib/postgresql/*/bin). Install them: apt-get install -y postgresql-15 postgresql-15-postgis-3");
        }
        return new PostgresBinaries(bin, isRoot());
    }

    /** The major version, read from the binaries directory ({@code /usr/lib/postgresql/15/bin}) or initdb. */
    int majorVersion() {
        Path versionDir = binDir.getParent();
        if (versionDir != null && versionDir.getFileName().toString().matches("\\d+")) {
            return Integer.parseInt(versionDir.getFileName().toString());
        }
        String out = capture(List.of(binDir.resolve("initdb").toString(), "--version"));
        var m = java.util.regex.Pattern.compile("(\\d+)").matcher(out.replaceFirst("^[^0-9]*", ""));
        return m.find() ? Integer.parseInt(m.group(1)) : 15;
    }

    boolean runsAsPostgresUser() {
        return asPostgresUser;
    }

    /** Hands a directory (recursively) to the OS user the server runs as. */
    void handOver(Path dir) {
        if (asPostgresUser) {
            run("chown", List.of("chown", "-R", OS_USER + ":", dir.toString()));
        }
    }

    /** Runs a program from the binaries directory and fails with its output when it exits non-zero. */
    String runTool(String tool, String... args) {
        return runTool(java.util.Map.of(), tool, args);
    }

    /**
     * As {@link #runTool(String, String...)}, with extra environment variables (e.g. {@code PGPASSWORD}, which
     * keeps a password off the command line; runuser passes the environment on).
     */
    String runTool(java.util.Map<String, String> env, String tool, String... args) {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        cmd.add(binDir.resolve(tool).toString());
        cmd.addAll(List.of(args));
        return run(tool, cmd, env);
    }

    /** The shared library {@code name}.so of these binaries ({@code /usr/lib/postgresql/15/lib/pgaudit.so}). */
    boolean hasLibrary(String name) {
        Path versionDir = binDir.getParent();
        if (versionDir != null && Files.exists(versionDir.resolve("lib").resolve(name + ".so"))) {
            return true;
        }
        String pkglib = capture(List.of("pg_config", "--pkglibdir")).strip();
        return !pkglib.isEmpty() && Files.exists(Path.of(pkglib, name + ".so"));
    }

    private static String run(String what, List<String> cmd) {
        return run(what, cmd, java.util.Map.of());
    }

    private static String run(String what, List<String> cmd, java.util.Map<String, String> env) {
        try {
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process p = builder.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within 120 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "): " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        }
    }

    private static String capture(List<String> cmd) {
        try {
            return run(cmd.get(0), cmd);
        } catch (IllegalStateException e) {
            return "";
        }
    }

    private static Path fromPgConfig() {
        String out = capture(List.of("pg_config", "--bindir")).strip();
        if (out.isEmpty()) {
            return null;
        }
        Path dir = Path.of(out);
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl")) ? dir : null;
    }

    private static Path newestDebianInstall() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .sorted(Comparator.comparingInt(
                                    (Path v) -> Integer.parseInt(v.getFileName().toString()))
                            .reversed())
                    .map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
