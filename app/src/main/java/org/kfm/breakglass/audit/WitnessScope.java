package org.kfm.breakglass.audit;

/**
 * Which sessions a witness is expected to have seen: those to one API server and namespace (the cluster
 * witness), or every session (a remote sink's copy). Sessions are also compared only for the workstations
 * ({@code osUser@host}) whose journal is being verified, since one witness serves many operators.
 *
 * @param name      how reports name the witness, e.g. {@code cluster witness (kfm-stage on https://…)}
 * @param server    the API server, or null for any
 * @param namespace the namespace, or null for any
 */
public record WitnessScope(String name, String server, String namespace) {

    /** A witness that sees every session (a remote sink). */
    public static WitnessScope everySession(String name) {
        return new WitnessScope(name, null, null);
    }

    /** Whether a session to {@code sessionServer}/{@code sessionNamespace} should have been witnessed. */
    public boolean covers(String sessionServer, String sessionNamespace) {
        return (server == null || normalise(server).equals(normalise(sessionServer)))
                && (namespace == null || namespace.equals(sessionNamespace));
    }

    private static String normalise(String url) {
        if (url == null) {
            return "";
        }
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u.toLowerCase(java.util.Locale.ROOT);
    }
}
