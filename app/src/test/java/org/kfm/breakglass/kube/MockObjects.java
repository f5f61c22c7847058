package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import java.util.UUID;

/** Kubernetes objects shaped like the seed's, for tests against fabric8's mock API server. */
final class MockObjects {

    static final String NS = "kfm-stage";

    private MockObjects() {}

    static Service service(String name, IntOrString targetPort) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", name))
                .addNewPort()
                .withName("pg")
                .withPort(5432)
                .withTargetPort(targetPort)
                .endPort()
                .endSpec()
                .build();
    }

    static Pod pod(String name, String app, boolean ready, String phase) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .withUid(UUID.randomUUID().toString())
                .addToLabels("app", app)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("postgres")
                .withImage("postgis/postgis")
                .addNewPort()
                .withName("postgres")
                .withContainerPort(5433)
                .endPort()
                .addNewPort()
                .withName("metrics")
                .withContainerPort(9187)
                .endPort()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase(phase)
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .endStatus()
                .build();
    }
}
