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
    /** A seal's Ed25519 signature is missing, wrong, or cannot be checked. */
    BAD_SIGNATURE,
    /** The chain does not continue across a file boundary (a file missing, or from another journal). */
    SPLICED,
    /** The chain does not start at genesis: its oldest lines or files are missing (or only part was given). */
    NOT_FROM_GENESIS,
    /** Nothing to verify: an empty file, or a directory without journal files or events. */
    EMPTY,
    /** The journal records a seal key other than the pinned one: its seals were re-signed. */
    RESIGNED
}
