package org.kfm.breakglass.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.kfm.breakglass.endpoint.upstream.AuditClass;
import org.kfm.breakglass.endpoint.upstream.ClientStatement;
import org.kfm.breakglass.endpoint.upstream.LexicalSettings;
import org.kfm.breakglass.endpoint.upstream.SqlWord;
import org.kfm.breakglass.sql.ClassifiedStatement;
import org.kfm.breakglass.sql.StatementClass;
import org.kfm.breakglass.sql.StatementClassifier;
import org.kfm.breakglass.sql.lexer.LexerSettings;
import org.kfm.breakglass.sql.lexer.SqlLexer;
import org.kfm.breakglass.sql.lexer.Token;

/**
 * The tests' binding of {@code AuditedUpstream.classify} to the existing classifier ({@code sql}), as round 2's
 * session will bind it: each statement's class, reason and sendability from {@link StatementClassifier}, its
 * words from {@link SqlLexer}. The list of side-effecting calls is found by masking the call the classifier names
 * and classifying again (the classifier reports the first call only; round 2 exposes all of them).
 */
public final class SessionClassification {
    private static final Pattern FIRST_CALL = Pattern.compile("^calls (\\S+)\\(\\)");

    private SessionClassification() {}

    public static List<ClientStatement> classify(String sql, LexicalSettings lexical) {
        var settings = settings(lexical);
        var out = new ArrayList<ClientStatement>();
        for (ClassifiedStatement c : StatementClassifier.classify(sql, settings)) {
            out.add(new ClientStatement(
                    c.sql(),
                    AuditClass.valueOf(c.cls().name()),
                    c.reason(),
                    c.unsendable(),
                    words(c.sql(), settings),
                    calls(c, settings)));
        }
        return out;
    }

    static LexerSettings settings(LexicalSettings lexical) {
        return new LexerSettings(
                lexical.standardConformingStrings(),
                lexical.serverVersionNum() == 0 ? 150000 : lexical.serverVersionNum());
    }

    static List<SqlWord> words(String sql, LexerSettings settings) {
        var words = new ArrayList<SqlWord>();
        for (Token t : SqlLexer.lex(sql, settings).significant()) {
            words.add(
                    switch (t.kind()) {
                        case IDENTIFIER -> new SqlWord(SqlWord.Kind.KEYWORD, t.value());
                        case QUOTED_IDENTIFIER -> new SqlWord(SqlWord.Kind.NAME, t.value());
                        case STRING -> new SqlWord(SqlWord.Kind.STRING, t.value());
                        case NUMBER -> new SqlWord(SqlWord.Kind.NUMBER, t.text());
                        default -> new SqlWord(SqlWord.Kind.SYMBOL, t.text());
                    });
        }
        return words;
    }

    private static List<String> calls(ClassifiedStatement statement, LexerSettings settings) {
        var calls = new ArrayList<String>();
        var current = statement;
        for (int round = 0; round < 32 && current != null && current.cls() == StatementClass.FUNCTION; round++) {
            var m = FIRST_CALL.matcher(current.reason());
            if (!m.find()) {
                calls.add(current.reason()); // FUNCTION for another reason (DO, CALL, COPY … PROGRAM)
                break;
            }
            String name = m.group(1);
            calls.add(name);
            String masked = mask(current.sql(), name, settings);
            var again = StatementClassifier.classify(masked, settings);
            current = again.size() == 1 ? again.get(0) : null;
        }
        return calls;
    }

    /** The text with every token that names {@code name} replaced by an unlisted identifier. */
    private static String mask(String sql, String name, LexerSettings settings) {
        var out = new StringBuilder();
        for (Token t : SqlLexer.lex(sql, settings).tokens()) {
            out.append(name.equals(t.name()) ? "bg_masked_call" : t.text());
        }
        return out.toString();
    }
}
