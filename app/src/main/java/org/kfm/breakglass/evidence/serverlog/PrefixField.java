package org.kfm.breakglass.evidence.serverlog;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code log_line_prefix} escapes this reader understands, each with what its value looks like. Values
 * PostgreSQL prints in a fixed shape (times, numbers) are matched by a pattern; names the client or an
 * administrator chooses (user, database, application name, host, command tag, backend type) are free text, at most
 * {@code maxLength} characters — identifiers and {@code application_name} are cut at 63 bytes by the server — and
 * whatever lies between them and the next literal decides where they end.
 */
public enum PrefixField {
    /** {@code %m}: time with milliseconds, {@code 2026-12-01 21:12:39.788 UTC}. */
    TIME_MS('m', "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} [^ ]+", 0),
    /** {@code %t}: time without fractions. */
    TIME('t', "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} [^ ]+", 0),
    /** {@code %n}: time as epoch seconds with milliseconds. */
    EPOCH('n', "\\d+\\.\\d{3}", 0),
    /** {@code %p}: process id of the backend. */
    PID('p', "\\d+", 0),
    /** {@code %P}: process id of the parallel group leader, empty when none. */
    LEADER_PID('P', "\\d*", 0),
    /** {@code %u}: user name (read without spaces: see {@link #spacesAllowed()}). */
    USER('u', null, 63),
    /** {@code %d}: database name (read without spaces). */
    DATABASE('d', null, 63),
    /** {@code %a}: application name (client-chosen: whoever connects can claim any). */
    APPLICATION('a', null, 63),
    /** {@code %c}: session id, backend start time and pid in hex, {@code 6b0f3847.40f0}. */
    SESSION('c', "[0-9a-f]+\\.[0-9a-f]+", 0),
    /** {@code %l}: number of the log line within the session. */
    LINE('l', "\\d+", 0),
    /** {@code %x}: transaction id, 0 when none. */
    XID('x', "\\d+", 0),
    /** {@code %v}: virtual transaction id, empty when none. */
    VXID('v', "(?:\\d+/\\d+)?", 0),
    /** {@code %s}: session start time. */
    SESSION_START('s', "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} [^ ]+", 0),
    /** {@code %e}: SQLSTATE. */
    SQLSTATE('e', "[0-9A-Z]{5}", 0),
    /** {@code %Q}: query id, 0 when not computed. */
    QUERY_ID('Q', "-?\\d+", 0),
    /** {@code %r}: remote host and port, {@code 10.0.0.7(51234)} or {@code [local]}. */
    REMOTE('r', "[^ ]*", 0),
    /** {@code %h}: remote host. */
    HOST('h', "[^ ]*", 0),
    /** {@code %i}: command tag. */
    COMMAND_TAG('i', null, 64),
    /** {@code %b}: backend type, {@code client backend}. */
    BACKEND_TYPE('b', null, 64);

    private final char escape;
    private final Pattern pattern;
    private final int maxLength;

    PrefixField(char escape, String pattern, int maxLength) {
        this.escape = escape;
        this.pattern = pattern == null ? null : Pattern.compile(pattern);
        this.maxLength = maxLength;
    }

    /** The letter after {@code %}. */
    public char escape() {
        return escape;
    }

    /** True for names chosen by clients or administrators, whose extent only the next literal tells. */
    public boolean free() {
        return pattern == null;
    }

    /**
     * Whether the value may hold spaces. Application names, command tags and backend types do; role and database
     * names may too in PostgreSQL (quoted identifiers), but a reader that allowed it could split {@code %d %a}
     * wherever the application name has a space, so every honest line with such a name would read several ways.
     * Names with spaces therefore do not read: such lines count as unrecognized, and the report says so.
     */
    public boolean spacesAllowed() {
        return this != USER && this != DATABASE;
    }

    Pattern pattern() {
        return pattern;
    }

    int maxLength() {
        return maxLength;
    }

    static Optional<PrefixField> ofEscape(char c) {
        return Arrays.stream(values()).filter(f -> f.escape == c).findFirst();
    }
}
