package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.ContainerResource;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a database pod's container log ({@code GET …/pods/{pod}/log}, RBAC {@code get pods/log}) from a time on,
 * the way {@code kubectl logs --since-time} does: the current container's, and after a restart the previous
 * container's too ({@code previous=true}), since the server's log of a session may sit in either. What reconciling
 * a session with the server's own log reads (docs/decisions/0014).
 */
public final class PodLogReader {
    private static final Logger LOG = LoggerFactory.getLogger(PodLogReader.class);

    /** One container log as read: where it came from (for reports) and its lines. */
    public record ContainerLog(String source, List<String> lines) {
        public ContainerLog {
            lines = List.copyOf(lines);
        }
    }

    private final ClusterAccess access;

    public PodLogReader(ClusterAccess access) {
        this.access = access;
    }

    /**
     * @param container the container to read, or empty for the pod's only container (the API refuses to guess
     *                  among several and says which exist)
     * @param since     lines at or after this time ({@code sinceTime})
     * @throws KubeAccessException naming what failed: RBAC without {@code get pods/log}, the pod gone, the API
     *                             server unreachable
     */
    public List<ContainerLog> read(String namespace, String pod, Optional<String> container, Instant since) {
        KubeNames.requireNamespace(namespace);
        String sinceTime = DateTimeFormatter.ISO_INSTANT.format(since);
        String where = "pod " + namespace + "/" + pod
                + container.map(c -> " container " + c).orElse("");
        var logs = new ArrayList<ContainerLog>();
        if (restarted(namespace, pod, container)) {
            // The previous container's log is best-effort: the kubelet keeps only one, and only until the pod moves.
            try {
                String previous = access.call(
                        "read the previous log of " + where,
                        () -> loggable(namespace, pod, container)
                                .terminated()
                                .sinceTime(sinceTime)
                                .getLog());
                logs.add(new ContainerLog(where + " (previous container)", lines(previous)));
            } catch (KubeAccessException e) {
                LOG.warn("the previous container's log of {} could not be read: {}", where, e.getMessage());
            }
        }
        String current = access.call(
                "read the log of " + where + " (RBAC: get pods/log)",
                () -> loggable(namespace, pod, container).sinceTime(sinceTime).getLog());
        logs.add(new ContainerLog(where, lines(current)));
        return logs;
    }

    private ContainerResource loggable(String namespace, String pod, Optional<String> container) {
        var resource = access.client().pods().inNamespace(namespace).withName(pod);
        return container.isPresent() ? resource.inContainer(container.get()) : resource;
    }

    /** Whether the container has restarted, so an earlier part of the log is the previous container's. */
    private boolean restarted(String namespace, String pod, Optional<String> container) {
        Pod p;
        try {
            p = access.call(
                    "read pod " + namespace + "/" + pod,
                    () -> access.client()
                            .pods()
                            .inNamespace(namespace)
                            .withName(pod)
                            .get());
        } catch (KubeAccessException e) {
            // Reading the log itself says what is wrong (a pod gone is 404 there too).
            LOG.warn("cannot tell whether {} restarted: {}", pod, e.getMessage());
            return false;
        }
        if (p == null || p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return false;
        }
        for (ContainerStatus s : p.getStatus().getContainerStatuses()) {
            if ((container.isEmpty() || container.get().equals(s.getName()))
                    && s.getRestartCount() != null
                    && s.getRestartCount() > 0) {
                return true;
            }
        }
        return false;
    }

    private static List<String> lines(String log) {
        if (log == null || log.isEmpty()) {
            return List.of();
        }
        var out = new ArrayList<>(List.of(log.split("\n", -1)));
        if (out.getLast().isEmpty()) {
            out.removeLast();
        }
        return out;
    }
}
