package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * Posts core/v1 Events on the target Service, so cluster admins see break-glass sessions in
 * {@code kubectl get events} next to the object they concern.
 */
public final class ServiceEvents {
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
            .withZone(java.time.ZoneOffset.UTC);

    private final ClusterAccess access;
    private final String namespace;
    private final String service;

    public ServiceEvents(ClusterAccess access, String namespace, String service) {
        this.access = access;
        this.namespace = namespace;
        this.service = service;
    }

    /**
     * Records one Event ({@code Normal} or {@code Warning}) with a short reason and a human message.
     *
     * @throws KubeAccessException when the API server refuses (e.g. no RBAC to create events)
     */
    public void post(String type, String reason, String message) {
        try {
            Service target = access.client()
                    .services()
                    .inNamespace(namespace)
                    .withName(service)
                    .get();
            String now = Instant.now().toString();
            var event = new EventBuilder()
                    .withNewMetadata()
                    .withNamespace(namespace)
                    .withName(service + ".breakglass."
                            + UUID.randomUUID().toString().substring(0, 8))
                    .endMetadata()
                    .withNewInvolvedObject()
                    .withApiVersion("v1")
                    .withKind("Service")
                    .withNamespace(namespace)
                    .withName(service)
                    .withUid(target == null ? null : target.getMetadata().getUid())
                    .endInvolvedObject()
                    .withType(type)
                    .withReason(reason)
                    .withMessage(message)
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withCount(1)
                    .withNewSource()
                    .withComponent("breakglass-console")
                    .endSource()
                    .withReportingComponent("breakglass-console")
                    .withEventTime(new io.fabric8.kubernetes.api.model.MicroTime(MICRO_TIME.format(Instant.now())))
                    .withAction(reason)
                    .withReportingInstance(access.contextName())
                    .build();
            access.client().v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            throw access.translate("post an Event on Service " + service, e);
        }
    }
}
