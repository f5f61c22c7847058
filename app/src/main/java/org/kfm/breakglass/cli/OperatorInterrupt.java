package org.kfm.breakglass.cli;

import org.kfm.breakglass.session.BreakGlassSession;

/**
 * Ctrl-C (SIGINT, SIGTERM) while a session serves clients: a shutdown hook closes the session, so its clients get
 * FATAL 57P01, {@code session.end} and the seal are written before the JVM exits. Removed when the command ends
 * on its own.
 */
final class OperatorInterrupt implements AutoCloseable {
    private final Thread hook;

    private OperatorInterrupt(Thread hook) {
        this.hook = hook;
    }

    static OperatorInterrupt closes(BreakGlassSession session) {
        var hook = new Thread(session::close, "breakglass-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return new OperatorInterrupt(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running or has run, and closes the session itself.
        }
    }
}
