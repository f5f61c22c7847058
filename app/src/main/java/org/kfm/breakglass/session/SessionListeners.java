package org.kfm.breakglass.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A session's listeners, told in order; one that throws is logged and does not stop the session or the others. */
final class SessionListeners implements SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(SessionListeners.class);

    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

    void add(SessionListener listener) {
        listeners.add(listener);
    }

    @Override
    public void stateChanged(SessionState state, String reason) {
        tell(l -> l.stateChanged(state, reason));
    }

    @Override
    public void notice(String message) {
        tell(l -> l.notice(message));
    }

    @Override
    public void timeLeft(Duration left) {
        tell(l -> l.timeLeft(left));
    }

    @Override
    public void journaled(JournalLine line) {
        tell(l -> l.journaled(line));
    }

    @Override
    public void ended(SessionEnd cause, String reason) {
        tell(l -> l.ended(cause, reason));
    }

    @Override
    public void reconciled(EndReconciliation result) {
        tell(l -> l.reconciled(result));
    }

    private void tell(Consumer<SessionListener> event) {
        for (SessionListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.error("a session listener failed", e);
            }
        }
    }
}
