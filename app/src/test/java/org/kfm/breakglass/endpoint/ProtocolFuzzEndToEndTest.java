package org.kfm.breakglass.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.endpoint.wire.Frame;
import org.kfm.breakglass.endpoint.wire.FrontendMessages;
import org.kfm.breakglass.session.AccessMode;

/**
 * Broken bytes sent to a running endpoint — at startup and after login: unknown types, lengths below 4, negative
 * or over the cap, messages cut short, bodies that do not parse — always get a {@code FATAL 08P01} and a closed
 * connection within seconds, and not one of their bytes reaches the server (after the login the server receives
 * only the endpoint's Terminate).
 */
class ProtocolFuzzEndToEndTest {
    private static final String CLIENT_TYPES = "BCDEFHPQSXcdf";

    @Test
    void brokenMessagesAfterLoginEndTheConnectionWithAProtocolErrorAndNothingIsForwarded() throws Exception {
        var random = new Random(13L);
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            for (int i = 0; i < 120; i++) {
                byte[] garbage = brokenMessage(random);
                int stream = stage.upstream().bytesSent().size();
                try (var client = RawClient.connect(stage.endpoint().socketPath())) {
                    client.login();
                    client.send(garbage);
                    client.shutdownOutput();
                    var replies = client.untilClosed(10_000);
                    assertThat(replies)
                            .as("case %d: %s", i, java.util.HexFormat.of().formatHex(garbage))
                            .anySatisfy(f -> {
                                assertThat(f.typeChar()).isEqualTo('E');
                                assertThat(RawClient.fields(f))
                                        .containsEntry('C', "08P01")
                                        .containsEntry('S', "FATAL");
                            });
                }
                byte[] upstream = awaitTerminate(stage, stream);
                assertThat(afterLogin(upstream))
                        .as("case %d: bytes the server got after the login", i)
                        .isEqualTo(FrontendMessages.terminate().toBytes());
            }
            assertThat(stage.journal().of(RecordingJournal.Begin.class)).isEmpty();
        }
    }

    @Test
    void brokenStartupPacketsEndTheConnectionBeforeAnythingOpensUpstream() throws Exception {
        var random = new Random(29L);
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            for (int i = 0; i < 120; i++) {
                byte[] garbage = brokenStartup(random);
                try (var client = RawClient.connect(stage.endpoint().socketPath())) {
                    client.send(garbage);
                    client.shutdownOutput();
                    var replies = client.untilClosed(10_000);
                    assertThat(replies)
                            .as("case %d: %s", i, java.util.HexFormat.of().formatHex(garbage))
                            .filteredOn(f -> f.typeChar() == 'E')
                            .singleElement()
                            .satisfies(f -> assertThat(RawClient.fields(f)).containsEntry('C', "08P01"));
                }
            }
            assertThat(stage.upstream().streamsOpened()).isZero();
            assertThat(stage.journal().entries()).isEmpty();
        }
    }

    private static byte[] brokenMessage(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> { // a type no client may send
                char type;
                do {
                    type = (char) random.nextInt(256);
                } while (CLIENT_TYPES.indexOf(type) >= 0);
                yield withLength(type, random.nextInt(64), random);
            }
            case 1 ->
                withLength(
                        type(random),
                        random.nextBoolean() ? random.nextInt(4) : -1 - random.nextInt(Integer.MAX_VALUE),
                        random);
            case 2 -> { // over the cap for the type
                char type = type(random);
                int min = "QPBFd".indexOf(type) >= 0 ? 64 * 1024 * 1024 + 5 : 10_005;
                yield withLength(type, min + random.nextInt(Integer.MAX_VALUE - min), random);
            }
            case 3 -> { // declared longer than what is sent before the end of the stream
                byte[] full = withLength(type(random), 5 + random.nextInt(5000), random);
                yield Arrays.copyOf(full, 5 + random.nextInt(Math.max(1, full.length - 6)));
            }
            default -> truncatedBody(random);
        };
    }

    /** A valid message with its body cut short (length rewritten to match), or Sync/Flush with a body. */
    private static byte[] truncatedBody(Random random) {
        List<Frame> seeds = List.of(
                FrontendMessages.query("SELECT 1"),
                FrontendMessages.parse("s", "SELECT 1"),
                FrontendMessages.bind("", ""),
                FrontendMessages.execute("", 0),
                FrontendMessages.describe('S', "s"),
                FrontendMessages.close('P', ""));
        if (random.nextInt(4) == 0) {
            return new Frame((byte) (random.nextBoolean() ? 'S' : 'H'), new byte[] {(byte) random.nextInt(256)})
                    .toBytes();
        }
        var seed = seeds.get(random.nextInt(seeds.size()));
        byte[] body = Arrays.copyOf(seed.body(), random.nextInt(seed.body().length));
        return new Frame(seed.type(), body).toBytes();
    }

    private static byte[] brokenStartup(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> lengthWord(random.nextBoolean() ? random.nextInt(8) : 10_001 + random.nextInt(1 << 20));
            case 1 -> { // a protocol version other than 3
                int major = random.nextBoolean() ? 2 : 4 + random.nextInt(1000);
                yield concat(lengthWord(9), lengthWord(major << 16), new byte[] {0});
            }
            case 2 -> { // cut short
                byte[] full = FrontendMessages.startupMessage(java.util.Map.of("user", "u", "database", "kfm"));
                yield Arrays.copyOf(full, 1 + random.nextInt(full.length - 1));
            }
            default -> { // parameters without their terminators
                byte[] body = concat(lengthWord(3 << 16), "user".getBytes());
                yield concat(lengthWord(body.length + 4), body);
            }
        };
    }

    private static char type(Random random) {
        return CLIENT_TYPES.charAt(random.nextInt(CLIENT_TYPES.length()));
    }

    private static byte[] withLength(char type, int length, Random random) {
        byte[] tail = new byte[random.nextInt(16)];
        random.nextBytes(tail);
        return concat(new byte[] {(byte) type}, lengthWord(length), tail);
    }

    private static byte[] lengthWord(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The bytes of upstream stream {@code index}, once the endpoint has closed it with its Terminate. */
    private static byte[] awaitTerminate(EndpointStage stage, int index) throws InterruptedException {
        byte[] terminate = FrontendMessages.terminate().toBytes();
        for (int i = 0; i < 200; i++) {
            var all = stage.upstream().bytesSent();
            if (all.size() > index) {
                byte[] b = all.get(index);
                if (b.length >= 5 && Arrays.equals(Arrays.copyOfRange(b, b.length - 5, b.length), terminate)) {
                    return b;
                }
            }
            Thread.sleep(25);
        }
        return stage.upstream().bytesSent().get(index);
    }

    /** What follows the startup packet and the SASL messages of the endpoint's own login. */
    private static byte[] afterLogin(byte[] sent) {
        int at = ((sent[0] & 0xFF) << 24) | ((sent[1] & 0xFF) << 16) | ((sent[2] & 0xFF) << 8) | (sent[3] & 0xFF);
        while (at < sent.length && sent[at] == 'p') {
            int length = ((sent[at + 1] & 0xFF) << 24)
                    | ((sent[at + 2] & 0xFF) << 16)
                    | ((sent[at + 3] & 0xFF) << 8)
                    | (sent[at + 4] & 0xFF);
            at += 1 + length;
        }
        return Arrays.copyOfRange(sent, at, sent.length);
    }
}
