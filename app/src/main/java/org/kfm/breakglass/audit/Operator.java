package org.kfm.breakglass.audit;

/**
 * Who acts: the local OS user, the laptop's host name and the Kubernetes user of the chosen context.
 * Any component may be {@code null} when unknown; null members are omitted from the record.
 */
public record Operator(String osUser, String host, String kubeUser) {

    /** The operator as seen from this JVM's process (OS user and host); the Kubernetes user is added by the caller. */
    public static Operator ofCurrentProcess(String kubeUser) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        return new Operator(System.getProperty("user.name"), host, kubeUser);
    }
}
