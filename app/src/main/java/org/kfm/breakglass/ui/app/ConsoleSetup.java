package org.kfm.breakglass.ui.app;

import java.nio.file.Path;
import java.time.Clock;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.UiThread;
import org.kfm.breakglass.ui.port.ConsolePort;
import org.kfm.breakglass.ui.port.DemoClusterStarter;
import org.kfm.breakglass.ui.results.SpatialPreviewFactory;

/**
 * What the console window is built from. {@code demoStarter} may be null (no demo offer); {@code stateDirectory}
 * holds recent targets and query history.
 */
public record ConsoleSetup(
        ConsolePort port,
        DemoClusterStarter demoStarter,
        UiThread ui,
        BackgroundWork work,
        Path stateDirectory,
        Clock clock,
        SpatialPreviewFactory spatial) {}
