package org.kfm.breakglass.kube.target;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.kfm.breakglass.kube.PodReadiness;
import org.kfm.breakglass.kube.ResolvedPod;
import org.kfm.breakglass.kube.TargetUnavailableException;

/**
 * The Ready pods behind a Service, as kube-proxy would route to them and unlike fabric8's service forward (which
 * takes the first pod of the selector unchecked, ignores named target ports — fabric8 issue 7372 — and cannot
 * follow a Service without a selector at all):
 *
 * <ul>
 *   <li>with a selector: its Running, Ready, not terminating pods, by name, and the named or numbered target port;
 *   <li>without one: its EndpointSlices ({@code kubernetes.io/service-name}), the Ready, not terminating endpoints,
 *       the pod each names in {@code targetRef} — or, when it names none (the operator's own first Endpoints for a
 *       Zalando master carry only an IP), the pod with that IP — and the slice's port of the same name. An endpoint
 *       that is another Service's ClusterIP (Crunchy's {@code <c>-primary} points at {@code <c>-ha}) is followed,
 *       once.
 * </ul>
 *
 * Every pod is checked Ready itself, and an endpoint whose {@code targetRef} UID no longer matches the pod (a
 * replaced pod the slice has not caught up with) counts only if the pod still has the endpoint's address.
 */
final class ServiceBackends {

    /** One pod that can serve the Service's port. */
    record Backend(Pod pod, ResolvedPod target, String route) {}

    private final NamespaceView view;

    ServiceBackends(NamespaceView view) {
        this.view = view;
    }

    /** The Service's Ready backends for {@code port}, ordered by pod name; never empty (else it throws). */
    List<Backend> of(String serviceName, PortChoice port) {
        return of(serviceName, port, true);
    }

    private List<Backend> of(String serviceName, PortChoice port, boolean mayFollow) {
        String where = "Service " + view.namespace() + "/" + serviceName;
        Service service = view.service(serviceName)
                .orElseThrow(() -> new TargetUnavailableException(where + " does not exist: check the namespace and "
                        + "the name (kubectl get svc -n " + view.namespace() + ")"));
        ServicePort servicePort = port.pick(service)
                .orElseThrow(() -> new TargetUnavailableException(
                        where + " has no port " + describe(port) + ": it offers " + PortChoice.describePorts(service)));
        var selector = service.getSpec().getSelector();
        return selector == null || selector.isEmpty()
                ? fromEndpointSlices(where, service, servicePort, mayFollow)
                : fromSelector(where, serviceName, selector, servicePort);
    }

    private static String describe(PortChoice port) {
        return switch (port) {
            case PortChoice.Exact exact -> "'" + exact.port() + "'";
            case PortChoice.Convention convention -> "named '" + convention.name() + "' nor 5432";
        };
    }

    private List<Backend> fromSelector(
            String where, String serviceName, Map<String, String> selector, ServicePort servicePort) {
        List<Pod> pods = view.podsMatching(selector);
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
        String route = "Service " + serviceName + " (selector " + selectorText(selector) + ")";
        var backends = new ArrayList<Backend>();
        TargetUnavailableException firstProblem = null;
        for (Pod pod : ready) {
            try {
                backends.add(new Backend(
                        pod,
                        targetPortOf(pod, servicePort, where),
                        route + " → pod " + pod.getMetadata().getName()));
            } catch (TargetUnavailableException e) {
                firstProblem = firstProblem == null ? e : firstProblem;
            }
        }
        if (backends.isEmpty()) {
            throw firstProblem;
        }
        return backends;
    }

    /** The container port a Service port's targetPort means on {@code pod}. */
    private static ResolvedPod targetPortOf(Pod pod, ServicePort servicePort, String where) {
        IntOrString targetPort = servicePort.getTargetPort();
        if (targetPort != null && targetPort.getStrVal() != null) {
            return byPortName(
                    pod,
                    targetPort.getStrVal(),
                    where + " (pod " + pod.getMetadata().getName() + ")");
        }
        int port =
                targetPort != null && targetPort.getIntVal() != null ? targetPort.getIntVal() : servicePort.getPort();
        return byPortNumber(pod, port);
    }

    private List<Backend> fromEndpointSlices(
            String where, Service service, ServicePort servicePort, boolean mayFollow) {
        String name = service.getMetadata().getName();
        var slices = view.endpointSlicesOf(name).stream()
                .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
                .toList();
        if (slices.isEmpty()) {
            throw new TargetUnavailableException(where + " has no pod selector and no EndpointSlice (label "
                    + "kubernetes.io/service-name=" + name + "), so nothing routes it to a pod: the controller that "
                    + "owns it (an operator, Patroni) has not published its endpoints; check its status, or target a "
                    + "pod directly (pod/NAME:PORT)");
        }
        var backends = new LinkedHashMap<String, Backend>();
        var skipped = new ArrayList<String>();
        for (var slice : slices) {
            String sliceName = slice.getMetadata().getName();
            var slicePort = slicePort(slice, servicePort);
            if (slicePort.isEmpty()) {
                skipped.add("EndpointSlice " + sliceName + " has no port "
                        + (blank(servicePort.getName()) ? "" : "named '" + servicePort.getName() + "'"));
                continue;
            }
            int port = slicePort.get();
            for (var endpoint : Optional.ofNullable(slice.getEndpoints()).orElse(List.of())) {
                String address = endpoint.getAddresses() == null
                                || endpoint.getAddresses().isEmpty()
                        ? ""
                        : endpoint.getAddresses().getFirst();
                var conditions = endpoint.getConditions();
                var ref = endpoint.getTargetRef();
                String shown = address + (ref == null || ref.getName() == null ? "" : " (pod " + ref.getName() + ")");
                // A nil 'ready' means unknown, which consumers are to treat as ready (discovery.k8s.io/v1).
                if (conditions != null && Boolean.FALSE.equals(conditions.getReady())) {
                    skipped.add(shown + " is not ready");
                    continue;
                }
                if (conditions != null && Boolean.TRUE.equals(conditions.getTerminating())) {
                    skipped.add(shown + " is terminating");
                    continue;
                }
                String via = "Service " + name + " (no selector) → EndpointSlice " + sliceName + " → " + address;
                int explained = skipped.size();
                var pod = podBehind(address, ref, skipped, shown);
                if (pod.isPresent()) {
                    var p = pod.get();
                    backends.putIfAbsent(
                            p.getMetadata().getUid(),
                            new Backend(
                                    p,
                                    byPortNumber(p, port),
                                    via + " → pod " + p.getMetadata().getName()));
                    continue;
                }
                var followed = mayFollow ? serviceWithClusterIp(address) : Optional.<Service>empty();
                if (followed.isPresent()) {
                    // Its own port of the same name: the headless Service's Endpoints copy its port names.
                    try {
                        for (var b :
                                of(followed.get().getMetadata().getName(), PortChoice.sameAs(servicePort), false)) {
                            backends.putIfAbsent(
                                    b.pod().getMetadata().getUid(),
                                    new Backend(b.pod(), b.target(), via + " = " + b.route()));
                        }
                    } catch (TargetUnavailableException e) {
                        skipped.add(shown + " is Service "
                                + followed.get().getMetadata().getName() + ": " + e.getMessage());
                    }
                } else if (skipped.size() == explained) {
                    skipped.add(shown + " is neither a pod's nor a Service's address in " + view.namespace());
                }
            }
        }
        if (backends.isEmpty()) {
            throw new TargetUnavailableException(where + " (no selector) has no Ready endpoint"
                    + (skipped.isEmpty() ? "" : ": " + String.join("; ", skipped))
                    + ": wait for the failover or rollout to finish, or check the controller that publishes it");
        }
        return backends.values().stream()
                .sorted(Comparator.comparing(b -> b.pod().getMetadata().getName()))
                .toList();
    }

    /** The slice's port for the Service port: same name (EndpointSlice ports carry the Service port's name). */
    private static Optional<Integer> slicePort(
            io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice slice, ServicePort servicePort) {
        var ports = Optional.ofNullable(slice.getPorts()).orElse(List.of());
        String wanted = blank(servicePort.getName()) ? "" : servicePort.getName();
        return ports.stream()
                .filter(p -> wanted.equals(p.getName() == null ? "" : p.getName()))
                .map(io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort::getPort)
                .filter(Objects::nonNull)
                .findFirst();
    }

    /**
     * The Ready pod an endpoint stands for: its {@code targetRef} when it names a pod that still is that instance (or
     * still has the address), else the pod whose IP the address is.
     */
    private Optional<Pod> podBehind(
            String address, io.fabric8.kubernetes.api.model.ObjectReference ref, List<String> skipped, String shown) {
        if (ref != null && "Pod".equals(ref.getKind()) && ref.getName() != null) {
            var pod = view.pod(ref.getName());
            if (pod.isEmpty()) {
                skipped.add(shown + " names a pod that no longer exists");
                return Optional.empty();
            }
            var p = pod.get();
            boolean sameInstance =
                    ref.getUid() == null || ref.getUid().equals(p.getMetadata().getUid()) || hasAddress(p, address);
            if (!sameInstance) {
                skipped.add(shown + " names an earlier instance of the pod (UID " + ref.getUid() + ")");
                return Optional.empty();
            }
            if (!PodReadiness.isServing(p)) {
                skipped.add(shown + " is " + PodReadiness.describe(p));
                return Optional.empty();
            }
            return pod;
        }
        if (address.isEmpty()) {
            return Optional.empty();
        }
        var withAddress =
                view.pods().stream().filter(p -> hasAddress(p, address)).toList();
        var serving = withAddress.stream().filter(PodReadiness::isServing).findFirst();
        if (serving.isEmpty() && !withAddress.isEmpty()) {
            skipped.add(
                    shown + " is pod " + withAddress.getFirst().getMetadata().getName() + ", "
                            + PodReadiness.describe(withAddress.getFirst()));
        }
        return serving;
    }

    private Optional<Service> serviceWithClusterIp(String address) {
        if (address.isEmpty()) {
            return Optional.empty();
        }
        return view.services().stream()
                .filter(s -> s.getSpec() != null
                        && (address.equals(s.getSpec().getClusterIP())
                                || Optional.ofNullable(s.getSpec().getClusterIPs())
                                        .orElse(List.of())
                                        .contains(address)))
                .findFirst();
    }

    private static boolean hasAddress(Pod pod, String address) {
        var status = pod.getStatus();
        if (status == null || address.isEmpty()) {
            return false;
        }
        return address.equals(status.getPodIP())
                || Optional.ofNullable(status.getPodIPs()).orElse(List.of()).stream()
                        .anyMatch(ip -> address.equals(ip.getIp()));
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

    static ResolvedPod byPortNumber(Pod pod, int port) {
        String name = containerPorts(pod).stream()
                .filter(p -> Objects.equals(p.getContainerPort(), port))
                .map(ContainerPort::getName)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse("");
        return new ResolvedPod(pod.getMetadata().getName(), pod.getMetadata().getUid(), port, name);
    }

    static List<ContainerPort> containerPorts(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return List.of();
        }
        return pod.getSpec().getContainers().stream()
                .flatMap(c ->
                        c.getPorts() == null ? java.util.stream.Stream.<ContainerPort>empty() : c.getPorts().stream())
                .toList();
    }

    private static String selectorText(Map<String, String> selector) {
        return selector.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}
