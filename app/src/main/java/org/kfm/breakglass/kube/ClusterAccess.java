package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An authenticated connection to one cluster context. TLS is verified unless the kubeconfig itself says
 * {@code insecure-skip-tls-verify}, which {@link #tlsVerified()} reports so preflight can warn.
 *
 * <p>When the context's user gets its credentials from an exec plugin (EKS, GKE, kubelogin) that gave none, the
 * access still opens, as kubectl's does, but every request through it is refused before it is sent, with a message
 * naming the plugin: the failure surfaces at the first check (preflight's identity) as access denied (exit 3), the
 * same as rejected credentials, rather than as an anonymous request the API server answers with 401.
 */
public final class ClusterAccess implements AutoCloseable {

    private final KubernetesClient client;
    private final String contextName;
    private final String defaultNamespace;
    private final boolean tlsVerified;
    private final Optional<String> credentialProblem;
    private final java.util.concurrent.atomic.AtomicReference<Identity> identity =
            new java.util.concurrent.atomic.AtomicReference<>();

    ClusterAccess(KubernetesClient client, String contextName, String defaultNamespace, boolean tlsVerified) {
        this(client, contextName, defaultNamespace, tlsVerified, Optional.empty());
    }

    private ClusterAccess(
            KubernetesClient client,
            String contextName,
            String defaultNamespace,
            boolean tlsVerified,
            Optional<String> credentialProblem) {
        this.client = client;
        this.contextName = contextName;
        this.defaultNamespace = defaultNamespace;
        this.tlsVerified = tlsVerified;
        this.credentialProblem = credentialProblem;
    }

    /** Opens a client for {@code contextName} of the catalog's kubeconfig. */
    public static ClusterAccess open(KubeconfigCatalog catalog, String contextName) {
        var context = catalog.context(contextName);
        Config config = catalog.clientConfig(contextName);
        // Only the kubeconfig decides: trustCerts is never switched on by us.
        boolean verified = !config.isTrustCerts() && !Boolean.TRUE.equals(config.getDisableHostnameVerification());
        var problem = catalog.credentialProblem(contextName, config);
        var client = new KubernetesClientBuilder().withConfig(config).build();
        return new ClusterAccess(client, contextName, context.namespace(), verified, problem);
    }

    /** The context this access was opened for. */
    public String contextName() {
        return contextName;
    }

    /** The context's default namespace. */
    public String defaultNamespace() {
        return defaultNamespace;
    }

    /** The API server URL. */
    public String serverUrl() {
        return client.getConfiguration().getMasterUrl();
    }

    /** Whether the API server's certificate and host name are verified. */
    public boolean tlsVerified() {
        return tlsVerified;
    }

    /**
     * Asks the API server who the credentials belong to ({@code SelfSubjectReview}, authentication.k8s.io/v1), once:
     * a session asks at its start (for {@code session.start}) and again in preflight, and the credentials of one
     * access do not change hands in between. A refusal is not remembered, so the next caller hears it afresh.
     */
    public Identity whoAmI() {
        var known = identity.get();
        if (known != null) {
            return known;
        }
        var asked = askWhoAmI();
        identity.compareAndSet(null, asked);
        return asked;
    }

    private Identity askWhoAmI() {
        requireCredentials("ask the API server who you are (SelfSubjectReview)");
        SelfSubjectReview review;
        try {
            review = client.authentication().v1().selfSubjectReviews().create(new SelfSubjectReview());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw new KubeAccessException(
                        "The API server does not offer SelfSubjectReview "
                                + "(authentication.k8s.io/v1, Kubernetes 1.28+): the console cannot record who you are; "
                                + "ask the cluster admin to upgrade or enable the API",
                        e);
            }
            throw translate("ask the API server who you are (SelfSubjectReview)", e);
        }
        var status = review == null ? null : review.getStatus();
        var user = status == null ? null : status.getUserInfo();
        if (user == null || user.getUsername() == null) {
            throw new KubeAccessException("The API server returned no identity for SelfSubjectReview: it may be "
                    + "older than Kubernetes 1.28 or have the API disabled; ask the cluster admin");
        }
        return new Identity(user.getUsername(), user.getGroups());
    }

    /** Asks whether the operator may {@code verb resource/subresource} (core API group) in {@code namespace}. */
    public RbacVerdict canI(String verb, String resource, String subresource, String namespace) {
        return canI(verb, "", resource, subresource, namespace);
    }

    /**
     * Asks whether the operator may {@code verb resource.group/subresource} in {@code namespace}; {@code group} is
     * empty for the core group ({@code pods}), else e.g. {@code discovery.k8s.io}.
     */
    public RbacVerdict canI(String verb, String group, String resource, String subresource, String namespace) {
        var request = new SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                .withNewResourceAttributes()
                .withVerb(verb)
                .withGroup(group == null || group.isEmpty() ? null : group)
                .withResource(resource)
                .withSubresource(subresource == null || subresource.isEmpty() ? null : subresource)
                .withNamespace(namespace)
                .endResourceAttributes()
                .endSpec()
                .build();
        String permission = verb + " " + resource
                + (group == null || group.isEmpty() ? "" : "." + group)
                + (subresource == null || subresource.isEmpty() ? "" : "/" + subresource);
        var review = call(
                "check RBAC for '" + permission + "' in namespace " + namespace,
                () -> client.authorization().v1().selfSubjectAccessReview().create(request));
        var status = review == null ? null : review.getStatus();
        boolean allowed = status != null && Boolean.TRUE.equals(status.getAllowed());
        String reason = status == null ? "the API server returned no verdict" : status.getReason();
        return new RbacVerdict(
                verb,
                group == null || group.isEmpty() ? resource : resource + "." + group,
                subresource,
                namespace,
                allowed,
                reason);
    }

    /**
     * The fabric8 client, for the kube packages' own services ({@code kube}, {@code kube.target},
     * {@code kube.posture}). Public only because Java has no sub-package visibility: ArchitectureTest keeps every
     * other package from touching a fabric8 type, so nothing outside kube can use what this returns.
     */
    public KubernetesClient client() {
        return client;
    }

    /**
     * Runs an API call, turning fabric8 errors into {@link KubeAccessException}s that name {@code action}; refused
     * before it is sent when the credentials could not be obtained. For the kube packages, like {@link #client()}.
     */
    public <T> T call(String action, Supplier<T> apiCall) {
        requireCredentials(action);
        try {
            return apiCall.get();
        } catch (KubernetesClientException e) {
            throw translate(action, e);
        }
    }

    /** Why this access holds no credentials (an exec plugin that gave none), if so. */
    public Optional<String> credentialProblem() {
        return credentialProblem;
    }

    /**
     * A fabric8 error as a {@link KubeAccessException} naming {@code action}. Without credentials (an exec plugin
     * that gave none) a 401 — or the 403 a server that admits anonymous requests gives — is that plugin's failure,
     * and says so.
     */
    KubeAccessException translate(String action, KubernetesClientException e) {
        if (credentialProblem.isPresent() && (e.getCode() == 401 || e.getCode() == 403)) {
            return new KubeAccessException("Could not " + action + ": " + credentialProblem.get(), e);
        }
        return ApiFailures.translate(action, e);
    }

    private void requireCredentials(String action) {
        if (credentialProblem.isPresent()) {
            throw new KubeAccessException("Could not " + action + ": " + credentialProblem.get());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
