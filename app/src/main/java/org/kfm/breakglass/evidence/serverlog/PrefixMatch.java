package org.kfm.breakglass.evidence.serverlog;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * How one log line's prefix reads: the value of each field, the severity word, where the message starts, and
 * whether the line could be read another way too ({@code ambiguous}: a client-chosen name holds text that looks
 * like prefix syntax; the first reading is kept and the line is flagged).
 */
public record PrefixMatch(Map<PrefixField, String> fields, String severity, int messageStart, boolean ambiguous) {

    public PrefixMatch {
        var copy = new EnumMap<PrefixField, String>(PrefixField.class);
        copy.putAll(fields);
        fields = Collections.unmodifiableMap(copy);
    }

    public Optional<String> field(PrefixField field) {
        return Optional.ofNullable(fields.get(field));
    }

    PrefixMatch asAmbiguous() {
        return new PrefixMatch(fields, severity, messageStart, true);
    }
}
