package org.kfm.breakglass.kube.posture;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The PostGIS container exposes 5432 as a port named {@code postgres}, and the Service targets it
 * by that name: the console resolves the pod's port by name (fabric8 issue 7372 ignores named
 * targetPorts, so we do it ourselves and need the name).
 */
public final class NamedPostgresPortRule implements PostureRule {
    @Override
    public String name() {
        return "named-postgres-port";
    }

    @Override
    public PostureFinding evaluate(PostureInput input) {
        var pods = input.postgisWorkloads();
        if (pods.isEmpty()) {
            return PostureFinding.noPostgisPods(name());
        }
        var failures = new ArrayList<String>();
        for (var pod : pods) {
            var named = pod.spec().getContainers() != null
                    && pod.spec().getContainers().stream()
                            .flatMap(c -> c.getPorts() == null ? Stream.<ContainerPort>empty() : c.getPorts().stream())
                            .anyMatch(p -> PostureInput.POSTGIS_PORT_NAME.equals(p.getName())
                                    && Objects.equals(p.getContainerPort(), 5432));
            if (!named) {
                failures.add(pod.describe() + " has no container port 5432 named " + PostureInput.POSTGIS_PORT_NAME);
            }
        }
        var warnings = new ArrayList<String>();
        for (var service : input.postgisServices()) {
            var ports = service.getSpec().getPorts() == null
                    ? List.<ServicePort>of()
                    : service.getSpec().getPorts();
            for (var port : ports) {
                IntOrString target = port.getTargetPort();
                if (target == null || target.getStrVal() == null) {
                    warnings.add("Service " + service.getMetadata().getName() + " port " + port.getPort()
                            + " targets a number, not the named port " + PostureInput.POSTGIS_PORT_NAME);
                } else if (!PostureInput.POSTGIS_PORT_NAME.equals(target.getStrVal())) {
                    failures.add("Service " + service.getMetadata().getName() + " targets port " + target.getStrVal()
                            + ", not " + PostureInput.POSTGIS_PORT_NAME);
                }
            }
        }
        if (!failures.isEmpty()) {
            return PostureFinding.fail(name(), String.join("; ", failures));
        }
        if (!warnings.isEmpty()) {
            return PostureFinding.warn(name(), String.join("; ", warnings));
        }
        return PostureFinding.pass(
                name(),
                "container port 5432 is named " + PostureInput.POSTGIS_PORT_NAME
                        + " and the Service targets it by name");
    }
}
