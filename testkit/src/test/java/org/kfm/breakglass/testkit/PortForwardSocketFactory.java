package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.PortForward;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.SocketFactory;

/**
 * Test-only: a pgjdbc {@code socketFactory} whose sockets are fabric8 channel port-forwards to
 * {@code postgis-0:5432} (no listening socket). pgjdbc instantiates it by class name with {@code socketFactoryArg}
 * as the key of a registered client.
 */
public final class PortForwardSocketFactory extends SocketFactory {

    private static final Map<String, KubernetesClient> CLIENTS = new ConcurrentHashMap<>();

    private final KubernetesClient client;
    private final String pod;

    /** @param arg the key of a registered client, optionally {@code key@pod} for another pod than postgis-0 */
    public PortForwardSocketFactory(String arg) {
        int at = arg.indexOf('@');
        String key = at < 0 ? arg : arg.substring(0, at);
        this.pod = at < 0 ? StageObjects.POD : arg.substring(at + 1);
        this.client = CLIENTS.get(key);
        if (client == null) {
            throw new IllegalArgumentException("no client registered under " + key);
        }
    }

    static void register(String key, KubernetesClient client) {
        CLIENTS.put(key, client);
    }

    /** JDBC properties that route a connection through the forward of the client registered as {@code key}. */
    static java.util.Properties jdbcProperties(String key, DbRole role) {
        var props = new java.util.Properties();
        props.setProperty("user", role.user());
        props.setProperty("password", role.password());
        props.setProperty("socketFactory", PortForwardSocketFactory.class.getName());
        props.setProperty("socketFactoryArg", key);
        props.setProperty("sslmode", "disable");
        return props;
    }

    @Override
    public Socket createSocket() {
        return new ForwardedSocket(client, pod);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new IOException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new IOException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw new IOException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        throw new IOException("unconnected sockets only");
    }

    /** A socket whose streams are the two pipes of a channel port-forward. */
    static final class ForwardedSocket extends Socket {
        private final KubernetesClient client;
        private final String pod;
        private PortForward forward;
        private InputStream in;
        private OutputStream out;
        private volatile boolean closed;

        ForwardedSocket(KubernetesClient client, String pod) {
            this.client = client;
            this.pod = pod;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            Pipe toPod = Pipe.open();
            Pipe fromPod = Pipe.open();
            forward = client.pods()
                    .inNamespace(StageObjects.NAMESPACE)
                    .withName(pod)
                    .portForward(StageObjects.CONTAINER_PORT, toPod.source(), fromPod.sink());
            in = Channels.newInputStream(fromPod.source());
            out = Channels.newOutputStream(toPod.sink());
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public InputStream getInputStream() {
            return in;
        }

        @Override
        public OutputStream getOutputStream() {
            return out;
        }

        @Override
        public boolean isConnected() {
            return forward != null;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (forward != null) {
                forward.close();
            }
            if (out != null) {
                out.close();
            }
            if (in != null) {
                in.close();
            }
        }

        @Override
        public void setTcpNoDelay(boolean on) {}

        @Override
        public void setKeepAlive(boolean on) {}

        @Override
        public void setSoTimeout(int timeout) {}

        @Override
        public int getSoTimeout() {
            return 0;
        }

        @Override
        public void setReceiveBufferSize(int size) {}

        @Override
        public void setSendBufferSize(int size) {}
    }
}
