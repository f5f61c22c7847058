package org.kfm.breakglass.audit;

/** What kind of damage the verifier found first. */
public enum ProblemKind {
    /** A line's content does not match its hash (or is not a valid record). */
    EDITED,
    /** An event is missing: seq or ei gap, or prev mismatch with no later line to explain it. */
    DELETED,
    /** Events are out of order: the missing seq/ei appears later. */
    REORDERED,
    /** An incomplete last line, or a seal whose count/head does not match the events before it. */
    TRUNCATED,
    /** A session started but was never sealed (or abandoned and sealed). */
    UNSEALED,
    /** A seal's Ed25519 signature is missing or wrong for the given public key. */
    BAD_SIGNATURE,
    /** The chain does not continue across a file boundary (a file missing, or from another journal). */
    SPLICED
}
