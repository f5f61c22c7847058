package org.kfm.breakglass.endpoint.proxy;

import java.util.List;

/** A portal the client bound: the statement behind it and its parameters as journaled. */
final class Portal {
    private final String name;
    private final Prepared prepared;
    private final List<String> parameters;
    private volatile List<String> columns;

    Portal(String name, Prepared prepared, List<String> parameters) {
        this.name = name;
        this.prepared = prepared;
        this.parameters = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters));
    }

    String name() {
        return name;
    }

    Prepared prepared() {
        return prepared;
    }

    List<String> parameters() {
        return parameters;
    }

    /** The columns a Describe of the portal (or of its statement) reported, else empty. */
    List<String> columns() {
        List<String> own = columns;
        if (own != null) {
            return own;
        }
        List<String> statement = prepared.columns();
        return statement == null ? List.of() : statement;
    }

    void columns(List<String> names) {
        this.columns = List.copyOf(names);
    }
}
