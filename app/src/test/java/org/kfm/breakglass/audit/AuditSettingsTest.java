package org.kfm.breakglass.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditSettingsTest {

    @Test
    void journalLivesInTheXdgStateDirectory() {
        assertThat(AuditSettings.defaultJournalDir(Map.of("XDG_STATE_HOME", "/srv/state"), Path.of("/home/alice")))
                .isEqualTo(Path.of("/srv/state/breakglass/audit"));
    }

    @Test
    void fallsBackToLocalStateUnderHomeWhenXdgIsUnsetOrRelative() {
        assertThat(AuditSettings.defaultJournalDir(Map.of(), Path.of("/home/alice")))
                .isEqualTo(Path.of("/home/alice/.local/state/breakglass/audit"));
        assertThat(AuditSettings.defaultJournalDir(Map.of("XDG_STATE_HOME", "state"), Path.of("/home/alice")))
                .isEqualTo(Path.of("/home/alice/.local/state/breakglass/audit"));
    }
}
