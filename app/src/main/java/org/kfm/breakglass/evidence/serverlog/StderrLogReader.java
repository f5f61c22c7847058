package org.kfm.breakglass.evidence.serverlog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads PostgreSQL's stderr log: a line that starts with the prefix begins an entry, a line that starts with a tab
 * continues it (the server writes every line break of a message as a line break and a tab), anything else is
 * counted as unrecognized. The entries then become {@link ServerStatement}s ({@link BackendStatements}). Lines
 * are split at line feeds only ({@link ServerLogLines}): a carriage return inside a statement is the statement's.
 */
final class StderrLogReader {

    private static final int SAMPLES = 3;
    private static final int SAMPLE_LENGTH = 200;

    private final LogLinePrefix prefix;
    private final boolean prefixStartsWithTab;

    StderrLogReader(LogLinePrefix prefix) {
        this.prefix = prefix;
        this.prefixStartsWithTab = prefix.template().startsWith("\t");
    }

    ServerLog read(String source, List<String> lines) {
        var entries = new ArrayList<LogEntry>();
        var samples = new ArrayList<String>();
        long unrecognized = 0;
        LogEntry.Builder current = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            List<PrefixMatch> readings = List.of();
            boolean continuation = line.startsWith("\t") && current != null;
            if (!continuation || prefixStartsWithTab) {
                readings = prefix.readings(line);
            }
            if (continuation && readings.isEmpty()) {
                current.continueWith(line.substring(1));
                continue;
            }
            if (current != null) {
                entries.add(current.build());
                current = null;
            }
            if (readings.isEmpty()) {
                unrecognized++;
                if (samples.size() < SAMPLES) {
                    samples.add("line " + (i + 1) + ": "
                            + (line.length() > SAMPLE_LENGTH ? line.substring(0, SAMPLE_LENGTH) + "…" : line));
                }
                continue;
            }
            var m = readings.getFirst();
            var alternatives = readings.stream()
                    .skip(1)
                    .map(r -> new ServerStatement.Reading(
                            fields(r).user(),
                            fields(r).application(),
                            r.severity() + ":  " + line.substring(r.messageStart())))
                    .toList();
            current = new LogEntry.Builder(
                    i + 1L, fields(m), m.severity(), m.ambiguous(), line.substring(m.messageStart()), alternatives);
        }
        if (current != null) {
            entries.add(current.build());
        }
        Optional<Instant> first =
                entries.stream().map(LogEntry::time).filter(t -> t != null).findFirst();
        Optional<Instant> last =
                entries.stream().map(LogEntry::time).filter(t -> t != null).reduce((a, b) -> b);
        return new ServerLog(
                source,
                BackendStatements.collect(source, entries),
                lines.size(),
                entries.size(),
                unrecognized,
                samples,
                first,
                last,
                entries.stream()
                        .flatMap(e -> LineMark.of(
                                e.identity().backend(),
                                e.identity().user(),
                                e.identity().application(),
                                e.identity().sessionLine())
                                .stream())
                        .toList());
    }

    private static LogEntry.Identity fields(PrefixMatch m) {
        String time = m.field(PrefixField.TIME_MS)
                .or(() -> m.field(PrefixField.TIME))
                .or(() -> m.field(PrefixField.EPOCH))
                .orElse(null);
        return new LogEntry.Identity(
                LogTimes.parse(time).orElse(null),
                m.field(PrefixField.SESSION).orElse(null),
                m.field(PrefixField.PID).orElse(null),
                m.field(PrefixField.USER).orElse(null),
                m.field(PrefixField.DATABASE).orElse(null),
                m.field(PrefixField.APPLICATION).orElse(null),
                m.field(PrefixField.LINE).orElse(null));
    }
}
