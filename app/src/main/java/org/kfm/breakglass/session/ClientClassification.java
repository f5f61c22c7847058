package org.kfm.breakglass.session;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.kfm.breakglass.sql.ClassifiedStatement;
import org.kfm.breakglass.sql.StatementClass;
import org.kfm.breakglass.sql.StatementClassifier;
import org.kfm.breakglass.sql.lexer.LexerSettings;
import org.kfm.breakglass.sql.lexer.SqlLexer;
import org.kfm.breakglass.sql.lexer.Token;

/**
 * Classifies an endpoint client's SQL with the console's own classifier: each statement's class, reason and
 * sendability from {@link StatementClassifier}, its words from {@link SqlLexer}, and every side-effecting call
 * (the classifier names the first; the others are found by masking the named call and classifying again).
 */
final class ClientClassification {
    private static final Pattern FIRST_CALL = Pattern.compile("^calls (\\S+)\\(\\)");
    /** More calls than this in one statement are not listed one by one: the statement is FUNCTION anyway. */
    private static final int MAX_CALLS = 32;

    private ClientClassification() {}

    static List<ClientStatementText> classify(String sql, boolean standardConformingStrings, int serverVersionNum) {
        var settings = new LexerSettings(standardConformingStrings, serverVersionNum == 0 ? 150000 : serverVersionNum);
        var out = new ArrayList<ClientStatementText>();
        for (ClassifiedStatement c : StatementClassifier.classify(sql, settings)) {
            out.add(text(c, settings));
        }
        return out;
    }

    /** One classified statement with its words and calls, as {@link SetupRule} reads it. */
    static ClientStatementText text(ClassifiedStatement c, LexerSettings settings) {
        return new ClientStatementText(
                c.sql(), c.cls().name(), c.reason(), c.unsendable(), words(c.sql(), settings), calls(c, settings));
    }

    private static List<ClientStatementText.Word> words(String sql, LexerSettings settings) {
        var words = new ArrayList<ClientStatementText.Word>();
        for (Token t : SqlLexer.lex(sql, settings).significant()) {
            words.add(
                    switch (t.kind()) {
                        case IDENTIFIER -> word(ClientStatementText.Word.Kind.KEYWORD, t.value());
                        case QUOTED_IDENTIFIER -> word(ClientStatementText.Word.Kind.NAME, t.value());
                        case STRING -> word(ClientStatementText.Word.Kind.STRING, t.value());
                        case NUMBER -> word(ClientStatementText.Word.Kind.NUMBER, t.text());
                        default -> word(ClientStatementText.Word.Kind.SYMBOL, t.text());
                    });
        }
        return words;
    }

    private static ClientStatementText.Word word(ClientStatementText.Word.Kind kind, String value) {
        return new ClientStatementText.Word(kind, value);
    }

    private static List<String> calls(ClassifiedStatement statement, LexerSettings settings) {
        var calls = new ArrayList<String>();
        var current = statement;
        for (int round = 0; round < MAX_CALLS && current != null && current.cls() == StatementClass.FUNCTION; round++) {
            var m = FIRST_CALL.matcher(current.reason());
            if (!m.find()) {
                calls.add(current.reason()); // FUNCTION for another reason (DO, CALL, COPY … PROGRAM)
                break;
            }
            String name = m.group(1);
            calls.add(name);
            var again = StatementClassifier.classify(mask(current.sql(), name, settings), settings);
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
