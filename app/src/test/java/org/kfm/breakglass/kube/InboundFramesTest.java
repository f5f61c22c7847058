package org.kfm.breakglass.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bound between the event loop and the reader: when the next message may be requested, and by whom. */
class InboundFramesTest {

    private final AtomicInteger requests = new AtomicInteger();
    private final InboundFrames frames = new InboundFrames(100, requests::incrementAndGet);

    private static ByteBuffer message(int channelAndPayload) {
        var buffer = ByteBuffer.allocate(channelAndPayload);
        for (int i = 0; i < channelAndPayload; i++) {
            buffer.put((byte) i);
        }
        // As the listener hands it over: the channel byte already read.
        return buffer.flip().position(1);
    }

    @Test
    void holdsTheMessagesByReferenceAndLetsTheEventLoopRequestUntilTheBoundIsReached() throws Exception {
        var first = message(41);

        assertThat(frames.add(first)).isTrue();
        assertThat(frames.add(message(41))).isTrue();
        assertThat(frames.add(message(41)))
                .as("120 bytes held, the bound is 100")
                .isFalse();
        assertThat(frames.available()).isEqualTo(120);

        byte[] b = new byte[10];
        assertThat(frames.read(b, 0, 10, 0)).isEqualTo(10);
        assertThat(b).startsWith(1, 2, 3);
        assertThat(first.position())
                .as("read straight from the message it was given")
                .isEqualTo(11);
        assertThat(requests).as("still above half the bound: nobody asks yet").hasValue(0);
    }

    @Test
    void theReaderAsksForTheNextMessageOnceBelowHalfTheBound() throws Exception {
        frames.add(message(61));
        assertThat(frames.add(message(61))).isFalse();
        byte[] b = new byte[200];

        assertThat(frames.read(b, 0, 69, 0)).isEqualTo(69);
        assertThat(requests).as("51 bytes left: not yet").hasValue(0);
        assertThat(frames.read(b, 0, 2, 0)).isEqualTo(2);
        assertThat(requests).as("49 bytes left: the reader asks once").hasValue(1);
        assertThat(frames.read(b, 0, 200, 0)).isEqualTo(49);
        assertThat(requests).hasValue(1);
        assertThat(frames.peakBytes()).isEqualTo(120);
    }

    @Test
    void endDeliversWhatIsQueuedThenEndOfStream() throws Exception {
        frames.add(message(4));
        frames.end();
        byte[] b = new byte[10];

        assertThat(frames.read(b, 0, 10, 0)).isEqualTo(3);
        assertThat(frames.read(b, 0, 10, 0)).isEqualTo(-1);
        assertThat(frames.add(message(4)))
                .as("after the end, data is discarded")
                .isTrue();
        assertThat(frames.available()).isZero();
    }

    @Test
    void readsTimeOutAndAClosedReaderFailsAndReleasesAnOwedRequest() throws Exception {
        byte[] b = new byte[10];
        assertThatThrownBy(() -> frames.read(b, 0, 10, 50)).isInstanceOf(SocketTimeoutException.class);

        frames.add(message(101));
        assertThat(frames.add(message(2))).isFalse();
        frames.closeReader();

        assertThat(requests).as("the websocket reads on to its close frame").hasValue(1);
        assertThatThrownBy(() -> frames.read(b, 0, 10, 0)).isInstanceOf(ClosedChannelException.class);
        assertThat(frames.add(message(50))).isTrue();
        assertThat(frames.queuedBytes()).isZero();
    }
}
