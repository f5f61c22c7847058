package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The cluster witness: create-only ConfigMaps in the target namespace that hold what a session's journal must
 * contain (its start and its seal). The console only ever creates them; RBAC that grants {@code create} but not
 * {@code update}/{@code patch}/{@code delete} means the operator's own credentials cannot rewrite them afterwards.
 * Listed by the label {@value #WITNESS_LABEL}.
 */
public final class WitnessObjects {

    /** Every witness object carries this label (value {@code session} or {@code seal}). */
    public static final String WITNESS_LABEL = "breakglass.kfm.org/witness";

    private final ClusterAccess access;
    private final String namespace;

    public WitnessObjects(ClusterAccess access, String namespace) {
        this.access = access;
        this.namespace = namespace;
    }

    /** The namespace the objects live in. */
    public String namespace() {
        return namespace;
    }

    /** The API server they live on, as the audit target records it. */
    public String server() {
        return access.serverUrl();
    }

    /**
     * Creates the object. Creating one that already exists with exactly the same data succeeds (a retry after a
     * lost answer); one that exists with other data is refused: someone wrote that name first.
     *
     * @throws KubeAccessException when the API server refuses (RBAC, 401, down) or the name is taken
     */
    public void create(WitnessObject object) {
        var configMap = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(object.name())
                .withNamespace(namespace)
                .withLabels(object.labels())
                .endMetadata()
                .withData(object.data())
                .withImmutable(true)
                .build();
        try {
            access.client()
                    .configMaps()
                    .inNamespace(namespace)
                    .resource(configMap)
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw access.translate(
                        "create the witness ConfigMap " + object.name() + " in namespace " + namespace, e);
            }
            var existing = access.call(
                    "read the existing witness ConfigMap " + object.name(),
                    () -> access.client()
                            .configMaps()
                            .inNamespace(namespace)
                            .withName(object.name())
                            .get());
            if (existing == null || !object.data().equals(dataOf(existing))) {
                throw new KubeAccessException("the witness ConfigMap " + object.name() + " in namespace " + namespace
                        + " already exists with other content: something else wrote that name first; "
                        + "report this to the auditors and do not continue the session");
            }
        }
    }

    /**
     * Every witness object in the namespace.
     *
     * @throws KubeAccessException when they cannot be listed (the verifier needs {@code list configmaps})
     */
    public List<WitnessObject> list() {
        var items = access.call(
                        "list the witness ConfigMaps in namespace " + namespace,
                        () -> access.client()
                                .configMaps()
                                .inNamespace(namespace)
                                .withLabel(WITNESS_LABEL)
                                .list())
                .getItems();
        return items.stream()
                .map(c -> new WitnessObject(
                        c.getMetadata().getName(),
                        c.getMetadata().getLabels() == null
                                ? Map.of()
                                : c.getMetadata().getLabels(),
                        dataOf(c),
                        createdAt(c)))
                .toList();
    }

    private static Map<String, String> dataOf(ConfigMap c) {
        return c.getData() == null ? Map.of() : c.getData();
    }

    private static Instant createdAt(ConfigMap c) {
        String stamp = c.getMetadata().getCreationTimestamp();
        if (stamp == null) {
            return null;
        }
        try {
            return Instant.parse(stamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
