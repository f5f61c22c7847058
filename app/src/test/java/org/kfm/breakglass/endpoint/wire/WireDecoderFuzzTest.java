package org.kfm.breakglass.endpoint.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kfm.breakglass.endpoint.wire.WireBytes.of;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of valid client messages (bytes flipped, cut, appended, lengths rewritten) through the framing
 * and the decoders: each gives a message or a {@link ProtocolViolation}, never another exception and never a
 * read past what was declared.
 */
class WireDecoderFuzzTest {
    private static final List<byte[]> SEEDS = List.of(
            WireBytes.message('Q', of().s("SELECT 1; SELECT 'x'").bytes()),
            WireBytes.message(
                    'P', of().s("s1").s("SELECT $1::int").i16(1).i32(23).bytes()),
            WireBytes.message(
                    'B',
                    of().s("").s("s1").i16(1).i16(0).i16(1).i32(1).b('7').i16(0).bytes()),
            WireBytes.message('E', of().s("").i32(0).bytes()),
            WireBytes.message('D', of().b('P').s("").bytes()),
            WireBytes.message('C', of().b('S').s("s1").bytes()),
            WireBytes.message('S', new byte[0]),
            WireBytes.message('H', new byte[0]),
            WireBytes.message('d', of().b('1', '\t', 'x', '\n').bytes()),
            WireBytes.message('c', new byte[0]),
            WireBytes.message('f', of().s("no").bytes()),
            WireBytes.message('F', of().i32(1).i16(0).i16(1).i32(-1).i16(0).bytes()),
            WireBytes.message('X', new byte[0]));

    @Test
    void mutatedMessagesDecodeOrAreViolationsNeverAnythingElse() throws Exception {
        var random = new Random(20261201L);
        int decoded = 0;
        int violations = 0;
        for (int i = 0; i < 30_000; i++) {
            byte[] input = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
            var reader = WireBytes.reader(input);
            try {
                Frame frame;
                while ((frame = reader.readMessage(false)) != null) {
                    FrontendDecoder.decode(frame);
                    decoded++;
                }
            } catch (ProtocolViolation expected) {
                violations++;
            } catch (IOException e) {
                throw new AssertionError("input " + java.util.HexFormat.of().formatHex(input) + " gave " + e, e);
            }
        }
        assertThat(decoded).isPositive();
        assertThat(violations).isGreaterThan(10_000);
    }

    @Test
    void mutatedStartupPacketsGiveAPacketOrAViolation() throws Exception {
        var random = new Random(7);
        byte[] seed = WireBytes.packet(
                of().i32(196608).s("user").s("u").s("database").s("kfm").b(0).bytes());
        int violations = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] input = mutate(seed, random);
            try {
                WireBytes.reader(input).readStartup();
            } catch (ProtocolViolation expected) {
                violations++;
            }
        }
        assertThat(violations).isGreaterThan(5_000);
    }

    static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        switch (random.nextInt(6)) {
            case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
            case 2 -> {
                byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + random.nextInt(8));
                for (int i = b.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                b = longer;
            }
            case 3 -> {
                int at = b.length > 5 && b[0] != 0 ? 1 : 0;
                int length = random.nextBoolean() ? random.nextInt() : random.nextInt(64);
                if (b.length >= at + 4) {
                    b[at] = (byte) (length >>> 24);
                    b[at + 1] = (byte) (length >>> 16);
                    b[at + 2] = (byte) (length >>> 8);
                    b[at + 3] = (byte) length;
                }
            }
            case 4 -> b[0] = (byte) random.nextInt(256);
            default -> {
                for (int i = 0; i < 3; i++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
        }
        return b;
    }
}
