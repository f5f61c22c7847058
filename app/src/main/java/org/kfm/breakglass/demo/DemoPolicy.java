package org.kfm.breakglass.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kfm.breakglass.session.XdgDirs;

/**
 * The policy the demo runs under: the built-in defaults plus the required cluster witness, which the demo
 * cluster's RBAC (the stage overlay's {@code breakglass-witness} Role: ConfigMaps create-only) supports, so a
 * demo session passes preflight without warnings and shows the witness at work.
 */
public final class DemoPolicy {
    static final String YAML = """
            # The break-glass demo's policy: the defaults, plus the off-machine witness (docs/policy.md).
            audit:
              witness: {kind: cluster, requirement: required}
            # The demo's Zalando cluster defines two login users; the console does not guess which.
            targets:
              zalandoUser: kfm_reader
            """;

    private DemoPolicy() {}

    /** Writes the demo policy to its place in the demo directory and returns it. */
    public static Path write() {
        return write(XdgDirs.current().demoDir().resolve("policy.yaml"));
    }

    /** Writes the demo policy to {@code file} and returns it. */
    public static Path write(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            return Files.writeString(file, YAML);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo policy to " + file + ": " + e.getMessage(), e);
        }
    }
}
