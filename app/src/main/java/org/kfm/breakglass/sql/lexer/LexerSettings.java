package org.kfm.breakglass.sql.lexer;

/**
 * The server settings that change how PostgreSQL lexes a statement.
 *
 * @param standardConformingStrings {@code standard_conforming_strings}: off makes a backslash an escape in plain
 *     {@code '…'} strings (and forbids {@code U&'…'})
 * @param serverVersionNum {@code server_version_num}, e.g. {@code 150004}: PostgreSQL 16 added {@code \v} to the
 *     whitespace set and hexadecimal, octal, binary and underscored integer literals
 */
public record LexerSettings(boolean standardConformingStrings, int serverVersionNum) {

    /** PostgreSQL 15 with the default {@code standard_conforming_strings = on}. */
    public static LexerSettings defaults() {
        return new LexerSettings(true, 150000);
    }

    /** PostgreSQL 16's scan.l counts the vertical tab as whitespace; 15 returns it as a single-char token. */
    boolean verticalTabIsSpace() {
        return serverVersionNum >= 160000;
    }

    /** PostgreSQL 16's integer literals: {@code 0x1F}, {@code 0o17}, {@code 0b101}, {@code 1_000}. */
    boolean modernIntegers() {
        return serverVersionNum >= 160000;
    }
}
