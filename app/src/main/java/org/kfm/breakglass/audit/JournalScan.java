package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One forward pass over the journal files for recovery: the head (last record), the sessions not yet sealed, and
 * every line that is not a chain record — not JSON, not a record, or not continuing the chain — wherever it is,
 * not only at the end. Lines already reported by an earlier {@code journal.damaged} are remembered, so each
 * damage is journaled once.
 *
 * <p>Resumable: recovery runs the pass first without the writer lock, then {@link #resume}s it under the lock
 * from where it stopped, so other consoles wait only for what was appended meanwhile. Files before the last are
 * never written again (every writer appends to the last file, under the lock), so only the last one can have
 * grown. An incomplete last line is never consumed: without the lock it may be a write in progress.
 */
final class JournalScan {

    /** A session with no seal yet: its next ei, last hash, whether it ended, and its last line for context. */
    record OpenSession(UUID session, long nextEi, String lastHash, boolean ended, String lastLine) {}

    /** A line that is not a chain record. */
    record Damage(Path file, long line, String reason) {
        /** How journal.damaged names the line; also the key that keeps it from being journaled twice. */
        String where() {
            return "line " + line + " of " + file.getFileName();
        }
    }

    private static final Pattern REPORTED = Pattern.compile("^(line \\d+ of \\S+) ");

    private String head = ChainHash.GENESIS;
    private long nextSeq;
    private boolean anyRecord;
    private final Map<UUID, OpenSession> open = new LinkedHashMap<>();
    private final List<Damage> damage = new ArrayList<>();
    private final List<Damage> junk = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();

    private final List<Path> finished = new ArrayList<>();
    private Path current;
    private Object currentKey;
    private long offset;
    private long lines;
    private long junkFrom = -1;

    private JournalScan() {}

    /** Scans {@code files} (in chain order) to their current end. */
    static JournalScan over(List<Path> files) throws IOException {
        var scan = new JournalScan();
        scan.scanFrom(files, 0);
        return scan;
    }

    /**
     * Continues the pass over {@code files} as they are now. Returns false, having read nothing, when they changed
     * in a way only a fresh pass handles (the last file replaced or cut shorter, an earlier file added or gone).
     */
    boolean resume(List<Path> files) throws IOException {
        if (current == null) {
            if (!files.subList(0, Math.min(files.size(), finished.size())).equals(finished)) {
                return false;
            }
            scanFrom(files, finished.size());
            return true;
        }
        int at = files.indexOf(current);
        if (at != finished.size() || !files.subList(0, at).equals(finished)) {
            return false;
        }
        try {
            var attrs = Files.readAttributes(current, BasicFileAttributes.class);
            if (!Objects.equals(attrs.fileKey(), currentKey) || attrs.size() < offset) {
                return false;
            }
        } catch (NoSuchFileException e) {
            return false;
        }
        scanFrom(files, at);
        return true;
    }

    private void scanFrom(List<Path> files, int first) throws IOException {
        for (int i = first; i < files.size(); i++) {
            var file = files.get(i);
            if (!file.equals(current)) {
                startFile(file);
            }
            long incomplete = scanCurrent();
            if (i < files.size() - 1) {
                if (incomplete > 0) {
                    junk.add(new Damage(
                            file, incomplete, "an incomplete line (no newline) ends a file that is not the last"));
                }
                finishCurrent();
            }
        }
    }

    private void startFile(Path file) throws IOException {
        current = file;
        currentKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        offset = 0;
        lines = 0;
        junkFrom = -1;
    }

    /** The file is not the last any more: what is not a record in it stays where it is and counts as damage. */
    private void finishCurrent() {
        damage.addAll(junk);
        junk.clear();
        finished.add(current);
        current = null;
        junkFrom = -1;
    }

    /** Scans the current file on; returns the number of an incomplete last line it left unread, else 0. */
    private long scanCurrent() throws IOException {
        try (var src = new LineSource(current, offset, lines)) {
            while (src.next()) {
                if (!src.newlineTerminated()) {
                    return src.lineNumber(); // left for the locked part of the pass to judge
                }
                LineFacts f;
                try {
                    f = LineScanner.scan(src.buffer(), src.length());
                } catch (IllegalArgumentException e) {
                    if (junkFrom < 0) {
                        junkFrom = src.lineStart();
                    }
                    junk.add(new Damage(current, src.lineNumber(), e.getMessage()));
                    advance(src);
                    continue;
                }
                damage.addAll(junk);
                junk.clear();
                junkFrom = -1;
                record(src, f);
                advance(src);
            }
        }
        return 0;
    }

    private void advance(LineSource src) {
        offset = src.lineEnd();
        lines = src.lineNumber();
    }

    private void record(LineSource src, LineFacts f) {
        if (!anyRecord && (f.seq() != 0 || !f.prev().equals(ChainHash.GENESIS))) {
            damage.add(new Damage(
                    current,
                    src.lineNumber(),
                    "the oldest record (seq " + f.seq() + ") does not start the chain at genesis: older journal"
                            + " lines or files were removed"));
        } else if (anyRecord && (f.seq() != nextSeq || !f.prev().equals(head))) {
            damage.add(new Damage(
                    current,
                    src.lineNumber(),
                    "seq " + f.seq() + " does not continue the chain (expected seq " + nextSeq
                            + " after the previous record's hash)"));
        }
        anyRecord = true;
        head = f.hash();
        nextSeq = f.seq() + 1;
        if (EventType.JOURNAL_DAMAGED.wireName().equals(f.type())) {
            rememberReported(src);
        }
        if (f.session() == null) {
            return;
        }
        var session = UUID.fromString(f.session());
        if (EventType.JOURNAL_SEAL.wireName().equals(f.type())) {
            open.remove(session);
            return;
        }
        var previous = open.get(session);
        open.put(
                session,
                new OpenSession(
                        session,
                        f.ei() + 1,
                        f.hash(),
                        closes(f.type()) || (previous != null && previous.ended()),
                        new String(src.buffer(), 0, src.length(), StandardCharsets.UTF_8)));
    }

    private void rememberReported(LineSource src) {
        try {
            var detail = CanonicalJson.parse(src.text()).detail();
            var m = detail == null ? null : REPORTED.matcher(detail);
            if (m != null && m.find()) {
                reported.add(m.group(1));
            }
        } catch (IllegalArgumentException e) {
            // a record the scanner read but the parser does not: the verifier will say so
        }
    }

    private static boolean closes(String wireName) {
        try {
            return EventType.fromWireName(wireName).closesSession();
        } catch (IllegalArgumentException unknownType) {
            return false;
        }
    }

    /** Hash of the last record (64 zeros when there is none). */
    String head() {
        return head;
    }

    long nextSeq() {
        return nextSeq;
    }

    Map<UUID, OpenSession> openSessions() {
        return open;
    }

    /** Damage not journaled yet, in file order; the tail of the last file is not included (see {@link #tailFrom}). */
    List<Damage> unreportedDamage() {
        return damage.stream().filter(d -> !reported.contains(d.where())).toList();
    }

    /** The last file scanned (the one the next record goes to), or null when there are no files. */
    Path lastFile() {
        return current;
    }

    /**
     * Where the last file's bytes stop being records — lines that are not records after its last record, or an
     * incomplete last line — or -1 when it ends cleanly. Meaningful after the pass under the lock.
     */
    long tailFrom() throws IOException {
        if (current == null) {
            return -1;
        }
        if (junkFrom >= 0) {
            return junkFrom;
        }
        return Files.size(current) > offset ? offset : -1;
    }

    /** The first line of the last file's tail (for the report). */
    long tailLine() {
        return junk.isEmpty() ? lines + 1 : junk.getFirst().line();
    }
}
