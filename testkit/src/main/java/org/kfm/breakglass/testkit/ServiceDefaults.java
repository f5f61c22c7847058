package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the API server fills into a Service on create: a cluster IP from the service range (or {@code None} kept for
 * a headless one), {@code clusterIPs}, {@code ipFamilies}, {@code ipFamilyPolicy}, {@code internalTrafficPolicy},
 * {@code sessionAffinity}, {@code type} and each port's protocol, and an empty load-balancer status.
 */
final class ServiceDefaults {

    private final AtomicInteger next = new AtomicInteger(34);

    /** The next address of the fake's service range 10.43.0.0/16. */
    String allocate() {
        int n = next.getAndIncrement();
        return "10.43." + (12 + n / 250) + "." + (n % 250 + 1);
    }

    Service apply(Service service) {
        var spec = service.getSpec();
        String ip = spec.getClusterIP();
        if (ip == null || ip.isEmpty()) {
            ip = allocate();
        }
        List<ServicePort> ports = spec.getPorts().stream()
                .map(p -> p.getProtocol() != null
                        ? p
                        : new io.fabric8.kubernetes.api.model.ServicePortBuilder(p)
                                .withProtocol("TCP")
                                .build())
                .toList();
        return new ServiceBuilder(service)
                .editSpec()
                .withType(spec.getType() == null ? "ClusterIP" : spec.getType())
                .withClusterIP(ip)
                .withClusterIPs(ip)
                .withIpFamilies("IPv4")
                .withIpFamilyPolicy("SingleStack")
                .withInternalTrafficPolicy("Cluster")
                .withSessionAffinity(spec.getSessionAffinity() == null ? "None" : spec.getSessionAffinity())
                .withPorts(ports)
                .endSpec()
                .withNewStatus()
                .withNewLoadBalancer()
                .endLoadBalancer()
                .endStatus()
                .build();
    }
}
