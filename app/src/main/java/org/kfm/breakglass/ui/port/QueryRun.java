package org.kfm.breakglass.ui.port;

/** A running statement. */
public interface QueryRun {

    /** Asks the server to cancel the statement; the listener then reports {@code failed} (SQLSTATE 57014). */
    void cancel();
}
