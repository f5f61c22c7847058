package org.kfm.breakglass.session;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Durations as operators write them ({@code 30m}, {@code 1h30m}, {@code 90s}) or as ISO-8601 ({@code PT30M}). */
public final class DurationText {
    private static final Pattern SHORT = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private DurationText() {}

    public static Duration parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        if (value.startsWith("pt")) {
            try {
                return Duration.parse(value.toUpperCase(java.util.Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a duration (try 30m, 1h or PT30M)", e);
            }
        }
        var matcher = SHORT.matcher(value);
        if (value.isEmpty() || !matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (try 30m, 1h30m or 90s)");
        }
        long hours = group(matcher.group(1));
        long minutes = group(matcher.group(2));
        long seconds = group(matcher.group(3));
        return Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds);
    }

    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        var text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 != 0 || text.isEmpty()) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }

    private static long group(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
