package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The journal's head (last hash, next seq) and the sessions still open or unsealed, found by one streaming
 * pass over all journal files.
 */
record JournalState(String head, long nextSeq, Map<UUID, OpenSession> openSessions) {

    /** A session with no seal yet: its next ei, last hash, whether it ended, and its last line for context. */
    record OpenSession(UUID session, long nextEi, String lastHash, boolean ended, String lastLine) {}

    static JournalState scan(List<Path> files) throws IOException {
        String head = ChainHash.GENESIS;
        long nextSeq = 0;
        var open = new LinkedHashMap<UUID, OpenSession>();
        for (var file : files) {
            try (var lines = new LineSource(file)) {
                while (lines.next()) {
                    LineFacts f;
                    try {
                        f = LineScanner.scan(lines.buffer(), lines.length());
                    } catch (IllegalArgumentException e) {
                        // Tampering is the verifier's business; recovery only needs the head and open sessions.
                        continue;
                    }
                    head = f.hash();
                    nextSeq = f.seq() + 1;
                    if (f.session() == null) {
                        continue;
                    }
                    var session = UUID.fromString(f.session());
                    if (EventType.JOURNAL_SEAL.wireName().equals(f.type())) {
                        open.remove(session);
                        continue;
                    }
                    boolean ended = closes(f.type());
                    var previous = open.get(session);
                    open.put(
                            session,
                            new OpenSession(
                                    session,
                                    f.ei() + 1,
                                    f.hash(),
                                    ended || (previous != null && previous.ended()),
                                    new String(lines.buffer(), 0, lines.length(), StandardCharsets.UTF_8)));
                }
            }
        }
        return new JournalState(head, nextSeq, open);
    }

    private static boolean closes(String wireName) {
        try {
            return EventType.fromWireName(wireName).closesSession();
        } catch (IllegalArgumentException unknownType) {
            return false;
        }
    }
}
