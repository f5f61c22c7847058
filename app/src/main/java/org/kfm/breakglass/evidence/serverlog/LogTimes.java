package org.kfm.breakglass.evidence.serverlog;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Times as PostgreSQL writes them in logs: {@code 2026-12-01 21:12:39.788 UTC} ({@code %m}, CloudNativePG's
 * {@code log_time}), without fractions ({@code %t}), or epoch seconds ({@code %n}). The zone is {@code log_timezone}'s
 * abbreviation or offset; one this reader cannot place gives no time (run servers with {@code log_timezone = 'UTC'}).
 */
final class LogTimes {

    private static final Pattern OFFSET = Pattern.compile("[+-]\\d{2}(:?\\d{2})?");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss[.SSS][.SSSSSS]");

    private LogTimes() {}

    static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            if (!text.contains(" ")) {
                var seconds = new BigDecimal(text);
                return Optional.of(Instant.ofEpochSecond(
                        seconds.longValue(),
                        seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue()));
            }
            int zoneAt = text.lastIndexOf(' ');
            var local = LocalDateTime.parse(text.substring(0, zoneAt), LOCAL);
            return zone(text.substring(zoneAt + 1)).map(z -> local.atZone(z).toInstant());
        } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Optional<ZoneId> zone(String name) {
        if (name.equals("UTC") || name.equals("GMT") || name.equals("Z")) {
            return Optional.of(ZoneOffset.UTC);
        }
        try {
            if (OFFSET.matcher(name).matches()) {
                return Optional.of(ZoneOffset.of(name));
            }
            return Optional.of(ZoneId.of(name, ZoneId.SHORT_IDS));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
