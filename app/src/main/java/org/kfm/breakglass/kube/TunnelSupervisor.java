package org.kfm.breakglass.kube;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.kfm.breakglass.kube.target.Relocation;
import org.kfm.breakglass.kube.target.ResolvedTarget;
import org.kfm.breakglass.kube.target.SecretConventions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a tunnel to a target pointed at a Ready pod. fabric8 never reconnects and reports forward errors only when
 * polled, so this polls (every {@code pollInterval}) the current pod and the forwards it opened; a replaced,
 * deleted or unready pod, or a dropped forward, moves the tunnel to RECONNECTING; it then re-resolves until a Ready
 * pod appears (OPEN, with old and new pod UID) or {@code readyTimeout} passes (FAILED).
 *
 * <p>Polling rather than a watch: it needs only {@code get pods}, survives API hiccups without re-establishing
 * watches, and a second of latency is nothing next to a pod restart. Re-opening the JDBC connection is the
 * session's decision, on the OPEN event.
 */
public final class TunnelSupervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelSupervisor.class);

    private final ClusterAccess access;
    private final String namespace;
    private final TargetRef target;
    private final TargetResolver resolver;
    private final PortForwardTunnel tunnel;
    private final Duration readyTimeout;
    private final Duration pollInterval;
    private final List<TunnelListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private volatile TunnelState state = TunnelState.CONNECTING;
    private volatile ResolvedPod current;
    private volatile ResolvedTarget located;
    private Thread poller;

    /**
     * @param access        the cluster access (not closed by this supervisor)
     * @param namespace     the namespace of the target
     * @param target        what to forward to, e.g. {@code svc/postgis:5432}
     * @param readyTimeout  how long to wait for a Ready pod when (re)connecting
     * @param pollInterval  how often to check the pod and the forwards
     */
    public TunnelSupervisor(
            ClusterAccess access, String namespace, TargetRef target, Duration readyTimeout, Duration pollInterval) {
        this(access, namespace, target, readyTimeout, pollInterval, SecretConventions.defaults());
    }

    /** With the policy's choices of Secret and user ({@link SecretConventions}) for the target's layout. */
    public TunnelSupervisor(
            ClusterAccess access,
            String namespace,
            TargetRef target,
            Duration readyTimeout,
            Duration pollInterval,
            SecretConventions conventions) {
        this.access = Objects.requireNonNull(access, "access");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.target = Objects.requireNonNull(target, "target");
        this.readyTimeout = Objects.requireNonNull(readyTimeout, "readyTimeout");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.resolver = new TargetResolver(access, conventions);
        this.tunnel = new PortForwardTunnel(access, namespace);
    }

    /** With a 1 s poll interval. */
    public TunnelSupervisor(ClusterAccess access, String namespace, TargetRef target, Duration readyTimeout) {
        this(access, namespace, target, readyTimeout, Duration.ofSeconds(1));
    }

    public void addListener(TunnelListener listener) {
        listeners.add(listener);
    }

    public void removeListener(TunnelListener listener) {
        listeners.remove(listener);
    }

    /**
     * Resolves the target (waiting up to the ready timeout) and starts supervising. Blocks; returns the pod on OPEN,
     * throws {@link TargetUnavailableException} / {@link KubeAccessException} after reporting FAILED.
     */
    public ResolvedPod open() {
        synchronized (lock) {
            if (state == TunnelState.CLOSED) {
                throw new IllegalStateException("This tunnel was closed: create a new supervisor");
            }
            state = TunnelState.CONNECTING;
        }
        publish(new TunnelEvent(TunnelState.CONNECTING, "", "", "", "resolving " + target + " in " + namespace));
        ResolvedPod pod;
        try {
            pod = awaitReadyPod().pod();
        } catch (KubeAccessException e) {
            transition(TunnelState.FAILED, new TunnelEvent(TunnelState.FAILED, "", "", "", e.getMessage()));
            throw e;
        }
        current = pod;
        transition(
                TunnelState.OPEN,
                new TunnelEvent(
                        TunnelState.OPEN,
                        pod.name(),
                        "",
                        pod.uid(),
                        "forwarding to " + pod.name() + ":" + pod.containerPort()));
        startPolling();
        return pod;
    }

    /**
     * The target as the last resolution found it — pod, role, the Secret layout of its credentials and the route —
     * empty before {@link #open()} resolved it.
     */
    public Optional<ResolvedTarget> resolvedTarget() {
        return Optional.ofNullable(located);
    }

    /** The current state. */
    public TunnelState state() {
        return state;
    }

    /** The pod forwarded to now, when OPEN (or the last one, while RECONNECTING). */
    public Optional<ResolvedPod> currentPod() {
        return Optional.ofNullable(current);
    }

    /** The namespace of the target. */
    public String namespace() {
        return namespace;
    }

    /** The target this supervisor keeps open. */
    public TargetRef target() {
        return target;
    }

    /** The forwards opened through this supervisor and still open. */
    public List<ForwardedSocket> openSockets() {
        return tunnel.openSockets();
    }

    /** A new connected socket to the current pod; only while OPEN. */
    public Socket openSocket() throws IOException {
        var pod = current;
        var now = state;
        if (now != TunnelState.OPEN || pod == null) {
            throw new IOException(
                    "The tunnel to " + target + " is " + now + ": wait until it is OPEN again before connecting");
        }
        return tunnel.openSocket(pod);
    }

    @Override
    public void close() {
        Thread toStop;
        synchronized (lock) {
            if (state == TunnelState.CLOSED) {
                return;
            }
            state = TunnelState.CLOSED;
            toStop = poller;
        }
        if (toStop != null) {
            toStop.interrupt();
        }
        tunnel.close();
        var pod = current;
        publish(new TunnelEvent(
                TunnelState.CLOSED,
                pod == null ? "" : pod.name(),
                pod == null ? "" : pod.uid(),
                "",
                "closed by the console"));
    }

    private void startPolling() {
        synchronized (lock) {
            if (poller != null || state == TunnelState.CLOSED) {
                return;
            }
            poller = Thread.ofPlatform().daemon().name("kfm-tunnel-supervisor").start(this::pollLoop);
        }
    }

    private void pollLoop() {
        while (state != TunnelState.CLOSED && !Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(pollInterval);
            } catch (InterruptedException e) {
                return;
            }
            if (state != TunnelState.OPEN) {
                continue;
            }
            try {
                problem().ifPresent(this::reconnect);
            } catch (KubeAccessException e) {
                // An API hiccup is not a tunnel failure; the forwards are checked again next round.
                LOG.warn("Tunnel supervision could not check pod {}: {}", current.name(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("Tunnel supervision failed unexpectedly; will retry", e);
            }
        }
    }

    /** Why the tunnel must reconnect, if it must. */
    private Optional<String> problem() {
        var pod = current;
        var dropped = new java.util.ArrayList<>(tunnel.takeDropped());
        dropped.addAll(tunnel.openSockets().stream()
                .filter(s -> s.forwardDropped() && !s.isClosed())
                .toList());
        var refused =
                dropped.stream().filter(ForwardedSocket::refusedByApiServer).findFirst();
        if (refused.isPresent()) {
            // Reconnecting cannot fix missing credentials or RBAC: fail so the operator sees why.
            tunnel.close();
            transition(
                    TunnelState.FAILED,
                    new TunnelEvent(
                            TunnelState.FAILED,
                            pod.name(),
                            pod.uid(),
                            "",
                            refused.get().dropReason()));
            return Optional.empty();
        }
        if (!dropped.isEmpty()) {
            return Optional.of("the port-forward to " + pod.name() + " dropped ("
                    + dropped.getFirst().dropReason() + ")");
        }
        var live = access.call(
                "check pod " + namespace + "/" + pod.name(),
                () -> access.client()
                        .pods()
                        .inNamespace(namespace)
                        .withName(pod.name())
                        .get());
        if (live == null) {
            return Optional.of("pod " + pod.name() + " was deleted");
        }
        if (!pod.uid().equals(live.getMetadata().getUid())) {
            return Optional.of("pod " + pod.name() + " was replaced (new UID "
                    + live.getMetadata().getUid() + ")");
        }
        if (!PodReadiness.isServing(live)) {
            return Optional.of("pod " + pod.name() + " is no longer Ready (" + PodReadiness.describe(live) + ")");
        }
        return Optional.empty();
    }

    private void reconnect(String reason) {
        var old = current;
        if (!transition(
                TunnelState.RECONNECTING,
                new TunnelEvent(TunnelState.RECONNECTING, old.name(), old.uid(), "", reason))) {
            return;
        }
        // Connections to the old pod are dead or soon will be; the session reconnects on OPEN.
        tunnel.close();
        try {
            ResolvedTarget before = located;
            ResolvedTarget found = awaitReadyPod();
            var pod = found.pod();
            current = pod;
            tunnel.takeDropped(); // the forwards closed above belong to the drop just handled
            String moved = before == null ? "" : new Relocation(before, found).describe() + " after: ";
            transition(
                    TunnelState.OPEN,
                    new TunnelEvent(
                            TunnelState.OPEN,
                            pod.name(),
                            old.uid(),
                            pod.uid(),
                            pod.uid().equals(old.uid())
                                    ? "reconnected to the same pod after: " + reason
                                    : "reconnected to a new pod instance: " + moved + reason));
        } catch (KubeAccessException e) {
            transition(
                    TunnelState.FAILED, new TunnelEvent(TunnelState.FAILED, old.name(), old.uid(), "", e.getMessage()));
        }
    }

    /**
     * Resolves until a Ready pod appears or the ready timeout passes (then the last error is thrown). Once resolved,
     * again by the target's role ({@link TargetResolver#relocate}): the current primary of {@code cnpg/kfm:rw}, not
     * pod {@code kfm-1}; a replica target keeps its replica while that still serves.
     */
    private ResolvedTarget awaitReadyPod() {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        ResolvedTarget previous = located;
        while (true) {
            try {
                ResolvedTarget found = previous == null
                        ? resolver.locate(namespace, target)
                        : resolver.relocate(previous).now();
                located = found;
                return found;
            } catch (KubeAccessException e) {
                if (System.nanoTime() >= deadline || state == TunnelState.CLOSED) {
                    throw e instanceof TargetUnavailableException tu
                            ? new TargetUnavailableException(
                                    tu.getMessage() + " (waited " + readyTimeout.toSeconds() + " s)")
                            : e;
                }
                LOG.info("Waiting for a Ready pod for {}: {}", target, e.getMessage());
                try {
                    Thread.sleep(pollInterval);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new KubeAccessException("Interrupted while waiting for a Ready pod for " + target, ie);
                }
            }
        }
    }

    /** Moves to {@code next} unless CLOSED, then tells the listeners. */
    private boolean transition(TunnelState next, TunnelEvent event) {
        synchronized (lock) {
            if (state == TunnelState.CLOSED) {
                return false;
            }
            state = next;
        }
        publish(event);
        return true;
    }

    private void publish(TunnelEvent event) {
        LOG.info("Tunnel {} {}: {}", target, event.state(), event.reason());
        for (var listener : listeners) {
            try {
                listener.onTunnelEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("A tunnel listener failed on {}", event.state(), e);
            }
        }
    }
}
