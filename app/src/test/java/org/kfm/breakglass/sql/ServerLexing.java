package org.kfm.breakglass.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.kfm.breakglass.sql.lexer.LexerSettings;
import org.kfm.breakglass.sql.lexer.SqlLexer;
import org.kfm.breakglass.sql.lexer.TokenKind;
import org.kfm.breakglass.testkit.LocalPostgis;

/**
 * Test-side comparison of the lexer with the server: what the lexer predicts a script of SELECT lists returns,
 * and what the server returns for the script sent as one simple-protocol Query (so the server splits it).
 */
final class ServerLexing {
    private ServerLexing() {}

    /** One predicted column: its literal value and its label, where the lexer can tell. */
    record Column(String value, String label) {}

    /** What the server returned for one statement: column labels and the first row. */
    record Result(List<String> labels, List<String> values) {}

    static List<List<Column>> predict(String text, LexerSettings settings) {
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
    static List<Result> run(LocalPostgis pg, String text, LexerSettings settings) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                        pg.jdbcUrl() + "&preferQueryMode=simple",
                        pg.reader().user(),
                        pg.reader().password());
                Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = 5000");
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
