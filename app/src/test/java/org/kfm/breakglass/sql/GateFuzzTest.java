package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.sql.lexer.LexerSettings;
import org.kfm.breakglass.sql.lexer.SqlLexer;
import org.kfm.breakglass.sql.lexer.TokenKind;
import org.kfm.breakglass.testkit.LocalPostgis;
import org.postgresql.core.Parser;

/**
 * Deterministic fuzzing of the lexer and the gate (fixed seeds, so a failure repeats): thousands of inputs built
 * from the fragments that confuse lexers — quotes, comments, CR, LF, dollar quotes and tags, U&amp;, E, UESCAPE,
 * semicolons, NUL, odd Unicode — must never throw, must keep their offsets, and every statement the gate would
 * send must be one pgjdbc sends unchanged. A sample goes to the real server, which must run exactly the statements
 * the gate sees, with the values the lexer decoded, and never find two statements in one Parse.
 *
 * <p>For a deeper run: {@code -DargLine="-Dfuzz.seed=N -Dfuzz.inputs=40000 -Dfuzz.samples=3000"}.
 */
class GateFuzzTest {
    private static final LexerSettings SCS_ON = LexerSettings.defaults();
    private static final LexerSettings SCS_OFF = new LexerSettings(false, 150000);
    private static final LexerSettings PG16 = new LexerSettings(true, 160000);

    private static final String[] FRAGMENTS = {
        "'",
        "''",
        "\"",
        "\"\"",
        "E'",
        "e'",
        "N'",
        "B'",
        "X'",
        "U&'",
        "U&\"",
        "u&",
        "\\",
        "\\'",
        "\\\\",
        "--",
        "-- c",
        "\r",
        "\n",
        "\r\n",
        "\t",
        "\f",
        "\u000B",
        " ",
        "/*",
        "*/",
        "/* x */",
        "/*/",
        "**/",
        "$$",
        "$t$",
        "$a$b$",
        "$1",
        "$1$",
        "$é$",
        "x$",
        "UESCAPE",
        "uescape '!'",
        "'!'",
        "!",
        ";",
        ";;",
        "\0",
        "\u2003",
        "\uFEFF",
        "\u001C",
        "\uD800",
        "\uDC00",
        "\uD83D\uDE00",
        "é",
        "(",
        ")",
        "[",
        "]",
        ",",
        ".",
        "..",
        "::",
        ":=",
        "?",
        "??",
        "+",
        "-",
        "*",
        "/",
        "<>",
        "1",
        "1e",
        "1.5",
        ".5",
        "0x1F",
        "1_000",
        "a",
        "SELECT",
        "select",
        "FROM",
        "AS",
        "BEGIN",
        "ATOMIC",
        "END",
        "CREATE FUNCTION",
        "{fn now()}",
        "pg_sleep(0)"
    };

    private static final String[] LITERALS = {
        "1",
        "'a''b'",
        "E'x\\'y'",
        "E'\\\\'",
        "E'\\n\\t'",
        "E'\\x41\\101'",
        "$$;$$",
        "$t$a$b$t$",
        "$é1$--$é1$",
        "U&'\\0041'",
        "U&'!0041!!' UESCAPE '!'",
        "U&'\\+01F600'",
        "'a'\n'b'",
        "'a' -- c\n'b'",
        "N'n'",
        "'--'",
        "'/*'",
        "'\\'",
        "'\\\\'",
        "'; SELECT 2; --'",
        "2 +-- c\r3",
        "(1)",
        "'x' /* ; */",
        "''''",
        "E'a'\r'b'"
    };

    private static final String[] LABELS = {"a", "\"q;\"", "x$$y", "a\u2003b", "U&\"\\0061\"", "AbC", "\"\"\"\""};

    private static final String[] TRIVIA = {
        " ", "\n", "\r", "\r\n", "\t", " -- c\r", " -- ; c\n", " /* ; */ ", " /* /* ; */ */ ", "\f", "  "
    };

    @Test
    void thousandsOfInputsNeverThrowKeepTheirOffsetsAndAgreeWithPgjdbc() throws Exception {
        var random = new Random(Long.getLong("fuzz.seed", 0x14_2026L));
        int sendable = 0;
        for (int n = 0; n < Integer.getInteger("fuzz.inputs", 4000); n++) {
            String text = n % 2 == 0 ? fragments(random) : mutate(script(random), random);
            for (var settings : List.of(SCS_ON, SCS_OFF, PG16)) {
                checkOffsets(text, settings);
                sendable += checkGate(text, settings);
            }
        }
        // The generator must reach the interesting part: statements the gate would send.
        assertThat(sendable).isGreaterThan(2000);
    }

    @Test
    void aSampleRunsOnTheServerExactlyAsTheGateSeesIt() throws Exception {
        LocalPostgis pg = SharedPostgis.get();
        var random = new Random(Long.getLong("fuzz.seed", 0x0C0FFEEL));
        int compared = 0;
        int counted = 0;
        try (Connection extended = DriverManager.getConnection(
                pg.jdbcUrl(), pg.reader().user(), pg.reader().password())) {
            extended.setAutoCommit(false);
            extended.setReadOnly(true);
            for (int n = 0; n < Integer.getInteger("fuzz.samples", 400); n++) {
                boolean structured = n % 2 == 0;
                String text = structured ? script(random) : mutate(script(random), random);
                var statements = StatementClassifier.classify(text, SCS_ON);
                if (SqlLexer.lex(text).problems().size() > 0
                        || statements.isEmpty()
                        || !statements.stream().allMatch(ClassifiedStatement::sendable)) {
                    continue;
                }
                for (var statement : statements) {
                    assertNotTwoStatementsInOneParse(extended, statement.sql());
                }
                List<ServerLexing.Result> ran;
                try {
                    ran = ServerLexing.run(pg, text, SCS_ON);
                } catch (SQLException serverRejected) {
                    continue; // a syntax error the grammar finds: nothing ran, nothing to count
                }
                assertThat(ran)
                        .as("statements the server ran for %s", show(text))
                        .hasSize(statements.size());
                counted++;
                if (structured) {
                    var predicted = ServerLexing.predict(text, SCS_ON);
                    for (int s = 0; s < ran.size(); s++) {
                        var columns = predicted.get(s);
                        assertThat(ran.get(s).labels())
                                .as("columns in %s", show(text))
                                .hasSameSizeAs(columns);
                        for (int c = 0; c < columns.size(); c++) {
                            if (columns.get(c).value() != null) {
                                assertThat(ran.get(s).values().get(c))
                                        .as("value %d of statement %d in %s", c + 1, s + 1, show(text))
                                        .isEqualTo(columns.get(c).value());
                            }
                            if (columns.get(c).label() != null) {
                                assertThat(ran.get(s).labels().get(c))
                                        .as("name %d of statement %d in %s", c + 1, s + 1, show(text))
                                        .isEqualTo(columns.get(c).label());
                            }
                        }
                        compared++;
                    }
                }
            }
        }
        assertThat(counted).as("scripts the server ran and counted").isGreaterThan(150);
        assertThat(compared).as("statements compared value by value").isGreaterThan(150);
    }

    private static void checkOffsets(String text, LexerSettings settings) {
        var lexed = SqlLexer.lex(text, settings);
        int at = 0;
        for (var token : lexed.tokens()) {
            assertThat(token.start()).as("token start in %s", show(text)).isEqualTo(at);
            assertThat(token.end()).as("token end in %s", show(text)).isGreaterThan(token.start());
            assertThat(token.text()).isEqualTo(text.substring(token.start(), token.end()));
            // Literals and quoted names carry null when the server would reject them; everything else its text.
            if (token.kind() != TokenKind.STRING
                    && token.kind() != TokenKind.BIT_STRING
                    && token.kind() != TokenKind.QUOTED_IDENTIFIER
                    && token.kind() != TokenKind.DOLLAR_STRING) {
                assertThat(token.value())
                        .as("value of %s in %s", token, show(text))
                        .isNotNull();
            }
            at = token.end();
        }
        assertThat(at).as("tokens cover %s", show(text)).isEqualTo(text.length());
        for (var problem : lexed.problems()) {
            assertThat(problem.offset()).isBetween(0, text.length());
            assertThat(problem.message()).isNotBlank();
        }
    }

    /** Returns how many statements the gate would send; checks each against pgjdbc's parser directly. */
    private static int checkGate(String text, LexerSettings settings) throws SQLException {
        var statements = StatementClassifier.classify(text, settings);
        int previousEnd = 0;
        int sendable = 0;
        for (var statement : statements) {
            assertThat(statement.startOffset())
                    .as("statement order in %s", show(text))
                    .isGreaterThanOrEqualTo(previousEnd);
            assertThat(text.substring(
                            statement.startOffset(),
                            statement.startOffset() + statement.sql().length()))
                    .isEqualTo(statement.sql());
            assertThat(statement.sql()).isNotEmpty();
            previousEnd = statement.startOffset() + statement.sql().length();
            if (statement.sendable()) {
                var sent = Parser.parseJdbcSql(
                        statement.sql(), settings.standardConformingStrings(), false, true, false, false);
                assertThat(sent)
                        .as("pgjdbc's statements for %s", show(statement.sql()))
                        .hasSize(1);
                assertThat(sent.get(0).nativeSql).isEqualTo(statement.sql());
                sendable++;
            } else {
                assertThat(statement.unsendable()).isNotBlank();
            }
        }
        return sendable;
    }

    private static void assertNotTwoStatementsInOneParse(Connection extended, String statement) throws SQLException {
        try (var st = extended.createStatement()) {
            st.setEscapeProcessing(false);
            st.execute("SET LOCAL statement_timeout = 5000");
            st.execute(statement);
        } catch (SQLException e) {
            assertThat(e.getMessage())
                    .as("the server's answer to one Parse of %s", show(statement))
                    .doesNotContain("cannot insert multiple commands");
        } finally {
            extended.rollback();
        }
    }

    private static String fragments(Random random) {
        var out = new StringBuilder();
        int count = 1 + random.nextInt(12);
        for (int i = 0; i < count; i++) {
            out.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        return out.toString();
    }

    /** A script of SELECT lists of literals, whose results the lexer can predict. */
    private static String script(Random random) {
        var out = new StringBuilder();
        int statements = 1 + random.nextInt(3);
        for (int s = 0; s < statements; s++) {
            if (s > 0) {
                out.append(pick(random, TRIVIA)).append(';').append(pick(random, TRIVIA));
            }
            out.append("SELECT").append(pick(random, TRIVIA));
            int items = 1 + random.nextInt(3);
            for (int i = 0; i < items; i++) {
                if (i > 0) {
                    out.append(pick(random, TRIVIA)).append(',').append(pick(random, TRIVIA));
                }
                out.append(pick(random, LITERALS));
                if (random.nextInt(3) == 0) {
                    out.append(" AS ").append(pick(random, LABELS));
                }
            }
        }
        if (random.nextBoolean()) {
            out.append(';');
        }
        return out.toString();
    }

    private static String mutate(String text, Random random) {
        var out = new StringBuilder(text);
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(out.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> out.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 1 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(4)));
                default -> out.insert(at, at < out.length() ? out.charAt(at) : ';');
            }
        }
        return out.toString();
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String show(String text) {
        var out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c < 0x20 || c > 0x7E ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
