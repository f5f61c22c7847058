package org.kfm.breakglass.evidence.serverlog;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A server's {@code log_line_prefix}, read the way PostgreSQL writes it ({@code %m [%p] %q%u@%d %a }), and the
 * reading of log lines against it.
 *
 * <p>A stderr log line is {@code prefix SEVERITY:  message}. Client-chosen names in the prefix (user, database,
 * application name) can hold any printable text, including text that looks like the rest of the prefix; so a line
 * is read by trying every way the template fits it and the line is flagged {@linkplain PrefixMatch#ambiguous()
 * ambiguous} when more than one fits. Free-text fields are bounded by their server-side length limits, which
 * bounds the search. {@code %q} (non-session processes stop the prefix here) is honoured by trying the template
 * cut there as well.
 */
public final class LogLinePrefix {

    /** The severities PostgreSQL writes (English messages, {@code lc_messages = 'C'} or {@code en}). */
    private static final Pattern SEVERITY = Pattern.compile(
            "(DEBUG|INFO|NOTICE|WARNING|ERROR|LOG|FATAL|PANIC|DETAIL|HINT|QUERY|CONTEXT|LOCATION|STATEMENT):  ");

    /** Enough to tell every way a crafted name can be read; honest lines have one. */
    private static final int MAX_READINGS = 8;

    private sealed interface Token permits Literal, Field {}

    private record Literal(String text) implements Token {}

    /** A field; a padded one ({@code %-10u}) may carry spaces around its value. */
    private record Field(PrefixField field, boolean padded, Pattern pattern) implements Token {
        static Field of(PrefixField field, boolean padded) {
            Pattern p = field.pattern();
            if (p != null && padded) {
                p = Pattern.compile(" *(" + p.pattern() + ") *");
            }
            return new Field(field, padded, p);
        }
    }

    private final String template;
    private final List<Token> tokens;
    /** The tokens before {@code %q}, or null when the template has none. */
    private final List<Token> nonSessionTokens;

    private LogLinePrefix(String template, List<Token> tokens, List<Token> nonSessionTokens) {
        this.template = template;
        this.tokens = tokens;
        this.nonSessionTokens = nonSessionTokens;
    }

    /**
     * Reads a {@code log_line_prefix} value (as {@code SHOW log_line_prefix} prints it, without quotes).
     *
     * @throws IllegalArgumentException naming an escape this reader does not know, with the ones it does
     */
    public static LogLinePrefix parse(String template) {
        var tokens = new ArrayList<Token>();
        List<Token> beforeQ = null;
        var literal = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%') {
                literal.append(c);
                continue;
            }
            int j = i + 1;
            boolean padded = false;
            if (j < template.length() && template.charAt(j) == '-') {
                j++;
            }
            while (j < template.length() && Character.isDigit(template.charAt(j))) {
                j++;
                padded = true;
            }
            if (j >= template.length()) {
                throw new IllegalArgumentException("log_line_prefix '" + template + "' ends inside an escape");
            }
            char escape = template.charAt(j);
            i = j;
            if (escape == '%') {
                literal.append('%');
                continue;
            }
            flush(literal, tokens);
            if (escape == 'q') {
                beforeQ = List.copyOf(tokens);
                continue;
            }
            var field = PrefixField.ofEscape(escape)
                    .orElseThrow(() -> new IllegalArgumentException("log_line_prefix '" + template + "' uses %"
                            + escape + ", which this reader does not know; it reads "
                            + java.util.Arrays.stream(PrefixField.values())
                                    .map(f -> "%" + f.escape())
                                    .collect(Collectors.joining(" "))
                            + " %q %%"));
            tokens.add(Field.of(field, padded));
        }
        flush(literal, tokens);
        return new LogLinePrefix(template, List.copyOf(tokens), beforeQ);
    }

    private static void flush(StringBuilder literal, List<Token> tokens) {
        if (!literal.isEmpty()) {
            tokens.add(new Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    /** The template as given. */
    public String template() {
        return template;
    }

    /** The fields the prefix carries (a reconciliation needs a time, a backend and a user or application name). */
    public Set<PrefixField> fields() {
        var set = EnumSet.noneOf(PrefixField.class);
        tokens.stream().filter(t -> t instanceof Field).forEach(t -> set.add(((Field) t).field()));
        return set;
    }

    /** How {@code line} reads, or empty when it is not a line with this prefix (a continuation, or other output). */
    public Optional<PrefixMatch> match(String line) {
        var all = readings(line);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(all.size() > 1 ? all.getFirst().asAmbiguous() : all.getFirst());
    }

    /**
     * Every way {@code line} reads (at most a few): one for an honest line, several when a client-chosen name holds
     * prefix syntax. The first is the one that gives free-text fields their shortest extent.
     */
    public List<PrefixMatch> readings(String line) {
        var readings = new ArrayList<PrefixMatch>();
        search(tokens, 0, line, 0, new EnumMap<>(PrefixField.class), readings);
        if (nonSessionTokens != null && readings.size() < MAX_READINGS) {
            search(nonSessionTokens, 0, line, 0, new EnumMap<>(PrefixField.class), readings);
        }
        if (readings.size() > 1) {
            readings.replaceAll(PrefixMatch::asAmbiguous);
        }
        return List.copyOf(readings);
    }

    private static void search(
            List<Token> tokens,
            int index,
            String line,
            int pos,
            Map<PrefixField, String> values,
            List<PrefixMatch> readings) {
        if (readings.size() >= MAX_READINGS) {
            return;
        }
        if (index == tokens.size()) {
            var m = SEVERITY.matcher(line).region(pos, line.length());
            if (m.lookingAt()) {
                var reading = new PrefixMatch(values, m.group(1), m.end(), false);
                if (!readings.contains(reading)) {
                    readings.add(reading);
                }
            }
            return;
        }
        switch (tokens.get(index)) {
            case Literal l -> {
                if (line.startsWith(l.text(), pos)) {
                    search(tokens, index + 1, line, pos + l.text().length(), values, readings);
                }
            }
            case Field f
            when !f.field().free() -> {
                var m = f.pattern().matcher(line).region(pos, line.length());
                if (m.lookingAt()) {
                    values.put(f.field(), f.padded() ? m.group(1) : m.group());
                    search(tokens, index + 1, line, m.end(), values, readings);
                    values.remove(f.field());
                }
            }
            case Field f -> {
                int last = Math.min(line.length(), pos + f.field().maxLength() + (f.padded() ? 64 : 0));
                for (int end = pos; end <= last && readings.size() < MAX_READINGS; end++) {
                    if (!f.padded() && end > pos && !f.field().spacesAllowed() && line.charAt(end - 1) == ' ') {
                        break;
                    }
                    if (!couldEndHere(tokens, index + 1, line, end)) {
                        continue;
                    }
                    String value = line.substring(pos, end);
                    if (f.padded()
                            && !f.field().spacesAllowed()
                            && value.strip().contains(" ")) {
                        continue;
                    }
                    values.put(f.field(), f.padded() ? value.strip() : value);
                    search(tokens, index + 1, line, end, values, readings);
                    values.remove(f.field());
                }
            }
        }
    }

    /** A cheap test before recursing: the next literal (or the severity) must start here. */
    private static boolean couldEndHere(List<Token> tokens, int next, String line, int end) {
        if (next == tokens.size()) {
            return SEVERITY.matcher(line).region(end, line.length()).lookingAt();
        }
        return !(tokens.get(next) instanceof Literal l) || line.startsWith(l.text(), end);
    }

    @Override
    public String toString() {
        return "log_line_prefix '" + template + "'";
    }
}
