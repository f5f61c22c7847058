package org.kfm.breakglass.evidence.serverlog;

import java.util.Optional;

/**
 * That a backend wrote its log line number {@code sessionLine} ({@code %l}, CloudNativePG's
 * {@code session_line_num}): the server numbers every log line of a session 1, 2, 3, …, so a number missing from
 * a backend's run is a line missing from the log — cut by rotation, dropped, or removed.
 */
public record LineMark(String backend, String user, String application, long sessionLine) {

    static Optional<LineMark> of(String backend, String user, String application, String sessionLine) {
        if (sessionLine == null || sessionLine.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LineMark(backend, user, application, Long.parseLong(sessionLine)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
