package org.kfm.breakglass.audit;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the top-level members of a journal line with Jackson's streaming parser (fast: no tree). Rejects
 * duplicates of the members it reads, trailing content and a hash member that is not written canonically, because the verifier
 * hashes the line's own bytes.
 */
final class LineScanner {

    /*
     * Jackson's duplicate detection costs a third of the verifier's time; the members this scanner reads are
     * checked for duplicates by hand instead (any other duplicate changes the bytes, so the hash catches it).
     */
    private static final JsonMapper STRICT = JsonMapper.builder()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final List<String> WATCHED =
            List.of("seq", "ei", "type", "session", "prev", "hash", "seal", "sealKey");
    private static final List<String> WATCHED_IN_SEAL = List.of("events", "head", "signature", "key");

    /** The canonical hash member is {@code "hash":"} + 64 hex + {@code "}: its value starts 7 bytes after its name. */
    private static final int NAME_TO_VALUE = "\"hash\":".length();

    private static final int QUOTED_HASH = 66;

    private LineScanner() {}

    /**
     * @throws IllegalArgumentException when the line is not a well-formed record (the message says why)
     */
    static LineFacts scan(byte[] buf, int len) {
        long seq = -1;
        long ei = -1;
        long sealEvents = -1;
        String type = null;
        String session = null;
        String prev = null;
        String hash = null;
        String sealHead = null;
        String sealSignature = null;
        String sealSignedBy = null;
        String sealKey = null;
        int hashFrom = -1;
        int hashTo = -1;
        try (JsonParser p = STRICT.createParser(buf, 0, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("line is not a JSON object");
            }
            String name;
            int seen = 0;
            while ((name = p.nextName()) != null) {
                int watched = WATCHED.indexOf(name);
                if (watched >= 0) {
                    if ((seen & (1 << watched)) != 0) {
                        throw new IllegalArgumentException("duplicate member \"" + name + "\"");
                    }
                    seen |= 1 << watched;
                }
                int nameAt = (int) p.currentTokenLocation().getByteOffset();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "seq" -> seq = p.getLongValue();
                    case "ei" -> ei = p.getLongValue();
                    case "type" -> type = p.getString();
                    case "session" -> session = p.getString();
                    case "prev" -> prev = p.getString();
                    case "sealKey" -> sealKey = p.getString();
                    case "hash" -> {
                        hash = p.getString();
                        int valueAt = (int) p.currentTokenLocation().getByteOffset();
                        if (value != JsonToken.VALUE_STRING
                                || valueAt != nameAt + NAME_TO_VALUE
                                || !ChainHash.isHash(hash)) {
                            throw new IllegalArgumentException("hash member is not 64 lowercase hex digits");
                        }
                        int valueEnd = valueAt + QUOTED_HASH;
                        if (nameAt > 0 && buf[nameAt - 1] == ',') {
                            hashFrom = nameAt - 1;
                            hashTo = valueEnd;
                        } else {
                            hashFrom = nameAt;
                            hashTo = valueEnd < len && buf[valueEnd] == ',' ? valueEnd + 1 : valueEnd;
                        }
                    }
                    case "seal" -> {
                        if (value != JsonToken.START_OBJECT) {
                            throw new IllegalArgumentException("seal is not an object");
                        }
                        String sealName;
                        int seenInSeal = 0;
                        while ((sealName = p.nextName()) != null) {
                            int watchedInSeal = WATCHED_IN_SEAL.indexOf(sealName);
                            if (watchedInSeal >= 0) {
                                if ((seenInSeal & (1 << watchedInSeal)) != 0) {
                                    throw new IllegalArgumentException("duplicate seal member \"" + sealName + "\"");
                                }
                                seenInSeal |= 1 << watchedInSeal;
                            }
                            p.nextToken();
                            switch (sealName) {
                                case "events" -> sealEvents = p.getLongValue();
                                case "head" -> sealHead = p.getString();
                                case "signature" -> sealSignature = p.getString();
                                case "key" -> sealSignedBy = p.getString();
                                default -> p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("content after the end of the record");
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (hash == null || prev == null || type == null || seq < 0) {
            throw new IllegalArgumentException("record lacks one of seq, type, prev, hash");
        }
        return new LineFacts(
                seq,
                type,
                session,
                ei,
                prev,
                hash,
                hashFrom,
                hashTo,
                sealEvents,
                sealHead,
                sealSignature,
                sealSignedBy,
                sealKey);
    }
}
