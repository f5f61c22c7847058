package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Compares a local journal with an off-machine witness, session by session: a witnessed session missing locally
 * (deleted, or a tail cut exactly at a seal boundary, which the chain alone cannot see), a session whose start or
 * seal differs (edited and re-chained, re-signed with the operator's own key), a witnessed seal with no local
 * seal (events cut), a local session the witness never saw although it should have (appended or forged), a
 * witness object created long after the moment it vouches for, and crash-recovered seals. The hash chain itself
 * is checked by {@link JournalVerifier}; this looks only at what the chain cannot prove.
 */
public final class WitnessComparison {

    /** How far the witness's own creation time may be from the time it vouches for (clock skew, slow API). */
    public static final Duration BACKDATING_TOLERANCE = Duration.ofMinutes(10);

    private final WitnessScope scope;
    private final Map<UUID, Session> local = new LinkedHashMap<>();
    private final Map<UUID, Session> witnessed = new LinkedHashMap<>();
    private final List<WitnessFinding> findings = new ArrayList<>();

    private WitnessComparison(WitnessScope scope) {
        this.scope = scope;
    }

    /** Both halves of one session as one side has them. */
    private static final class Session {
        WitnessEntry.Start start;
        WitnessEntry.End end;
        boolean abandoned;
    }

    /**
     * @param journal   journal files or directories, as for {@link JournalVerifier}
     * @param entries   what the witness holds
     * @param malformed witness objects that could not be read, as "name: reason"
     * @throws IOException when the journal cannot be read
     */
    public static WitnessReport compare(
            List<Path> journal, List<WitnessEntry> entries, List<String> malformed, WitnessScope scope)
            throws IOException {
        var run = new WitnessComparison(scope);
        run.readLocal(journal);
        for (var m : malformed) {
            run.findings.add(new WitnessFinding(
                    WitnessFinding.Kind.MALFORMED, null, m + " — not written by the console, or damaged"));
        }
        run.readWitness(entries);
        return run.compareAll();
    }

    private void readLocal(List<Path> journal) throws IOException {
        for (var file : JournalFiles.expand(journal)) {
            try (var src = new LineSource(file)) {
                while (src.next()) {
                    LineFacts facts;
                    try {
                        facts = LineScanner.scan(src.buffer(), src.length());
                    } catch (IllegalArgumentException e) {
                        continue; // damage is the chain verifier's to report
                    }
                    if (facts.session() == null) {
                        continue;
                    }
                    if (EventType.SESSION_ABANDONED.wireName().equals(facts.type())) {
                        try {
                            sessionOf(local, UUID.fromString(facts.session())).abandoned = true;
                        } catch (IllegalArgumentException e) {
                            // not a session id: an edited line, the chain verifier's to report
                        }
                        continue;
                    }
                    if (!EventType.SESSION_START.wireName().equals(facts.type())
                            && !EventType.JOURNAL_SEAL.wireName().equals(facts.type())) {
                        continue; // only starts and seals are witnessed; a million other lines cost one scan each
                    }
                    try {
                        WitnessEntries.fromLine(src.text()).ifPresent(e -> put(local, e, null));
                    } catch (IllegalArgumentException e) {
                        // an edited line: the chain verifier names it
                    }
                }
            }
        }
    }

    private void readWitness(List<WitnessEntry> entries) {
        for (var entry : entries) {
            put(witnessed, entry, findings);
        }
    }

    /** Files an entry; two different entries of one kind for one session are a finding on the witness side. */
    private static void put(Map<UUID, Session> side, WitnessEntry entry, List<WitnessFinding> conflicts) {
        var s = sessionOf(side, entry.session());
        switch (entry) {
            case WitnessEntry.Start start -> {
                if (s.start != null && conflicts != null && !sameStart(s.start, start)) {
                    conflicts.add(new WitnessFinding(
                            WitnessFinding.Kind.MALFORMED,
                            entry.session(),
                            "the witness holds two different session.start entries (" + abbrev(s.start.hash()) + " and "
                                    + abbrev(start.hash()) + ")"));
                }
                if (s.start == null) {
                    s.start = start;
                }
            }
            case WitnessEntry.End end -> {
                if (s.end != null && conflicts != null && !sameEnd(s.end, end)) {
                    conflicts.add(new WitnessFinding(
                            WitnessFinding.Kind.MALFORMED,
                            entry.session(),
                            "the witness holds two different seals (" + abbrev(s.end.hash()) + " and "
                                    + abbrev(end.hash()) + ")"));
                }
                if (s.end == null) {
                    s.end = end;
                }
            }
        }
    }

    private static Session sessionOf(Map<UUID, Session> side, UUID id) {
        return side.computeIfAbsent(id, k -> new Session());
    }

    private WitnessReport compareAll() {
        Set<String> workstations = new HashSet<>();
        for (var s : local.values()) {
            if (s.start != null) {
                workstations.add(s.start.workstation());
            }
        }
        var others = new TreeMap<String, Integer>();
        Instant since = null;
        int compared = 0;
        Instant lastLocal = local.values().stream()
                .map(s -> s.end != null ? s.end.time() : s.start != null ? s.start.time() : null)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(null);
        var ordered = new ArrayList<>(witnessed.entrySet());
        ordered.sort(Comparator.comparing(e -> e.getValue().start == null
                ? e.getValue().end.time()
                : e.getValue().start.time()));
        for (var e : ordered) {
            UUID id = e.getKey();
            Session w = e.getValue();
            Session l = local.get(id);
            String workstation = w.start != null ? w.start.workstation() : null;
            if (l == null && workstation != null && !workstations.contains(workstation)) {
                others.merge(workstation, 1, Integer::sum);
                continue;
            }
            compared++;
            if (w.start != null && (since == null || w.start.time().isBefore(since))) {
                since = w.start.time();
            }
            compareSession(id, w, l, lastLocal);
        }
        if (since != null) {
            for (var e : local.entrySet()) {
                var l = e.getValue();
                if (l.start == null || witnessed.containsKey(e.getKey())) {
                    continue;
                }
                if (scope.covers(l.start.server(), l.start.namespace())
                        && !l.start.time().isBefore(since)) {
                    findings.add(new WitnessFinding(
                            WitnessFinding.Kind.UNWITNESSED,
                            e.getKey(),
                            "started " + l.start.time() + " (ticket " + l.start.ticket() + ", seq " + l.start.seq()
                                    + ") after the witness began (" + since + ") but the witness never saw it: the"
                                    + " session was appended or forged, or its witness write failed (see its"
                                    + " preflight records)"));
                }
            }
        }
        int inScope = (int) local.values().stream()
                .filter(l -> l.start != null && scope.covers(l.start.server(), l.start.namespace()))
                .count();
        return new WitnessReport(scope.name(), findings, compared, inScope, since, others);
    }

    private void compareSession(UUID id, Session w, Session l, Instant lastLocal) {
        if (l == null || (l.start == null && l.end == null)) {
            Instant when = w.start != null ? w.start.time() : w.end.time();
            String what = w.start != null
                    ? "started " + w.start.time() + " by " + w.start.kubeUser() + " (" + w.start.workstation()
                            + ") for ticket " + w.start.ticket()
                    : "sealed " + w.end.time() + " after " + w.end.events() + " events";
            boolean tail = lastLocal == null || when.isAfter(lastLocal);
            findings.add(new WitnessFinding(
                    WitnessFinding.Kind.DELETED,
                    id,
                    "the witness has this session (" + what + ") but the local journal does not: "
                            + (tail
                                    ? "the journal's tail was cut after its last session"
                                    : "the session was deleted from the journal")));
            return;
        }
        if (w.start != null) {
            backdated(id, "session.start", w.start.witnessedAt(), l.start != null ? l.start.time() : w.start.time());
            if (l.start == null) {
                findings.add(new WitnessFinding(
                        WitnessFinding.Kind.REWRITTEN,
                        id,
                        "the witness has the session's start (seq " + w.start.seq() + ") but the local journal has"
                                + " no intact session.start for it: its beginning was removed or edited"));
            } else if (!sameStart(w.start, l.start)) {
                findings.add(new WitnessFinding(
                        WitnessFinding.Kind.REWRITTEN,
                        id,
                        "session.start differs from the witness (local seq " + l.start.seq() + " hash "
                                + abbrev(l.start.hash()) + ", witnessed seq " + w.start.seq() + " hash "
                                + abbrev(w.start.hash())
                                + "): the journal was edited and re-chained at or before this session"));
            }
        }
        if (w.end != null) {
            backdated(id, "journal.seal", w.end.witnessedAt(), l.end != null ? l.end.time() : w.end.time());
            if (l.end == null) {
                findings.add(new WitnessFinding(
                        WitnessFinding.Kind.TRUNCATED,
                        id,
                        "the witness holds the seal (" + w.end.events() + " events, head " + abbrev(w.end.head())
                                + ") but the local journal has no seal for the session: its events were cut"));
            } else if (!sameEnd(w.end, l.end)) {
                findings.add(new WitnessFinding(
                        WitnessFinding.Kind.REWRITTEN,
                        id,
                        "the seal differs from the witness (local " + l.end.events() + " events, head "
                                + abbrev(l.end.head()) + ", seal " + abbrev(l.end.hash()) + "; witnessed "
                                + w.end.events() + " events, head " + abbrev(w.end.head()) + ", seal "
                                + abbrev(w.end.hash()) + "): the session's events were edited, added or removed and"
                                + " the chain re-computed"
                                + (l.end.signature() != null ? " (and re-signed)" : "")));
            }
        } else if (l.end != null) {
            findings.add(new WitnessFinding(
                    WitnessFinding.Kind.SEAL_UNWITNESSED,
                    id,
                    "the witness saw the start but holds no seal, while the local journal has one ("
                            + l.end.events() + " events): the seal was never witnessed (the console died or the"
                            + " witness was unreachable at the end), so nothing after the start can be checked"));
        }
        if (l.abandoned) {
            findings.add(new WitnessFinding(
                    WitnessFinding.Kind.RECOVERED,
                    id,
                    "the console ended without session.end; crash recovery sealed the session when the journal was"
                            + " next opened, so the witness vouches for the session only as the workstation held it"
                            + " then: compare its statements with the database's own log"));
        }
    }

    private void backdated(UUID id, String what, Instant witnessedAt, Instant claimed) {
        if (witnessedAt == null || claimed == null) {
            return;
        }
        if (Duration.between(claimed, witnessedAt).abs().compareTo(BACKDATING_TOLERANCE) > 0) {
            findings.add(new WitnessFinding(
                    WitnessFinding.Kind.BACKDATED,
                    id,
                    "the witness of its " + what + " was created " + witnessedAt + " but vouches for " + claimed
                            + ": it was written later, not by the console at the time"));
        }
    }

    private static boolean sameStart(WitnessEntry.Start a, WitnessEntry.Start b) {
        return a.seq() == b.seq() && a.hash().equals(b.hash());
    }

    private static boolean sameEnd(WitnessEntry.End a, WitnessEntry.End b) {
        return a.events() == b.events()
                && a.head().equals(b.head())
                && a.hash().equals(b.hash())
                && Objects.equals(a.signature(), b.signature());
    }

    private static String abbrev(String hash) {
        return hash == null ? "none" : hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }
}
