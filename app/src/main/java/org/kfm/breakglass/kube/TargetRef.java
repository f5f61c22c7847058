package org.kfm.breakglass.kube;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.kfm.breakglass.text.TerminalText;

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

    /**
     * Parses {@code KIND/NAME:PORT}; a clear {@link IllegalArgumentException} otherwise. The name must be what
     * Kubernetes allows for the kind (a Service a DNS-1035 label, a pod a DNS-1123 subdomain), a port name an
     * IANA service name: the name becomes a URL path segment.
     */
    public static TargetRef parse(String text) {
        String shown = TerminalText.escape(text);
        var m = SYNTAX.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("Target '" + shown + "' is not of the form svc/NAME:PORT or "
                    + "pod/NAME:PORT (PORT a number or a port name), e.g. svc/postgis:5432");
        }
        var kind = switch (m.group("kind").toLowerCase(Locale.ROOT)) {
            case "svc", "service", "services" -> Kind.SERVICE;
            case "po", "pod", "pods" -> Kind.POD;
            default ->
                throw new IllegalArgumentException("Target '" + shown + "' names kind '" + m.group("kind")
                        + "': only svc/ (service/) and pod/ targets can be forwarded");
        };
        var name = m.group("name");
        if (kind == Kind.SERVICE ? !KubeNames.isServiceName(name) : !KubeNames.isSubdomain(name)) {
            throw new IllegalArgumentException("Target '" + shown + "' names "
                    + (kind == Kind.SERVICE
                            ? "a Service that cannot exist (a DNS-1035 label: at most 63 of a-z, 0-9 and '-', "
                                    + "starting with a letter)"
                            : "a pod that cannot exist (a DNS-1123 subdomain of at most 253 characters)")
                    + ": check --target");
        }
        var port = m.group("port");
        if (isNumeric(port)) {
            int n = Integer.parseInt(port);
            if (n < 1 || n > 65535) {
                throw new IllegalArgumentException(
                        "Target '" + shown + "' has port " + n + ": use 1-65535 or a port name");
            }
        } else if (!KubeNames.isPortName(port)) {
            throw new IllegalArgumentException("Target '" + shown + "' has port name '" + port
                    + "', which no container port can have (1-15 of a-z, 0-9 and '-', with a letter, no '--')");
        }
        return new TargetRef(kind, name, port);
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
