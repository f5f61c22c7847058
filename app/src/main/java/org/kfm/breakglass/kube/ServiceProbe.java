package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.api.model.Service;
import org.kfm.breakglass.check.CheckResult;

/** The seed's smoke check "service exists": the target Service is there, with its type and ports. */
public final class ServiceProbe implements PreflightProbe {
    private final ClusterAccess access;
    private final String namespace;
    private final String service;

    public ServiceProbe(ClusterAccess access, String namespace, String service) {
        this.access = access;
        this.namespace = namespace;
        this.service = service;
    }

    @Override
    public String name() {
        return "service exists";
    }

    @Override
    public CheckResult run() {
        try {
            Service found = access.client()
                    .services()
                    .inNamespace(namespace)
                    .withName(service)
                    .get();
            if (found == null) {
                return CheckResult.fail(
                        name(),
                        "no Service " + service + " in namespace " + namespace
                                + ": is the overlay applied? (kubectl -n " + namespace + " get svc)");
            }
            var spec = found.getSpec();
            String ports = String.join(
                    ", ",
                    spec.getPorts().stream()
                            .map(p -> p.getPort() + "→"
                                    + (p.getTargetPort() == null
                                            ? "?"
                                            : p.getTargetPort().getValue()))
                            .toList());
            return CheckResult.pass(name(), "Service " + service + " (" + spec.getType() + ", " + ports + ")");
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            return CheckResult.fail(
                    name(), access.translate("read Service " + service, e).getMessage());
        }
    }
}
