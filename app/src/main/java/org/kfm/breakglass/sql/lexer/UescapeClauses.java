package org.kfm.breakglass.sql.lexer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The server's parser looks past a {@code U&'…'} or {@code U&"…"} token for {@code UESCAPE 'c'} and decodes the
 * literal with that escape character (backslash when there is none). This does the same after lexing: it merges
 * the literal and its clause into one token whose value is the decoded text, so a Unicode-escaped name reads as
 * the name it is ({@code U&"\0070g_sleep"} is {@code pg_sleep}).
 */
final class UescapeClauses {
    private final List<Token> tokens;
    private final Set<Integer> unicodeTokens;
    private final List<LexProblem> problems;
    private final LexerSettings settings;

    UescapeClauses(List<Token> tokens, Set<Integer> unicodeTokens, List<LexProblem> problems, LexerSettings settings) {
        this.tokens = tokens;
        this.unicodeTokens = unicodeTokens;
        this.problems = problems;
        this.settings = settings;
    }

    /** The tokens with every Unicode literal decoded and merged with its clause. */
    List<Token> resolve() {
        if (unicodeTokens.isEmpty()) {
            return tokens;
        }
        var out = new ArrayList<Token>(tokens.size());
        int k = 0;
        while (k < tokens.size()) {
            if (!unicodeTokens.contains(k)) {
                out.add(tokens.get(k));
                k++;
                continue;
            }
            int last = clauseEnd(k);
            out.add(merge(k, last));
            k = last + 1;
        }
        return out;
    }

    /** The index of the last token of the literal at {@code at} and its {@code UESCAPE} clause. */
    private int clauseEnd(int at) {
        int keyword = nextSignificant(at);
        if (keyword < 0 || !tokens.get(keyword).is("uescape")) {
            return at;
        }
        int string = nextSignificant(keyword);
        if (string < 0 || !isSimpleString(tokens.get(string))) {
            problems.add(
                    new LexProblem(tokens.get(keyword).start(), "UESCAPE must be followed by a simple string literal"));
            return keyword;
        }
        return string;
    }

    private Token merge(int at, int last) {
        Token literal = tokens.get(at);
        char escape = '\\';
        boolean usable = literal.value() != null;
        if (last > at && tokens.get(last).kind() != TokenKind.IDENTIFIER) {
            Token clause = tokens.get(last);
            String value = clause.value();
            if (value == null
                    || value.length() != 1
                    || value.charAt(0) >= 0x80
                    || !UnicodeEscapes.isValidEscapeChar(value.charAt(0), settings)) {
                problems.add(new LexProblem(clause.start(), "invalid Unicode escape character"));
                usable = false;
            } else {
                escape = value.charAt(0);
            }
        } else if (last > at) {
            usable = false; // UESCAPE without its string: already a problem
        }
        String decoded = usable ? UnicodeEscapes.decode(literal.value(), escape, literal.start(), problems) : null;
        if (literal.kind() == TokenKind.QUOTED_IDENTIFIER) {
            decoded = SqlLexer.truncated(decoded);
        }
        var text = new StringBuilder();
        for (int k = at; k <= last; k++) {
            text.append(tokens.get(k).text());
        }
        return new Token(literal.kind(), literal.start(), tokens.get(last).end(), text.toString(), decoded);
    }

    private int nextSignificant(int after) {
        for (int k = after + 1; k < tokens.size(); k++) {
            if (tokens.get(k).significant()) {
                return k;
            }
        }
        return -1;
    }

    /** scan.l's {@code SCONST}: a plain, {@code E''} or dollar-quoted string — not N'', U&'', B'' or X''. */
    private static boolean isSimpleString(Token token) {
        if (token.kind() == TokenKind.DOLLAR_STRING) {
            return true;
        }
        if (token.kind() != TokenKind.STRING) {
            return false;
        }
        char first = token.text().charAt(0);
        return first == '\'' || first == 'e' || first == 'E';
    }
}
