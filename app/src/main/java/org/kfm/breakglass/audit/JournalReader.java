package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads events back from journal files (in chain order), optionally only one session's, for
 * {@code breakglass audit show}. Does not verify: run {@link JournalVerifier} for that. A line that is not a
 * readable record is reported with its place instead of being skipped silently.
 */
public final class JournalReader {

    /** What was read: the events and, for each unreadable line, "file:line: reason". */
    public record Result(List<AuditEvent> events, List<String> unreadable) {
        public Result {
            events = List.copyOf(events);
            unreadable = List.copyOf(unreadable);
        }
    }

    /**
     * One line of a journal file exactly as it is on disk (without its newline), with the event it holds when it is
     * a readable record, else why not.
     */
    public record Line(
            Path file,
            long number,
            byte[] bytes,
            boolean newlineTerminated,
            Optional<AuditEvent> event,
            String unreadable) {
        public Line {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /** Receives lines from {@link #forEachLine}; returns false to stop reading. */
    @FunctionalInterface
    public interface LineVisitor {
        boolean visit(Line line) throws IOException;
    }

    private JournalReader() {}

    /**
     * Visits every line of the journal files in chain order, raw and parsed (for tools that must copy lines byte for
     * byte, such as the evidence pack). Does not verify.
     */
    public static void forEachLine(List<Path> paths, LineVisitor visitor) throws IOException {
        for (var file : JournalFiles.expand(paths)) {
            try (var lines = new LineSource(file)) {
                while (lines.next()) {
                    var bytes = java.util.Arrays.copyOf(lines.buffer(), lines.length());
                    Optional<AuditEvent> event;
                    String unreadable = null;
                    try {
                        event = Optional.of(CanonicalJson.parse(lines.text()));
                    } catch (RuntimeException e) {
                        event = Optional.empty();
                        unreadable = e.getMessage();
                    }
                    if (!visitor.visit(
                            new Line(file, lines.lineNumber(), bytes, lines.newlineTerminated(), event, unreadable))) {
                        return;
                    }
                }
            }
        }
    }

    public static Result read(List<Path> paths, Optional<UUID> session) throws IOException {
        var events = new ArrayList<AuditEvent>();
        var unreadable = new ArrayList<String>();
        var needle = session.map(UUID::toString);
        for (var file : JournalFiles.expand(paths)) {
            try (var lines = new LineSource(file)) {
                while (lines.next()) {
                    var text = lines.text();
                    // Cheap pre-filter; the parsed session decides.
                    if (needle.isPresent() && !text.contains(needle.get())) {
                        continue;
                    }
                    try {
                        var event = CanonicalJson.parse(text);
                        if (session.isEmpty() || session.get().equals(event.session())) {
                            events.add(event);
                        }
                    } catch (IllegalArgumentException e) {
                        unreadable.add(file + ":" + lines.lineNumber() + ": " + e.getMessage());
                    }
                }
            }
        }
        return new Result(events, unreadable);
    }
}
