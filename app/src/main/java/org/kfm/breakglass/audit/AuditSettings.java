package org.kfm.breakglass.audit;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open an {@link AuditTrail}: journal directory, rotation size, remote sinks (each required or best
 * effort), an optional Ed25519 private key (PKCS#8, PEM or DER) that signs seals, and the clock.
 */
public record AuditSettings(
        Path journalDir, long rotateBytes, List<SinkBinding> sinks, Optional<Path> signingKey, Clock clock) {

    /** Default rotation size: 64 MiB per file. */
    public static final long DEFAULT_ROTATE_BYTES = 64L * 1024 * 1024;

    public AuditSettings {
        Objects.requireNonNull(journalDir, "journalDir");
        sinks = List.copyOf(sinks);
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(clock, "clock");
    }

    /** Local journal only, in {@code dir}, default rotation, no signing, UTC system clock. */
    public static AuditSettings localOnly(Path dir) {
        return new AuditSettings(dir, DEFAULT_ROTATE_BYTES, List.of(), Optional.empty(), Clock.systemUTC());
    }

    public AuditSettings withSinks(List<SinkBinding> newSinks) {
        return new AuditSettings(journalDir, rotateBytes, newSinks, signingKey, clock);
    }

    public AuditSettings withRotateBytes(long newRotateBytes) {
        return new AuditSettings(journalDir, newRotateBytes, sinks, signingKey, clock);
    }

    public AuditSettings withSigningKey(Path key) {
        return new AuditSettings(journalDir, rotateBytes, sinks, Optional.of(key), clock);
    }

    public AuditSettings withClock(Clock newClock) {
        return new AuditSettings(journalDir, rotateBytes, sinks, signingKey, newClock);
    }
}
