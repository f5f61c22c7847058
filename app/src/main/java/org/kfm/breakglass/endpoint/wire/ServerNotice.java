package org.kfm.breakglass.endpoint.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of an ErrorResponse or NoticeResponse, keyed by their field code: {@code S} localized severity,
 * {@code V} severity, {@code C} SQLSTATE, {@code M} message, {@code D} detail, {@code H} hint, and the others the
 * server may add ({@code P} position, {@code W} where, {@code s}/{@code t}/{@code c} schema, table, column, …).
 */
public record ServerNotice(Map<Character, String> fields) {

    public ServerNotice {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** An ERROR, FATAL or NOTICE the endpoint itself sends. */
    public static ServerNotice of(String severity, String sqlstate, String message, String detail, String hint) {
        var fields = new LinkedHashMap<Character, String>();
        fields.put('S', severity);
        fields.put('V', severity);
        fields.put('C', sqlstate);
        fields.put('M', message);
        if (detail != null) {
            fields.put('D', detail);
        }
        if (hint != null) {
            fields.put('H', hint);
        }
        return new ServerNotice(fields);
    }

    public static ServerNotice error(String sqlstate, String message, String detail, String hint) {
        return of("ERROR", sqlstate, message, detail, hint);
    }

    public static ServerNotice fatal(String sqlstate, String message, String detail, String hint) {
        return of("FATAL", sqlstate, message, detail, hint);
    }

    /** The non-localized severity (V), else S. */
    public String severity() {
        return fields.getOrDefault('V', fields.get('S'));
    }

    public String sqlstate() {
        return fields.get('C');
    }

    public String message() {
        return fields.get('M');
    }

    public String detail() {
        return fields.get('D');
    }

    public String hint() {
        return fields.get('H');
    }

    /** FATAL or PANIC: the server ends the connection after it. */
    public boolean endsConnection() {
        String severity = severity();
        return "FATAL".equals(severity) || "PANIC".equals(severity);
    }
}
