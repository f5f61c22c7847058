package org.kfm.breakglass.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The careful forger of issue 14: rewrites a journal directory with nothing but the published format
 * (docs/audit-format.md) — drop, edit or invent events, then re-number, re-chain and re-seal every session, and
 * re-sign the seals when handed the operator's own signing key — so that the hash chain, the event indexes, the
 * seals and the signatures all verify again. It never uses the console's code. What it cannot do is rewrite an
 * off-machine witness.
 */
public final class JournalForger {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .disable(JsonNodeFeature.WRITE_NULL_PROPERTIES)
            .build();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String GENESIS = "0".repeat(64);

    private final Path dir;
    /** Each journal file with its events, in chain order. */
    private final Map<Path, List<ObjectNode>> files = new LinkedHashMap<>();

    private JournalForger(Path dir) {
        this.dir = dir;
    }

    /** Reads every journal file of the directory. */
    public static JournalForger of(Path auditDir) {
        var forger = new JournalForger(auditDir);
        try (Stream<Path> list = Files.list(auditDir)) {
            for (Path file : list.filter(f -> f.getFileName().toString().matches("journal-.*\\.jsonl"))
                    .sorted()
                    .toList()) {
                var events = new ArrayList<ObjectNode>();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    events.add((ObjectNode) JSON.readTree(line));
                }
                forger.files.put(file, events);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return forger;
    }

    /** The sessions in journal order. */
    public List<UUID> sessions() {
        return all().stream()
                .filter(e -> e.path("type").asString().equals("session.start"))
                .map(e -> UUID.fromString(e.path("session").asString()))
                .toList();
    }

    /** Removes every event of the session. */
    public JournalForger dropSession(UUID session) {
        files.values().forEach(events -> events.removeIf(bySession(session)));
        return this;
    }

    /** Replaces {@code from} by {@code to} in the SQL of every statement record of the session. */
    public JournalForger editStatements(UUID session, String from, String to) {
        for (var e : all()) {
            if (bySession(session).test(e) && e.has("stmt")) {
                var stmt = (ObjectNode) e.get("stmt");
                stmt.put("sql", stmt.path("sql").asString().replace(from, to));
            }
        }
        return this;
    }

    /**
     * Appends a copy of the session as a new one (new session and event ids, times shifted by {@code later}) at the
     * end of the last file: a session that never happened.
     *
     * @return the invented session's id
     */
    public UUID appendCopyOf(UUID session, Duration later) {
        var invented = UUID.randomUUID();
        var last = files.values().stream().reduce((a, b) -> b).orElseThrow();
        for (var e : all()) {
            if (bySession(session).test(e)) {
                var copy = e.deepCopy();
                copy.put("session", invented.toString());
                copy.put("id", UUID.randomUUID().toString());
                copy.put(
                        "time",
                        TIME.format(Instant.parse(e.path("time").asString()).plus(later)));
                last.add(copy);
            }
        }
        return invented;
    }

    /** Re-numbers, re-chains and re-seals everything, signing the seals with {@code key} when given, and writes. */
    public void rechain(Optional<PrivateKey> key) {
        String prev = GENESIS;
        long seq = 0;
        Map<String, String> lastHashOfSession = new HashMap<>();
        for (var entry : files.entrySet()) {
            var lines = new StringBuilder();
            for (var e : entry.getValue()) {
                String session = e.path("session").asString(null);
                e.put("seq", seq++);
                e.put("prev", prev);
                if (e.path("type").asString().equals("journal.seal")) {
                    var seal = (ObjectNode) e.get("seal");
                    String head = lastHashOfSession.get(session);
                    seal.put("head", head);
                    seal.put("events", e.path("ei").asLong());
                    seal.remove("signature");
                    if (key.isPresent()) {
                        seal.put(
                                "signature",
                                sign(key.get(), session + "|" + e.path("ei").asLong() + "|" + head));
                    }
                }
                e.remove("hash");
                String hash = sha256(prev + JSON.writeValueAsString(e));
                e.put("hash", hash);
                if (session != null) {
                    lastHashOfSession.put(session, hash);
                }
                prev = hash;
                lines.append(JSON.writeValueAsString(e)).append('\n');
            }
            try {
                Files.writeString(entry.getKey(), lines.toString(), StandardCharsets.UTF_8);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /** Cuts the journal after the seal of {@code session}: everything later is gone, as with {@code truncate}. */
    public void cutAfterSealOf(UUID session) {
        boolean cutting = false;
        for (var entry : files.entrySet()) {
            var lines = new StringBuilder();
            for (var e : entry.getValue()) {
                if (!cutting) {
                    lines.append(JSON.writeValueAsString(e)).append('\n');
                }
                if (bySession(session).test(e) && e.path("type").asString().equals("journal.seal")) {
                    cutting = true;
                }
            }
            try {
                if (lines.isEmpty()) {
                    Files.delete(entry.getKey());
                } else {
                    Files.writeString(entry.getKey(), lines.toString(), StandardCharsets.UTF_8);
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    Path dir() {
        return dir;
    }

    private List<ObjectNode> all() {
        return files.values().stream().flatMap(List::stream).toList();
    }

    private static Predicate<ObjectNode> bySession(UUID session) {
        return e -> session.toString().equals(e.path("session").asString(null));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(PrivateKey key, String message) {
        try {
            var s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
