package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One pass of {@link JournalVerifier} over an ordered list of files. */
final class VerificationRun {

    /** How far to look ahead for a "missing" seq before calling it deleted rather than reordered. */
    private static final int LOOKAHEAD_LINES = 100_000;

    private final List<Path> files;
    private final VerificationOptions options;
    private final SealCheck seals;
    private final ChainHash chainHash = new ChainHash();
    private final Map<String, SessionTrack> sessions = new LinkedHashMap<>();
    private final List<String> notVerified = new ArrayList<>();

    private String lastHash;
    private long expectedSeq;
    private boolean fromGenesis;
    private long events;

    VerificationRun(List<Path> files, VerificationOptions options) {
        this.files = files;
        this.options = options;
        this.seals = new SealCheck(options.pinnedKeys());
    }

    private static final class SessionTrack {
        final Path startFile;
        final long startLine;
        final boolean cutAtStart;
        long nextEi;
        String lastHash;
        String startKey;
        boolean sealed;

        SessionTrack(Path startFile, long startLine, long nextEi) {
            this.startFile = startFile;
            this.startLine = startLine;
            this.nextEi = nextEi;
            this.cutAtStart = nextEi != 0;
        }
    }

    VerificationReport execute() throws IOException {
        for (int fi = 0; fi < files.size(); fi++) {
            var file = files.get(fi);
            try (var src = new LineSource(file)) {
                while (src.next()) {
                    var problem = check(src, fi);
                    if (problem != null) {
                        return report(problem);
                    }
                }
            }
        }
        if (events == 0) {
            return report(new VerificationProblem(
                    ProblemKind.EMPTY,
                    files.getFirst(),
                    0,
                    (files.size() == 1 ? files.getFirst() + " holds" : "the " + files.size() + " files hold")
                            + " no events: nothing is verified (a journal emptied by hand looks the same);"
                            + " pass the audit directory that holds the journal"));
        }
        for (var e : sessions.entrySet()) {
            var t = e.getValue();
            if (t.sealed) {
                continue;
            }
            if (options.partial()) {
                notVerified.add("session " + e.getKey() + " (from line " + t.startLine + " of " + t.startFile
                        + ") is unsealed at the end: it is still running, or its seal is in a file not given");
            } else {
                return report(new VerificationProblem(
                        ProblemKind.UNSEALED,
                        t.startFile,
                        t.startLine,
                        "session " + e.getKey() + " starts here but has no journal.seal after its " + t.nextEi
                                + " events: the journal's tail was cut, or the console is still running"
                                + " (verify again after it ends, or pass --partial)"));
            }
        }
        return report(null);
    }

    private VerificationReport report(VerificationProblem problem) {
        return new VerificationReport(
                files,
                events,
                sessions.size(),
                fromGenesis,
                Optional.ofNullable(problem),
                options.partial(),
                notVerified,
                problem == null ? seals.notes() : List.of());
    }

    private VerificationProblem check(LineSource src, int fileIndex) throws IOException {
        var file = files.get(fileIndex);
        long line = src.lineNumber();
        if (!src.newlineTerminated()) {
            return new VerificationProblem(
                    ProblemKind.TRUNCATED,
                    file,
                    line,
                    "incomplete last line (" + src.length()
                            + " bytes, no newline): the write was torn or the file was cut");
        }
        LineFacts f;
        try {
            f = LineScanner.scan(src.buffer(), src.length());
        } catch (IllegalArgumentException e) {
            return new VerificationProblem(
                    ProblemKind.EDITED,
                    file,
                    line,
                    "not a valid audit record (" + e.getMessage() + "): the line was altered");
        }
        var computed = chainHash.of(f.prev(), src.buffer(), src.length(), f.hashFrom(), f.hashTo());
        if (!computed.equals(f.hash())) {
            return new VerificationProblem(
                    ProblemKind.EDITED,
                    file,
                    line,
                    "content of seq " + f.seq()
                            + " does not match its hash: the line was altered after it was written");
        }
        if (lastHash == null) {
            var problem = anchor(file, line, f);
            if (problem != null) {
                return problem;
            }
        } else if (!f.prev().equals(lastHash) || f.seq() != expectedSeq) {
            return chainBreak(src, fileIndex, f);
        }
        var problem = checkSession(file, line, f);
        if (problem != null) {
            return problem;
        }
        lastHash = f.hash();
        expectedSeq = f.seq() + 1;
        events++;
        return null;
    }

    /** The first line: the chain starts at genesis, or the check is partial and says where it was anchored. */
    private VerificationProblem anchor(Path file, long line, LineFacts f) {
        fromGenesis = f.seq() == 0 && f.prev().equals(ChainHash.GENESIS);
        if (fromGenesis) {
            return null;
        }
        if (options.partial()) {
            notVerified.add("chain anchored at line " + line + " of " + file + ", seq " + f.seq()
                    + ": nothing before it is verified");
            return null;
        }
        return new VerificationProblem(
                ProblemKind.NOT_FROM_GENESIS,
                file,
                line,
                "the chain starts at seq " + f.seq() + " (prev " + abbrev(f.prev())
                        + "), not at genesis: the oldest events or files were removed, or not every file was given;"
                        + " pass the whole audit directory, or --partial to check only this range");
    }

    private VerificationProblem chainBreak(LineSource src, int fileIndex, LineFacts f) throws IOException {
        var file = files.get(fileIndex);
        long line = src.lineNumber();
        if (line == 1 && fileIndex > 0) {
            return new VerificationProblem(
                    ProblemKind.SPLICED,
                    file,
                    line,
                    "the first event (seq " + f.seq()
                            + ") does not continue the chain of "
                            + files.get(fileIndex - 1).getFileName() + " (expected seq "
                            + expectedSeq + " with prev " + abbrev(lastHash) + ", found prev " + abbrev(f.prev())
                            + "): a file is missing or comes from another journal");
        }
        if (f.seq() > expectedSeq) {
            if (seqAppearsLater(src, fileIndex, expectedSeq)) {
                return new VerificationProblem(
                        ProblemKind.REORDERED,
                        file,
                        line,
                        "seq " + f.seq() + " comes before seq " + expectedSeq
                                + ", which appears later: lines were moved");
            }
            return new VerificationProblem(
                    ProblemKind.DELETED,
                    file,
                    line,
                    "seq " + f.seq() + " follows seq " + (expectedSeq - 1) + ": " + (f.seq() - expectedSeq)
                            + " event(s) before this line were removed");
        }
        if (f.seq() < expectedSeq) {
            return new VerificationProblem(
                    ProblemKind.REORDERED,
                    file,
                    line,
                    "seq " + f.seq() + " appears after seq " + (expectedSeq - 1) + ": lines were moved");
        }
        return new VerificationProblem(
                ProblemKind.EDITED,
                file,
                line,
                "seq " + f.seq()
                        + " continues the numbering but its prev does not match the previous line's hash: the line was"
                        + " replaced");
    }

    private VerificationProblem checkSession(Path file, long line, LineFacts f) {
        if (f.session() == null) {
            return null;
        }
        var t = sessions.get(f.session());
        if (t == null) {
            if (fromGenesis && f.ei() != 0) {
                return new VerificationProblem(
                        ProblemKind.DELETED,
                        file,
                        line,
                        "session " + f.session() + " first appears with ei " + f.ei()
                                + ": its earlier events were removed");
            }
            t = new SessionTrack(file, line, f.ei());
            sessions.put(f.session(), t);
            if (t.cutAtStart) {
                notVerified.add("session " + f.session() + ": its first " + f.ei()
                        + " events are before the anchor (line " + line + " of " + file + ")");
            }
            if (EventType.SESSION_START.wireName().equals(f.type())) {
                t.startKey = f.sealKey();
            }
        }
        if (t.sealed) {
            return new VerificationProblem(
                    ProblemKind.REORDERED,
                    file,
                    line,
                    f.type() + " of session " + f.session() + " appears after the session's seal");
        }
        if (f.ei() != t.nextEi) {
            return new VerificationProblem(
                    f.ei() > t.nextEi ? ProblemKind.DELETED : ProblemKind.REORDERED,
                    file,
                    line,
                    "session " + f.session() + " event index " + f.ei() + " where " + t.nextEi + " was expected");
        }
        t.nextEi = f.ei() + 1;
        if (!EventType.JOURNAL_SEAL.wireName().equals(f.type())) {
            t.lastHash = f.hash();
            return null;
        }
        t.sealed = true;
        if (f.sealEvents() != f.ei()) {
            return new VerificationProblem(
                    ProblemKind.TRUNCATED,
                    file,
                    line,
                    "the seal counts " + f.sealEvents() + " events but the session wrote " + f.ei());
        }
        if (t.lastHash != null && !t.lastHash.equals(f.sealHead())) {
            return new VerificationProblem(
                    ProblemKind.TRUNCATED,
                    file,
                    line,
                    "the seal's head " + abbrev(f.sealHead()) + " is not the hash of the session's last event "
                            + abbrev(t.lastHash));
        }
        return seals.check(file, line, f, t.startKey);
    }

    /** Reads on (this file, then the next ones) looking for {@code seq}; only used once a break is found. */
    private boolean seqAppearsLater(LineSource src, int fileIndex, long seq) throws IOException {
        int budget = LOOKAHEAD_LINES;
        if (scanFor(src, seq, budget)) {
            return true;
        }
        for (int i = fileIndex + 1; i < files.size() && budget > 0; i++) {
            try (var next = new LineSource(files.get(i))) {
                if (scanFor(next, seq, budget)) {
                    return true;
                }
            }
            budget /= 2;
        }
        return false;
    }

    private static boolean scanFor(LineSource src, long seq, int budget) throws IOException {
        for (int n = 0; n < budget && src.next(); n++) {
            try {
                if (LineScanner.scan(src.buffer(), src.length()).seq() == seq) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                // an unreadable line cannot be the missing one
            }
        }
        return false;
    }

    private static String abbrev(String hash) {
        return hash == null ? "none" : hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }
}
