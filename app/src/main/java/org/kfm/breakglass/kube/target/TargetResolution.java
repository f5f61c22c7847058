package org.kfm.breakglass.kube.target;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Objects;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.KubeNames;
import org.kfm.breakglass.kube.PodReadiness;
import org.kfm.breakglass.kube.TargetRef;
import org.kfm.breakglass.kube.TargetUnavailableException;

/**
 * Resolves a {@link TargetRef} of any kind to the pods that serve it now, with one resolver per kind: a plain
 * Service (by selector, or through its EndpointSlices when it has none), a pod, and each operator's cluster (its
 * Service for the role asked, its Secret layout, its role labels). {@code kube.TargetResolver} is the entry point
 * the rest of the console uses; this is its implementation, public only because it lives in a sub-package.
 */
public final class TargetResolution {

    private final ClusterAccess access;
    private final SecretConventions conventions;

    public TargetResolution(ClusterAccess access, SecretConventions conventions) {
        this.access = Objects.requireNonNull(access, "access");
        this.conventions = Objects.requireNonNull(conventions, "conventions");
    }

    /**
     * Every pod that serves {@code ref} now, the one to use first; throws {@link TargetUnavailableException} when
     * none does (saying why), a {@code KubeAccessException} when the API refuses or fails.
     */
    public List<ResolvedTarget> candidates(String namespace, TargetRef ref) {
        KubeNames.requireNamespace(namespace);
        return candidates(new LiveNamespace(access, namespace), ref, conventions);
    }

    /** The pod to use for {@code ref}: the first candidate. */
    public ResolvedTarget locate(String namespace, TargetRef ref) {
        return candidates(namespace, ref).getFirst();
    }

    /**
     * Resolves {@code previous}'s target again by its role, keeping the same pod while it still serves the role: a
     * primary target follows the primary through a failover; a replica target stays on its replica while that is a
     * Ready replica.
     */
    public Relocation relocate(ResolvedTarget previous) {
        var now = candidates(previous.namespace(), previous.ref());
        var kept = now.stream().filter(previous::samePod).findFirst().orElse(now.getFirst());
        return new Relocation(previous, kept);
    }

    static List<ResolvedTarget> candidates(NamespaceView view, TargetRef ref, SecretConventions conventions) {
        return switch (ref.kind()) {
            case POD -> List.of(pod(view, ref, conventions));
            case SERVICE ->
                new ServiceBackends(view)
                        .of(ref.name(), new PortChoice.Exact(ref.port())).stream()
                                .map(b -> new ResolvedTarget(
                                        ref,
                                        view.namespace(),
                                        b.target(),
                                        observedRole(b.pod()),
                                        conventions.plainTargets(),
                                        b.route()))
                                .toList();
            case CLOUDNATIVE_PG, ZALANDO, CRUNCHY -> operatorCluster(view, ref, conventions);
        };
    }

    private static ResolvedTarget pod(NamespaceView view, TargetRef ref, SecretConventions conventions) {
        String where = "Pod " + view.namespace() + "/" + ref.name();
        Pod pod = view.pod(ref.name())
                .orElseThrow(() -> new TargetUnavailableException(where + " does not exist: check the namespace and "
                        + "name, or target its Service (svc/NAME:PORT)"));
        if (!PodReadiness.isServing(pod)) {
            throw new TargetUnavailableException(where + " is not Ready (" + PodReadiness.describe(pod)
                    + "): wait for it to become Ready or target its Service");
        }
        var target = ref.numericPort()
                ? ServiceBackends.byPortNumber(pod, Integer.parseInt(ref.port()))
                : ServiceBackends.containerPorts(pod).stream()
                        .filter(p -> ref.port().equals(p.getName()))
                        .findFirst()
                        .map(p -> new org.kfm.breakglass.kube.ResolvedPod(
                                pod.getMetadata().getName(),
                                pod.getMetadata().getUid(),
                                p.getContainerPort(),
                                p.getName()))
                        .orElseThrow(() -> new TargetUnavailableException("pod " + view.namespace() + "/"
                                + ref.name() + " has no container port named '" + ref.port()
                                + "': its containers declare "
                                + ServiceBackends.containerPorts(pod).stream()
                                        .map(p -> p.getContainerPort()
                                                + (p.getName() == null ? "" : " (" + p.getName() + ")"))
                                        .toList()));
        return new ResolvedTarget(
                ref, view.namespace(), target, observedRole(pod), conventions.plainTargets(), "pod " + ref.name());
    }

    private static List<ResolvedTarget> operatorCluster(
            NamespaceView view, TargetRef ref, SecretConventions conventions) {
        var operator = Operator.of(ref.kind());
        var manifest = view.manifest(operator, ref.name());
        var secret = operator.secret(ref.name(), manifest, conventions);
        return operatorPods(view, operator, ref).stream()
                .map(b -> new ResolvedTarget(
                        ref, view.namespace(), b.target(), operator.role(b.pod()), secret, b.route()))
                .toList();
    }

    /**
     * The pods of the operator's Service for the role asked, without any whose role label contradicts the role: the
     * Service routes by the operator's labels, so a pod labelled with the other role means a failover is under way,
     * and the console connects to no pod whose role it would have to guess.
     */
    static List<ServiceBackends.Backend> operatorPods(NamespaceView view, Operator operator, TargetRef ref) {
        String service = operator.serviceName(ref.name(), ref.role());
        var backends = new ServiceBackends(view).of(service, new PortChoice.Convention(operator.portName()));
        var wanted = ref.role() == TargetRef.Role.REPLICA ? PodRole.REPLICA : PodRole.PRIMARY;
        var agreeing = backends.stream()
                .filter(b -> {
                    var role = operator.role(b.pod());
                    return role == wanted || role == PodRole.UNKNOWN;
                })
                .toList();
        if (agreeing.isEmpty()) {
            throw new TargetUnavailableException(ref + ": Service " + view.namespace() + "/" + service
                    + " routes only to pods the operator labels as another role ("
                    + backends.stream()
                            .map(b -> b.pod().getMetadata().getName() + " "
                                    + operator.role(b.pod()).wireName())
                            .toList()
                    + "): a failover is probably in progress; retry in a few seconds");
        }
        return agreeing;
    }

    /** The role any operator's labels give a pod reached through a plain Service or by name. */
    static PodRole observedRole(Pod pod) {
        return Operator.all().stream()
                .map(o -> o.role(pod))
                .filter(r -> r != PodRole.UNKNOWN)
                .findFirst()
                .orElse(PodRole.UNKNOWN);
    }
}
