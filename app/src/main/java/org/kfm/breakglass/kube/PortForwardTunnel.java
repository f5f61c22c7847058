package org.kfm.breakglass.kube;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Opens database connections to a pod as {@link ForwardedSocket}s, one {@code v4.channel.k8s.io} websocket
 * ({@link PodPortForward}) per socket, through the fabric8 client's HTTP client, and no listening socket: fabric8's
 * own {@code portForward(port)} binds every interface.
 */
public final class PortForwardTunnel implements AutoCloseable {

    private final ClusterAccess access;
    private final String namespace;
    private final List<ForwardedSocket> open = new CopyOnWriteArrayList<>();
    private final List<ForwardedSocket> dropped = new CopyOnWriteArrayList<>();

    public PortForwardTunnel(ClusterAccess access, String namespace) {
        this.access = access;
        this.namespace = namespace;
    }

    /** A connected socket to {@code pod}'s container port; closing it closes the forward. */
    public ForwardedSocket openSocket(ResolvedPod pod) throws IOException {
        String target = namespace + "/" + pod.name() + ":" + pod.containerPort();
        try {
            var socket =
                    new ForwardedSocket(target, pod, () -> PodPortForward.open(access, namespace, pod), this::closed);
            open.add(socket);
            return socket;
        } catch (RuntimeException e) {
            throw new IOException("Could not open a port-forward to " + target + ": " + e.getMessage(), e);
        }
    }

    private void closed(ForwardedSocket socket) {
        open.remove(socket);
        if (socket.droppedBeforeClose()) {
            dropped.add(socket);
        }
    }

    /** Sockets closed after their forward had dropped, since the last call; the list is emptied. */
    public List<ForwardedSocket> takeDropped() {
        var taken = List.copyOf(dropped);
        dropped.removeAll(taken);
        return taken;
    }

    /** The sockets opened here and not yet closed. */
    public List<ForwardedSocket> openSockets() {
        return List.copyOf(open);
    }

    /** The namespace forwarded into. */
    public String namespace() {
        return namespace;
    }

    /** Closes every socket still open. */
    @Override
    public void close() {
        for (var socket : open) {
            socket.close();
        }
    }
}
