package org.kfm.breakglass.session;

/**
 * The schema browser's tree ({@link SchemaCatalog}): its catalog queries run as the operator's statements
 * (read-only, journaled), so the audit trail shows what the console itself looked at.
 */
public record ReadSchema() implements PrivilegedAction<SchemaSnapshot> {
    @Override
    public String verb() {
        return "read the schema";
    }

    @Override
    public boolean mayRunIn(SessionState state) {
        return OPEN_STATES.contains(state);
    }
}
