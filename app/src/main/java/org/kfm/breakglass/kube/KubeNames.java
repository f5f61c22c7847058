package org.kfm.breakglass.kube;

import java.util.regex.Pattern;
import org.kfm.breakglass.text.HiddenCharacters;
import org.kfm.breakglass.text.TerminalText;

/**
 * Kubernetes' naming rules for what an operator types: a namespace is a DNS-1123 label, a Service name a
 * DNS-1035 label, a pod name a DNS-1123 subdomain, a port name an IANA service name. Checked before anything is
 * opened, because these names become URL path segments ({@code /api/v1/namespaces/{ns}/…}): {@code ../kube-system}
 * must never reach a request. A kubeconfig context name has no such rule, only no hidden characters.
 * Every message shows the rejected text escaped ({@link TerminalText}).
 */
public final class KubeNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_CONTEXT = 253;

    private KubeNames() {}

    /** Throws when {@code namespace} is not a DNS-1123 label (at most 63 of a-z, 0-9 and '-'). */
    public static String requireNamespace(String namespace) {
        if (namespace == null
                || namespace.length() > 63
                || !LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace '" + TerminalText.escape(namespace)
                    + "' is not a Kubernetes namespace name (a DNS-1123 label: at most 63 lower-case letters, "
                    + "digits and '-', starting and ending with a letter or digit): check -n/--namespace and the "
                    + "context's namespace in the kubeconfig");
        }
        return namespace;
    }

    /** Throws when a context name is empty, overlong or holds hidden characters; kubeconfig decides the rest. */
    public static String requireContext(String context) {
        if (context == null || context.isBlank() || context.length() > MAX_CONTEXT) {
            throw new IllegalArgumentException("context '" + TerminalText.escape(context)
                    + "' is not a usable kubeconfig context name: name one that breakglass contexts lists");
        }
        HiddenCharacters.problem("context name", context).ifPresent(problem -> {
            throw new IllegalArgumentException(problem.replace(
                    "retype the context name as plain text", "name a context that breakglass contexts lists"));
        });
        return context;
    }

    /** Whether {@code name} may name a Service (DNS-1035 label). */
    public static boolean isServiceName(String name) {
        return name.length() <= 63 && DNS_1035_LABEL.matcher(name).matches();
    }

    /** Whether {@code name} may name a pod or a Secret (DNS-1123 subdomain). */
    public static boolean isSubdomain(String name) {
        return name != null && name.length() <= 253 && SUBDOMAIN.matcher(name).matches();
    }

    /** Whether {@code name} is an IANA service name, as container ports are named: 1-15 chars, a letter, no "--". */
    public static boolean isPortName(String name) {
        return name.length() <= 15
                && PORT_NAME.matcher(name).matches()
                && name.chars().anyMatch(Character::isLetter)
                && !name.contains("--");
    }
}
