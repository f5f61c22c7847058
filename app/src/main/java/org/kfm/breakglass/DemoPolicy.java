package org.kfm.breakglass;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The policy the demo runs under: the built-in defaults plus the required cluster witness, which the demo
 * cluster's RBAC (the stage overlay's {@code breakglass-witness} Role: ConfigMaps create-only) supports, so a
 * demo session passes preflight without warnings and shows the witness at work.
 */
final class DemoPolicy {
    static final String YAML = """
            # The break-glass demo's policy: the defaults, plus the off-machine witness (docs/policy.md).
            audit:
              witness: {kind: cluster, requirement: required}
            """;

    private DemoPolicy() {}

    /** Writes the demo policy to {@code file} and returns it. */
    static Path write(Path file) {
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
