package org.kfm.breakglass.ui.state;

import java.nio.file.Path;
import java.util.Map;

/** The console's XDG state directory: {@code ${XDG_STATE_HOME:-~/.local/state}/breakglass}. */
public final class StateDirectory {
    private StateDirectory() {}

    public static Path resolve() {
        return resolve(System.getenv(), System.getProperty("user.home"));
    }

    static Path resolve(Map<String, String> env, String home) {
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(home, ".local", "state");
        return base.resolve("breakglass");
    }
}
