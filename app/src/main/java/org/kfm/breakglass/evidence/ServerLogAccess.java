package org.kfm.breakglass.evidence;

import java.util.List;
import org.kfm.breakglass.evidence.serverlog.ServerLog;

/**
 * What the console could get of the server's log for a session: the logs it read (one per pod the session reached,
 * already parsed), or why it could read none — RBAC without {@code pods/log}, a pod gone, a log format it cannot
 * read. Reading is the caller's job (through the session and kube in the console); reconciling never fetches.
 */
public sealed interface ServerLogAccess {

    /** The logs read. */
    record Read(List<ServerLog> logs) implements ServerLogAccess {
        public Read {
            logs = List.copyOf(logs);
        }
    }

    /** No log could be read; {@code reason} says why and what would fix it. */
    record Unavailable(String reason) implements ServerLogAccess {}
}
