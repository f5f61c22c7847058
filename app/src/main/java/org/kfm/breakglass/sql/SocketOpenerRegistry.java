package org.kfm.breakglass.sql;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps the random id pgjdbc passes to {@link TunnelSocketFactory} (as {@code socketFactoryArg}) to the opener
 * of one {@link DatabaseLink}. pgjdbc instantiates socket factories by class name, so this is the only way to
 * hand it a live object. The id is random so one link can never ride another link's tunnel.
 */
final class SocketOpenerRegistry {

    private static final Map<String, SocketOpener> OPENERS = new ConcurrentHashMap<>();

    private SocketOpenerRegistry() {}

    /** Registers {@code opener}; closing the registration removes it. */
    static Registration register(SocketOpener opener) {
        var id = UUID.randomUUID().toString();
        OPENERS.put(id, opener);
        return new Registration(id);
    }

    static SocketOpener lookup(String id) {
        return id == null ? null : OPENERS.get(id);
    }

    static int size() {
        return OPENERS.size();
    }

    /** One registered opener; {@link #close()} unregisters it. */
    record Registration(String id) implements AutoCloseable {
        @Override
        public void close() {
            OPENERS.remove(id);
        }
    }
}
