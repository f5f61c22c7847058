package org.kfm.breakglass.endpoint.proxy;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.kfm.breakglass.endpoint.upstream.LexicalSettings;

/**
 * What the client side and the relay of one connection share, under one lock: the forwarded messages still
 * waiting for their replies, the statements and portals the server has confirmed, the batch the server is
 * skipping after an error, COPY state and the lexical settings the server reported.
 *
 * <p>The client side looks a name up in the current batch's own pending messages first (an error before them
 * makes the server skip the message that uses them too, so they cannot mislead), and otherwise only in what the
 * server confirmed: while an earlier batch is still unanswered it waits, since that batch may yet fail and undo
 * what it seemed to define.
 */
final class ConnectionState {
    final ReentrantLock lock = new ReentrantLock();
    private final Condition answered = lock.newCondition();

    final ArrayDeque<Expectation> pending = new ArrayDeque<>();
    final Map<String, Prepared> statements = new HashMap<>();
    final Map<String, Portal> portals = new HashMap<>();
    /** The run each portal's Executes add to, until the portal is replaced, closed or its transaction ends. */
    final Map<String, PortalRun> openRuns = new HashMap<>();

    long skippingBatch = -1;
    boolean copyIn;
    StatementRun copyInRun;
    char transactionStatus = 'I';
    LexicalSettings lexical;
    boolean closed;

    record PortalRun(Portal portal, StatementRun run) {}

    /** Adds an expectation; false when the server is skipping its batch (the message must not be sent). */
    boolean enqueue(Expectation expectation) throws ConnectionClosed {
        lock.lock();
        try {
            if (closed) {
                throw new ConnectionClosed();
            }
            if (skippingBatch == expectation.batch() && !(expectation instanceof Expectation.SyncExpected)) {
                return false;
            }
            pending.addLast(expectation);
            if (expectation instanceof Expectation.ExecuteExpected e) {
                e.run().executeSent();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean skipping(long batch) {
        lock.lock();
        try {
            return skippingBatch == batch;
        } finally {
            lock.unlock();
        }
    }

    /** The statement a Bind in {@code batch} would use, or null when the server has none by that name. */
    Prepared statement(String name, long batch, Runnable beforeWaiting) throws ConnectionClosed {
        lock.lock();
        try {
            while (true) {
                for (Iterator<Expectation> it = pending.descendingIterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (e.batch() != batch) {
                        break;
                    }
                    if (e instanceof Expectation.ParseExpected p && p.name().equals(name)) {
                        return p.prepared();
                    }
                    if (e instanceof Expectation.CloseExpected c
                            && c.kind() == 'S'
                            && c.name().equals(name)) {
                        return null;
                    }
                }
                if (!awaitEarlierBatches(batch, beforeWaiting)) {
                    return statements.get(name);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The portal an Execute in {@code batch} would run, or null. */
    Portal portal(String name, long batch, Runnable beforeWaiting) throws ConnectionClosed {
        lock.lock();
        try {
            while (true) {
                for (Iterator<Expectation> it = pending.descendingIterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (e.batch() != batch) {
                        break;
                    }
                    if (e instanceof Expectation.BindExpected b && b.name().equals(name)) {
                        return b.portal();
                    }
                    if (e instanceof Expectation.CloseExpected c
                            && c.kind() == 'P'
                            && c.name().equals(name)) {
                        return null;
                    }
                }
                if (!awaitEarlierBatches(batch, beforeWaiting)) {
                    return portals.get(name);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The portal or statement a Describe refers to, without waiting (only for attaching column names). */
    Portal peekPortal(String name, long batch) {
        lock.lock();
        try {
            for (Iterator<Expectation> it = pending.descendingIterator(); it.hasNext(); ) {
                var e = it.next();
                if (e instanceof Expectation.BindExpected b && b.name().equals(name) && e.batch() == batch) {
                    return b.portal();
                }
            }
            return portals.get(name);
        } finally {
            lock.unlock();
        }
    }

    Prepared peekStatement(String name, long batch) {
        lock.lock();
        try {
            for (Iterator<Expectation> it = pending.descendingIterator(); it.hasNext(); ) {
                var e = it.next();
                if (e instanceof Expectation.ParseExpected p && p.name().equals(name) && e.batch() == batch) {
                    return p.prepared();
                }
            }
            return statements.get(name);
        } finally {
            lock.unlock();
        }
    }

    /** Waits (lock held) while a batch before {@code batch} is unanswered; true if it waited. */
    private boolean awaitEarlierBatches(long batch, Runnable beforeWaiting) throws ConnectionClosed {
        if (pending.isEmpty() || pending.peekFirst().batch() >= batch) {
            return false;
        }
        lock.unlock();
        try {
            beforeWaiting.run(); // the server must see the Sync it is to answer
        } finally {
            lock.lock();
        }
        while (!closed && !pending.isEmpty() && pending.peekFirst().batch() < batch) {
            answered.awaitUninterruptibly();
        }
        if (closed) {
            throw new ConnectionClosed();
        }
        return true;
    }

    /** The relay popped something: wake a waiting lookup (lock held). */
    void signalAnswered() {
        answered.signalAll();
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            answered.signalAll();
        } finally {
            lock.unlock();
        }
    }

    LexicalSettings lexical() {
        lock.lock();
        try {
            return lexical;
        } finally {
            lock.unlock();
        }
    }

    /** The connection ended while the client side waited or sent. */
    static final class ConnectionClosed extends Exception {
        private static final long serialVersionUID = 1L;

        ConnectionClosed() {
            super("the connection is closed");
        }
    }
}
