package org.kfm.breakglass.evidence;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.kfm.breakglass.audit.SealKeys;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code manifest.json}: format, session, when it was made, the key that signs it (Base64 X.509, as the journal
 * records seal keys), and for every other entry its name, size and SHA-256.
 */
record PackManifest(String format, UUID session, String created, Optional<String> key, Map<String, Entry> entries) {

    record Entry(long bytes, String sha256) {}

    static byte[] write(UUID session, Instant created, Map<String, byte[]> entries, Optional<PublicKey> key) {
        var n = ReconciliationJson.MAPPER.createObjectNode();
        n.put("format", EvidencePack.FORMAT);
        n.put("session", session.toString());
        n.put("created", created.toString());
        key.ifPresent(k -> n.put("key", SealKeys.encode(k)));
        var list = n.putArray("entries");
        entries.forEach((name, bytes) -> {
            var o = list.addObject();
            o.put("name", name);
            o.put("bytes", bytes.length);
            o.put("sha256", EvidencePack.sha256(bytes));
        });
        return (ReconciliationJson.MAPPER.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException saying what is wrong with the manifest */
    static PackManifest parse(byte[] bytes) {
        JsonNode n;
        try {
            n = ReconciliationJson.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("manifest.json is not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("manifest.json is not a JSON object");
        }
        String format = n.path("format").asString("");
        if (!EvidencePack.FORMAT.equals(format)) {
            throw new IllegalArgumentException(
                    "manifest.json says format '" + format + "', this console reads " + EvidencePack.FORMAT);
        }
        UUID session;
        try {
            session = UUID.fromString(n.path("session").asString(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("manifest.json names no session");
        }
        var entries = new LinkedHashMap<String, Entry>();
        for (var e : n.path("entries")) {
            String name = e.path("name").asString("");
            String sha = e.path("sha256").asString("");
            if (!EvidencePack.NAMES.contains(name)
                    || name.equals(EvidencePack.MANIFEST)
                    || name.equals(EvidencePack.SIGNATURE)
                    || !sha.matches("[0-9a-f]{64}")
                    || !e.path("bytes").canConvertToLong()
                    || entries.containsKey(name)) {
                throw new IllegalArgumentException("manifest.json has a malformed or repeated entry: " + e);
            }
            entries.put(name, new Entry(e.path("bytes").asLong(), sha));
        }
        var key = n.has("key") ? Optional.of(n.get("key").asString()) : Optional.<String>empty();
        return new PackManifest(format, session, n.path("created").asString(""), key, entries);
    }
}
