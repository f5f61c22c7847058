package org.kfm.breakglass.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads witness entries from journal lines, and writes them to and from the flat string map a witness object
 * stores (docs/audit-format.md, "The cluster witness"). One format for every witness, so the cluster's objects
 * and a remote sink's lines are compared by the same code.
 */
public final class WitnessEntries {

    /** The {@code kind} value of a start entry. */
    public static final String START = "start";

    /** The {@code kind} value of a seal entry. */
    public static final String SEAL = "seal";

    private WitnessEntries() {}

    /**
     * The entry a journal line gives a witness: {@code session.start} and {@code journal.seal} lines give one,
     * every other line none. The line's hash is checked against its content first.
     *
     * @throws IllegalArgumentException when the line is not an intact audit record (the message says why)
     */
    public static Optional<WitnessEntry> fromLine(String canonicalLine) {
        byte[] bytes = canonicalLine.getBytes(StandardCharsets.UTF_8);
        var facts = LineScanner.scan(bytes, bytes.length);
        boolean start = EventType.SESSION_START.wireName().equals(facts.type());
        boolean seal = EventType.JOURNAL_SEAL.wireName().equals(facts.type());
        if (!start && !seal) {
            return Optional.empty();
        }
        var computed = new ChainHash().of(facts.prev(), bytes, bytes.length, facts.hashFrom(), facts.hashTo());
        if (!computed.equals(facts.hash())) {
            throw new IllegalArgumentException("the line's content does not match its hash (seq " + facts.seq() + ")");
        }
        var event = CanonicalJson.parse(canonicalLine);
        if (event.session() == null) {
            throw new IllegalArgumentException(facts.type() + " without a session (seq " + facts.seq() + ")");
        }
        var target = event.target() == null
                ? new AuditTarget(null, null, null, null, null, null, null, null)
                : event.target();
        if (start) {
            var op = event.operator() == null ? new Operator(null, null, null) : event.operator();
            return Optional.of(new WitnessEntry.Start(
                    event.session(),
                    event.seq(),
                    event.hash(),
                    event.time(),
                    target.server(),
                    target.namespace(),
                    op.osUser(),
                    op.host(),
                    op.kubeUser(),
                    event.ticket(),
                    null));
        }
        if (event.seal() == null) {
            throw new IllegalArgumentException("journal.seal without a seal (seq " + facts.seq() + ")");
        }
        return Optional.of(new WitnessEntry.End(
                event.session(),
                event.seal().events(),
                event.seal().head(),
                event.hash(),
                event.seal().signature(),
                event.time(),
                target.server(),
                target.namespace(),
                null));
    }

    /** The entry as a witness object's data; absent values are left out. */
    public static Map<String, String> toData(WitnessEntry entry) {
        var data = new LinkedHashMap<String, String>();
        data.put("session", entry.session().toString());
        switch (entry) {
            case WitnessEntry.Start s -> {
                data.put("kind", START);
                data.put("seq", Long.toString(s.seq()));
                data.put("hash", s.hash());
                data.put("time", CanonicalJson.formatTime(s.time()));
                put(data, "server", s.server());
                put(data, "namespace", s.namespace());
                put(data, "osUser", s.osUser());
                put(data, "host", s.host());
                put(data, "kubeUser", s.kubeUser());
                put(data, "ticket", s.ticket());
            }
            case WitnessEntry.End e -> {
                data.put("kind", SEAL);
                data.put("events", Long.toString(e.events()));
                data.put("head", e.head());
                data.put("hash", e.hash());
                data.put("time", CanonicalJson.formatTime(e.time()));
                put(data, "signature", e.signature());
                put(data, "server", e.server());
                put(data, "namespace", e.namespace());
            }
        }
        return data;
    }

    /**
     * Reads a witness object's data back.
     *
     * @param witnessedAt when the witness recorded it (the object's server-side creation time), or null
     * @throws IllegalArgumentException naming the missing or malformed value
     */
    public static WitnessEntry fromData(Map<String, String> data, Instant witnessedAt) {
        var session = uuid(required(data, "session"));
        String kind = required(data, "kind");
        return switch (kind) {
            case START ->
                new WitnessEntry.Start(
                        session,
                        number(data, "seq"),
                        hash(data, "hash"),
                        time(data),
                        data.get("server"),
                        data.get("namespace"),
                        data.get("osUser"),
                        data.get("host"),
                        data.get("kubeUser"),
                        data.get("ticket"),
                        witnessedAt);
            case SEAL ->
                new WitnessEntry.End(
                        session,
                        number(data, "events"),
                        hash(data, "head"),
                        hash(data, "hash"),
                        data.get("signature"),
                        time(data),
                        data.get("server"),
                        data.get("namespace"),
                        witnessedAt);
            default -> throw new IllegalArgumentException("kind is '" + kind + "', not start or seal");
        };
    }

    private static void put(Map<String, String> data, String key, String value) {
        if (value != null) {
            data.put(key, value);
        }
    }

    private static String required(Map<String, String> data, String key) {
        String v = data.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("no '" + key + "'");
        }
        return v;
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("session '" + s + "' is not a UUID", e);
        }
    }

    private static long number(Map<String, String> data, String key) {
        try {
            long n = Long.parseLong(required(data, key));
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' is not a count", e);
        }
    }

    private static String hash(Map<String, String> data, String key) {
        String v = required(data, key);
        if (!ChainHash.isHash(v)) {
            throw new IllegalArgumentException("'" + key + "' is not 64 lowercase hex digits");
        }
        return v;
    }

    private static Instant time(Map<String, String> data) {
        try {
            return Instant.parse(required(data, "time"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'time' is not an RFC 3339 UTC time", e);
        }
    }
}
