package org.kfm.breakglass.evidence.serverlog;

import java.util.List;

/**
 * How a server writes its log: PostgreSQL's own stderr format with a {@code log_line_prefix}, or CloudNativePG's
 * JSON lines (its instance manager turns the csvlog into JSON on stdout, pgaudit's records as {@code "logger":
 * "pgaudit"}).
 */
public sealed interface ServerLogFormat {

    /** Reads the lines of one log. Never throws for what the lines hold: what it cannot read is counted. */
    ServerLog read(String source, List<String> lines);

    /** PostgreSQL's stderr log, multi-line entries continued with a tab. */
    record Stderr(LogLinePrefix prefix) implements ServerLogFormat {
        @Override
        public ServerLog read(String source, List<String> lines) {
            return new StderrLogReader(prefix).read(source, lines);
        }

        @Override
        public String toString() {
            return "stderr with " + prefix;
        }
    }

    /** CloudNativePG's JSON lines. */
    record CloudNativePgJson() implements ServerLogFormat {
        @Override
        public ServerLog read(String source, List<String> lines) {
            return CloudNativePgLogReader.read(source, lines);
        }

        @Override
        public String toString() {
            return "CloudNativePG JSON";
        }
    }
}
