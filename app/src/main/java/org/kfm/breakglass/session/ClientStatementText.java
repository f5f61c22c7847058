package org.kfm.breakglass.session;

import java.util.List;

/**
 * One statement of an endpoint client's SQL text as the session's classifier sees it (ADR 0008's classifier, the
 * same the console's editor uses).
 *
 * @param cls its pgaudit class, by name ({@code READ}, {@code WRITE}, {@code DDL}, {@code ROLE}, {@code FUNCTION},
 *     {@code MISC})
 * @param unsendable why no mode may send it, or null
 * @param words its significant tokens as the server reads them
 * @param calls every listed side-effecting built-in function it calls, one entry a call
 */
public record ClientStatementText(
        String sql, String cls, String reason, String unsendable, List<Word> words, List<String> calls) {

    public ClientStatementText {
        words = List.copyOf(words);
        calls = List.copyOf(calls);
    }

    /** A significant token: a keyword or unquoted name (folded), a quoted name, a string (decoded), a number, a symbol. */
    public record Word(Kind kind, String value) {
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

        /** A name, quoted or not, case-insensitively (how the server looks settings up). */
        public boolean names(String name) {
            return (kind == Kind.KEYWORD || kind == Kind.NAME) && value.equalsIgnoreCase(name);
        }

        public boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && value.equals(symbol);
        }
    }

    /** The first keyword, upper-cased, or empty. */
    public String verb() {
        return words.isEmpty() || words.get(0).kind() != Word.Kind.KEYWORD
                ? ""
                : words.get(0).value().toUpperCase(java.util.Locale.ROOT);
    }
}
