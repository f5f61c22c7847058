package org.kfm.breakglass.evidence.serverlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a log as fetched (the pod log's bytes) into lines at line feeds only. PostgreSQL writes a carriage return
 * inside a message as it is, so a reader that also broke lines at CR (as {@code BufferedReader} does) would cut
 * statements apart. A last line without a line feed is kept (the log may be read while the server writes).
 */
public final class ServerLogLines {

    private ServerLogLines() {}

    public static List<String> split(byte[] log) {
        return split(new String(log, StandardCharsets.UTF_8));
    }

    public static List<String> split(String log) {
        var lines = new ArrayList<String>();
        int start = 0;
        for (int i = 0; i < log.length(); i++) {
            if (log.charAt(i) == '\n') {
                lines.add(log.substring(start, i));
                start = i + 1;
            }
        }
        if (start < log.length()) {
            lines.add(log.substring(start));
        }
        return lines;
    }
}
