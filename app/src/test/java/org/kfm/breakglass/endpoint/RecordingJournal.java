package org.kfm.breakglass.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.kfm.breakglass.endpoint.upstream.AuditUnavailable;
import org.kfm.breakglass.endpoint.upstream.ClientJournal;
import org.kfm.breakglass.endpoint.upstream.ClientRecord;
import org.kfm.breakglass.endpoint.upstream.PeerRecord;
import org.kfm.breakglass.endpoint.upstream.StatementDenial;
import org.kfm.breakglass.endpoint.upstream.StatementOutcome;
import org.kfm.breakglass.endpoint.upstream.StatementStart;
import org.kfm.breakglass.endpoint.upstream.StatementTicket;

/**
 * The tests' journal: every record in memory, in order. {@link #failWith(String)} makes every later record fail
 * as a required sink that cannot ack (round 2 binds the real journal and sinks).
 */
public final class RecordingJournal implements ClientJournal {

    public sealed interface Entry {}

    public record Connected(ClientRecord client) implements Entry {}

    public record Refused(PeerRecord peer, String reason) implements Entry {}

    public record Disconnected(ClientRecord client, String reason) implements Entry {}

    public record Begin(StatementTicket ticket, ClientRecord client, StatementStart start) implements Entry {}

    public record Denied(ClientRecord client, StatementDenial denial) implements Entry {}

    public record Finished(StatementTicket ticket, StatementOutcome outcome) implements Entry {}

    public record Alarm(ClientRecord client, String reason) implements Entry {}

    private final List<Entry> entries = new ArrayList<>();
    private final AtomicLong tickets = new AtomicLong();
    private final AtomicReference<String> failingSink = new AtomicReference<>();

    /** From now on every record fails as {@code sink} (null: records work again). */
    public void failWith(String sink) {
        failingSink.set(sink);
    }

    private synchronized void add(Entry entry) throws AuditUnavailable {
        String sink = failingSink.get();
        if (sink != null) {
            throw new AuditUnavailable(sink, "connection refused (test: the sink is down)");
        }
        entries.add(entry);
        notifyAll();
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public <T extends Entry> List<T> of(Class<T> type) {
        return entries().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The outcome journaled for a begun statement, or null. */
    public StatementOutcome outcomeOf(StatementTicket ticket) {
        return of(Finished.class).stream()
                .filter(f -> f.ticket().equals(ticket))
                .map(Finished::outcome)
                .findFirst()
                .orElse(null);
    }

    /** Waits until {@code count} entries of {@code type} are there (the relay journals on its own thread). */
    public synchronized <T extends Entry> List<T> await(Class<T> type, int count, long millis)
            throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (entries.stream().filter(type::isInstance).count() < count) {
            long left = until - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return of(type);
    }

    @Override
    public void clientConnected(ClientRecord client) throws AuditUnavailable {
        add(new Connected(client));
    }

    @Override
    public void clientRefused(PeerRecord peer, String reason) throws AuditUnavailable {
        add(new Refused(peer, reason));
    }

    @Override
    public void clientDisconnected(ClientRecord client, String reason) throws AuditUnavailable {
        add(new Disconnected(client, reason));
    }

    @Override
    public StatementTicket begin(ClientRecord client, StatementStart start) throws AuditUnavailable {
        var ticket = new StatementTicket("t" + tickets.incrementAndGet());
        add(new Begin(ticket, client, start));
        return ticket;
    }

    @Override
    public void denied(ClientRecord client, StatementDenial denial) throws AuditUnavailable {
        add(new Denied(client, denial));
    }

    @Override
    public void finished(StatementTicket ticket, StatementOutcome outcome) throws AuditUnavailable {
        add(new Finished(ticket, outcome));
    }

    @Override
    public void alarm(ClientRecord client, String reason) throws AuditUnavailable {
        add(new Alarm(client, reason));
    }
}
