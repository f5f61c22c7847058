package org.kfm.breakglass.testkit;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One port-forward websocket ({@code v4.channel.k8s.io}) bridged to a TCP backend, as a kubelet does.
 *
 * <p>The listener callbacks run on the Vert.x event loop, so they never block: a reader thread per forward
 * connects to the backend and pumps its bytes out as {@code [0] + chunk} frames, and a writer thread drains a
 * queue of client payloads into the socket. Without that split a large result deadlocks the loop.
 */
final class PortForwardBridge extends WebSocketListener {

    private static final Logger LOG = LoggerFactory.getLogger(PortForwardBridge.class);
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final byte DATA = 0;
    private static final byte ERROR = 1;
    /**
     * Largest data frame payload. Per-frame costs (a hop to the server's event loop, a TLS record, the client's
     * frame handling and its one-message-at-a-time flow control) dominate the tunnel's CPU: 16 KiB frames cost
     * about twice the CPU per MB of 32 KiB ones (docs/BENCHMARKS.md). 32 KiB is Go's io.Copy buffer, the order
     * of frames a real kubelet/API server plausibly sends: the harness must not flatter the client with frames
     * a cluster never sends.
     */
    private static final int CHUNK = 32 * 1024;

    private static final byte[] END = new byte[0];

    private final String namespace;
    private final String pod;
    private final int podPort;
    private final InetSocketAddress backend;
    private final OpenForwards registry;
    private final ForwardTraffic traffic;
    private final int id = IDS.incrementAndGet();
    private final BlockingQueue<byte[]> toBackend = new LinkedBlockingQueue<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile WebSocket webSocket;
    private volatile Socket socket;

    /**
     * @param backend where the pod port really is, or null when nothing listens on that port in the pod
     */
    PortForwardBridge(
            String namespace,
            String pod,
            int podPort,
            InetSocketAddress backend,
            OpenForwards registry,
            ForwardTraffic traffic) {
        this.namespace = namespace;
        this.pod = pod;
        this.podPort = podPort;
        this.backend = backend;
        this.registry = registry;
        this.traffic = traffic;
    }

    boolean targets(String ns, String podName) {
        return namespace.equals(ns) && pod.equals(podName);
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
        webSocket = ws;
        registry.add(this);
        // The client discards the first two frames by count: the port on the data and on the error channel.
        ws.send(new byte[] {DATA, (byte) (podPort & 0xff), (byte) ((podPort >> 8) & 0xff)});
        ws.send(new byte[] {ERROR, (byte) (podPort & 0xff), (byte) ((podPort >> 8) & 0xff)});
        Thread.ofPlatform().daemon().name("portforward-" + id + "-read").start(this::pumpFromBackend);
    }

    @Override
    public void onMessage(WebSocket ws, byte[] frame) {
        traffic.frameFromClient(frame.length);
        if (frame.length == 0 || frame[0] != DATA) {
            LOG.warn(
                    "port-forward {}: frame on channel {} from the client; closing",
                    id,
                    frame.length == 0 ? "none" : frame[0]);
            ws.close(1002, "protocol error: client frames must be on channel 0");
            finish();
            return;
        }
        if (frame.length > 1 && !finished.get()) {
            toBackend.add(Arrays.copyOfRange(frame, 1, frame.length));
        }
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
        ws.close(1002, "protocol error: text frames are not part of v4.channel.k8s.io");
        finish();
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
        traffic.closeFromClient(code, reason);
        finish();
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
        finish();
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
        LOG.debug("port-forward {} failed: {}", id, t.toString());
        finish();
    }

    /** Fault injection: the websocket goes away under the client's feet. */
    void drop() {
        WebSocket ws = webSocket;
        if (ws != null) {
            ws.close(1011, "port-forward dropped (injected fault)");
        }
        finish();
    }

    private void pumpFromBackend() {
        Socket s;
        try {
            if (backend == null) {
                throw new IOException("connection refused");
            }
            s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(backend, 5_000);
            socket = s;
        } catch (IOException e) {
            String msg = "error forwarding port " + podPort + " to pod " + pod + ": failed to connect to localhost:"
                    + podPort + " inside the pod: " + e.getMessage();
            byte[] text = msg.getBytes(StandardCharsets.UTF_8);
            sendQuietly(channelFrame(ERROR, text, text.length));
            closeWebSocket(1000, "");
            finish();
            return;
        }
        if (finished.get()) { // closed while connecting
            closeQuietly(s);
            return;
        }
        Thread.ofPlatform().daemon().name("portforward-" + id + "-write").start(() -> pumpToBackend(s));
        byte[] buf = new byte[CHUNK];
        try (InputStream in = s.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                // PostgreSQL writes 8 KiB at a time: gather what is already buffered into one frame.
                while (n > 0 && n < buf.length && in.available() > 0) {
                    int more = in.read(buf, n, buf.length - n);
                    if (more < 0) {
                        break;
                    }
                    n += more;
                }
                if (n > 0 && !sendQuietly(channelFrame(DATA, buf, n))) {
                    break;
                }
                traffic.payloadToClient(n);
            }
            // Backend closed its end (e.g. after a Terminate): a kubelet ends the stream normally.
            closeWebSocket(1000, "");
        } catch (IOException e) {
            if (!finished.get()) {
                closeWebSocket(1011, "backend connection failed");
            }
        } finally {
            finish();
        }
    }

    private void pumpToBackend(Socket s) {
        try (OutputStream out = s.getOutputStream()) {
            while (true) {
                byte[] payload = toBackend.take();
                if (payload == END) {
                    return;
                }
                out.write(payload);
                if (toBackend.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            LOG.debug("port-forward {}: writing to the backend failed: {}", id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finish();
        }
    }

    private void finish() {
        if (finished.compareAndSet(false, true)) {
            registry.remove(this);
            toBackend.add(END);
            Socket s = socket;
            if (s != null) {
                closeQuietly(s);
            }
        }
    }

    private boolean sendQuietly(byte[] frame) {
        WebSocket ws = webSocket;
        try {
            return ws != null && ws.send(frame);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void closeWebSocket(int code, String reason) {
        WebSocket ws = webSocket;
        if (ws != null) {
            try {
                ws.close(code, reason);
            } catch (RuntimeException e) {
                LOG.debug("port-forward {}: closing the websocket failed: {}", id, e.toString());
            }
        }
    }

    private static byte[] channelFrame(byte channel, byte[] data, int length) {
        byte[] frame = new byte[length + 1];
        frame[0] = channel;
        System.arraycopy(data, 0, frame, 1, length);
        return frame;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket that will not close
        }
    }
}
