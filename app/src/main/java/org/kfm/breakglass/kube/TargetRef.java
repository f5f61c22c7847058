package org.kfm.breakglass.kube;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the operator asked to forward to, in kubectl's syntax: {@code svc/postgis:5432}, {@code service/postgis:pg},
 * {@code pod/postgis-0:5432}. The port is a number or a port name.
 *
 * @param kind the kind of object
 * @param name the object's name
 * @param port the port as written: digits or a name
 */
public record TargetRef(Kind kind, String name, String port) {

    /** The object kinds a forward may target. */
    public enum Kind {
        SERVICE,
        POD
    }

    private static final Pattern SYNTAX = Pattern.compile(
            "(?<kind>[a-zA-Z]+)/(?<name>[a-z0-9]([-a-z0-9.]*[a-z0-9])?):(?<port>[0-9]{1,5}|[a-z0-9]([-a-z0-9]*[a-z0-9])?)");

    public TargetRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(port, "port");
    }

    /** Parses {@code KIND/NAME:PORT}; a clear {@link IllegalArgumentException} otherwise. */
    public static TargetRef parse(String text) {
        var m = SYNTAX.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("Target '" + text + "' is not of the form svc/NAME:PORT or "
                    + "pod/NAME:PORT (PORT a number or a port name), e.g. svc/postgis:5432");
        }
        var kind = switch (m.group("kind").toLowerCase(Locale.ROOT)) {
            case "svc", "service", "services" -> Kind.SERVICE;
            case "po", "pod", "pods" -> Kind.POD;
            default ->
                throw new IllegalArgumentException("Target '" + text + "' names kind '" + m.group("kind")
                        + "': only svc/ (service/) and pod/ targets can be forwarded");
        };
        var port = m.group("port");
        if (isNumeric(port)) {
            int n = Integer.parseInt(port);
            if (n < 1 || n > 65535) {
                throw new IllegalArgumentException(
                        "Target '" + text + "' has port " + n + ": use 1-65535 or a port name");
            }
        }
        return new TargetRef(kind, m.group("name"), port);
    }

    /** Whether the port was given as a number. */
    public boolean numericPort() {
        return isNumeric(port);
    }

    private static boolean isNumeric(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    @Override
    public String toString() {
        return (kind == Kind.SERVICE ? "svc/" : "pod/") + name + ":" + port;
    }
}
