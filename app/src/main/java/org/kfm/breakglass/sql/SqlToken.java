package org.kfm.breakglass.sql;

import org.kfm.breakglass.sql.lexer.Token;
import org.kfm.breakglass.sql.lexer.TokenKind;

/**
 * A significant token of a script with its parenthesis depth ({@code (} and {@code )} carry the outer depth), as
 * the splitter and the classifier read it.
 */
record SqlToken(Token token, int depth) {

    TokenKind kind() {
        return token.kind();
    }

    String text() {
        return token.text();
    }

    int start() {
        return token.start();
    }

    int end() {
        return token.end();
    }

    /** Upper-cased keyword of an unquoted identifier; empty for anything else. */
    String word() {
        return token.word();
    }

    boolean is(String keyword) {
        return token.is(keyword);
    }

    /** The name the server resolves an identifier to (folded or decoded); null for other tokens. */
    String name() {
        return token.name();
    }
}
