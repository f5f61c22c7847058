package org.kfm.breakglass.evidence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.kfm.breakglass.audit.AuditEvent;
import org.kfm.breakglass.audit.JournalReader;
import org.kfm.breakglass.session.SessionFailure;

/** A journal directory read back for the after-session commands: its events in chain order and its sessions. */
record JournalSessions(Path dir, List<AuditEvent> events, Map<UUID, SessionHistory> sessions) {

    static JournalSessions read(Path dir) throws SessionFailure {
        try {
            var events = JournalReader.read(List.of(dir), Optional.empty()).events();
            return new JournalSessions(dir, events, SessionHistory.all(events));
        } catch (IOException | IllegalArgumentException e) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE,
                    "cannot read the journal at " + dir + ": " + e.getMessage() + " — pass the audit directory",
                    e);
        }
    }

    /** The session, sealed; a clear usage error when the journal has no such session or it is still open. */
    SessionHistory sealed(String id) throws SessionFailure {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE, "--session takes the session's id as audit show prints it (a UUID)", e);
        }
        var h = sessions.get(uuid);
        if (h == null) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE, "the journal at " + dir + " has no session " + uuid + " (audit show)");
        }
        if (!h.sealed()) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE,
                    "session " + uuid + " is not sealed: it is still open in a console, or its console died and the"
                            + " next start seals it");
        }
        return h;
    }
}
