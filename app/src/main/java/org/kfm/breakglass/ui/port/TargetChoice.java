package org.kfm.breakglass.ui.port;

/**
 * What the operator wants to reach.
 *
 * @param target {@code svc/NAME:PORT} or {@code pod/NAME:PORT}; the port may be a number or a named port
 */
public record TargetChoice(String context, String namespace, String target, String database) {

    /** One key per target, for history and recent lists. */
    public String key() {
        return context + "/" + namespace + "/" + target + "/" + database;
    }
}
