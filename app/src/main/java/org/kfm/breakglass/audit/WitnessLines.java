package org.kfm.breakglass.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A remote sink's copy used as a witness: a text file of the lines a syslog server (or a webhook receiver)
 * wrote, one journal line each, possibly after a syslog prefix. Each line's hash is checked against its content;
 * {@code session.start} and {@code journal.seal} lines become {@link WitnessEntry witness entries}.
 */
public final class WitnessLines {

    /** The entries found, and the lines that looked like records but were not intact ("line N: reason"). */
    public record Result(List<WitnessEntry> entries, List<String> malformed, long lines) {
        public Result {
            entries = List.copyOf(entries);
            malformed = List.copyOf(malformed);
        }
    }

    private WitnessLines() {}

    /**
     * @throws IOException when the file cannot be read
     */
    public static Result read(Path file) throws IOException {
        var entries = new ArrayList<WitnessEntry>();
        var malformed = new ArrayList<String>();
        long n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                n++;
                int brace = line.indexOf('{');
                if (brace < 0) {
                    continue; // not an audit line (another program's message)
                }
                // The syslog header, if the receiver kept it, ends before the JSON object.
                String record = line.substring(brace).strip();
                try {
                    WitnessEntries.fromLine(record).ifPresent(entries::add);
                } catch (IllegalArgumentException e) {
                    malformed.add(file.getFileName() + " line " + n + ": " + e.getMessage());
                }
            }
        }
        return new Result(entries, malformed, n);
    }
}
