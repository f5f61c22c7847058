package org.kfm.breakglass.session;

/**
 * How much a session may change the database. Each mode maps to one of the seed's least-privilege roles; the
 * database enforces it too (read-only transactions, role grants), so the console's own checks are a first fence,
 * never the only one.
 */
public enum AccessMode {
    /** The reader role in read-only transactions: the default, and the only mode a session starts in. */
    READ_ONLY("read-only", "reader"),
    /** The writer role (INSERT/UPDATE/DELETE/COPY, no DDL); reached only by elevation. */
    WRITE("write", "writer"),
    /** The owner role (DDL, migrations); reached only by its own elevation, if the policy allows it. */
    OWNER("owner", "owner");

    private final String wireName;
    private final String role;

    AccessMode(String wireName, String role) {
        this.wireName = wireName;
        this.role = role;
    }

    /** The name written in audit records and accepted on the command line. */
    public String wireName() {
        return wireName;
    }

    /** The policy's credentials entry this mode logs in with. */
    public String role() {
        return role;
    }

    /** Parses a wire name ({@code read-only}, {@code write}, {@code owner}). */
    public static AccessMode fromWireName(String text) {
        for (AccessMode mode : values()) {
            if (mode.wireName.equalsIgnoreCase(text) || mode.name().equalsIgnoreCase(text)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + text + "': use read-only, write or owner");
    }
}
