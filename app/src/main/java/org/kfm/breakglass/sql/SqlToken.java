package org.kfm.breakglass.sql;

/**
 * One lexical token of a SQL script.
 *
 * @param kind what it is
 * @param text the token's source text (a word is upper-cased in {@link #word()})
 * @param start offset of the first char in the script
 * @param end offset after the last char
 * @param depth parenthesis depth at the token ({@code (} and {@code )} carry the outer depth)
 */
record SqlToken(Kind kind, String text, int start, int end, int depth) {

    enum Kind {
        WORD,
        QUOTED_IDENTIFIER,
        STRING,
        DOLLAR_STRING,
        NUMBER,
        PARAMETER,
        OPEN,
        CLOSE,
        SEMICOLON,
        SYMBOL
    }

    /** Upper-cased text for keyword comparison; empty for anything but an unquoted word. */
    String word() {
        return kind == Kind.WORD ? text.toUpperCase(java.util.Locale.ROOT) : "";
    }

    boolean is(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }
}
