package org.kfm.breakglass.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kfm.breakglass.audit.AuditEvent;
import org.kfm.breakglass.audit.JournalReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-session role names of the sessions a journal shows ended ({@code session.end} or, for a console that
 * died, the {@code session.abandoned} the next start wrote): the only roles the sweep may drop. A role whose
 * session this journal does not know (another workstation's console, still open) is left alone.
 */
final class EndedSessionRoles {
    private static final Logger LOG = LoggerFactory.getLogger(EndedSessionRoles.class);

    private EndedSessionRoles() {}

    static Set<String> in(Path journalDir) {
        var names = new HashSet<String>();
        try {
            for (AuditEvent e :
                    JournalReader.read(List.of(journalDir), Optional.empty()).events()) {
                if (e.session() != null && e.type().closesSession()) {
                    names.add(SessionRole.nameFor(e.session().toString()));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // Without the journal no role can be shown ended: nothing is swept, and the log says why.
            LOG.warn("the journal at {} cannot be read for the role sweep: {}", journalDir, e.getMessage());
        }
        return names;
    }
}
