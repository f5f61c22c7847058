package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A running pod's status as the kubelet writes it: phase, pod and host IPs, start time, the five conditions with
 * transition times, and one status per container with {@code containerID} ({@code containerd://...}),
 * {@code image}, {@code imageID} (the image's digest), {@code started}, {@code ready}, {@code restartCount} and
 * {@code state.running.startedAt}; init containers terminated with exit code 0; the QoS class from the requests
 * and limits.
 */
final class PodStatuses {

    static final String NODE = "kfm-node-1";
    static final String HOST_IP = "192.168.49.2";

    private PodStatuses() {}

    /**
     * @param uid the pod's UID, from which container IDs are derived (a new pod has new containers)
     * @param ready whether the readiness probe passes
     * @param since when the pod started (and its conditions last changed)
     */
    static PodStatus running(PodSpec spec, String uid, String podIp, boolean ready, String since) {
        String readyStatus = ready ? "True" : "False";
        List<PodCondition> conditions = List.of(
                condition("PodReadyToStartContainers", "True", since),
                condition("Initialized", "True", since),
                condition("Ready", readyStatus, since),
                condition("ContainersReady", readyStatus, since),
                condition("PodScheduled", "True", since));
        var containers = new ArrayList<ContainerStatus>();
        for (Container c : spec.getContainers()) {
            containers.add(new ContainerStatusBuilder()
                    .withName(c.getName())
                    .withImage(c.getImage())
                    .withImageID(imageId(c.getImage()))
                    .withContainerID("containerd://" + digest(uid + "/" + c.getName()))
                    .withStarted(true)
                    .withReady(ready)
                    .withRestartCount(0)
                    .withNewState()
                    .withNewRunning()
                    .withStartedAt(since)
                    .endRunning()
                    .endState()
                    .withNewLastState()
                    .endLastState()
                    .build());
        }
        var init = new ArrayList<ContainerStatus>();
        if (spec.getInitContainers() != null) {
            for (Container c : spec.getInitContainers()) {
                init.add(new ContainerStatusBuilder()
                        .withName(c.getName())
                        .withImage(c.getImage())
                        .withImageID(imageId(c.getImage()))
                        .withContainerID("containerd://" + digest(uid + "/init/" + c.getName()))
                        .withStarted(false)
                        .withReady(true)
                        .withRestartCount(0)
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(0)
                        .withReason("Completed")
                        .withContainerID("containerd://" + digest(uid + "/init/" + c.getName()))
                        .withStartedAt(since)
                        .withFinishedAt(since)
                        .endTerminated()
                        .endState()
                        .withNewLastState()
                        .endLastState()
                        .build());
            }
        }
        return new PodStatusBuilder()
                .withPhase("Running")
                .withPodIP(podIp)
                .withPodIPs(new PodIP(podIp))
                .withHostIP(HOST_IP)
                .withHostIPs(new io.fabric8.kubernetes.api.model.HostIP(HOST_IP))
                .withStartTime(since)
                .withConditions(conditions)
                .withContainerStatuses(containers)
                .withInitContainerStatuses(init.isEmpty() ? null : init)
                .withQosClass(qosClass(spec))
                .build();
    }

    private static PodCondition condition(String type, String status, String since) {
        return new PodConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withLastTransitionTime(since)
                .withLastProbeTime(null)
                .build();
    }

    /** {@code docker.io/library/x@sha256:<64 hex>}: what a runtime reports for a pulled image. */
    static String imageId(String image) {
        String repo = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = repo.lastIndexOf(':');
        if (colon > repo.lastIndexOf('/')) {
            repo = repo.substring(0, colon);
        }
        if (!repo.contains("/")) {
            repo = "docker.io/library/" + repo;
        } else if (!repo.substring(0, repo.indexOf('/')).contains(".")) {
            repo = "docker.io/" + repo;
        }
        return repo + "@sha256:" + digest(image);
    }

    private static String qosClass(PodSpec spec) {
        boolean any = false;
        boolean guaranteed = true;
        for (Container c : spec.getContainers()) {
            var r = c.getResources();
            boolean requests =
                    r != null && r.getRequests() != null && !r.getRequests().isEmpty();
            boolean limits =
                    r != null && r.getLimits() != null && !r.getLimits().isEmpty();
            any |= requests || limits;
            guaranteed &= limits && (!requests || r.getRequests().equals(r.getLimits()));
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    static String digest(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
