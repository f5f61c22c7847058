package org.kfm.breakglass.endpoint.upstream;

import java.util.Locale;

/**
 * One significant token of a statement, as the server reads it: a keyword or unquoted name (folded to lower
 * case), a quoted name (exact), a string constant (decoded), a number, or a symbol.
 */
public record SqlWord(Kind kind, String value) {

    public enum Kind {
        KEYWORD,
        NAME,
        STRING,
        NUMBER,
        SYMBOL
    }

    /** True for the unquoted keyword {@code keyword}, case-insensitively. */
    public boolean is(String keyword) {
        return kind == Kind.KEYWORD && value.equalsIgnoreCase(keyword);
    }

    /** A name, quoted or not, case-insensitively (how settings are looked up). */
    public boolean names(String name) {
        return (kind == Kind.KEYWORD || kind == Kind.NAME) && value.equalsIgnoreCase(name);
    }

    public boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && value.equals(symbol);
    }

    public String lower() {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
