package org.kfm.breakglass.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.kfm.breakglass.audit.AuditEvent;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.JournalReader;

/**
 * A session's lines as the journal holds them, byte for byte, with the proof that they belong to it: the
 * contiguous run of the chain from the session's {@code session.start} to its {@code journal.seal}. Each line's
 * {@code prev} is the previous line of the whole journal, which may be another session's (several consoles write
 * one chain, docs/decisions/0009), so the run includes every line between them: only then does each line's hash
 * link to the next, up to the seal whose count, head and signature close the session. Lines of other sessions in
 * the run are listed ({@link #otherSessions}) so the pack can say what else it carries.
 *
 * <p>Events about the session written after its seal (its {@code session.reconciled}, {@code session.review}) are
 * kept apart in {@link #afterSeal}: each verifies its own hash, but they are not linked to the run.
 */
public record SessionChain(
        UUID session,
        List<byte[]> run,
        List<byte[]> own,
        List<AuditEvent> events,
        long firstSeq,
        long lastSeq,
        Set<UUID> otherSessions,
        List<byte[]> afterSeal) {

    public SessionChain {
        run = List.copyOf(run);
        own = List.copyOf(own);
        events = List.copyOf(events);
        otherSessions = Set.copyOf(otherSessions);
        afterSeal = List.copyOf(afterSeal);
    }

    /**
     * Reads the session's run from the journal.
     *
     * @throws IllegalArgumentException when the journal has no start of the session, or it is not sealed (yet)
     * @throws IOException              when the journal cannot be read
     */
    public static SessionChain read(Path journalDir, UUID session) throws IOException {
        var run = new ArrayList<byte[]>();
        var own = new ArrayList<byte[]>();
        var events = new ArrayList<AuditEvent>();
        var others = new LinkedHashSet<UUID>();
        var after = new ArrayList<byte[]>();
        long[] seqs = {-1, -1};
        boolean[] state = {false, false}; // started, sealed
        JournalReader.forEachLine(List.of(journalDir), line -> {
            var event = line.event().orElse(null);
            if (!state[0]) {
                if (event != null && session.equals(event.session()) && event.type() == EventType.SESSION_START) {
                    state[0] = true;
                    seqs[0] = event.seq();
                } else {
                    return true;
                }
            }
            if (state[1]) {
                if (event != null && event.session() == null && about(event, session)) {
                    after.add(line.bytes());
                }
                return true;
            }
            run.add(line.bytes());
            if (event != null && session.equals(event.session())) {
                own.add(line.bytes());
                events.add(event);
                if (event.type() == EventType.JOURNAL_SEAL) {
                    state[1] = true;
                    seqs[1] = event.seq();
                }
            } else if (event != null && event.session() != null) {
                others.add(event.session());
            }
            return true;
        });
        if (!state[0]) {
            throw new IllegalArgumentException("the journal in " + journalDir + " has no session.start of session "
                    + session + ": pass the audit directory the session was journaled in");
        }
        if (!state[1]) {
            throw new IllegalArgumentException("session " + session + " is not sealed in " + journalDir
                    + ": it is still running (pack it after it ends), or the journal's tail was cut");
        }
        return new SessionChain(session, run, own, events, seqs[0], seqs[1], others, after);
    }

    private static boolean about(AuditEvent e, UUID session) {
        return (e.review() != null && session.equals(e.review().session()))
                || (e.reconciliation() != null
                        && session.equals(e.reconciliation().session()));
    }

    /** Lines joined as a JSON Lines file (each followed by a line feed, as in the journal). */
    static byte[] jsonl(List<byte[]> lines) {
        var out = new ByteArrayOutputStream();
        for (var l : lines) {
            out.writeBytes(l);
            out.write('\n');
        }
        return out.toByteArray();
    }
}
