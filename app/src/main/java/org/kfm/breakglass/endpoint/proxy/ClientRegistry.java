package org.kfm.breakglass.endpoint.proxy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kfm.breakglass.endpoint.wire.ServerNotice;

/**
 * The connected clients and the cancel keys the endpoint gave them. A client's BackendKeyData is the endpoint's
 * own random pair, never the server's: a CancelRequest is looked up here and sent to the server with that
 * connection's real key, so a key is only good for this endpoint's own clients.
 */
public final class ClientRegistry {
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, ClientConnection> byKey = new ConcurrentHashMap<>();
    private final Map<String, ClientConnection> byId = new ConcurrentHashMap<>();

    /** Registers a connection; returns its key as {processId, secretKey}. */
    int[] register(ClientConnection connection) {
        while (true) {
            int pid = 1 + random.nextInt(Integer.MAX_VALUE - 1);
            int secret = random.nextInt();
            long key = ((long) pid << 32) | (secret & 0xFFFFFFFFL);
            if (byKey.putIfAbsent(key, connection) == null) {
                byId.put(connection.record().clientId(), connection);
                return new int[] {pid, secret};
            }
        }
    }

    void remove(ClientConnection connection) {
        byKey.values().removeIf(c -> c == connection);
        byId.remove(connection.record().clientId());
    }

    /** Cancels the statement of the client with that key; an unknown key is ignored, as the server does. */
    boolean cancel(int processId, int secretKey) {
        var connection = byKey.get(((long) processId << 32) | (secretKey & 0xFFFFFFFFL));
        if (connection == null) {
            return false;
        }
        connection.cancelUpstream();
        return true;
    }

    public List<ClientSummary> clients() {
        var out = new ArrayList<ClientSummary>();
        for (var c : byId.values()) {
            out.add(new ClientSummary(
                    c.record().clientId(),
                    c.record().applicationName(),
                    c.record().peer(),
                    Instant.ofEpochMilli(c.since()),
                    c.statements()));
        }
        out.sort(java.util.Comparator.comparing(ClientSummary::since));
        return out;
    }

    /**
     * Drops one client with {@code FATAL 57P01} and the reason, and ends its server backend; false when there is no
     * such client. Closing the link sends Terminate, which an idle backend reads at once; a backend in the middle of
     * a statement would read it only when the statement ends (a write would still commit, after the elevation it
     * belonged to), so the statement is cancelled too.
     */
    public boolean drop(String clientId, String reason) {
        var connection = byId.get(clientId);
        if (connection == null) {
            return false;
        }
        connection.end(reason, terminating(reason));
        connection.cancelUpstream();
        return true;
    }

    /** Ends every client with {@code FATAL 57P01} and the reason (session end, expiry, idle, tunnel lost). */
    public void endAll(String reason) {
        for (var connection : List.copyOf(byId.values())) {
            connection.end(reason, terminating(reason));
        }
    }

    static ServerNotice terminating(String reason) {
        return ServerNotice.fatal("57P01", "terminating connection: " + reason, null, null);
    }
}
