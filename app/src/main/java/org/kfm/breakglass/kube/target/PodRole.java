package org.kfm.breakglass.kube.target;

/**
 * The role a resolved pod plays in its cluster, as the operator labels it. The labels are the operator's view; the
 * session confirms it on the server ({@code pg_is_in_recovery()}) before it trusts it.
 */
public enum PodRole {
    /** The read-write primary (CloudNativePG {@code primary}, Patroni's leader {@code master}). */
    PRIMARY,
    /** A hot standby. */
    REPLICA,
    /** A plain Service or pod, or a pod no operator labelled. */
    UNKNOWN;

    /** Lower-case, as shown and journaled. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
