package org.kfm.breakglass.session;

import java.nio.file.Path;
import java.util.Map;

/**
 * The XDG base directories for this user (config, state), each with a {@code breakglass} subdirectory. User
 * config and state never live in the install directory.
 */
public record XdgDirs(Path config, Path state) {

    public static XdgDirs from(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path config = base(env.get("XDG_CONFIG_HOME"), home.resolve(".config"));
        Path state = base(env.get("XDG_STATE_HOME"), home.resolve(".local/state"));
        return new XdgDirs(config.resolve("breakglass"), state.resolve("breakglass"));
    }

    public static XdgDirs current() {
        return from(System.getenv());
    }

    public Path auditDir() {
        return state.resolve("audit");
    }

    public Path logDir() {
        return state.resolve("logs");
    }

    /** The demo cluster's kubeconfig, policy and journal. */
    public Path demoDir() {
        return state.resolve("demo");
    }

    private static Path base(String value, Path fallback) {
        return value == null || value.isBlank() || !Path.of(value).isAbsolute() ? fallback : Path.of(value);
    }
}
