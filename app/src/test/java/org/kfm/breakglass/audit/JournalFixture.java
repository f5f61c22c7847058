package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Writes real journals with the production code, and edits their files the way an attacker would. */
final class JournalFixture {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T21:04:05.123456Z"), ZoneOffset.UTC);

    static final Operator OPERATOR = new Operator("alice", "laptop-17", "alice@kfm");
    static final AuditTarget TARGET = new AuditTarget(
            "stage",
            "https://api.stage.kfm:6443",
            "gis",
            "postgis",
            "postgis-0",
            "8d1c6f0e-1111-4c53-9b0a-3f3f2a6d0001",
            "gis",
            "reader");
    static final AuditJustification JUSTIFICATION =
            new AuditJustification("parcel 42 shows the wrong owner after import", "INC-1234", 1800L, "read-only");

    private JournalFixture() {}

    /** Opens a trail on {@code dir}, runs one complete session of 11 events, closes it. Returns the session id. */
    static UUID writeSession(AuditSettings settings) throws Exception {
        try (var trail = AuditTrail.open(settings)) {
            return runSession(trail);
        }
    }

    static UUID runSession(AuditTrail trail) throws AuditUnavailableException {
        var id = UUID.randomUUID();
        var s = trail.beginSession(id, OPERATOR, TARGET, JUSTIFICATION);
        s.preflight(List.of(
                new CheckResult("rbac", "PASS", "can get pods/portforward"),
                new CheckResult("pod-ready", "PASS", "postgis-0 Ready")));
        s.tunnel(EventType.TUNNEL_OPEN, new TunnelChange("postgis-0", null, TARGET.podUid(), "session start"));
        s.queryBegin(StatementRecord.before("SELECT owner FROM parcels WHERE id = 42", "READ"));
        s.queryEnd(new StatementRecord(
                "SELECT owner FROM parcels WHERE id = 42",
                "READ",
                1L,
                3.2,
                null,
                List.of("owner"),
                "ab".repeat(32),
                null));
        s.queryBegin(StatementRecord.before("SELECT count(*) FROM parcels", "READ"));
        s.queryEnd(new StatementRecord(
                "SELECT count(*) FROM parcels", "READ", 1L, 12.5, null, List.of("count"), "cd".repeat(32), null));
        s.tunnel(EventType.TUNNEL_CLOSE, new TunnelChange("postgis-0", TARGET.podUid(), null, "session end"));
        s.end("operator ended the session");
        return id;
    }

    static Path onlyFile(Path dir) throws IOException {
        var files = JournalFiles.list(dir);
        if (files.size() != 1) {
            throw new IllegalStateException("expected one journal file in " + dir + ", found " + files);
        }
        return files.getFirst();
    }

    static List<String> lines(Path file) throws IOException {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static void writeLines(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}
