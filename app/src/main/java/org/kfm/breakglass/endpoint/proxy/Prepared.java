package org.kfm.breakglass.endpoint.proxy;

import java.util.List;
import org.kfm.breakglass.endpoint.upstream.ClientStatement;

/** A statement the client parsed: the exact text sent, its classification, and its result columns once described. */
final class Prepared {
    private final String sql;
    private final ClientStatement statement;
    private volatile List<String> columns;

    Prepared(String sql, ClientStatement statement) {
        this.sql = sql;
        this.statement = statement;
    }

    String sql() {
        return sql;
    }

    ClientStatement statement() {
        return statement;
    }

    List<String> columns() {
        return columns;
    }

    void columns(List<String> names) {
        this.columns = List.copyOf(names);
    }
}
