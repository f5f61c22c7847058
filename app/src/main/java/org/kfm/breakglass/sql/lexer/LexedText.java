package org.kfm.breakglass.sql.lexer;

import java.util.List;

/**
 * SQL text cut into tokens that cover it exactly (whitespace and comments included, in order, without gaps), and
 * what the server's scanner would reject in it.
 */
public record LexedText(String text, List<Token> tokens, List<LexProblem> problems) {

    public LexedText {
        tokens = List.copyOf(tokens);
        problems = List.copyOf(problems);
    }

    /** The tokens that matter to the grammar: no whitespace, no comments. */
    public List<Token> significant() {
        return tokens.stream().filter(Token::significant).toList();
    }
}
