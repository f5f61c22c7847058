package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kfm.breakglass.sql.lexer.LexerSettings;
import org.kfm.breakglass.sql.lexer.SqlLexer;
import org.kfm.breakglass.testkit.LocalPostgis;

/**
 * The lexer against PostgreSQL itself: each text goes to the real server in one simple-protocol Query (so the
 * server, not pgjdbc, splits it), and what the server ran — how many statements, how many columns each, the
 * values of literal columns, the names of labelled ones — must be what the lexer predicted.
 */
class LexerAgreesWithServerTest {
    private static final LexerSettings SCS_ON = LexerSettings.defaults();
    private static final LexerSettings SCS_OFF = new LexerSettings(false, 150000);

    private final LocalPostgis pg = SharedPostgis.get();

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("CR ends a -- comment", "SELECT 1 --\r, 2", SCS_ON),
                Arguments.of("LF ends a -- comment", "SELECT 1 --\n, 2", SCS_ON),
                Arguments.of("CR LF", "SELECT 1 -- c\r\n, 2", SCS_ON),
                Arguments.of("lone CR before the semicolon", "SELECT 1 AS a --\r; SELECT 2 AS b", SCS_ON),
                Arguments.of("nested block comment", "SELECT 1 /* a /* b */ , 3 */ , 2", SCS_ON),
                Arguments.of("block comment holding a semicolon", "SELECT /* ; */ 1; SELECT 2", SCS_ON),
                Arguments.of("slash-star-slash opens a comment", "SELECT 1 /*/ , 3 */ , 2", SCS_ON),
                Arguments.of("doubled quote", "SELECT 'a''b', ''''", SCS_ON),
                Arguments.of("plain string keeps backslashes", "SELECT 'a\\', 'b'", SCS_ON),
                Arguments.of(
                        "escape string",
                        "SELECT E'it\\'s', E'\\x41\\101\\u0042\\U00000043', E'\\b\\f\\n\\r\\t\\q'",
                        SCS_ON),
                Arguments.of("escaped quote before a semicolon", "SELECT E'\\';', 2", SCS_ON),
                Arguments.of("national string", "SELECT N'n''x'", SCS_ON),
                Arguments.of("continuation", "SELECT 'a'\n'b', 'c'\r'd', 'e' -- x\n-- y\n 'f'", SCS_ON),
                Arguments.of("continuation keeps escapes", "SELECT E'a'\n'\\'; SELECT 2; --'", SCS_ON),
                Arguments.of("dollar quotes", "SELECT $$;$$, $a$ $b$ ; $a$, $é1$x$é1$", SCS_ON),
                Arguments.of("dollar inside identifiers", "SELECT x$$y FROM (SELECT 1 AS x$$y) t", SCS_ON),
                Arguments.of("unicode string", "SELECT U&'\\0041\\+000042', U&'!0043!!' UESCAPE '!'", SCS_ON),
                Arguments.of("unicode string continued", "SELECT U&'\\0041'\n'\\0042'", SCS_ON),
                Arguments.of("unicode identifier", "SELECT 1 AS U&\"\\0061b\", 2 AS U&\"#0063\" UESCAPE '#'", SCS_ON),
                Arguments.of("em space glues words", "SELECT 1 AS a\u2003b, 2", SCS_ON),
                Arguments.of("byte-order mark inside a name", "SELECT 1 AS \uFEFFx", SCS_ON),
                Arguments.of("case folding", "SELECT 1 AS AbC, 2 AS \"AbC\", 3 AS ÄbC", SCS_ON),
                Arguments.of("truncation", "SELECT 1 AS " + "a".repeat(70) + ", 2 AS " + "é".repeat(40), SCS_ON),
                Arguments.of("operator before a comment", "SELECT 1 +-- c\r2, 3", SCS_ON),
                Arguments.of("standard_conforming_strings off", "SELECT 'a\\'; SELECT 2; --', 'b\\\\'", SCS_OFF),
                Arguments.of("scs off, E string", "SELECT E'x\\'y', 'z'", SCS_OFF),
                Arguments.of("empty statements", "SELECT 1;; ;SELECT 2;", SCS_ON));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void theServerRunsWhatTheLexerSees(String name, String text, LexerSettings settings) throws SQLException {
        var predicted = ServerLexing.predict(text, settings);

        var ran = ServerLexing.run(pg, text, settings);

        assertThat(ran).as("statements the server ran for %s", text).hasSameSizeAs(predicted);
        for (int s = 0; s < ran.size(); s++) {
            var columns = predicted.get(s);
            var result = ran.get(s);
            assertThat(result.labels()).as("columns of statement %d", s + 1).hasSameSizeAs(columns);
            for (int c = 0; c < columns.size(); c++) {
                var column = columns.get(c);
                if (column.value() != null) {
                    assertThat(result.values().get(c))
                            .as("value of column %d", c + 1)
                            .isEqualTo(column.value());
                }
                if (column.label() != null) {
                    assertThat(result.labels().get(c))
                            .as("name of column %d", c + 1)
                            .isEqualTo(column.label());
                }
            }
        }
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("SELECT 'open", SCS_ON),
                Arguments.of("SELECT 1 /* open", SCS_ON),
                Arguments.of("SELECT \"\"", SCS_ON),
                Arguments.of("SELECT 1abc", SCS_ON),
                Arguments.of("SELECT $1abc", SCS_ON),
                Arguments.of("SELECT 0x1F", SCS_ON),
                Arguments.of("SELECT U&'\\00zz'", SCS_ON),
                Arguments.of("SELECT U&'x' UESCAPE '+'", SCS_ON),
                Arguments.of("SELECT U&'x' UESCAPE 1", SCS_ON),
                Arguments.of("SELECT U&'\\D83D'", SCS_ON),
                Arguments.of("SELECT E'\\u12'", SCS_ON),
                Arguments.of("SELECT E'\\xC3'", SCS_ON),
                Arguments.of("SELECT U&'x'", SCS_OFF));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void whatTheLexerCallsAProblemTheServerRejects(String text, LexerSettings settings) {
        assertThat(SqlLexer.lex(text, settings).problems()).as("lexer problems").isNotEmpty();

        assertThatThrownBy(() -> ServerLexing.run(pg, text, settings))
                .as("the server rejects %s", text)
                .isInstanceOf(SQLException.class);
    }
}
