package org.kfm.breakglass.kube;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.kfm.breakglass.text.TerminalText;

/**
 * What the operator asked to connect to. Plain Kubernetes objects in kubectl's syntax — {@code svc/postgis:5432},
 * {@code service/postgis:pg}, {@code pod/postgis-0:5432} (the port a number or a port name) — or a cluster of a
 * PostgreSQL operator by its name and the role wanted: {@code cnpg/NAME[:rw|ro]} (CloudNativePG),
 * {@code zalando/NAME[:master|replica]} (Zalando postgres-operator), {@code crunchy/NAME[:primary|replicas]}
 * (Crunchy PGO). An operator target names no port: the operator's Service fixes it. Without a role an operator
 * target means the primary.
 *
 * <p>The role, not a pod name, is what a target stands for: resolving it again after a failover finds the pod that
 * plays the role now (docs/decisions/0013).
 *
 * @param kind the kind of target
 * @param name the object's (or operator cluster's) name
 * @param port the port as written (digits or a name); empty for operator targets
 * @param role the role asked for: {@link Role#ANY} for plain Service and pod targets
 */
public record TargetRef(Kind kind, String name, String port, Role role) {

    /** The target kinds, each with the prefix {@code --target} uses for it. */
    public enum Kind {
        SERVICE("svc"),
        POD("pod"),
        CLOUDNATIVE_PG("cnpg"),
        ZALANDO("zalando"),
        CRUNCHY("crunchy");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** The prefix before the slash, e.g. {@code cnpg}. */
        public String prefix() {
            return prefix;
        }

        /** Whether this is a PostgreSQL operator's cluster rather than a plain Kubernetes object. */
        public boolean operator() {
            return this != SERVICE && this != POD;
        }
    }

    /** The role a target asks for. */
    public enum Role {
        /** Whatever pod the Service (or the named pod) is: plain targets. */
        ANY,
        /** The cluster's current primary (read-write) instance. */
        PRIMARY,
        /** One of the cluster's replicas (hot standbys). */
        REPLICA
    }

    private static final Pattern SHAPE = Pattern.compile("(?<kind>[a-zA-Z]+)/(?<rest>.*)");
    private static final Pattern PLAIN = Pattern.compile(
            "(?<name>[a-z0-9]([-a-z0-9.]*[a-z0-9])?):(?<port>[0-9]{1,5}|[a-z0-9]([-a-z0-9]*[a-z0-9])?)");
    private static final Pattern OPERATOR = Pattern.compile("(?<name>[a-z0-9]([-a-z0-9]*[a-z0-9])?)(:(?<role>.*))?");
    private static final String FORMS =
            "svc/NAME:PORT, pod/NAME:PORT, cnpg/NAME[:rw|ro], zalando/NAME[:master|replica] or "
                    + "crunchy/NAME[:primary|replicas]";

    public TargetRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(role, "role");
        if (kind.operator() == (role == Role.ANY)) {
            throw new IllegalArgumentException(
                    kind.operator()
                            ? "an operator target asks for the primary or a replica, not ANY"
                            : "a " + kind.prefix() + "/ target asks for no role");
        }
    }

    /** A plain Service or pod target ({@link Role#ANY}). */
    public TargetRef(Kind kind, String name, String port) {
        this(kind, name, port, Role.ANY);
    }

    /**
     * Parses a target; a clear {@link IllegalArgumentException} (bad usage, exit 2) otherwise. Every name must be
     * one Kubernetes allows (a Service a DNS-1035 label, a pod a DNS-1123 subdomain, an operator cluster a name
     * whose derived Service names are DNS-1035 labels), a port name an IANA service name: names become URL path
     * segments.
     */
    public static TargetRef parse(String text) {
        String shown = TerminalText.escape(text);
        var shape = SHAPE.matcher(text == null ? "" : text.trim());
        if (!shape.matches()) {
            throw new IllegalArgumentException("Target '" + shown + "' is not of the form " + FORMS
                    + " (PORT a number or a port name), " + "e.g. svc/postgis:5432 or cnpg/kfm:rw");
        }
        var kind = kind(shown, shape.group("kind"));
        String rest = shape.group("rest");
        return kind.operator() ? operator(shown, kind, rest) : plain(shown, kind, rest);
    }

    private static Kind kind(String shown, String prefix) {
        return switch (prefix.toLowerCase(Locale.ROOT)) {
            case "svc", "service", "services" -> Kind.SERVICE;
            case "po", "pod", "pods" -> Kind.POD;
            case "cnpg" -> Kind.CLOUDNATIVE_PG;
            case "zalando" -> Kind.ZALANDO;
            case "crunchy" -> Kind.CRUNCHY;
            default ->
                throw new IllegalArgumentException("Target '" + shown + "' names kind '" + TerminalText.escape(prefix)
                        + "': only svc/ (service/), pod/, cnpg/, zalando/ and crunchy/ targets can be forwarded");
        };
    }

    private static TargetRef plain(String shown, Kind kind, String rest) {
        var m = PLAIN.matcher(rest);
        if (!m.matches()) {
            throw new IllegalArgumentException("Target '" + shown + "' is not of the form " + kind.prefix()
                    + "/NAME:PORT (PORT a number or a port name), e.g. " + kind.prefix() + "/postgis:5432");
        }
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
        return new TargetRef(kind, name, port, Role.ANY);
    }

    private static TargetRef operator(String shown, Kind kind, String rest) {
        var m = OPERATOR.matcher(rest);
        if (!m.matches()) {
            throw new IllegalArgumentException("Target '" + shown + "' is not of the form " + kind.prefix() + "/NAME"
                    + roleSyntax(kind) + ": NAME is the " + operatorName(kind) + " cluster's name");
        }
        var name = m.group("name");
        // The operator derives Service names from the cluster name; the longest must still be a Service name.
        if (!KubeNames.isServiceName(name + longestSuffix(kind))) {
            throw new IllegalArgumentException("Target '" + shown + "' names a " + operatorName(kind)
                    + " cluster that cannot exist (its Services are named " + name + longestSuffix(kind)
                    + ", which must be a DNS-1035 label: at most 63 of a-z, 0-9 and '-', starting with a letter)");
        }
        var role = m.group("role") == null ? Role.PRIMARY : role(shown, kind, m.group("role"));
        return new TargetRef(kind, name, "", role);
    }

    private static Role role(String shown, Kind kind, String word) {
        String[] words = roleWords(kind);
        if (words[0].equals(word)) {
            return Role.PRIMARY;
        }
        if (words[1].equals(word)) {
            return Role.REPLICA;
        }
        throw new IllegalArgumentException("Target '" + shown + "' asks for role '" + TerminalText.escape(word)
                + "': " + kind.prefix() + "/NAME takes :" + words[0] + " (the primary, the default) or :" + words[1]
                + " (a replica)" + (isNumeric(word) ? "; an operator target names no port" : ""));
    }

    /** The role words in the operator's own vocabulary: primary first, then replica. */
    private static String[] roleWords(Kind kind) {
        return switch (kind) {
            case CLOUDNATIVE_PG -> new String[] {"rw", "ro"};
            case ZALANDO -> new String[] {"master", "replica"};
            case CRUNCHY -> new String[] {"primary", "replicas"};
            case SERVICE, POD -> throw new IllegalStateException(kind + " has no roles");
        };
    }

    private static String roleSyntax(Kind kind) {
        String[] words = roleWords(kind);
        return "[:" + words[0] + "|" + words[1] + "]";
    }

    private static String longestSuffix(Kind kind) {
        return switch (kind) {
            case CLOUDNATIVE_PG -> "-rw";
            case ZALANDO -> "-repl";
            case CRUNCHY -> "-replicas";
            case SERVICE, POD -> "";
        };
    }

    private static String operatorName(Kind kind) {
        return switch (kind) {
            case CLOUDNATIVE_PG -> "CloudNativePG";
            case ZALANDO -> "Zalando postgres-operator";
            case CRUNCHY -> "Crunchy PGO";
            case SERVICE, POD -> kind.prefix();
        };
    }

    /** Whether the port was given as a number. */
    public boolean numericPort() {
        return isNumeric(port);
    }

    private static boolean isNumeric(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    /** The canonical text: {@code svc/NAME:PORT}, {@code pod/NAME:PORT}, {@code cnpg/NAME:rw}, … */
    @Override
    public String toString() {
        if (!kind.operator()) {
            return kind.prefix() + "/" + name + ":" + port;
        }
        return kind.prefix() + "/" + name + ":" + roleWords(kind)[role == Role.REPLICA ? 1 : 0];
    }
}
