package org.kfm.breakglass.audit;

/**
 * What is acted on: the kubeconfig context and API server, the Service and the pod actually reached
 * (with its UID, so a replaced pod is visible), and the database and role used. Null members are omitted.
 */
public record AuditTarget(
        String context,
        String server,
        String namespace,
        String service,
        String pod,
        String podUid,
        String database,
        String dbUser) {

    /** A copy pointing at another pod (after a reconnect to a replacement pod). */
    public AuditTarget withPod(String newPod, String newPodUid) {
        return new AuditTarget(context, server, namespace, service, newPod, newPodUid, database, dbUser);
    }
}
