package org.kfm.breakglass.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The socket contract pgjdbc relies on, over an in-process echo forward that behaves like the websocket one: its
 * pump hands frames to {@link InboundFrames} and waits for the reader's request when the bound is reached.
 */
class ForwardedSocketTest {

    private final ResolvedPod pod = new ResolvedPod("postgis-0", "uid-1", 5432, "postgres");
    private EchoLink forward;
    private ForwardedSocket socket;
    private final List<ForwardedSocket> closed = new CopyOnWriteArrayList<>();

    private ForwardedSocket open() throws IOException {
        socket = new ForwardedSocket("kfm-stage/postgis-0:5432", pod, () -> forward = new EchoLink(), closed::add);
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
                    out.flush();
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        byte[] echoed = new byte[payload.length];
        new DataInputStream(socket.getInputStream()).readFully(echoed);
        writer.join();

        assertThat(echoed).isEqualTo(payload);
        assertThat(forward.largestFrame.get()).isEqualTo(OutboundFrames.MAX_FRAME);
        assertThat(forward.inbound.peakBytes())
                .as("bytes held for the reader never exceed the bound plus one frame")
                .isLessThanOrEqualTo(PodPortForward.INBOUND_LIMIT + OutboundFrames.MAX_FRAME);
    }

    @Test
    void writesGoOutOnFlushInFramesOfAtMost32KiBWithTheDataChannelByteFirst() throws Exception {
        open();
        var out = socket.getOutputStream();
        out.write(new byte[100]);
        out.write(new byte[5]);
        assertThat(forward.frames.get()).as("nothing is sent before flush").isZero();

        out.flush();
        out.write(new byte[3 * OutboundFrames.MAX_FRAME]);
        out.flush();

        assertThat(forward.frameSizes).containsExactly(106, 32768, 32768, 32768, 4);
        assertThat(forward.channels).containsOnly((byte) 0);
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
        socket.getOutputStream().flush();
        assertThat(socket.getInputStream().read()).isEqualTo(42);

        assertThat(ListeningSockets.socketDescriptorsOfThisProcess()).isEqualTo(before);
    }

    @Test
    void honoursSoTimeoutOnReads() throws Exception {
        open();
        socket.setSoTimeout(150);

        assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        socket.getOutputStream().write(7);
        socket.getOutputStream().flush();
        assertThat(socket.getInputStream().read()).isEqualTo(7);
    }

    @Test
    void remoteCloseDeliversPendingBytesThenFailsNamingTheTunnel() throws Exception {
        open();
        socket.getOutputStream().write(new byte[] {1, 2, 3});
        socket.getOutputStream().flush();
        var in = new DataInputStream(socket.getInputStream());
        byte[] got = new byte[2];
        in.readFully(got);

        forward.drop(new ForwardFailure.Cause.ErrorChannel("error forwarding port 5432: connection refused"));

        assertThat(got).containsExactly(1, 2);
        assertThat(in.read()).as("what arrived before the drop is still read").isEqualTo(3);
        assertThatThrownBy(in::read)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("port-forward tunnel to kfm-stage/postgis-0:5432 dropped")
                .hasMessageContaining("error channel")
                .hasMessageContaining("connection refused");
        assertThat(socket.forwardAlive()).isFalse();
        assertThatThrownBy(() -> {
                    socket.getOutputStream().write(9);
                    socket.getOutputStream().flush();
                })
                .isInstanceOf(IOException.class)
                .hasMessageContaining("dropped");
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

    /**
     * Echoes every frame's payload back, like a pod that answers with what it receives, through a pump thread that
     * stands in for the event loop: it adds to {@link InboundFrames} and, when told not to request more, waits for
     * the reader's request. Can be dropped like a websocket.
     */
    private static final class EchoLink implements ForwardLink {
        final InboundFrames inbound = new InboundFrames(PodPortForward.INBOUND_LIMIT, this::requested);
        final ForwardFailure failure = new ForwardFailure();
        final AtomicBoolean alive = new AtomicBoolean(true);
        final AtomicBoolean closedByClient = new AtomicBoolean();
        final AtomicInteger frames = new AtomicInteger();
        final AtomicInteger largestFrame = new AtomicInteger();
        final AtomicLong queued = new AtomicLong();
        final List<Integer> frameSizes = new CopyOnWriteArrayList<>();
        final List<Byte> channels = new CopyOnWriteArrayList<>();
        final LinkedBlockingQueue<ByteBuffer> echo = new LinkedBlockingQueue<>();
        final Semaphore demand = new Semaphore(0);
        final Thread pump;

        EchoLink() {
            pump = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        var payload = echo.take();
                        queued.addAndGet(-payload.remaining());
                        if (!inbound.add(payload)) {
                            demand.acquire();
                        }
                    }
                } catch (InterruptedException e) {
                    // dropped or closed
                }
            });
        }

        private void requested() {
            demand.release();
        }

        void drop(ForwardFailure.Cause cause) {
            failure.record(cause);
            alive.set(false);
            pump.interrupt();
            inbound.end();
        }

        @Override
        public InboundFrames inbound() {
            return inbound;
        }

        @Override
        public void send(ByteBuffer frame) throws IOException {
            if (!alive.get()) {
                throw new ClosedChannelException();
            }
            frames.incrementAndGet();
            frameSizes.add(frame.remaining());
            largestFrame.accumulateAndGet(frame.remaining(), Math::max);
            channels.add(frame.get());
            var copy = ByteBuffer.allocate(frame.remaining());
            copy.put(frame).flip(); // the caller reuses its array, as the HTTP client allows
            queued.addAndGet(copy.remaining());
            echo.add(copy);
        }

        @Override
        public long queuedForSending() {
            return queued.get();
        }

        @Override
        public boolean isAlive() {
            return alive.get();
        }

        @Override
        public boolean endedCleanly() {
            return !alive.get() && failure.endedCleanly();
        }

        @Override
        public String dropReason() {
            return failure.reason();
        }

        @Override
        public boolean refusedByApiServer() {
            return failure.refused();
        }

        @Override
        public void close() {
            closedByClient.set(true);
            alive.set(false);
            pump.interrupt();
        }
    }
}
