package org.kfm.breakglass.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one place the XDG directories are computed: the journal, the logs, the GUI's state files, the demo. */
class XdgDirsTest {

    @Test
    void journalLivesInTheXdgStateDirectory() {
        assertThat(XdgDirs.from(Map.of("XDG_STATE_HOME", "/srv/state", "HOME", "/home/alice"))
                        .auditDir())
                .isEqualTo(Path.of("/srv/state/breakglass/audit"));
    }

    @Test
    void fallsBackToLocalStateUnderHomeWhenXdgIsUnsetOrRelative() {
        assertThat(XdgDirs.from(Map.of("HOME", "/home/alice")).auditDir())
                .isEqualTo(Path.of("/home/alice/.local/state/breakglass/audit"));
        assertThat(XdgDirs.from(Map.of("XDG_STATE_HOME", "state", "HOME", "/home/alice"))
                        .auditDir())
                .isEqualTo(Path.of("/home/alice/.local/state/breakglass/audit"));
    }

    @Test
    void stateDirectoryFollowsXdgStateHomeElseLocalState() {
        assertThat(XdgDirs.from(Map.of("XDG_STATE_HOME", "/x/state", "HOME", "/home/op"))
                        .state())
                .isEqualTo(Path.of("/x/state/breakglass"));
        assertThat(XdgDirs.from(Map.of("HOME", "/home/op")).state())
                .isEqualTo(Path.of("/home/op/.local/state/breakglass"));
        assertThat(XdgDirs.from(Map.of("XDG_STATE_HOME", "relative", "HOME", "/home/op"))
                        .state())
                .as("a relative XDG path is ignored, as the spec says")
                .isEqualTo(Path.of("/home/op/.local/state/breakglass"));
    }
}
