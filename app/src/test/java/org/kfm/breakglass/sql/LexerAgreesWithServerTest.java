package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kfm.breakglass.sql.lexer.LexerSettings;
import org.kfm.breakglass.sql.lexer.SqlLexer;
import org.kfm.breakglass.sql.lexer.TokenKind;
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
        var predicted = predict(text, settings);

        var ran = run(text, settings);

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

        assertThatThrownBy(() -> run(text, settings))
                .as("the server rejects %s", text)
                .isInstanceOf(SQLException.class);
    }

    /** One predicted column: its literal value and its label, where the lexer can tell. */
    record Column(String value, String label) {}

    /** What the server returned for one statement: column labels and the first row. */
    record Result(List<String> labels, List<String> values) {}

    private static List<List<Column>> predict(String text, LexerSettings settings) {
        var statements = new ArrayList<List<Column>>();
        for (var statement :
                StatementSplitter.split(SqlLexer.lex(text, settings).tokens())) {
            var columns = new ArrayList<Column>();
            var item = new ArrayList<SqlToken>();
            for (var token : statement.subList(1, statement.size())) {
                if (token.kind() == TokenKind.COMMA && token.depth() == 0) {
                    columns.add(column(item));
                    item.clear();
                } else {
                    item.add(token);
                }
            }
            columns.add(column(item));
            statements.add(columns);
        }
        return statements;
    }

    private static Column column(List<SqlToken> item) {
        var first = item.get(0);
        String value = item.size() == 1 && (first.kind() == TokenKind.STRING || first.kind() == TokenKind.DOLLAR_STRING)
                ? first.token().value()
                : null;
        String label = item.size() >= 3 && item.get(item.size() - 2).is("AS")
                ? item.get(item.size() - 1).name()
                : null;
        return new Column(value, label);
    }

    /** Runs {@code text} as one Query message (simple protocol), read-only, rolled back; every result kept. */
    private List<Result> run(String text, LexerSettings settings) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                        pg.jdbcUrl() + "&preferQueryMode=simple",
                        pg.reader().user(),
                        pg.reader().password());
                Statement st = c.createStatement()) {
            st.execute("SET standard_conforming_strings = " + (settings.standardConformingStrings() ? "on" : "off"));
            c.setAutoCommit(false);
            c.setReadOnly(true);
            st.setEscapeProcessing(false);
            var results = new ArrayList<Result>();
            try {
                boolean isResultSet = st.execute(text);
                while (true) {
                    if (isResultSet) {
                        try (var rs = st.getResultSet()) {
                            var meta = rs.getMetaData();
                            var labels = new ArrayList<String>();
                            var values = new ArrayList<String>();
                            boolean row = rs.next();
                            for (int i = 1; i <= meta.getColumnCount(); i++) {
                                labels.add(meta.getColumnLabel(i));
                                values.add(row ? rs.getString(i) : null);
                            }
                            results.add(new Result(labels, values));
                        }
                    } else if (st.getUpdateCount() == -1) {
                        break;
                    }
                    isResultSet = st.getMoreResults();
                }
            } finally {
                c.rollback();
            }
            return results;
        }
    }
}
