package org.kfm.breakglass.kube.posture;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.kfm.breakglass.kube.KubeNames;

/**
 * Lists the objects the posture rules judge from one namespace of a live cluster. The client is
 * configured from a kubeconfig and verifies the API server's certificate (fabric8's default; this
 * class never turns {@code trustCerts} on).
 */
public final class LivePostureSource {
    /** ExternalSecrets are a CRD; naming the plural avoids an API discovery round trip. */
    private static final ResourceDefinitionContext EXTERNAL_SECRETS = new ResourceDefinitionContext.Builder()
            .withGroup(ObjectInventory.EXTERNAL_SECRET_GROUP)
            .withVersion("v1beta1")
            .withKind(ObjectInventory.EXTERNAL_SECRET_KIND)
            .withPlural("externalsecrets")
            .withNamespaced(true)
            .build();

    private LivePostureSource() {}

    /**
     * Opens a client from the kubeconfig, lists the namespace and closes the client.
     *
     * @param kubeconfig the kubeconfig file, or null for the usual lookup ($KUBECONFIG, ~/.kube/config)
     * @param context    the context, or null for the kubeconfig's current context
     * @param namespace  the namespace, or null for the context's namespace (else {@code default})
     */
    public static PostureInput read(Path kubeconfig, String context, String namespace) {
        var config = clientConfig(kubeconfig, context);
        var ns = namespace != null ? namespace : config.getNamespace() != null ? config.getNamespace() : "default";
        try {
            KubeNames.requireNamespace(ns);
        } catch (IllegalArgumentException e) {
            throw new PostureInputException(e.getMessage(), e);
        }
        try (var client = new KubernetesClientBuilder().withConfig(config).build()) {
            return read(client, ns);
        }
    }

    /** The client configuration for a kubeconfig and context; exposed so callers can report the target. */
    public static Config clientConfig(Path kubeconfig, String context) {
        if (kubeconfig != null && !Files.isReadable(kubeconfig)) {
            throw new PostureInputException(
                    "cannot read kubeconfig " + kubeconfig + ": check the path and its permissions");
        }
        try {
            var config = kubeconfig == null
                    ? Config.autoConfigure(context)
                    : Config.fromKubeconfig(context, new File(kubeconfig.toString()));
            // A posture check answers now or says why not; fabric8's default is ten retries with backoff.
            config.setRequestRetryBackoffLimit(1);
            if (context != null
                    && config.getCurrentContext() != null
                    && !context.equals(config.getCurrentContext().getName())) {
                throw new PostureInputException("context " + context + " is not in the kubeconfig");
            }
            return config;
        } catch (KubernetesClientException | IllegalArgumentException e) {
            throw new PostureInputException(
                    "cannot load kubeconfig"
                            + (kubeconfig == null ? "" : " " + kubeconfig)
                            + (context == null ? "" : " (context " + context + ")") + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Lists Services, StatefulSets, Deployments, Pods, NetworkPolicies, PVCs, ExternalSecrets and
     * ConfigMaps in the namespace. Secrets are deliberately not listed: a list would fetch their values, and the
     * plaintext-Secret rule does not apply to a live cluster.
     */
    public static PostureInput read(KubernetesClient client, String namespace) {
        // The eight lists are independent reads: sent at once, they cost one API round trip instead of eight
        // (preflight waits for its slowest check, and this was it). The inventory is sorted, so the order the
        // answers arrive in does not matter.
        try (var parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<? extends HasMetadata>>> required = List.of(
                    parallel.submit(listing(() ->
                            client.services().inNamespace(namespace).list().getItems())),
                    parallel.submit(listing(() -> client.apps()
                            .statefulSets()
                            .inNamespace(namespace)
                            .list()
                            .getItems())),
                    parallel.submit(listing(() -> client.apps()
                            .deployments()
                            .inNamespace(namespace)
                            .list()
                            .getItems())),
                    parallel.submit(listing(
                            () -> client.pods().inNamespace(namespace).list().getItems())),
                    parallel.submit(listing(() -> client.network()
                            .v1()
                            .networkPolicies()
                            .inNamespace(namespace)
                            .list()
                            .getItems())),
                    parallel.submit(listing(() -> client.persistentVolumeClaims()
                            .inNamespace(namespace)
                            .list()
                            .getItems())));
            Future<List<HasMetadata>> external = parallel.submit(() -> externalSecrets(client, namespace));
            Future<List<HasMetadata>> configMaps = parallel.submit(() -> configMaps(client, namespace));
            var objects = new ArrayList<HasMetadata>();
            try {
                for (var list : required) {
                    objects.addAll(joined(list));
                }
            } catch (KubernetesClientException e) {
                throw new PostureInputException(
                        "cannot list objects in namespace " + namespace + " at "
                                + client.getMasterUrl() + ": " + describe(e)
                                + " (check the context, the namespace and your RBAC: list on services, statefulsets,"
                                + " deployments, pods, networkpolicies, persistentvolumeclaims)",
                        e);
            }
            objects.addAll(joined(external));
            objects.addAll(joined(configMaps));
            return ObjectInventory.sort(PostureInput.Origin.LIVE, objects);
        }
    }

    /** Pins the lambda's type, so the six lists of different kinds fit one list of futures. */
    private static Callable<List<? extends HasMetadata>> listing(Callable<List<? extends HasMetadata>> list) {
        return list;
    }

    /** A list's items; its failure surfaces as the exception the client threw, as a sequential list would. */
    private static <T> T joined(Future<T> list) {
        try {
            return list.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostureInputException("interrupted while listing the namespace's objects", e);
        }
    }

    /** The init SQL's ConfigMap, when the namespace has one and RBAC lets us list ConfigMaps. */
    private static List<HasMetadata> configMaps(KubernetesClient client, String namespace) {
        try {
            return new ArrayList<>(
                    client.configMaps().inNamespace(namespace).list().getItems());
        } catch (KubernetesClientException e) {
            // No right to list ConfigMaps: the function-privileges rule says it saw none, the login check decides.
            return List.of();
        }
    }

    private static List<HasMetadata> externalSecrets(KubernetesClient client, String namespace) {
        try {
            return new ArrayList<>(client.genericKubernetesResources(EXTERNAL_SECRETS)
                    .inNamespace(namespace)
                    .list()
                    .getItems());
        } catch (KubernetesClientException e) {
            // No external-secrets operator on this cluster (404) or no right to list it: no rule needs them.
            return List.of();
        }
    }

    private static String describe(KubernetesClientException e) {
        var text = new StringBuilder(e.getCode() > 0 ? "HTTP " + e.getCode() + " " : "").append(e.getMessage());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            // The useful part (unknown host, refused, certificate not trusted) is the innermost cause.
            text.append(" caused by ")
                    .append(root.getClass().getSimpleName())
                    .append(": ")
                    .append(root.getMessage());
        }
        return text.toString();
    }
}
