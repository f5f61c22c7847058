package org.kfm.breakglass.sql;

import java.util.List;
import java.util.Optional;
import org.kfm.breakglass.sql.lexer.TokenKind;

/**
 * Finds a call of a listed side-effecting function anywhere in a statement — in the select list, a CTE, a
 * subquery, {@code VALUES}, {@code ROWS FROM}, {@code COPY (…)}, behind {@code EXPLAIN ANALYZE} or
 * {@code DECLARE} — by the name the server resolves: unquoted names folded to lower case, quoted names exact,
 * {@code U&"…"} decoded, the last part of a schema-qualified name. A name followed by {@code (} is a call; a
 * listed name after a dot is taken for one too (attribute notation, {@code x.f} for {@code f(x)}).
 */
final class SideEffectCalls {
    private SideEffectCalls() {}

    /** Why the first such call makes {@code statement} a FUNCTION, or empty when it calls none. */
    static Optional<String> first(List<SqlToken> statement) {
        var catalogue = SideEffectCatalogue.builtIn();
        for (int i = 0; i < statement.size(); i++) {
            String name = statement.get(i).name();
            if (name == null) {
                continue;
            }
            boolean called = i + 1 < statement.size() && statement.get(i + 1).kind() == TokenKind.OPEN_PAREN;
            boolean attribute = i > 0 && statement.get(i - 1).kind() == TokenKind.DOT;
            if (called || attribute) {
                var category = catalogue.categoryOf(name);
                if (category.isPresent()) {
                    return Optional.of("calls " + name + "() [" + category.get().name() + "], which "
                            + sentence(category.get().why()));
                }
            }
        }
        return Optional.empty();
    }

    /** "Ends, cancels … included." as a clause: lower-case start, no final period. */
    private static String sentence(String why) {
        String clause = why.endsWith(".") ? why.substring(0, why.length() - 1) : why;
        return clause.isEmpty() ? clause : Character.toLowerCase(clause.charAt(0)) + clause.substring(1);
    }
}
