package org.kfm.breakglass.kube.posture;

import java.util.ArrayList;

/** PostGIS is reachable only inside the cluster: no LoadBalancer, NodePort or externalIPs. */
public final class ServiceExposureRule implements PostureRule {
    @Override
    public String name() {
        return "service-exposure";
    }

    @Override
    public PostureFinding evaluate(PostureInput input) {
        var services = input.postgisServices();
        if (services.isEmpty()) {
            return PostureFinding.warn(name(), "no Service routes to the PostGIS pods (expected Service postgis)");
        }
        var problems = new ArrayList<String>();
        for (var service : services) {
            var spec = service.getSpec();
            var type = spec.getType() == null ? "ClusterIP" : spec.getType();
            var name = "Service " + service.getMetadata().getName();
            if ("LoadBalancer".equals(type) || "NodePort".equals(type)) {
                problems.add(name + " is type " + type + ": PostGIS must be ClusterIP");
            }
            if (spec.getExternalIPs() != null && !spec.getExternalIPs().isEmpty()) {
                problems.add(name + " has externalIPs " + spec.getExternalIPs());
            }
        }
        if (!problems.isEmpty()) {
            return PostureFinding.fail(name(), String.join("; ", problems));
        }
        return PostureFinding.pass(
                name(),
                services.stream()
                        .map(s -> "Service " + s.getMetadata().getName() + " is "
                                + (s.getSpec().getType() == null
                                        ? "ClusterIP"
                                        : s.getSpec().getType()))
                        .reduce((a, b) -> a + ", " + b)
                        .orElseThrow());
    }
}
