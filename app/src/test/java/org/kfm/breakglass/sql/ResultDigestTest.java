package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The digest's buffer grows and drains; the hash must stay the documented one:
 * SHA-256 over each value's 4-byte big-endian length (-1 for NULL) and its bytes, checked against the JDK's
 * SHA-256 over those bytes written out in one piece.
 */
class ResultDigestTest {

    @Test
    void noValuesHashToTheEmptyInput() {
        assertThat(new ResultDigest().finish())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void valuesOfEverySizeAroundTheBufferStepsHashAsTheDocumentedBytes() throws Exception {
        var random = new Random(15);
        int[] sizes = {0, 1, 3, 4, 5, 251, 252, 255, 256, 257, 511, 1024, 4095, 8192, 16380, 16383, 16384, 16385, 40000
        };
        var values = new ArrayList<byte[]>();
        for (int round = 0; round < 3; round++) {
            for (int size : sizes) {
                var value = new byte[size];
                random.nextBytes(value);
                values.add(value);
                if (size % 3 == 0) {
                    values.add(null);
                }
            }
        }
        assertThat(digestOf(values)).isEqualTo(expected(values));
        // In another order: a big value first, then small ones into the grown buffer.
        var reversed = new ArrayList<>(values);
        java.util.Collections.reverse(reversed);
        assertThat(digestOf(reversed)).isEqualTo(expected(reversed));
    }

    @Test
    void manySmallValuesHashAsTheDocumentedBytes() throws Exception {
        var values = new ArrayList<byte[]>();
        for (int i = 0; i < 20_000; i++) {
            values.add(i % 7 == 0 ? null : Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(digestOf(values)).isEqualTo(expected(values));
    }

    @Test
    void textValuesHashTheirUtf8Bytes() throws Exception {
        var digest = new ResultDigest();
        digest.add("grüße");
        digest.add(null);
        digest.add("");
        assertThat(digest.finish())
                .isEqualTo(expected(Arrays.asList("grüße".getBytes(StandardCharsets.UTF_8), null, new byte[0])));
    }

    @Test
    void twoDigestsDoNotShareState() throws Exception {
        var first = new ResultDigest();
        var second = new ResultDigest();
        first.add("a");
        second.add("b");
        assertThat(first.finish()).isEqualTo(expected(List.of("a".getBytes(StandardCharsets.UTF_8))));
        assertThat(second.finish()).isEqualTo(expected(List.of("b".getBytes(StandardCharsets.UTF_8))));
    }

    private static String digestOf(List<byte[]> values) {
        var digest = new ResultDigest();
        values.forEach(digest::addServerText);
        return digest.finish();
    }

    private static String expected(List<byte[]> values) throws Exception {
        var bytes = new ByteArrayOutputStream();
        for (byte[] value : values) {
            bytes.write(ByteBuffer.allocate(4)
                    .putInt(value == null ? -1 : value.length)
                    .array());
            if (value != null) {
                bytes.write(value);
            }
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    }
}
