package org.kfm.breakglass.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What is refused before anything opens, and that the message says what to do. */
class SubmittedSqlTest {
    private static final long CAP = SubmittedSql.DEFAULT_MAX_BYTES;

    private static SessionFailure refusal(String text, long cap) {
        var failure = catchThrowableOfType(SessionFailure.class, () -> SubmittedSql.check(text, cap));
        assertThat(failure).as("refused: %s", text).isNotNull();
        assertThat(failure.kind()).isEqualTo(SessionFailure.Kind.USAGE);
        assertThat(failure.kind().exitCode()).isEqualTo(2);
        return failure;
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''                                  | the SQL text is empty",
                "'   \t  '                           | only whitespace and comments",
                "'-- just a comment'                 | only whitespace and comments",
                "'/* a */ -- b'                      | only whitespace and comments",
                "' ;; ; '                            | no statement, only semicolons",
                "'/* never closed'                   | unterminated /* comment",
            })
    void textWithoutAStatementIsRefused(String text, String says) {
        assertThat(refusal(text, CAP).getMessage()).startsWith("nothing to run").contains(says);
    }

    @Test
    void aNulIsRefusedWithItsPosition() {
        assertThat(refusal("SELECT 'a\u0000b'", CAP).getMessage())
                .contains("NUL character (U+0000) at character 10")
                .contains("remove it");
    }

    @Test
    void anUnpairedSurrogateIsRefusedBecauseItWouldReachTheServerAsAQuestionMark() {
        assertThat(refusal("SELECT x\uD800pg_sleep(1)", CAP).getMessage())
                .contains("unpaired UTF-16 surrogate (U+D800) at character 9")
                .contains("'?'");
        assertThatCode(() -> SubmittedSql.check("SELECT '\uD83D\uDE00'", CAP)).doesNotThrowAnyException();
    }

    @Test
    void textOverTheCapIsRefusedCountingUtf8Bytes() {
        String text = "SELECT '" + "é".repeat(10) + "'"; // 9 + 20 = 29 bytes
        assertThatCode(() -> SubmittedSql.check(text, 29)).doesNotThrowAnyException();
        assertThat(refusal(text, 28).getMessage())
                .contains("29 bytes, over the limit of 28 bytes")
                .contains("session.maxScriptBytes");
        assertThat(refusal("SELECT '" + "x".repeat((int) CAP) + "'", CAP).getMessage())
                .contains("over the limit");
    }

    @Test
    void anOrdinaryStatementPasses() {
        assertThatCode(() -> SubmittedSql.check("SELECT 1 -- fine\r\n", CAP)).doesNotThrowAnyException();
    }
}
