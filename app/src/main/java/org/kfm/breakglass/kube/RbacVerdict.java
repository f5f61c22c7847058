package org.kfm.breakglass.kube;

/**
 * The API server's answer to "can I {@code verb} {@code resource/subresource} in {@code namespace}?"
 * (a {@code SelfSubjectAccessReview}).
 *
 * @param verb        the verb asked about, e.g. {@code create}
 * @param resource    the resource, e.g. {@code pods}
 * @param subresource the subresource, e.g. {@code portforward}; empty when none
 * @param namespace   the namespace asked about
 * @param allowed     whether the request would be allowed
 * @param reason      the authorizer's reason, empty when it gave none
 */
public record RbacVerdict(
        String verb, String resource, String subresource, String namespace, boolean allowed, String reason) {

    public RbacVerdict {
        subresource = subresource == null ? "" : subresource;
        reason = reason == null ? "" : reason;
    }

    /** The permission in kubectl's words, e.g. {@code create pods/portforward}. */
    public String permission() {
        return verb + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource);
    }
}
