package org.kfm.breakglass.sql.lexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scanner's rules one by one, as scan.l states them; {@code LexerAgreesWithServerTest} asks the server. */
class SqlLexerTest {
    private static final LexerSettings PG15 = LexerSettings.defaults();
    private static final LexerSettings PG16 = new LexerSettings(true, 160000);
    private static final LexerSettings SCS_OFF = new LexerSettings(false, 150000);

    private static List<Token> significant(String text) {
        return SqlLexer.lex(text).significant();
    }

    private static List<TokenKind> kinds(String text, LexerSettings settings) {
        return SqlLexer.lex(text, settings).significant().stream()
                .map(Token::kind)
                .toList();
    }

    @Test
    void aDashDashCommentEndsAtACarriageReturnAsAtALineFeed() {
        var tokens = significant("SELECT 1 --\r;COMMIT");

        assertThat(tokens).extracting(Token::text).containsExactly("SELECT", "1", ";", "COMMIT");
    }

    @Test
    void aDashDashCommentWithoutNewlineRunsToTheEnd() {
        var lexed = SqlLexer.lex("SELECT 1 -- ; DELETE");

        assertThat(lexed.significant()).extracting(Token::text).containsExactly("SELECT", "1");
        assertThat(lexed.tokens().getLast().kind()).isEqualTo(TokenKind.COMMENT);
    }

    @Test
    void blockCommentsNest() {
        assertThat(significant("SELECT /* a /* b */ ; c */ 1"))
                .extracting(Token::text)
                .containsExactly("SELECT", "1");
        assertThat(significant("SELECT /*/ ; */ 1")).extracting(Token::text).containsExactly("SELECT", "1");
        assertThat(significant("SELECT /**/1")).extracting(Token::text).containsExactly("SELECT", "1");
    }

    @Test
    void anUnterminatedCommentOrStringIsAProblemNotAnException() {
        assertThat(SqlLexer.lex("SELECT 1 /* open /* */").problems())
                .extracting(LexProblem::message)
                .containsExactly("unterminated /* comment");
        assertThat(SqlLexer.lex("SELECT 'open").problems())
                .extracting(LexProblem::message)
                .containsExactly("unterminated quoted string");
        assertThat(SqlLexer.lex("SELECT \"open").problems())
                .extracting(LexProblem::message)
                .containsExactly("unterminated quoted identifier");
        assertThat(SqlLexer.lex("SELECT $q$ open $Q$").problems())
                .extracting(LexProblem::message)
                .containsExactly("unterminated dollar-quoted string");
        assertThat(SqlLexer.lex("SELECT B'01").problems())
                .extracting(LexProblem::message)
                .containsExactly("unterminated bit string literal");
    }

    @Test
    void onlyScanLsWhitespaceSeparatesTokens() {
        // U+2003 EM SPACE and U+FEFF are identifier characters to PostgreSQL (bytes 0x80-0xFF in UTF-8).
        assertThat(significant("SELECT\u2003pg_sleep(1)"))
                .extracting(Token::text)
                .first()
                .isEqualTo("SELECT\u2003pg_sleep");
        assertThat(significant("\uFEFFSELECT 1"))
                .extracting(Token::value)
                .first()
                .isEqualTo("\uFEFFselect");
        // U+001C (a Java whitespace character) is not whitespace to PostgreSQL either: a token of its own.
        assertThat(kinds("SELECT\u001C1", PG15))
                .containsExactly(TokenKind.IDENTIFIER, TokenKind.OTHER, TokenKind.NUMBER);
    }

    @Test
    void theVerticalTabIsWhitespaceFromPostgres16On() {
        assertThat(kinds("SELECT\u000B1", PG15))
                .containsExactly(TokenKind.IDENTIFIER, TokenKind.OTHER, TokenKind.NUMBER);
        assertThat(kinds("SELECT\u000B1", PG16)).containsExactly(TokenKind.IDENTIFIER, TokenKind.NUMBER);
    }

    @Test
    void plainStringsDoubleTheirQuotesAndKeepBackslashes() {
        var string = significant("SELECT 'it''s\\'").get(1);

        assertThat(string.kind()).isEqualTo(TokenKind.STRING);
        assertThat(string.value()).isEqualTo("it's\\");
    }

    @Test
    void escapeStringsTakeBackslashEscapes() {
        var string = significant("SELECT E'\\'; DROP\\n\\x41\\101\\u0042\\U00000043\\q'")
                .get(1);

        assertThat(string.text()).endsWith("\\q'");
        assertThat(string.value()).isEqualTo("'; DROP\nAABCq");
    }

    @Test
    void withStandardConformingStringsOffABackslashEscapesInPlainStrings() {
        String text = "SELECT 'a\\'; SELECT pg_sleep(1); --'";

        assertThat(SqlLexer.lex(text, SCS_OFF).significant()).hasSize(2);
        assertThat(SqlLexer.lex(text, PG15).significant())
                .extracting(Token::kind)
                .contains(TokenKind.SEMICOLON);
    }

    @Test
    void aStringContinuesAcrossANewlineInTheStateItBeganIn() {
        // E'a' newline '\'…' is one escape string: the backslash still escapes the quote.
        var tokens = significant("SELECT E'a'\n'\\'; SELECT 2; --'");

        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(1).value()).isEqualTo("a'; SELECT 2; --");
        // No newline, or only a block comment between: no continuation.
        assertThat(significant("SELECT 'a' 'b'")).hasSize(3);
        assertThat(significant("SELECT 'a' /* */\n'b'")).hasSize(3);
        // A -- comment before the newline, and comment lines after it, keep the continuation.
        assertThat(significant("SELECT 'a' -- c\n-- d\n  'b'").get(1).value()).isEqualTo("ab");
    }

    @Test
    void bitStringsDoNotDoubleQuotes() {
        assertThat(significant("SELECT B'01''10'"))
                .extracting(Token::kind)
                .containsExactly(TokenKind.IDENTIFIER, TokenKind.BIT_STRING, TokenKind.STRING);
    }

    @Test
    void dollarQuotesFollowScanLsTagRules() {
        assertThat(significant("SELECT $a$ x $b$ ; $a$").get(1).value()).isEqualTo(" x $b$ ; ");
        assertThat(significant("SELECT $$;$$").get(1).kind()).isEqualTo(TokenKind.DOLLAR_STRING);
        // An identifier may hold $, so x$$ starts no dollar quote.
        assertThat(significant("SELECT x$$y, 1")).extracting(Token::text).containsExactly("SELECT", "x$$y", ",", "1");
        // A tag cannot start with a digit: $1 is a parameter.
        assertThat(kinds("SELECT $1$ ; $1$", PG15))
                .containsExactly(
                        TokenKind.IDENTIFIER,
                        TokenKind.PARAMETER,
                        TokenKind.OTHER,
                        TokenKind.SEMICOLON,
                        TokenKind.PARAMETER,
                        TokenKind.OTHER);
        // A tag may hold non-ASCII letters and digits after the first character.
        assertThat(significant("SELECT $é1$;$é1$").get(1).kind()).isEqualTo(TokenKind.DOLLAR_STRING);
    }

    @Test
    void unquotedNamesFoldAsciiOnlyQuotedNamesStayExact() {
        assertThat(significant("SELECT PG_Sleep").get(1).name()).isEqualTo("pg_sleep");
        assertThat(significant("SELECT \"PG_Sleep\"").get(1).name()).isEqualTo("PG_Sleep");
        assertThat(significant("SELECT \"a\"\"b\"").get(1).name()).isEqualTo("a\"b");
        assertThat(significant("SELECT ÄBC").get(1).name()).isEqualTo("Äbc");
    }

    @Test
    void identifiersAreTruncatedTo63Bytes() {
        String longName = "a".repeat(70);
        assertThat(significant("SELECT " + longName).get(1).name()).isEqualTo("a".repeat(63));
        // Truncation never splits a character: é is two bytes.
        assertThat(significant("SELECT " + "é".repeat(40)).get(1).name()).isEqualTo("é".repeat(31));
    }

    @Test
    void unicodeEscapedNamesAreDecodedWithTheirUescapeCharacter() {
        assertThat(significant("SELECT U&\"\\0070g_sleep\"(1)").get(1).name()).isEqualTo("pg_sleep");
        var withClause = significant("SELECT U&\"!0070g_sleep\" /* c */ UESCAPE '!'(1)");
        assertThat(withClause.get(1).name()).isEqualTo("pg_sleep");
        assertThat(withClause.get(2).kind()).isEqualTo(TokenKind.OPEN_PAREN);
        assertThat(significant("SELECT U&'\\+01F600 \\\\'").get(1).value()).isEqualTo("\uD83D\uDE00 \\");
        assertThat(significant("SELECT U&'\\D83D\\DE00'").get(1).value()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void badUnicodeEscapesAreTheServersProblems() {
        assertThat(SqlLexer.lex("SELECT U&'\\00zz'").problems())
                .extracting(LexProblem::message)
                .containsExactly("invalid Unicode escape");
        assertThat(SqlLexer.lex("SELECT U&'x' UESCAPE '+'").problems())
                .extracting(LexProblem::message)
                .containsExactly("invalid Unicode escape character");
        assertThat(SqlLexer.lex("SELECT U&'x' UESCAPE 1").problems())
                .extracting(LexProblem::message)
                .containsExactly("UESCAPE must be followed by a simple string literal");
        assertThat(SqlLexer.lex("SELECT U&'x'", SCS_OFF).problems()).isNotEmpty();
        assertThat(SqlLexer.lex("SELECT E'\\u12'").problems())
                .extracting(LexProblem::message)
                .containsExactly("invalid Unicode escape");
    }

    @Test
    void operatorsStopBeforeAnEmbeddedCommentAndShedTrailingSigns() {
        assertThat(significant("SELECT 1 +-- c\r2")).extracting(Token::text).containsExactly("SELECT", "1", "+", "2");
        assertThat(significant("SELECT 1 */* c */2")).extracting(Token::text).containsExactly("SELECT", "1", "*", "2");
        assertThat(significant("SELECT 1 =-2")).extracting(Token::text).containsExactly("SELECT", "1", "=", "-", "2");
        assertThat(significant("SELECT a ?- b")).extracting(Token::text).containsExactly("SELECT", "a", "?-", "b");
        assertThat(significant("SELECT a::int, b := 1, 1..2"))
                .extracting(Token::text)
                .contains("::", ":=", "..");
    }

    @Test
    void numbersFollowTheServerVersionsRules() {
        assertThat(significant("SELECT 1.5e-3, .5, 1., 1..2"))
                .extracting(Token::text)
                .contains("1.5e-3", ".5", "1.", "..");
        assertThat(SqlLexer.lex("SELECT 1abc").problems())
                .extracting(LexProblem::message)
                .containsExactly("trailing junk after numeric literal");
        assertThat(SqlLexer.lex("SELECT 0x1F, 1_000", PG15).problems()).hasSize(2);
        assertThat(SqlLexer.lex("SELECT 0x1F, 0o17, 0b101, 1_000", PG16).problems())
                .isEmpty();
        assertThat(SqlLexer.lex("SELECT $1abc").problems())
                .extracting(LexProblem::message)
                .containsExactly("trailing junk after parameter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1\u0000; SELECT 2", "SELECT '\uD800'", "SELECT x\uDC00y"})
    void charactersTheServerCannotReceiveAreProblems(String text) {
        assertThat(SqlLexer.lex(text).problems()).isNotEmpty();
    }

    @Test
    void tokensCoverTheTextWithoutGapsOrOverlaps() {
        String text = "-- c\r\nSELECT E'a\\'' , \"q\"\"\" /* x */ FROM t WHERE a<>b;\t$$ $$ U&'\\0041' UESCAPE '!'";
        var tokens = SqlLexer.lex(text).tokens();

        int at = 0;
        var rebuilt = new StringBuilder();
        for (var token : tokens) {
            assertThat(token.start()).isEqualTo(at);
            assertThat(token.text()).isEqualTo(text.substring(token.start(), token.end()));
            rebuilt.append(token.text());
            at = token.end();
        }
        assertThat(rebuilt.toString()).isEqualTo(text);
    }
}
