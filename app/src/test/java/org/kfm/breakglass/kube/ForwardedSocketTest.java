package org.kfm.breakglass.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.PortForward;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The socket contract pgjdbc relies on, over an in-process echo forward that behaves like fabric8's. */
class ForwardedSocketTest {

    private final ResolvedPod pod = new ResolvedPod("postgis-0", "uid-1", 5432, "postgres");
    private EchoForward forward;
    private ForwardedSocket socket;
    private final List<ForwardedSocket> closed = new CopyOnWriteArrayList<>();

    private ForwardedSocket open() throws IOException {
        socket = new ForwardedSocket(
                "kfm-stage/postgis-0:5432", pod, (in, out) -> forward = new EchoForward(in, out), closed::add);
        socket.connect(new InetSocketAddress("db.invalid", 5432), 1000);
        return socket;
    }

    @AfterEach
    void tearDown() {
        if (socket != null) {
            socket.close();
        }
    }

    @Test
    void carriesLargeTransfersIntactBothWays() throws Exception {
        open();
        byte[] payload = new byte[8 << 20];
        new Random(42).nextBytes(payload);
        var writer = Thread.ofVirtual().start(() -> {
            try {
                var out = socket.getOutputStream();
                for (int off = 0; off < payload.length; off += 65536) {
                    out.write(payload, off, Math.min(65536, payload.length - off));
                }
                out.flush();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        byte[] echoed = new byte[payload.length];
        new DataInputStream(socket.getInputStream()).readFully(echoed);
        writer.join();

        assertThat(echoed).isEqualTo(payload);
    }

    @Test
    void behavesLikeAConnectedSocketWithoutBindingAnything() throws Exception {
        open();
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        socket.setReceiveBufferSize(1 << 16);
        socket.setSendBufferSize(1 << 16);

        assertThat(socket.isConnected()).isTrue();
        assertThat(socket.isClosed()).isFalse();
        assertThat(socket.isBound()).isFalse();
        assertThat(socket.getLocalPort()).isEqualTo(-1);
        assertThat(socket.getTcpNoDelay()).isTrue();
        assertThat(socket.getKeepAlive()).isTrue();
        assertThat(socket.getReceiveBufferSize()).isEqualTo(1 << 16);
        assertThat(socket.getPort()).isEqualTo(5432);
        assertThatThrownBy(() -> socket.bind(new InetSocketAddress(0))).hasMessageContaining("no local address");
    }

    @Test
    void opensNoOperatingSystemSocket() throws Exception {
        long before = ListeningSockets.socketDescriptorsOfThisProcess();
        open();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(1000);
        socket.getOutputStream().write(new byte[] {42});
        assertThat(socket.getInputStream().read()).isEqualTo(42);

        assertThat(ListeningSockets.socketDescriptorsOfThisProcess()).isEqualTo(before);
    }

    @Test
    void honoursSoTimeoutOnReads() throws Exception {
        open();
        socket.setSoTimeout(150);

        assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        socket.getOutputStream().write(7);
        assertThat(socket.getInputStream().read()).isEqualTo(7);
    }

    @Test
    void remoteCloseDeliversPendingBytesThenFailsNamingTheTunnel() throws Exception {
        open();
        socket.getOutputStream().write(new byte[] {1, 2, 3});
        var in = new DataInputStream(socket.getInputStream());
        byte[] got = new byte[3];
        in.readFully(got);

        forward.drop(new KubernetesClientException("Received an error from the remote socket: connection refused"));

        assertThat(got).containsExactly(1, 2, 3);
        assertThatThrownBy(in::read)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("port-forward tunnel to kfm-stage/postgis-0:5432 dropped")
                .hasMessageContaining("connection refused");
        assertThat(socket.forwardAlive()).isFalse();
    }

    @Test
    void closingTheSocketClosesTheForward() throws Exception {
        open();
        socket.close();

        assertThat(forward.closedByClient.get()).isTrue();
        assertThat(socket.isClosed()).isTrue();
        assertThat(closed).containsExactly(socket);
        assertThatThrownBy(() -> socket.getInputStream()).hasMessageContaining("closed");
    }

    /** Echoes every byte back, like a pod that answers with what it receives; can be dropped like a websocket. */
    private static final class EchoForward implements PortForward {
        final AtomicBoolean alive = new AtomicBoolean(true);
        final AtomicBoolean closedByClient = new AtomicBoolean();
        final Collection<Throwable> serverErrors = new CopyOnWriteArrayList<>();
        final WritableByteChannel out;
        final ReadableByteChannel in;
        final Thread pump;

        EchoForward(ReadableByteChannel in, WritableByteChannel out) {
            this.in = in;
            this.out = out;
            this.pump = Thread.ofPlatform().daemon().start(() -> {
                var buffer = ByteBuffer.allocate(4096);
                try {
                    while (in.read(buffer.clear()) > 0) {
                        out.write(buffer.flip());
                    }
                } catch (IOException e) {
                    // closed
                }
            });
        }

        void drop(Throwable error) throws IOException {
            serverErrors.add(error);
            alive.set(false);
            out.close();
            in.close();
        }

        @Override
        public boolean isAlive() {
            return alive.get();
        }

        @Override
        public boolean errorOccurred() {
            return !serverErrors.isEmpty();
        }

        @Override
        public Collection<Throwable> getClientThrowables() {
            return List.of();
        }

        @Override
        public Collection<Throwable> getServerThrowables() {
            return serverErrors;
        }

        @Override
        public void close() throws IOException {
            closedByClient.set(true);
            alive.set(false);
            in.close();
            out.close();
        }
    }
}
