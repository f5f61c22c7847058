package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves a {@link TargetRef} to one Ready pod and container port, like kubectl does and unlike fabric8's own
 * service forward (which takes the first pod without a readiness check and ignores named target ports: fabric8
 * issue 7372). Among several Ready pods the first by name is chosen, so repeated resolutions agree.
 */
public final class TargetResolver {

    private final ClusterAccess access;

    public TargetResolver(ClusterAccess access) {
        this.access = access;
    }

    /** The Ready pod and container port for {@code target} in {@code namespace}. */
    public ResolvedPod resolve(String namespace, TargetRef target) {
        return switch (target.kind()) {
            case POD -> resolvePod(namespace, target);
            case SERVICE -> resolveService(namespace, target);
        };
    }

    private ResolvedPod resolvePod(String namespace, TargetRef target) {
        var pod = access.call(
                "read pod " + namespace + "/" + target.name(),
                () -> access.client()
                        .pods()
                        .inNamespace(namespace)
                        .withName(target.name())
                        .get());
        if (pod == null) {
            throw new TargetUnavailableException("Pod " + namespace + "/" + target.name() + " does not exist: "
                    + "check the namespace and name, or target its Service (svc/NAME:PORT)");
        }
        if (!PodReadiness.isServing(pod)) {
            throw new TargetUnavailableException("Pod " + namespace + "/" + target.name() + " is not Ready ("
                    + PodReadiness.describe(pod) + "): wait for it to become Ready or target its Service");
        }
        if (target.numericPort()) {
            int port = Integer.parseInt(target.port());
            String name = containerPorts(pod).stream()
                    .filter(p -> Objects.equals(p.getContainerPort(), port))
                    .map(ContainerPort::getName)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse("");
            return new ResolvedPod(
                    pod.getMetadata().getName(), pod.getMetadata().getUid(), port, name);
        }
        return byPortName(pod, target.port(), "pod " + namespace + "/" + target.name());
    }

    private ResolvedPod resolveService(String namespace, TargetRef target) {
        String where = "Service " + namespace + "/" + target.name();
        Service service = access.call(
                "read " + where,
                () -> access.client()
                        .services()
                        .inNamespace(namespace)
                        .withName(target.name())
                        .get());
        if (service == null) {
            throw new TargetUnavailableException(where + " does not exist: check the namespace and the "
                    + "service name (kubectl get svc -n " + namespace + ")");
        }
        var spec = service.getSpec();
        var selector = spec == null ? null : spec.getSelector();
        if (selector == null || selector.isEmpty()) {
            throw new TargetUnavailableException(where + " has no pod selector, so it has no pods to forward to: "
                    + "target a pod directly (pod/NAME:PORT)");
        }
        ServicePort servicePort = servicePort(service, target.port())
                .orElseThrow(() -> new TargetUnavailableException(
                        where + " has no port '" + target.port() + "': it offers " + describePorts(service)));
        List<Pod> pods = access.call(
                "list the pods of " + where,
                () -> access.client()
                        .pods()
                        .inNamespace(namespace)
                        .withLabels(selector)
                        .list()
                        .getItems());
        var ready = pods.stream()
                .filter(PodReadiness::isServing)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
        if (ready.isEmpty()) {
            throw new TargetUnavailableException(where + " has no Ready pod (" + pods.size()
                    + " pod(s) match its selector"
                    + (pods.isEmpty()
                            ? ""
                            : ": "
                                    + pods.stream()
                                            .map(p -> p.getMetadata().getName() + " " + PodReadiness.describe(p))
                                            .toList())
                    + "): wait for the rollout or check the pods' events");
        }
        var pod = ready.getFirst();
        IntOrString targetPort = servicePort.getTargetPort();
        if (targetPort != null && targetPort.getStrVal() != null) {
            return byPortName(
                    pod,
                    targetPort.getStrVal(),
                    where + " (pod " + pod.getMetadata().getName() + ")");
        }
        int port =
                targetPort != null && targetPort.getIntVal() != null ? targetPort.getIntVal() : servicePort.getPort();
        String name = containerPorts(pod).stream()
                .filter(p -> Objects.equals(p.getContainerPort(), port))
                .map(ContainerPort::getName)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse("");
        return new ResolvedPod(pod.getMetadata().getName(), pod.getMetadata().getUid(), port, name);
    }

    private static Optional<ServicePort> servicePort(Service service, String port) {
        var ports = Optional.ofNullable(service.getSpec().getPorts()).orElse(List.of());
        if (port.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(port);
            return ports.stream().filter(p -> Objects.equals(p.getPort(), n)).findFirst();
        }
        return ports.stream().filter(p -> port.equals(p.getName())).findFirst();
    }

    private static String describePorts(Service service) {
        var ports = Optional.ofNullable(service.getSpec().getPorts()).orElse(List.of());
        return ports.isEmpty()
                ? "no ports"
                : ports.stream()
                        .map(p -> p.getPort() + (p.getName() == null ? "" : " (" + p.getName() + ")"))
                        .toList()
                        .toString();
    }

    private static ResolvedPod byPortName(Pod pod, String portName, String where) {
        return containerPorts(pod).stream()
                .filter(p -> portName.equals(p.getName()))
                .findFirst()
                .map(p -> new ResolvedPod(
                        pod.getMetadata().getName(), pod.getMetadata().getUid(), p.getContainerPort(), p.getName()))
                .orElseThrow(() -> new TargetUnavailableException(where + " has no container port named '"
                        + portName + "': its containers declare "
                        + containerPorts(pod).stream()
                                .map(p -> p.getContainerPort() + (p.getName() == null ? "" : " (" + p.getName() + ")"))
                                .toList()));
    }

    private static List<ContainerPort> containerPorts(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return List.of();
        }
        return pod.getSpec().getContainers().stream()
                .flatMap(c ->
                        c.getPorts() == null ? java.util.stream.Stream.<ContainerPort>empty() : c.getPorts().stream())
                .toList();
    }
}
