package org.kfm.breakglass.audit;

import java.util.UUID;

/** One difference between the local journal and its witness, named with the session it concerns. */
public record WitnessFinding(Kind kind, UUID session, String message) {

    /** What the difference means. */
    public enum Kind {
        /** The witness has the session; the local journal does not (deleted, or the tail was cut). */
        DELETED,
        /** The session's start or seal differs from the witness (edited, re-chained, re-signed). */
        REWRITTEN,
        /** The witness has the session's seal; the local journal has no seal for it (events were cut). */
        TRUNCATED,
        /** A local session of the witnessed scope, started after the witness began, that it never saw. */
        UNWITNESSED,
        /** The witness saw the start but holds no seal: nothing after the start can be checked. */
        SEAL_UNWITNESSED,
        /** The console died mid-session; the seal was written by crash recovery at the next start. */
        RECOVERED,
        /** The witness object was created long after the time it vouches for: written later, by hand. */
        BACKDATED,
        /** A witness object that is not a well-formed entry. */
        MALFORMED
    }

    @Override
    public String toString() {
        return kind + " session " + (session == null ? "?" : session) + ": " + message;
    }
}
